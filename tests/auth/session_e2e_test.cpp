// Issue 4, sessions end to end through the real binary, the real auth.guest plugin and a
// private Redis: refresh rotation and reuse detection, logout, ws-tickets, tokens that survive
// a kernel restart but not revocation, and failing closed when the store is down.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <cctype>
#include <csignal>
#include <map>
#include <memory>
#include <string>

#include "plugin_test_support.h"
#include "support/kernel_process.h"
#include "support/redis_server.h"

namespace streamit::auth {
namespace {

using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::RedisServer;
using streamit::testing::TempDir;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string errorCode(const HttpReply& reply) {
  try {
    return parse(reply.body)->getObject("error")->getValue<std::string>("code");
  } catch (const std::exception&) {
    return "<no error envelope: " + reply.body + ">";
  }
}

// The status code of a WebSocket upgrade request sent over a raw socket (the HTTP helper does
// not speak 101), or 0 when no status line arrived.
int upgradeStatus(int port, const std::string& target,
                  const std::map<std::string, std::string>& headers) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)),
                   Poco::Timespan(2, 0));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    std::string request = "GET " + target +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    for (const auto& [name, value] : headers)
      request += name + ": " + value + "\r\n";
    request += "\r\n";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    std::string reply;
    char buffer[1024];
    while (reply.find("\r\n") == std::string::npos) {
      const int n = socket.receiveBytes(buffer, sizeof(buffer));
      if (n <= 0)
        break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
    socket.close();
    if (reply.rfind("HTTP/1.1 ", 0) != 0 || reply.size() < 12)
      return 0;
    return std::stoi(reply.substr(9, 3));
  } catch (const std::exception&) {
    return 0;
  }
}

struct Session {
  std::string access;
  std::string refresh;
};

class SessionE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::available()) {
      if (streamit::testing::serversRequired())
        FAIL() << "redis-server not on PATH but servers are required";
      GTEST_SKIP() << "redis-server not on PATH";
    }
    redis_.start();
    plugins::testing::installLibrary(STREAMIT_GUEST_PLUGIN_PATH, pluginDir_.path(),
                                     "libauth_guest.so");
    kernel_ = std::make_unique<KernelProcess>(
        "realtime:\n  backend: redis\n  redis: {host: 127.0.0.1, port: " +
        std::to_string(redis_.port()) +
        ", connect_timeout_ms: 300, command_timeout_ms: 300}\n"
        "auth:\n  ws_allowed_origins: [\"https://watch.example.com\"]\n"
        "plugins:\n  directories: [" +
        pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - {id: auth.guest, library: libauth_guest.so, required: true}\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->log();
  }

  HttpReply post(const std::string& path, const std::string& body,
                 const std::string& accessToken = {}) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!accessToken.empty())
      headers["Authorization"] = "Bearer " + accessToken;
    return streamit::testing::httpRequest(kernel_->port(), "POST", path, body, headers);
  }
  HttpReply me(const std::string& accessToken) {
    return streamit::testing::httpRequest(kernel_->port(), "GET", "/api/v1/auth/me", "",
                                          {{"Authorization", "Bearer " + accessToken}});
  }
  static Session sessionOf(const HttpReply& reply) {
    const auto body = parse(reply.body);
    return {body->getValue<std::string>("access_token"),
            body->getValue<std::string>("refresh_token")};
  }
  Session signIn(const std::string& name) {
    const HttpReply reply = post("/api/v1/auth/guest", R"({"display_name":")" + name + "\"}");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return sessionOf(reply);
  }
  HttpReply refresh(const std::string& refreshToken) {
    return post("/api/v1/auth/refresh", R"({"refresh_token":")" + refreshToken + "\"}");
  }

  RedisServer redis_;
  TempDir pluginDir_{"streamit-auth-session-plugins"};
  std::unique_ptr<KernelProcess> kernel_;
};

