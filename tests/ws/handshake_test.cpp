#include "ws/handshake.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace streamit::ws {
namespace {

UpgradeRequest goodRequest() {
  return {"GET", "HTTP/1.1", "websocket", "Upgrade", "13", "dGhlIHNhbXBsZSBub25jZQ=="};
}

TEST(Handshake, ComputesTheRfcExampleAcceptKey) {
  // RFC 6455 §1.3.
  EXPECT_EQ(computeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_EQ(computeAcceptKey(" dGhlIHNhbXBsZSBub25jZQ== "), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, AcceptsAValidRequestWithCommonVariations) {
  EXPECT_TRUE(validateUpgradeRequest(goodRequest()).ok);
  auto request = goodRequest();
  request.upgrade = "WebSocket";
  request.connection = "keep-alive, Upgrade";
  request.secWebSocketVersion = " 13 ";
  const auto check = validateUpgradeRequest(request);
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.httpStatus, 0);
  EXPECT_TRUE(check.reason.empty());
}

TEST(Handshake, RefusesEachMissingRequirementWithAReason) {
  struct Case {
    const char* name;
    void (*mutate)(UpgradeRequest&);
    int status;
  };
  const Case cases[] = {
      {"POST", [](UpgradeRequest& r) { r.method = "POST"; }, 405},
      {"HTTP/1.0", [](UpgradeRequest& r) { r.version = "HTTP/1.0"; }, 400},
      {"no upgrade", [](UpgradeRequest& r) { r.upgrade = ""; }, 400},
      {"upgrade h2c", [](UpgradeRequest& r) { r.upgrade = "h2c"; }, 400},
      {"connection keep-alive", [](UpgradeRequest& r) { r.connection = "keep-alive"; }, 400},
      {"connection substring", [](UpgradeRequest& r) { r.connection = "upgraded"; }, 400},
      {"version 8", [](UpgradeRequest& r) { r.secWebSocketVersion = "8"; }, 426},
      {"no version", [](UpgradeRequest& r) { r.secWebSocketVersion = ""; }, 426},
      {"no key", [](UpgradeRequest& r) { r.secWebSocketKey = ""; }, 400},
      {"short key", [](UpgradeRequest& r) { r.secWebSocketKey = "dGhlIHNhbXBsZQ=="; }, 400},
      {"bad chars", [](UpgradeRequest& r) { r.secWebSocketKey = "dGhlIHNhbXBsZSBub25jZ!=="; }, 400},
      {"no padding", [](UpgradeRequest& r) { r.secWebSocketKey = "dGhlIHNhbXBsZSBub25jZQAA"; },
       400},
  };
  for (const auto& c : cases) {
    auto request = goodRequest();
    c.mutate(request);
    const auto check = validateUpgradeRequest(request);
    EXPECT_FALSE(check.ok) << c.name;
    EXPECT_EQ(check.httpStatus, c.status) << c.name;
    EXPECT_FALSE(check.reason.empty()) << c.name;
  }
}

TEST(Handshake, ValidatesKeysAsBase64Of16Bytes) {
  EXPECT_TRUE(isValidWebSocketKey("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_TRUE(isValidWebSocketKey("x3JJHMbDL1EzLkh9GBhXDw=="));
  EXPECT_FALSE(isValidWebSocketKey("AAAAAAAAAAAAAAAAAAAAAAA="));  // 17 bytes
  EXPECT_FALSE(isValidWebSocketKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

TEST(Handshake, BuildsTheCompleteSwitchingProtocolsResponse) {
  EXPECT_EQ(buildSwitchingProtocolsResponse("dGhlIHNhbXBsZSBub25jZQ=="),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "\r\n");
  EXPECT_EQ(buildSwitchingProtocolsResponse("dGhlIHNhbXBsZSBub25jZQ==", "streamit.v1"),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Sec-WebSocket-Protocol: streamit.v1\r\n"
            "\r\n");
  EXPECT_THROW(buildSwitchingProtocolsResponse("dGhlIHNhbXBsZSBub25jZQ==", "a\r\nX-Evil: 1"),
               std::invalid_argument);
}

}  // namespace
}  // namespace streamit::ws
