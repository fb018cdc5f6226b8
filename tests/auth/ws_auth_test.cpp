// WebSocket authentication at the upgrade: Origin allow-list, bearer tokens, single-use
// room-bound tickets — run against both realtime stores (the Redis run exercises the Lua
// GET+DEL script).
#include "auth/ws_auth.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "auth/session_tokens.h"
#include "http/api_error.h"
#include "realtime/keys.h"
#include "realtime/store_fixture.h"

namespace streamit::auth {
namespace {

using realtime::test::MemoryBackend;
using realtime::test::RedisBackend;

constexpr std::int64_t kNowS = 1'750'000'000;
constexpr const char* kSecret = "ws-auth-secret-0123456789abcdef0123456789ab";
constexpr const char* kAllowed = "https://watch.example.com";

TEST(OriginAllowList, ExactOriginsCaseInsensitively) {
  const std::vector<std::string> allowed = {"https://watch.example.com", "http://localhost:5173"};
  EXPECT_TRUE(isOriginAllowed("https://watch.example.com", allowed));
  EXPECT_TRUE(isOriginAllowed("HTTPS://Watch.Example.com", allowed));
  EXPECT_TRUE(isOriginAllowed("http://localhost:5173", allowed));
  EXPECT_FALSE(isOriginAllowed("http://localhost:5174", allowed));
  EXPECT_FALSE(isOriginAllowed("http://watch.example.com", allowed));  // scheme matters
  EXPECT_FALSE(isOriginAllowed("https://watch.example.com.evil.example", allowed));
  EXPECT_FALSE(isOriginAllowed("https://evil.example", allowed));
  EXPECT_FALSE(isOriginAllowed("null", allowed));
  EXPECT_FALSE(isOriginAllowed("", allowed));
  EXPECT_FALSE(isOriginAllowed("https://watch.example.com", {}));  // empty list: no browser
}

Principal guest() {
  return Principal{"guest:7d0c8a4e-2b1f-4c53-9a57-0f3b8d7e6c21", "Zoë", UserKind::kGuest,
                   defaultScopes(UserKind::kGuest, true)};
}

template <typename Backend>
class WsAuthTest : public ::testing::Test {
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
    authorizer_ = std::make_unique<Authorizer>(tokens_, clockS_, revoked_.get());
    sessions_ = std::make_unique<SessionTokens>(tokens_, *families_, *revoked_, clockS_);
    tickets_ = std::make_unique<WsTickets>(*store_, clockMs_);
    ws_ = std::make_unique<WsAuthenticator>(*authorizer_, *tickets_, *revoked_,
                                            std::vector<std::string>{kAllowed}, clockMs_);
    session_ = sessions_->start(guest());
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

  // A ticket for `room` bought with the session's access token.
  std::string ticketFor(const std::string& room) {
    http::Request request;
    request.headers["authorization"] = "Bearer " + session_.access.token;
    return tickets_->issue(authorizer_->authenticateToken(request), room).ticket;
  }
  static http::Request upgrade(const std::string& origin, const std::string& authorization,
                               const std::string& ticket) {
    http::Request request;
    request.method = "GET";
    if (!origin.empty())
      request.headers["origin"] = origin;
    if (!authorization.empty())
      request.headers["authorization"] = authorization;
    if (!ticket.empty())
      request.query["ticket"] = ticket;
    return request;
  }
  // The ApiError code of the upgrade, or "" when it is accepted.
  std::string refusal(const http::Request& request, const std::string& room = "ROOMA") {
    try {
      ws_->authenticateWebSocket(request, room);
    } catch (const http::ApiError& e) {
      return std::string(e.code().code);
    }
    return "";
  }

  metrics::Registry metrics_;
  std::string prefix_ = realtime::test::uniquePrefix();
  std::unique_ptr<realtime::RealtimeStore> store_;
  TokenService tokens_{TokenKeys({{"k1", kSecret, true}}), TokenPolicy{}};
  std::int64_t nowMs_ = kNowS * 1000;
  ClockFn clockS_ = [this] { return nowMs_ / 1000; };
  ClockMsFn clockMs_ = [this] { return nowMs_; };
  std::unique_ptr<RevocationList> revoked_;
  std::unique_ptr<RefreshFamilies> families_;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<SessionTokens> sessions_;
  std::unique_ptr<WsTickets> tickets_;
  std::unique_ptr<WsAuthenticator> ws_;
  SessionTokenPair session_;
};

TYPED_TEST_SUITE(WsAuthTest, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

TYPED_TEST(WsAuthTest, BearerWithoutOriginIsAccepted) {
  const auto bearer = "Bearer " + this->session_.access.token;
  const Principal p = this->ws_->authenticateWebSocket(this->upgrade("", bearer, ""), "ROOMA");
  EXPECT_EQ(p.subject, guest().subject);
  EXPECT_EQ(p.displayName, "Zoë");
  // With an allowed Origin too.
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, bearer, "")), "");
}

