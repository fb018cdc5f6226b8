// Sessions over the stateless tokens: refresh rotation, reuse detection and logout, against
// both realtime stores (the Redis run proves the Lua body equals the native one).
#include "auth/session_tokens.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/api_error.h"
#include "realtime/keys.h"
#include "realtime/store_fixture.h"
#include "support/redis_server.h"

namespace streamit::auth {
namespace {

using realtime::test::MemoryBackend;
using realtime::test::RedisBackend;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr const char* kSecret = "session-secret-0123456789abcdef0123456789ab";

Principal account() {
  return Principal{"user:42", "Ann", UserKind::kAccount,
                   defaultScopes(UserKind::kAccount, true, false)};
}

http::Request bearer(const std::string& token) {
  http::Request request;
  request.headers["authorization"] = "Bearer " + token;
  return request;
}

// The ApiError code `call` throws, or "" when it returns.
template <class Call>
std::string codeOf(Call call) {
  try {
    call();
  } catch (const http::ApiError& e) {
    return std::string(e.code().code);
  }
  return "";
}

template <typename Backend>
class SessionTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::make(metrics_, prefix_);
    if (!store_) {
      if (streamit::testing::serversRequired())
        FAIL() << "STREAMIT_TEST_REDIS_HOST/PORT not set but servers are required";
      GTEST_SKIP() << "no test Redis (set STREAMIT_TEST_REDIS_HOST/PORT)";
    }
    revoked_ = std::make_unique<RevocationList>(*store_, tokens_.policy().clockSkewS);
    families_ = std::make_unique<RefreshFamilies>(*store_, tokens_.policy().refreshTtlS);
    authorizer_ = std::make_unique<Authorizer>(tokens_, clock_, revoked_.get());
    sessions_ = std::make_unique<SessionTokens>(tokens_, *families_, *revoked_, clock_);
  }
  void TearDown() override {
    if (!store_)
      return;
    try {
      const auto left = store_->scan("*");
      if (!left.empty())
        store_->del(left);
    } catch (const std::exception&) {
    }
  }

  metrics::Registry metrics_;
  std::string prefix_ = realtime::test::uniquePrefix();
  std::unique_ptr<realtime::RealtimeStore> store_;
  TokenService tokens_{TokenKeys({{"k1", kSecret, true}}), TokenPolicy{}};
  std::int64_t now_ = kNow;
  ClockFn clock_ = [this] { return now_; };
  std::unique_ptr<RevocationList> revoked_;
  std::unique_ptr<RefreshFamilies> families_;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<SessionTokens> sessions_;
};

TYPED_TEST_SUITE(SessionTokensTest, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

TYPED_TEST(SessionTokensTest, StartGivesAPairOfOneFamily) {
  const auto pair = this->sessions_->start(account());
  EXPECT_FALSE(pair.refresh.family.empty());
  EXPECT_EQ(pair.access.family, pair.refresh.family);
  EXPECT_EQ(pair.principal.subject, "user:42");
  const auto access = this->tokens_.verify(pair.access.token, TokenType::kAccess, kNow);
  ASSERT_TRUE(access);
  EXPECT_EQ(access.claims.family, pair.refresh.family);
  EXPECT_EQ(this->authorizer_->authenticate(bearer(pair.access.token)).subject, "user:42");
  // The family state carries a TTL like every other key (refresh lifetime).
  const auto ttl = this->store_->pttl(realtime::keys::refreshFamily(pair.refresh.family));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, this->tokens_.policy().refreshTtlS * 1000);
}

