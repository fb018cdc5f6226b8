#include "http/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/ThreadPool.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>

#include "http/error_envelope.h"
#include "http/request_id.h"
#include "http/upgrade.h"
#include "log/logger.h"
#include "ws/handshake.h"

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
  RequestHandler(const Router& router, const Dispatcher& dispatcher, std::int64_t bodyLimit)
      : router_(router), dispatcher_(dispatcher), bodyLimit_(bodyLimit) {}

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

    if (request.method == "GET") {
      const auto routed = router_.route(request.method, request.path);
      if (routed.match && routed.match->upgrade) {
        upgrade(in, out, std::move(request), routed.match->pattern, start);
        return;
      }
    }

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
    const auto length = headOnly && response.headContentLength
                            ? *response.headContentLength
                            : static_cast<std::int64_t>(response.body.size());
    if (response.status != 304)
      out.setContentLength64(static_cast<Poco::Int64>(length));
    auto& stream = out.send();
    if (!headOnly) {
      stream.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    }
    // Poco flushes only when the response object dies, which can be after it drains the
    // request stream; the client must not wait for that.
    stream.flush();
  }

  void upgrade(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
               Request request, const std::string& pattern,
               std::chrono::steady_clock::time_point start);

  const Router& router_;
  const Dispatcher& dispatcher_;
  std::int64_t bodyLimit_;
  log::Logger logger_{"http"};
};

void RequestHandler::upgrade(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                             Request request, const std::string& pattern,
                             std::chrono::steady_clock::time_point start) {
  // 1. RFC 6455 §4.2.1 before anything else: a malformed handshake never reaches the app.
  const ws::UpgradeRequest handshake{in.getMethod(),
                                     in.getVersion(),
                                     request.header("upgrade"),
                                     request.header("connection"),
                                     request.header("sec-websocket-version"),
                                     request.header("sec-websocket-key")};
  const auto check = ws::validateUpgradeRequest(handshake);
  if (!check.ok) {
    auto refusal =
        errorResponse(errors::kValidationFailed, "invalid WebSocket upgrade: " + check.reason);
    refusal.status = check.httpStatus;
    if (check.httpStatus == 426)
      refusal.headers["Sec-WebSocket-Version"] = "13";
    request.route = pattern;
    dispatcher_.observe(request, pattern, refusal, std::chrono::steady_clock::now() - start);
    out.setKeepAlive(false);  // a refused upgrade ends the connection: never half-open
    write(refusal, false, out);
    return;
  }

  // 2. The app decides (auth, Origin, room) through the dispatcher, so exceptions map to the
  //    error envelope and the outcome (101 or the refusal) is counted and access-logged.
  detail::pendingUpgrade().reset();
  const Response decided = dispatcher_.dispatch(std::move(request));
  std::optional<UpgradeAccept> accept = std::move(detail::pendingUpgrade());
  detail::pendingUpgrade().reset();
  if (decided.status != kSwitchingProtocols || !accept || !accept->adopt) {
    out.setKeepAlive(false);
    write(decided.status == kSwitchingProtocols
              ? errorResponse(errors::kInternalError, "upgrade accepted without a handler")
              : decided,
          false, out);
    return;
  }

  // 3. Accept: 101 (status < 200, so Poco writes the header block only, no body, no length),
  //    then take the socket away from Poco. After detachSocket() the session holds an empty
  //    socket: HTTPServerConnection sees no more requests and writes nothing else (checked by
  //    tests/gateway). Poco's StreamSocket closes its descriptor when `socket` goes out of
  //    scope, hence the dup(): the gateway owns the copy.
  //    Bytes the client might have sent after the request could sit in the session's read
  //    buffer and be lost here; RFC 6455 §4.1 forbids a client to send frames before it has
  //    received the 101, so a conforming client has nothing buffered.
  out.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SWITCHING_PROTOCOLS);
  out.set("Upgrade", "websocket");
  out.set("Connection", "Upgrade");
  out.set("Sec-WebSocket-Accept", ws::computeAcceptKey(handshake.secWebSocketKey));
  out.set("X-Request-Id", log::currentRequestId());
  out.send().flush();
  int fd = -1;
  {
    Poco::Net::StreamSocket socket =
        static_cast<Poco::Net::HTTPServerRequestImpl&>(in).detachSocket();
    fd = ::dup(socket.impl()->sockfd());
  }
  if (fd < 0) {
    logger_.error("dup of an upgraded socket failed", {{"errno", std::to_string(errno)}});
    return;
  }
  // The adopt callback owns the descriptor from here on, also when it throws.
  try {
    accept->adopt(fd);
  } catch (const std::exception& e) {
    logger_.error("WebSocket adopt failed", {{"error", e.what()}});
  }
}

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const Router& router, const Dispatcher& dispatcher, std::int64_t bodyLimit)
      : router_(router), dispatcher_(dispatcher), bodyLimit_(bodyLimit) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(router_, dispatcher_, bodyLimit_);
  }

 private:
  const Router& router_;
  const Dispatcher& dispatcher_;
  std::int64_t bodyLimit_;
};

}  // namespace

struct HttpServer::State {
  HttpConfig config;
  const Router& router;
  Dispatcher dispatcher;
  metrics::Registry& metrics;
  Poco::ThreadPool pool;
  std::shared_ptr<Poco::Net::HTTPServer> server;
  int port = 0;

  State(const HttpConfig& cfg, const Router& routes, metrics::Registry& registry)
      : config(cfg),
        router(routes),
        dispatcher(routes, registry, cfg.access_log),
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
      new HandlerFactory(s.router, s.dispatcher, s.config.body_limit_bytes), s.pool, socket,
      params);
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
