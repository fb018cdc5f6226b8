#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gateway/connection.h"

namespace streamit::gateway {

// Group membership (e.g. a room) of the connections of ONE loop; pure bookkeeping.
// Both directions are kept: group → members for broadcast, connection → its groups (allocated
// only while it is in one) so a closing connection leaves all of them without a search.
class Groups {
 public:
  // false when it was a member already.
  bool join(Connection& connection, const std::string& group);
  void leave(Connection& connection, const std::string& group);
  void leaveAll(Connection& connection);
  // nullptr when the group has no member on this loop.
  const std::unordered_set<Connection*>* members(const std::string& group) const;
  bool empty() const { return groups_.empty(); }

 private:
  std::unordered_map<std::string, std::unordered_set<Connection*>> groups_;
};

}  // namespace streamit::gateway
