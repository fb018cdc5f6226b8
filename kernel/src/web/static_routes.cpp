#include "web/static_routes.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "http/error_codes.h"
#include "http/error_envelope.h"
#include "log/logger.h"
#include "web/static_policy.h"

namespace streamit::web {
namespace {

namespace fs = std::filesystem;

// One directory served read-only. Paths that leave it (through `..` or a symlink) are not
// found, so a link planted inside cannot expose the rest of the disk.
class Mount {
 public:
  Mount(const std::string& dir, bool media) : media_(media) {
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::path(dir), ec);
    if (ec)
      root_ = fs::path(dir).lexically_normal();
  }

  std::optional<fs::path> locate(const std::string& relative) const {
    std::error_code ec;
    const fs::path file = fs::weakly_canonical(root_ / relative, ec);
    if (ec || !fs::is_regular_file(file, ec))
      return std::nullopt;
    const auto [rootEnd, unused] = std::mismatch(root_.begin(), root_.end(), file.begin());
    (void)unused;
    if (rootEnd != root_.end())
      return std::nullopt;
    return file;
  }

  bool media() const { return media_; }

 private:
  fs::path root_;
  bool media_;
};

http::Response notFound(const std::string& path) {
  return http::errorResponse(http::errors::kNotFound, "no file or route for " + path);
}

bool readRange(const fs::path& file, std::int64_t first, std::int64_t length, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return false;
  in.seekg(first);
  out.resize(static_cast<std::size_t>(length));
  in.read(out.data(), length);
  return in.gcount() == length;
}

// `htmlPolicy`: the Content-Security-Policy for an HTML file (the app's unless given).
http::Response serveFile(const http::Request& request, const Mount& mount, const fs::path& file,
                         const std::string& relative, const WebConfig& config,
                         const std::string& htmlPolicy = {}) {
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(fs::file_size(file, ec));
  const auto mtime = fs::last_write_time(file, ec);
  if (ec)
    return notFound(request.path);
  const std::string etag =
      entityTag(size, static_cast<std::int64_t>(mtime.time_since_epoch().count()));

  http::Response response;
  response.contentType = contentTypeFor(file.filename().string());
  response.headers["Cache-Control"] = cacheControlFor(cachePolicyFor(relative, mount.media()));
  response.headers["ETag"] = etag;
  response.headers["X-Content-Type-Options"] = "nosniff";
  if (response.contentType.starts_with("text/html"))
    response.headers["Content-Security-Policy"] =
        htmlPolicy.empty() ? contentSecurityPolicy(config.embed_origins) : htmlPolicy;
  if (mount.media())
    response.headers["Accept-Ranges"] = "bytes";
  if (etagMatches(request.header("if-none-match"), etag)) {
    response.status = 304;
    return response;
  }

  RangeDecision range{RangeDecision::kWhole, {0, size - 1}};
  if (mount.media())
    range = decideRange(request.header("range"), size, config.media_max_range_bytes);
  if (range.kind == RangeDecision::kUnsatisfiable) {
    auto refused = http::errorResponse(http::errors::kRangeNotSatisfiable,
                                       "range " + request.header("range") + " is outside the " +
                                           std::to_string(size) + "-byte file");
    refused.headers["Content-Range"] = "bytes */" + std::to_string(size);
    return refused;
  }
  if (range.kind == RangeDecision::kPartial) {
    response.status = 206;
    response.headers["Content-Range"] = "bytes " + std::to_string(range.range.first) + "-" +
                                        std::to_string(range.range.last) + "/" +
                                        std::to_string(size);
  }
  const std::int64_t length = size == 0 ? 0 : range.range.length();
  if (request.method == "HEAD") {
    response.headContentLength = length;
    return response;
  }
  if (length > 0 && !readRange(file, range.range.first, length, response.body)) {
    log::Logger("web").warn("static file read failed", {{"file", file.string()}});
    return http::errorResponse(http::errors::kInternalError, "could not read " + request.path);
  }
  return response;
}

}  // namespace

void addWebRoutes(http::Router& router, const WebConfig& config) {
  auto app = config.root_dir.empty() ? nullptr : std::make_shared<Mount>(config.root_dir, false);
  auto media = config.media_dir.empty() ? nullptr : std::make_shared<Mount>(config.media_dir, true);

  // `htmlPolicy`: a CSP other than the app's for the file served (empty: the app's).
  const auto serveFrom = [config](const std::shared_ptr<Mount>& mount, const std::string& file,
                                  const std::string& htmlPolicy) {
    return [config, mount, file, htmlPolicy](const http::Request& request) {
      if (!mount)
        return notFound(request.path);
      const auto located = mount->locate(file);
      return located ? serveFile(request, *mount, *located, file, config, htmlPolicy)
                     : notFound(request.path);
    };
  };
  // The contract documents, written by the web build next to the app.
  router.add("GET", "/api/v1/openapi.json", serveFrom(app, "api/openapi.json", ""));
  router.add("GET", "/api/v1/asyncapi.json", serveFrom(app, "api/asyncapi.json", ""));
  router.add("GET", "/api/v1/docs", serveFrom(app, "api/reference.html", referencePagePolicy()));

  router.setFallback([config, app, media](const http::Request& request) {
    if (request.method != "GET" && request.method != "HEAD")
      return notFound(request.path);
    constexpr std::string_view kMediaPrefix = "/media/";
    const bool isMedia = request.path.starts_with(kMediaPrefix);
    const auto& mount = isMedia ? media : app;
    if (!mount)
      return notFound(request.path);
    const std::string urlPath =
        isMedia ? request.path.substr(kMediaPrefix.size() - 1) : request.path;
    if (const auto relative = safeRelativePath(urlPath)) {
      if (const auto file = mount->locate(*relative))
        return serveFile(request, *mount, *file, *relative, config);
    }
    if (!isMedia && wantsAppShell(request.path)) {
      if (const auto index = app->locate("index.html"))
        return serveFile(request, *app, *index, "index.html", config);
    }
    return notFound(request.path);
  });
}

}  // namespace streamit::web
