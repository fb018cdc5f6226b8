#include "hub_test_support.h"

#include <gtest/gtest.h>

#include "plugin_test_support.h"

namespace streamit::hub::testing {

using streamit::testing::httpRequest;
using streamit::testing::parseJsonObject;

std::string guestPluginYaml(const std::string& dir) {
  return "plugins:\n  directories: [" + dir +
         "]\n  instances:\n"
         "    - {id: auth.guest, library: libauth_guest.so, required: true}\n"
         "    - {id: provider.fixture, library: libfixture.so, required: true,\n"
         "       config: {base_url: \"https://media.example\"}}\n"
         "    - {id: moderator.wordfilter, library: libwordfilter.so, required: true,\n"
         "       config: {words: [darn], action: mask}}\n";
}

HubKernel::HubKernel(const std::string& extraYaml, std::map<std::string, std::string> env) {
  plugins::testing::installLibrary(STREAMIT_GUEST_PLUGIN_PATH, pluginDir_.path(),
                                   "libauth_guest.so");
  plugins::testing::installLibrary(plugins::testing::fixturePath("valid"), pluginDir_.path(),
                                   "libfixture.so");
  plugins::testing::installLibrary(STREAMIT_WORDFILTER_PLUGIN_PATH, pluginDir_.path(),
                                   "libwordfilter.so");
  kernel_ = std::make_unique<streamit::testing::KernelProcess>(
      guestPluginYaml(pluginDir_.path().string()) + extraYaml, std::move(env));
}

Guest HubKernel::signIn(const std::string& name) {
  last_ = httpRequest(port(), "POST", "/api/v1/auth/guest", R"({"display_name":")" + name + "\"}",
                      {{"Content-Type", "application/json"}});
  const auto body = parseJsonObject(last_.body);
  if (last_.status != 200 || !body)
    return {};
  return {body->getValue<std::string>("access_token"),
          body->getObject("user")->getValue<std::string>("id")};
}

streamit::testing::HttpReply HubKernel::request(const std::string& method, const std::string& path,
                                                const std::string& body, const Guest* guest) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  if (guest != nullptr)
    headers["Authorization"] = "Bearer " + guest->token;
  last_ = httpRequest(port(), method, path, body, headers);
  return last_;
}

std::string HubKernel::createRoom(const Guest& host, bool isPublic) {
  request(
      "POST", "/api/v1/rooms",
      std::string(R"({"title":"Movie night","is_public":)") + (isPublic ? "true" : "false") + "}",
      &host);
  const auto body = parseJsonObject(last_.body);
  if (last_.status != 201 || !body)
    return {};
  return body->getValue<std::string>("code");
}

std::unique_ptr<streamit::testing::WsClient> HubKernel::join(const std::string& code,
                                                             const Guest& guest) {
  return std::make_unique<streamit::testing::WsClient>(
      port(), "/api/v1/rooms/" + code + "/ws",
      std::map<std::string, std::string>{{"Authorization", "Bearer " + guest.token}});
}

std::string command(const std::string& type, const std::string& id, const std::string& dataJson) {
  return R"({"type":")" + type + R"(","id":")" + id + R"(","data":)" + dataJson + "}";
}

std::int64_t scheduledPlayLeadMs(streamit::testing::WsClient& host, const std::string& id) {
  EXPECT_TRUE(host.sendText(command("playback.play", id, "{}")));
  const auto state = host.receiveType("playback.state");
  EXPECT_TRUE(state);
  if (!state)
    return -1;
  EXPECT_TRUE(host.sendText(command("playback.pause", id + "-pause", "{}")));
  EXPECT_TRUE(host.receiveType("playback.state"));
  const auto data = state->getObject("data");
  return data->getValue<std::int64_t>("ref_server_ms") - data->getValue<std::int64_t>("server_ms");
}

}  // namespace streamit::hub::testing
