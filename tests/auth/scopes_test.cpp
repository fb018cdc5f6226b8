#include <gtest/gtest.h>

#include "auth/scopes.h"

namespace streamit::auth {
namespace {

using Scopes = std::vector<std::string>;

TEST(DefaultScopes, PerUserKind) {
  EXPECT_EQ(defaultScopes(UserKind::kGuest, true),
            (Scopes{"room:create", "room:join", "chat:send"}));
  EXPECT_EQ(defaultScopes(UserKind::kGuest, false), (Scopes{"room:join", "chat:send"}));
  EXPECT_EQ(defaultScopes(UserKind::kAccount, false),
            (Scopes{"room:create", "room:join", "chat:send"}));
  EXPECT_EQ(defaultScopes(UserKind::kAccount, false, true),
            (Scopes{"room:create", "room:join", "chat:send", "admin"}));
  // A guest can never be an admin, whatever the caller passes.
  EXPECT_EQ(defaultScopes(UserKind::kGuest, true, true),
            (Scopes{"room:create", "room:join", "chat:send"}));
}

TEST(Scopes, HasAndRequire) {
  const Principal p{"guest:1", "Ann", UserKind::kGuest, {"room:join", "chat:send"}};
  EXPECT_TRUE(hasScope(p, kScopeRoomJoin));
  EXPECT_FALSE(hasScope(p, kScopeRoomCreate));
  EXPECT_FALSE(hasScope(p, "room"));  // no prefix matching
  EXPECT_EQ(requireScope(p, kScopeChatSend), std::nullopt);
  const auto refused = requireScope(p, kScopeAdmin);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "FORBIDDEN");
  EXPECT_EQ(refused->httpStatus, 403);
}

TEST(Scopes, JoinAndSplit) {
  EXPECT_EQ(joinScopes({"a", "b:c"}), "a b:c");
  EXPECT_EQ(splitScopes("  a  b:c "), (Scopes{"a", "b:c"}));
  EXPECT_TRUE(splitScopes("").empty());
}

TEST(Scopes, KindOfSubject) {
  EXPECT_EQ(kindOfSubject("guest:abc"), UserKind::kGuest);
  EXPECT_EQ(kindOfSubject("user:42"), UserKind::kAccount);
  EXPECT_EQ(kindOfSubject("user:"), std::nullopt);
  EXPECT_EQ(kindOfSubject("admin"), std::nullopt);
}

}  // namespace
}  // namespace streamit::auth