TYPED_TEST(SessionTokensTest, RefreshRotatesWithinTheFamily) {
  const auto first = this->sessions_->start(account());
  this->now_ += 600;
  const auto second = this->sessions_->refresh(first.refresh.token);
  EXPECT_EQ(second.refresh.family, first.refresh.family);
  EXPECT_NE(second.refresh.jti, first.refresh.jti);
  EXPECT_NE(second.access.token, first.access.token);
  EXPECT_EQ(second.principal.subject, "user:42");
  EXPECT_EQ(second.principal.scopes, account().scopes);
  EXPECT_EQ(second.access.expiresAtS, this->now_ + this->tokens_.policy().accessTtlS);
  const auto third = this->sessions_->refresh(second.refresh.token);
  EXPECT_EQ(third.refresh.family, first.refresh.family);
  EXPECT_EQ(this->authorizer_->authenticate(bearer(third.access.token)).subject, "user:42");
}

TYPED_TEST(SessionTokensTest, ReusingARotatedRefreshTokenRevokesTheWholeFamily) {
  const auto first = this->sessions_->start(account());
  const auto second = this->sessions_->refresh(first.refresh.token);
  // The thief (or a buggy client) presents the first token again.
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(first.refresh.token); }), "UNAUTHORIZED");
  // Now nobody holding any token of the family can continue: not the newest refresh token...
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(second.refresh.token); }), "UNAUTHORIZED");
  // ...and not the family's access tokens, old or new.
  EXPECT_EQ(codeOf([&] { this->authorizer_->authenticate(bearer(second.access.token)); }),
            "UNAUTHORIZED");
  EXPECT_EQ(codeOf([&] { this->authorizer_->authenticate(bearer(first.access.token)); }),
            "UNAUTHORIZED");
  // Another session of the same user is untouched.
  const auto other = this->sessions_->start(account());
  EXPECT_EQ(this->authorizer_->authenticate(bearer(other.access.token)).subject, "user:42");
  EXPECT_NO_THROW(this->sessions_->refresh(other.refresh.token));
}

TYPED_TEST(SessionTokensTest, ConcurrentRedemptionsOfOneTokenLetAtMostOneWin) {
  const auto first = this->sessions_->start(account());
  constexpr int kThreads = 8;
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      if (codeOf([&] { this->sessions_->refresh(first.refresh.token); }).empty())
        ++won;
      else
        ++refused;
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
}

TYPED_TEST(SessionTokensTest, WrongOrExpiredRefreshTokensAreRefused) {
  const auto pair = this->sessions_->start(account());
  // An access token is never a refresh token (pinned algorithm, typ).
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(pair.access.token); }), "UNAUTHORIZED");
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh("not.a.token"); }), "UNAUTHORIZED");
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(""); }), "UNAUTHORIZED");
  this->now_ += this->tokens_.policy().refreshTtlS + this->tokens_.policy().clockSkewS + 1;
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(pair.refresh.token); }), "TOKEN_EXPIRED");
}

TYPED_TEST(SessionTokensTest, ARefreshTokenWhoseFamilyIsGoneIsRefused) {
  // A validly signed refresh token the store has no family for (its state expired, or a
  // memory store restarted): refused rather than adopted.
  const auto orphan = this->tokens_.issue(account(), TokenType::kRefresh, kNow);
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(orphan.token); }), "UNAUTHORIZED");
}

TYPED_TEST(SessionTokensTest, LogoutRevokesTheAccessTokenAndItsFamily) {
  const auto pair = this->sessions_->start(account());
  const auto access = this->authorizer_->authenticateToken(bearer(pair.access.token));
  this->sessions_->logout(access, std::nullopt);
  EXPECT_EQ(codeOf([&] { this->authorizer_->authenticate(bearer(pair.access.token)); }),
            "UNAUTHORIZED");
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(pair.refresh.token); }), "UNAUTHORIZED");
  // The deny-list entry lives as long as the token could verify (exp + skew), no longer.
  const auto ttl = this->store_->pttl(realtime::keys::revokedJti(pair.access.jti));
  const auto& policy = this->tokens_.policy();
  EXPECT_GT(ttl, (policy.accessTtlS + policy.clockSkewS - 5) * 1000);
  EXPECT_LE(ttl, (policy.accessTtlS + policy.clockSkewS) * 1000);
}

