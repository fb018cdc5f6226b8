#pragma once

// A running kernel (the real binary) with the auth.guest plugin, plus the REST and WebSocket
// steps every hub scenario starts with: sign in as a guest, create a room, join it.

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

#include "support/kernel_process.h"
#include "support/process.h"
#include "support/ws_client.h"

namespace streamit::hub::testing {

struct Guest {
  std::string token;
  std::string subject;
};

class HubKernel {
 public:
  // `extraYaml` is appended to the generated config (plugins section included here).
  explicit HubKernel(const std::string& extraYaml = {},
                     std::map<std::string, std::string> env = {});
  bool start() { return kernel_->start(); }
  streamit::testing::KernelProcess& process() { return *kernel_; }
  int port() const { return kernel_->port(); }

  Guest signIn(const std::string& name);
  // POST /api/v1/rooms; returns the room code (empty on failure, reply in lastReply()).
  std::string createRoom(const Guest& host, bool isPublic = false);
  std::unique_ptr<streamit::testing::WsClient> join(const std::string& code, const Guest& guest);
  streamit::testing::HttpReply request(const std::string& method, const std::string& path,
                                       const std::string& body, const Guest* guest = nullptr);
  const streamit::testing::HttpReply& lastReply() const { return last_; }

 private:
  streamit::testing::TempDir pluginDir_{"streamit-hub-plugins"};
  std::unique_ptr<streamit::testing::KernelProcess> kernel_;
  streamit::testing::HttpReply last_;
};

// The plugins section (auth.guest for tokens, the fixture provider for set_source) for a kernel
// config whose plugin directory is `dir`.
std::string guestPluginYaml(const std::string& dir);

// A command envelope: {"type":type,"id":id,"data":data}.
std::string command(const std::string& type, const std::string& id, const std::string& dataJson);

// The host plays and pauses again; how far ahead the PLAY was scheduled (its state's
// ref_server_ms - server_ms), or -1 when no state came back.
std::int64_t scheduledPlayLeadMs(streamit::testing::WsClient& host, const std::string& id);

}  // namespace streamit::hub::testing
