#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "support/process.h"

namespace streamit::testing {

struct HttpReply {
  int status = 0;  // 0 when the request could not be made
  std::string body;
  std::map<std::string, std::string> headers;
};

// One HTTP request to 127.0.0.1:port with a bounded timeout; never throws.
HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {});

// The real `streamit` binary run as a child process with a config written to a temp dir.
// The YAML given is the whole config except `http.port` (a free port is chosen) and
// `data_dir` (the temp dir) unless the YAML sets them. Killed by PID on destruction.
class KernelProcess {
 public:
  // Extra YAML appended under the generated `http:`/`data_dir:` keys; must not repeat them.
  explicit KernelProcess(const std::string& yamlBody, std::map<std::string, std::string> env = {});
  ~KernelProcess();

  // Starts `streamit serve` and waits until it answers /healthz. False (with the log kept)
  // when it exits or does not answer within the timeout.
  bool start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Runs `streamit <args> --config <file>` to completion; returns the exit code and output.
  int runCommand(const std::string& args, std::string& output,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Runs `streamit <args>` exactly as given (no --config added).
  int runCli(const std::string& args, std::string& output,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));

  HttpReply get(const std::string& path) { return httpRequest(port_, "GET", path); }
  int port() const { return port_; }
  ChildProcess& process() { return process_; }
  std::string log() const { return process_.readLog(); }
  const std::filesystem::path& configPath() const { return configPath_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_{"streamit-kernel"};
  int port_ = 0;
  std::filesystem::path configPath_;
  std::map<std::string, std::string> env_;
  ChildProcess process_;
};

}  // namespace streamit::testing