TYPED_TEST(SessionTokensTest, LogoutWithARefreshTokenEndsThatSessionToo) {
  // A plain access token (no family, e.g. minted before sessions) plus the session's refresh
  // token: both are ended.
  const auto session = this->sessions_->start(account());
  const auto plain = this->tokens_.issue(account(), TokenType::kAccess, kNow);
  const auto access = this->authorizer_->authenticateToken(bearer(plain.token));
  this->sessions_->logout(access, session.refresh.token);
  EXPECT_EQ(codeOf([&] { this->authorizer_->authenticate(bearer(plain.token)); }), "UNAUTHORIZED");
  EXPECT_EQ(codeOf([&] { this->sessions_->refresh(session.refresh.token); }), "UNAUTHORIZED");

  // Someone else's refresh token is ignored: logging out cannot end another user's session.
  Principal other = account();
  other.subject = "user:7";
  const auto victim = this->sessions_->start(other);
  const auto mine = this->sessions_->start(account());
  this->sessions_->logout(this->authorizer_->authenticateToken(bearer(mine.access.token)),
                          victim.refresh.token);
  EXPECT_NO_THROW(this->sessions_->refresh(victim.refresh.token));
}

TYPED_TEST(SessionTokensTest, RevocationOfAnExpiredTokenWritesNothing) {
  const auto plain = this->tokens_.issue(account(), TokenType::kAccess, kNow);
  this->revoked_->revokeToken(plain.jti, plain.expiresAtS,
                              plain.expiresAtS + this->tokens_.policy().clockSkewS);
  EXPECT_FALSE(this->store_->get(realtime::keys::revokedJti(plain.jti)).has_value());
}

// Fail closed: when the deny-list cannot be read, no token is accepted (→ STATE_UNAVAILABLE),
// and nothing can be refreshed or logged out.
TEST(RevocationStoreDown, TokensAreRefusedNotAssumedValid) {
  if (!streamit::testing::RedisServer::available()) {
    if (streamit::testing::serversRequired())
      FAIL() << "redis-server not on PATH but servers are required";
    GTEST_SKIP() << "redis-server not on PATH";
  }
  streamit::testing::RedisServer server;
  server.start();
  metrics::Registry metrics;
  realtime::RealtimeConfig config;
  config.backend = realtime::RealtimeConfig::Backend::kRedis;
  config.key_prefix = realtime::test::uniquePrefix();
  config.redis.host = server.host();
  config.redis.port = server.port();
  config.redis.pool_size = 2;
  config.redis.connect_timeout_ms = 300;
  config.redis.command_timeout_ms = 300;
  realtime::RedisStore store(config, metrics);
  const TokenService tokens(TokenKeys({{"k1", kSecret, true}}), TokenPolicy{});
  RevocationList revoked(store, tokens.policy().clockSkewS);
  RefreshFamilies families(store, tokens.policy().refreshTtlS);
  const ClockFn clock = [] { return kNow; };
  const Authorizer authorizer(tokens, clock, &revoked);
  const SessionTokens sessions(tokens, families, revoked, clock);
  const auto pair = sessions.start(account());
  ASSERT_EQ(authorizer.authenticate(bearer(pair.access.token)).subject, "user:42");

  server.stop();
  EXPECT_THROW(authorizer.authenticate(bearer(pair.access.token)), realtime::StoreUnavailable);
  EXPECT_THROW(sessions.refresh(pair.refresh.token), realtime::StoreUnavailable);
  EXPECT_THROW(sessions.start(account()), realtime::StoreUnavailable);
  // Tokens that do not verify are refused before the store is asked.
  EXPECT_EQ(codeOf([&] { authorizer.authenticate(bearer("a.b.c")); }), "UNAUTHORIZED");
}

}  // namespace
}  // namespace streamit::auth
