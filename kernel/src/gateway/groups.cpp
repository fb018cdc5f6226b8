#include "gateway/groups.h"

#include <algorithm>

namespace streamit::gateway {

bool Groups::join(Connection& connection, const std::string& group) {
  if (!connection.groups)
    connection.groups = std::make_unique<std::vector<std::string>>();
  auto& names = *connection.groups;
  if (std::find(names.begin(), names.end(), group) != names.end())
    return false;
  names.push_back(group);
  groups_[group].insert(&connection);
  return true;
}

void Groups::leave(Connection& connection, const std::string& group) {
  if (!connection.groups)
    return;
  auto& names = *connection.groups;
  const auto it = std::find(names.begin(), names.end(), group);
  if (it == names.end())
    return;
  names.erase(it);
  if (names.empty())
    connection.groups.reset();
  const auto members = groups_.find(group);
  if (members != groups_.end()) {
    members->second.erase(&connection);
    if (members->second.empty())
      groups_.erase(members);
  }
}

void Groups::leaveAll(Connection& connection) {
  while (connection.groups) {
    const std::string group = connection.groups->front();  // leave() erases the element
    leave(connection, group);
  }
}

const std::unordered_set<Connection*>* Groups::members(const std::string& group) const {
  const auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

}  // namespace streamit::gateway