TEST_F(SessionE2E, RefreshRotatesAndReuseRevokesTheFamily) {
  const Session first = signIn("Ann");
  const HttpReply rotated = refresh(first.refresh);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.headers.at("Cache-Control"), "no-store");
  const auto body = parse(rotated.body);
  EXPECT_EQ(body->getValue<std::int64_t>("expires_in"), 900);
  EXPECT_EQ(body->getObject("user")->getValue<std::string>("display_name"), "Ann");
  const Session second = sessionOf(rotated);
  EXPECT_NE(second.refresh, first.refresh);
  EXPECT_EQ(me(second.access).status, 200);

  // The first refresh token again: reuse. The whole family is revoked.
  HttpReply reply = refresh(first.refresh);
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  reply = refresh(second.refresh);
  EXPECT_EQ(reply.status, 401) << reply.body;
  reply = me(second.access);
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  EXPECT_EQ(me(first.access).status, 401);
}

TEST_F(SessionE2E, RefreshRefusesAccessTokensAndGarbage) {
  const Session s = signIn("Ann");
  for (const std::string& token : {s.access, std::string("x.y.z"), std::string()}) {
    const HttpReply reply = refresh(token);
    EXPECT_EQ(reply.status, token.empty() ? 400 : 401) << reply.body;
  }
  EXPECT_EQ(post("/api/v1/auth/refresh", "{}").status, 400);
  // And a refresh token is never an access token.
  const HttpReply reply = me(s.refresh);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
}

TEST_F(SessionE2E, LogoutRevokesAccessAndRefresh) {
  const Session s = signIn("Ann");
  ASSERT_EQ(me(s.access).status, 200);
  HttpReply reply = post("/api/v1/auth/logout", "", s.access);
  EXPECT_EQ(reply.status, 204) << reply.body;
  reply = me(s.access);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  EXPECT_EQ(refresh(s.refresh).status, 401);
  // Logging out needs a valid (unrevoked) token.
  reply = post("/api/v1/auth/logout", "", s.access);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(post("/api/v1/auth/logout", "").status, 401);
}

TEST_F(SessionE2E, TokensSurviveARestartButRevocationDoesToo) {
  const Session kept = signIn("Ann");
  const Session ended = signIn("Bob");
  ASSERT_EQ(post("/api/v1/auth/logout", "", ended.access).status, 204);

  kernel_->process().stop(SIGTERM);
  ASSERT_TRUE(kernel_->start()) << kernel_->log();  // same config, key file and Redis

  HttpReply reply = me(kept.access);
  EXPECT_EQ(reply.status, 200) << reply.body;
  reply = refresh(kept.refresh);
  EXPECT_EQ(reply.status, 200) << reply.body;
  reply = me(ended.access);
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(refresh(ended.refresh).status, 401);
}

TEST_F(SessionE2E, WsTicketNeedsARoomJoinToken) {
  const Session s = signIn("Ann");
  HttpReply reply = post("/api/v1/rooms/ABCD234567/ws-ticket", "", s.access);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers.at("Cache-Control"), "no-store");
  const auto body = parse(reply.body);
  EXPECT_EQ(body->getValue<std::string>("ticket").size(), 64u);
  const auto expiresIn = body->getValue<std::int64_t>("expires_in");
  EXPECT_GT(expiresIn, 0);
  EXPECT_LE(expiresIn, 30);
  // Two tickets are two different tickets.
  EXPECT_NE(parse(post("/api/v1/rooms/ABCD234567/ws-ticket", "", s.access).body)
                ->getValue<std::string>("ticket"),
            body->getValue<std::string>("ticket"));

  reply = post("/api/v1/rooms/ABCD234567/ws-ticket", "");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  reply = post("/api/v1/rooms/ABCD234567/ws-ticket", "", s.refresh);
  EXPECT_EQ(reply.status, 401);
  reply = post("/api/v1/rooms/AB%7BCD%7D/ws-ticket", "", s.access);
  EXPECT_EQ(reply.status, 400) << reply.body;
  ASSERT_EQ(post("/api/v1/auth/logout", "", s.access).status, 204);
  EXPECT_EQ(post("/api/v1/rooms/ABCD234567/ws-ticket", "", s.access).status, 401);
}