TYPED_TEST(WsAuthTest, DisallowedOriginIsForbiddenWhateverTheCredentials) {
  const auto bearer = "Bearer " + this->session_.access.token;
  EXPECT_EQ(this->refusal(this->upgrade("https://evil.example", bearer, "")), "FORBIDDEN");
  EXPECT_EQ(this->refusal(this->upgrade("null", bearer, "")), "FORBIDDEN");
  const auto ticket = this->ticketFor("ROOMA");
  EXPECT_EQ(this->refusal(this->upgrade("https://evil.example", "", ticket)), "FORBIDDEN");
  // The Origin check comes first, so the ticket was not spent by the refused attempt.
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket)), "");
}

TYPED_TEST(WsAuthTest, TicketWorksOnceForItsRoomFromABrowser) {
  const auto ticket = this->ticketFor("ROOMA");
  EXPECT_EQ(ticket.size(), 64u);
  const Principal p =
      this->ws_->authenticateWebSocket(this->upgrade(kAllowed, "", ticket), "ROOMA");
  EXPECT_EQ(p.subject, guest().subject);
  EXPECT_EQ(p.scopes, guest().scopes);
  // Replay: refused.
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket)), "UNAUTHORIZED");
}

TYPED_TEST(WsAuthTest, TicketForRoomAIsRefusedInRoomBAndBurnt) {
  const auto ticket = this->ticketFor("ROOMA");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket), "ROOMB"), "FORBIDDEN");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket), "ROOMA"), "UNAUTHORIZED");
}

TYPED_TEST(WsAuthTest, ExpiredTicketIsRefused) {
  const auto ticket = this->ticketFor("ROOMA");
  this->nowMs_ += WsTickets::kLifetimeMs;
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket)), "UNAUTHORIZED");
}

TYPED_TEST(WsAuthTest, TicketStoredWithABoundedTtl) {
  const auto ticket = this->ticketFor("ROOMA");
  const auto ttl = this->store_->pttl(realtime::keys::wsTicket(ticket));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, WsTickets::kLifetimeMs);
}

TYPED_TEST(WsAuthTest, TicketWithoutOriginIsRefused) {
  const auto ticket = this->ticketFor("ROOMA");
  EXPECT_EQ(this->refusal(this->upgrade("", "", ticket)), "UNAUTHORIZED");
}

TYPED_TEST(WsAuthTest, NoOrBadCredentialsAreUnauthorized) {
  EXPECT_EQ(this->refusal(this->upgrade("", "", "")), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", "")), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", std::string(64, 'a'))), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", "../../etc")), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", "{x}*")), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade("", "Bearer garbage", "")), "UNAUTHORIZED");
  // A refresh token is not an access token here either.
  EXPECT_EQ(this->refusal(this->upgrade("", "Bearer " + this->session_.refresh.token, "")),
            "UNAUTHORIZED");
  this->nowMs_ += (this->tokens_.policy().accessTtlS + this->tokens_.policy().clockSkewS) * 1000;
  EXPECT_EQ(this->refusal(this->upgrade("", "Bearer " + this->session_.access.token, "")),
            "TOKEN_EXPIRED");
}

TYPED_TEST(WsAuthTest, MissingRoomJoinScopeIsForbidden) {
  Principal limited = guest();
  limited.scopes = {"chat:send"};
  const auto token = this->tokens_.issue(limited, TokenType::kAccess, kNowS);
  EXPECT_EQ(this->refusal(this->upgrade("", "Bearer " + token.token, "")), "FORBIDDEN");
}

TYPED_TEST(WsAuthTest, LogoutVoidsBearerAndOutstandingTickets) {
  const auto ticket = this->ticketFor("ROOMA");
  http::Request request;
  request.headers["authorization"] = "Bearer " + this->session_.access.token;
  this->sessions_->logout(this->authorizer_->authenticateToken(request), std::nullopt);
  EXPECT_EQ(this->refusal(this->upgrade(kAllowed, "", ticket)), "UNAUTHORIZED");
  EXPECT_EQ(this->refusal(this->upgrade("", "Bearer " + this->session_.access.token, "")),
            "UNAUTHORIZED");
}

TYPED_TEST(WsAuthTest, ConcurrentRedemptionsOfOneTicketLetExactlyOneIn) {
  const auto ticket = this->ticketFor("ROOMA");
  constexpr int kThreads = 8;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      if (this->tickets_->redeem(ticket))
        ++accepted;
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(accepted.load(), 1);
}

}  // namespace
}  // namespace streamit::auth
