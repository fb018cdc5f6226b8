// An in-process HTTP server on a free loopback port for plugin tests: answers from a handler,
// records (and so counts) every request. Shared by the kernel and plugin test suites.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/process.h"

namespace streamit::testing {

struct FakeRequest {
  std::string method;
  std::string target;  // path and query
  std::map<std::string, std::string> headers;
};

struct FakeReply {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
  bool hold = false;  // block until releaseHeld() (or 10 s): an upstream that never answers
};

class FakeHttpServer {
 public:
  using Handler = std::function<FakeReply(const FakeRequest&)>;

  explicit FakeHttpServer(Handler handler) : state_(std::make_shared<State>()), pool_(2, 8) {
    state_->handler = std::move(handler);
    port_ = streamit::testing::freeTcpPort();
    Poco::Net::ServerSocket socket;
    // No SO_REUSEPORT: a stale server on the same port must make this fail, not share it.
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)), true,
                false);
    socket.listen();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), pool_, socket, params);
    server_->start();
  }
  ~FakeHttpServer() {
    releaseHeld();
    server_->stop();
    pool_.joinAll();  // no handler may outlive the state it reads
  }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<FakeRequest> requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
  }
  std::size_t requestCount() const { return requests().size(); }

  void releaseHeld() {
    {
      std::lock_guard lock(state_->mutex);
      state_->released = true;
    }
    state_->held.notify_all();
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable held;
    bool released = false;
    Handler handler;
    std::vector<FakeRequest> requests;
  };

  class RequestHandler final : public Poco::Net::HTTPRequestHandler {
   public:
    explicit RequestHandler(std::shared_ptr<State> state) : state_(std::move(state)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req,
                       Poco::Net::HTTPServerResponse& res) override {
      FakeRequest r{req.getMethod(), req.getURI(), {}};
      for (const auto& [name, value] : req)
        r.headers[name] = value;
      {
        std::lock_guard lock(state_->mutex);
        state_->requests.push_back(r);
      }
      FakeReply reply = state_->handler(r);
      if (reply.hold) {
        std::unique_lock lock(state_->mutex);
        state_->held.wait_for(lock, std::chrono::seconds(10), [&] { return state_->released; });
        return;  // the client gave up long ago; answer nothing
      }
      res.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
      for (const auto& [name, value] : reply.headers)
        res.set(name, value);
      res.setContentLength(static_cast<std::streamsize>(reply.body.size()));
      std::ostream& out = res.send();
      if (req.getMethod() != "HEAD")
        out << reply.body;
    }

   private:
    std::shared_ptr<State> state_;
  };

  class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(std::shared_ptr<State> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new RequestHandler(state_);
    }

   private:
    std::shared_ptr<State> state_;
  };

  std::shared_ptr<State> state_;
  Poco::ThreadPool pool_;
  int port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace streamit::testing