TEST_F(SessionE2E, WebSocketUpgradeAppliesOriginBearerAndTicketRules) {
  const Session s = signIn("Ann");
  const HttpReply created =
      post("/api/v1/rooms", R"({"title":"Movie night","is_public":false})", s.access);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string code = parse(created.body)->getValue<std::string>("code");
  const std::string ws = "/api/v1/rooms/" + code + "/ws";
  const std::string allowed = "https://watch.example.com";
  const auto ticket = [&](const std::string& room) {
    const HttpReply reply = post("/api/v1/rooms/" + room + "/ws-ticket", "", s.access);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return parse(reply.body)->getValue<std::string>("ticket");
  };
  const int port = kernel_->port();

  // Bearer without Origin (a native client): accepted.
  EXPECT_EQ(upgradeStatus(port, ws, {{"Authorization", "Bearer " + s.access}}), 101);
  // Nothing: 401. A disallowed Origin: 403 even with a valid bearer token.
  EXPECT_EQ(upgradeStatus(port, ws, {}), 401);
  EXPECT_EQ(
      upgradeStatus(port, ws,
                    {{"Authorization", "Bearer " + s.access}, {"Origin", "https://evil.example"}}),
      403);
  // A ticket from an allowed Origin: once.
  const std::string t = ticket(code);
  EXPECT_EQ(upgradeStatus(port, ws + "?ticket=" + t, {{"Origin", allowed}}), 101);
  EXPECT_EQ(upgradeStatus(port, ws + "?ticket=" + t, {{"Origin", allowed}}), 401);  // replay
  // A ticket without Origin, or from a foreign Origin: refused.
  EXPECT_EQ(upgradeStatus(port, ws + "?ticket=" + ticket(code), {}), 401);
  EXPECT_EQ(
      upgradeStatus(port, ws + "?ticket=" + ticket(code), {{"Origin", "https://evil.example"}}),
      403);
  // A ticket for another room (lower case: the same canonical code rules apply).
  std::string other = code;
  for (char& c : other)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const HttpReply second =
      post("/api/v1/rooms", R"({"title":"Other","is_public":false})", s.access);
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string otherCode = parse(second.body)->getValue<std::string>("code");
  EXPECT_EQ(upgradeStatus(port, "/api/v1/rooms/" + otherCode + "/ws?ticket=" + ticket(code),
                          {{"Origin", allowed}}),
            403);
  EXPECT_EQ(upgradeStatus(port, ws + "?ticket=" + ticket(other), {{"Origin", allowed}}), 101);
  // After logout neither the bearer token nor an outstanding ticket opens a socket.
  const std::string outstanding = ticket(code);
  ASSERT_EQ(post("/api/v1/auth/logout", "", s.access).status, 204);
  EXPECT_EQ(upgradeStatus(port, ws, {{"Authorization", "Bearer " + s.access}}), 401);
  EXPECT_EQ(upgradeStatus(port, ws + "?ticket=" + outstanding, {{"Origin", allowed}}), 401);
}

TEST_F(SessionE2E, StoreDownFailsClosedWithStateUnavailable) {
  const Session s = signIn("Ann");
  ASSERT_EQ(me(s.access).status, 200);
  redis_.stop();
  HttpReply reply = me(s.access);
  EXPECT_EQ(reply.status, 503) << reply.body;
  EXPECT_EQ(errorCode(reply), "STATE_UNAVAILABLE");
  reply = refresh(s.refresh);
  EXPECT_EQ(reply.status, 503) << reply.body;
  // Forged or missing tokens are still plain 401s: the store is asked only for valid ones.
  EXPECT_EQ(me("x.y.z").status, 401);
}

}  // namespace
}  // namespace streamit::auth
