#include "support/kernel_process.h"

#include "support/contract_log.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <thread>

namespace streamit::testing {

HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpReply reply;
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
      request.set(name, value);
    if (!body.empty() || method == "POST" || method == "PUT") {
      request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    reply.status = response.getStatus();
    for (const auto& [name, value] : response)
      reply.headers[name] = value;
    Poco::StreamCopier::copyToString(in, reply.body);
  } catch (const std::exception& e) {
    reply.status = 0;
    reply.body = e.what();
  }
  if (reply.status != 0)
    contract::recordHttp(method, path, reply.status, reply.headers, reply.body);
  return reply;
}

KernelProcess::KernelProcess(const std::string& yamlBody, std::map<std::string, std::string> env)
    : port_(freeTcpPort()), configPath_(dir_.path() / "streamit.yaml"), env_(std::move(env)) {
  std::ofstream out(configPath_);
  out << "data_dir: " << (dir_.path() / "data").string() << "\n"
      << "http:\n  host: 127.0.0.1\n  port: " << port_ << "\n"
      << "log:\n  level: debug\n"
      << yamlBody;
}

KernelProcess::~KernelProcess() = default;

bool KernelProcess::start(std::chrono::milliseconds timeout) {
  ChildProcess::Options options;
  options.argv = {STREAMIT_BINARY_PATH, "serve", "--config", configPath_.string()};
  options.env = env_;
  options.logFile = dir_.path() / "kernel.log";
  process_ = ChildProcess(options);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_.running())
      return false;
    if (get("/healthz").status == 200)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int KernelProcess::runCommand(const std::string& args, std::string& output,
                              std::chrono::milliseconds timeout) {
  return runCli(args + " --config " + configPath_.string(), output, timeout);
}

int KernelProcess::runCli(const std::string& args, std::string& output,
                          std::chrono::milliseconds timeout) {
  ChildProcess::Options options;
  options.argv = {"/bin/sh", "-c", std::string(STREAMIT_BINARY_PATH) + " " + args};
  options.env = env_;
  const auto logFile = dir_.path() / "command.log";
  std::filesystem::remove(logFile);
  options.logFile = logFile;
  ChildProcess command(options);
  const int code = command.waitExit(timeout);
  output = command.readLog();
  return code;
}

}  // namespace streamit::testing
