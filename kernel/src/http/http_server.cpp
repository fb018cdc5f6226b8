#include "http/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "http/error_envelope.h"
#include "http/request_id.h"
#include "log/logger.h"

namespace streamit::http {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Reads at most limit + 1 bytes so an oversized chunked body is detected without buffering it.
bool readBody(std::istream& in, std::int64_t limit, std::string& body) {
  char buffer[8192];
  while (in) {
    in.read(buffer, sizeof buffer);
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::int64_t>(body.size()) > limit)
      return false;
  }
  return true;
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const Dispatcher& dispatcher, std::int64_t bodyLimit)
      : dispatcher_(dispatcher), bodyLimit_(bodyLimit) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    const auto start = std::chrono::steady_clock::now();
    Request request;
    request.method = in.getMethod();
    const std::string& uri = in.getURI();
    const auto question = uri.find('?');
    request.path = uri.substr(0, question);
    if (question != std::string::npos)
      request.query = parseQuery(uri.substr(question + 1));
    for (const auto& [name, value] : in)
      request.headers[lower(name)] = value;
    request.requestId = chooseRequestId(request.header("x-request-id"));
    request.remoteAddress = in.clientAddress().host().toString();
    log::RequestIdScope requestIdScope(request.requestId);

    Response response;
    const bool declaredTooLarge = in.hasContentLength() && in.getContentLength64() > bodyLimit_;
    // RFC 9112 §6.3: a request with neither Content-Length nor chunked coding has no body.
    // Poco 1.11 would instead read a POST's "body" until the client closes the connection,
    // and drains it again after the handler: close after responding so no thread waits.
    const bool hasBody = in.hasContentLength() || in.getChunkedTransferEncoding();
    if (!hasBody && request.method != "GET" && request.method != "HEAD")
      out.setKeepAlive(false);
    if (declaredTooLarge || (hasBody && !readBody(in.stream(), bodyLimit_, request.body))) {
      response = errorResponse(errors::kPayloadTooLarge,
                               "request body exceeds " + std::to_string(bodyLimit_) + " bytes",
                               {{"limit_bytes", std::to_string(bodyLimit_)}});
      // The rest of the body is unread: the connection cannot be reused.
      out.setKeepAlive(false);
      dispatcher_.observe(request, "body_limit", response,
                          std::chrono::steady_clock::now() - start);
    } else {
      response = dispatcher_.dispatch(std::move(request));
    }
    write(response, in.getMethod() == "HEAD", out);
  }

 private:
  void write(const Response& response, bool headOnly, Poco::Net::HTTPServerResponse& out) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.contentType);
    out.set("X-Request-Id", log::currentRequestId());
    out.set("Cache-Control", "no-store");
    for (const auto& [name, value] : response.headers)
      out.set(name, value);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    auto& stream = out.send();
    if (!headOnly) {
      stream.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    }
    // Poco flushes only when the response object dies, which can be after it drains the
    // request stream; the client must not wait for that.
    stream.flush();
  }

  const Dispatcher& dispatcher_;
  std::int64_t bodyLimit_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const Dispatcher& dispatcher, std::int64_t bodyLimit)
      : dispatcher_(dispatcher), bodyLimit_(bodyLimit) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(dispatcher_, bodyLimit_);
  }

 private:
  const Dispatcher& dispatcher_;
  std::int64_t bodyLimit_;
};

}  // namespace

struct HttpServer::State {
  HttpConfig config;
  Dispatcher dispatcher;
  metrics::Registry& metrics;
  Poco::ThreadPool pool;
  std::shared_ptr<Poco::Net::HTTPServer> server;
  int port = 0;

  State(const HttpConfig& cfg, const Router& router, metrics::Registry& registry)
      : config(cfg),
        dispatcher(router, registry, cfg.access_log),
        metrics(registry),
        pool(std::min(2, cfg.threads), cfg.threads) {}
};

HttpServer::HttpServer(const HttpConfig& config, const Router& router, metrics::Registry& metrics)
    : state_(std::make_unique<State>(config, router, metrics)) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  auto& s = *state_;
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(s.config.host, static_cast<Poco::UInt16>(s.config.port)),
              /*reuseAddress=*/true, /*reusePort=*/false);
  socket.listen(std::max(64, s.config.max_queued));
  s.port = socket.address().port();

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(s.config.threads);
  params->setMaxQueued(s.config.max_queued);
  params->setTimeout(
      Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s.config.request_timeout_ms) * 1000));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(
      Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s.config.keep_alive_timeout_ms) * 1000));
  params->setServerName("streamit");

  s.server = std::make_shared<Poco::Net::HTTPServer>(
      new HandlerFactory(s.dispatcher, s.config.body_limit_bytes), s.pool, socket, params);
  // The registry may outlive this server: the collector must not touch a destroyed one.
  std::weak_ptr<Poco::Net::HTTPServer> server = s.server;
  auto& openConnections =
      s.metrics.gauge("streamit_http_open_connections", "HTTP connections currently being served");
  auto& queuedConnections = s.metrics.gauge("streamit_http_queued_connections",
                                            "Accepted HTTP connections waiting for a thread");
  s.metrics.addCollector([server, &openConnections, &queuedConnections] {
    if (const auto live = server.lock()) {
      openConnections.set(live->currentConnections());
      queuedConnections.set(live->queuedConnections());
    }
  });
  s.server->start();
}

void HttpServer::stop() {
  if (!state_ || !state_->server)
    return;
  state_->server->stopAll(false);
  state_->pool.joinAll();
}

int HttpServer::port() const {
  return state_->port;
}

}  // namespace streamit::http
