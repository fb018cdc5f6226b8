#include "http/ops_routes.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace streamit::http {
namespace {

std::string toJson(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

void addOpsRoutes(Router& router, metrics::Registry& metrics, std::vector<ReadinessCheck> checks) {
  router.add("GET", "/healthz",
             [](const Request&) { return Response::json(200, R"({"status":"ok"})"); });

  router.add("GET", "/readyz", [checks = std::move(checks), &metrics](const Request&) {
    Poco::JSON::Object body;
    Poco::JSON::Object results;
    bool ready = true;
    for (const auto& [check, required] : checks) {
      const auto status = check->checkHealth();
      Poco::JSON::Object entry;
      entry.set("ok", status.ok);
      entry.set("required", required);
      entry.set("detail", status.detail);
      results.set(check->healthName(), entry);
      if (!status.ok) {
        metrics
            .counter("streamit_backend_errors_total", "Backend operations that failed",
                     {{"backend", check->healthName()}, {"op", "health"}})
            .inc();
      }
      ready = ready && (status.ok || !required);
    }
    body.set("status", ready ? "ready" : "not_ready");
    body.set("checks", results);
    return Response::json(ready ? 200 : 503, toJson(body));
  });

  router.add("GET", "/metrics", [&metrics](const Request&) {
    return Response::text(200, metrics.renderPrometheus(), "text/plain; version=0.0.4");
  });
}

}  // namespace streamit::http
