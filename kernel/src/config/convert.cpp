#include "config/convert.h"

#include <set>

#include "auth/token_keys.h"
#include "config/yaml_scalar.h"
#include "config/yaml_to_json.h"

namespace streamit::config {
namespace {

// Const lookups: yaml-cpp's non-const operator[] would insert the key.
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node || !node.IsMap())
    return YAML::Node();
  return node[key];
}

void read(const YAML::Node& node, const char* key, std::string& out) {
  if (const YAML::Node value = child(node, key); value && value.IsScalar())
    out = value.Scalar();
}

void read(const YAML::Node& node, const char* key, bool& out) {
  if (const YAML::Node value = child(node, key); value && value.IsScalar()) {
    out = parseBoolean(value.Scalar()).value_or(out);
  }
}

// Schema bounds keep every `int` field in range, so the narrowing is safe after validation.
void read(const YAML::Node& node, const char* key, int& out) {
  if (const YAML::Node value = child(node, key); value && value.IsScalar()) {
    out = static_cast<int>(parseInteger(value.Scalar()).value_or(out));
  }
}

void read(const YAML::Node& node, const char* key, std::int64_t& out) {
  if (const YAML::Node value = child(node, key); value && value.IsScalar()) {
    out = parseInteger(value.Scalar()).value_or(out);
  }
}

void read(const YAML::Node& node, const char* key, std::size_t& out) {
  std::int64_t value = static_cast<std::int64_t>(out);
  read(node, key, value);
  out = static_cast<std::size_t>(value);  // schema minimums keep it non-negative
}

void read(const YAML::Node& node, const char* key, double& out) {
  if (const YAML::Node value = child(node, key); value && value.IsScalar()) {
    out = parseNumber(value.Scalar()).value_or(out);
  }
}

std::string scalarOr(const YAML::Node& node, const char* key, const std::string& fallback) {
  const YAML::Node value = child(node, key);
  return value && value.IsScalar() ? value.Scalar() : fallback;
}

int keyLine(const YAML::Node& map, const char* key, int fallback) {
  if (!map || !map.IsMap())
    return fallback;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key && lineOf(it->first) > 0) {
      return lineOf(it->first);
    }
  }
  return fallback;
}

http::HttpConfig toHttp(const YAML::Node& node) {
  http::HttpConfig c;
  read(node, "host", c.host);
  read(node, "port", c.port);
  read(node, "threads", c.threads);
  read(node, "max_queued", c.max_queued);
  read(node, "body_limit_bytes", c.body_limit_bytes);
  read(node, "request_timeout_ms", c.request_timeout_ms);
  read(node, "keep_alive_timeout_ms", c.keep_alive_timeout_ms);
  read(node, "access_log", c.access_log);
  read(node, "public_base_url", c.public_base_url);
  return c;
}

log::LogConfig toLog(const YAML::Node& node) {
  log::LogConfig c;
  log::parseLevel(scalarOr(node, "level", "info"), c.level);
  return c;
}

storage::StorageConfig toStorage(const YAML::Node& node) {
  storage::StorageConfig c;
  if (scalarOr(node, "backend", "sqlite") == "postgres") {
    c.backend = storage::StorageConfig::Backend::kPostgres;
  }
  const YAML::Node sqlite = child(node, "sqlite");
  read(sqlite, "path", c.sqlite.path);
  read(sqlite, "busy_timeout_ms", c.sqlite.busy_timeout_ms);
  const YAML::Node pg = child(node, "postgres");
  read(pg, "host", c.postgres.host);
  read(pg, "port", c.postgres.port);
  read(pg, "database", c.postgres.database);
  read(pg, "user", c.postgres.user);
  read(pg, "password", c.postgres.password);
  read(pg, "sslmode", c.postgres.sslmode);
  read(pg, "connect_timeout_ms", c.postgres.connect_timeout_ms);
  read(pg, "statement_timeout_ms", c.postgres.statement_timeout_ms);
  read(node, "pool_size", c.pool_size);
  read(node, "migrate_on_start", c.migrate_on_start);
  read(node, "write_queue_capacity", c.write_queue_capacity);
  read(node, "write_workers", c.write_workers);
  read(node, "write_retry_limit", c.write_retry_limit);
  return c;
}

realtime::RealtimeConfig toRealtime(const YAML::Node& node) {
  realtime::RealtimeConfig c;
  if (scalarOr(node, "backend", "memory") == "redis") {
    c.backend = realtime::RealtimeConfig::Backend::kRedis;
  }
  read(node, "key_prefix", c.key_prefix);
  const YAML::Node redis = child(node, "redis");
  read(redis, "host", c.redis.host);
  read(redis, "port", c.redis.port);
  read(redis, "password", c.redis.password);
  read(redis, "database", c.redis.database);
  read(redis, "pool_size", c.redis.pool_size);
  read(redis, "connect_timeout_ms", c.redis.connect_timeout_ms);
  read(redis, "command_timeout_ms", c.redis.command_timeout_ms);
  read(redis, "reconnect_backoff_min_ms", c.redis.reconnect_backoff_min_ms);
  read(redis, "reconnect_backoff_max_ms", c.redis.reconnect_backoff_max_ms);
  return c;
}

auth::AuthConfig toAuth(const YAML::Node& node) {
  auth::AuthConfig c;
  read(node, "issuer", c.issuer);
  read(node, "audience", c.audience);
  read(node, "access_ttl_s", c.access_ttl_s);
  read(node, "refresh_ttl_s", c.refresh_ttl_s);
  read(node, "clock_skew_s", c.clock_skew_s);
  read(node, "guests_may_create_rooms", c.guests_may_create_rooms);
  if (const YAML::Node origins = child(node, "ws_allowed_origins");
      origins && origins.IsSequence()) {
    for (const auto& origin : origins)
      c.ws_allowed_origins.push_back(origin.as<std::string>());
  }
  if (const YAML::Node keys = child(node, "keys"); keys && keys.IsSequence()) {
    c.keys.clear();
    for (const auto& item : keys) {
      auth::AuthKeyConfig key;
      read(item, "id", key.id);
      read(item, "secret", key.secret);
      read(item, "generated_file", key.generated_file);
      read(item, "use_for_signing", key.use_for_signing);
      c.keys.push_back(std::move(key));
    }
  }
  return c;
}

// Key sources and sizes are checked here, with lines, so a bad key stops `config check`;
// generated files are only read at start-up (auth::TokenKeys::fromConfig).
void checkAuthRules(const YAML::Node& authNode, std::vector<ConfigIssue>& issues) {
  const auto accessTtl = parseInteger(scalarOr(authNode, "access_ttl_s", "900")).value_or(900);
  const auto refreshTtl =
      parseInteger(scalarOr(authNode, "refresh_ttl_s", "2592000")).value_or(2592000);
  if (refreshTtl < accessTtl) {
    issues.push_back(ConfigIssue{"auth.refresh_ttl_s",
                                 keyLine(authNode, "refresh_ttl_s", lineOf(authNode)),
                                 "must be ≥ auth.access_ttl_s (" + std::to_string(accessTtl) + ")",
                                 {}});
  }
  const YAML::Node keys = child(authNode, "keys");
  if (!keys || !keys.IsSequence())
    return;  // absent: the default generated key
  const int keysLine = keyLine(authNode, "keys", lineOf(authNode));
  std::vector<auth::TokenKey> keySet;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const YAML::Node item = keys[i];
    const std::string path = "auth.keys[" + std::to_string(i) + "]";
    const std::string id = scalarOr(item, "id", "");
    const bool hasSecret = static_cast<bool>(child(item, "secret"));
    const bool hasFile = static_cast<bool>(child(item, "generated_file"));
    if (hasSecret == hasFile) {
      issues.push_back(ConfigIssue{path,
                                   lineOf(item),
                                   "key '" + id +
                                       "': give exactly one of secret (or secret_file) and "
                                       "generated_file",
                                   {}});
      continue;
    }
    if (hasFile && scalarOr(item, "generated_file", "").empty()) {
      issues.push_back(ConfigIssue{path + ".generated_file",
                                   keyLine(item, "generated_file", lineOf(item)),
                                   "expected a file path",
                                   {}});
      continue;
    }
    // A generated file always holds a long enough key; stand in for it so the set rules
    // (ids, one signing key) still apply.
    const std::string secret =
        hasSecret ? scalarOr(item, "secret", "") : std::string(auth::kMinKeyBytes, 'x');
    bool signing = false;
    read(item, "use_for_signing", signing);
    keySet.push_back(auth::TokenKey{id, secret, signing});
  }
  if (keySet.size() != keys.size())
    return;
  if (const auto problem = auth::checkKeySet(keySet))
    issues.push_back(ConfigIssue{"auth.keys", keysLine, *problem, {}});
}

plugins::PluginsConfig toPlugins(const YAML::Node& node, const std::filesystem::path& configDir) {
  plugins::PluginsConfig c;
  if (const YAML::Node dirs = child(node, "directories"); dirs && dirs.IsSequence()) {
    for (const auto& dir : dirs) {
      std::filesystem::path path(dir.Scalar());
      if (path.is_relative())
        path = (configDir / path).lexically_normal();
      c.directories.push_back(path.string());
    }
  }
  if (const YAML::Node instances = child(node, "instances"); instances && instances.IsSequence()) {
    for (const auto& item : instances) {
      plugins::PluginInstanceConfig instance;
      read(item, "id", instance.id);
      read(item, "library", instance.library);
      read(item, "required", instance.required);
      const YAML::Node config = child(item, "config");
      if (config && config.IsMap())
        instance.config_json = yamlToJson(config);
      instance.config_line = keyLine(item, "config", lineOf(item));
      c.instances.push_back(std::move(instance));
    }
  }
  return c;
}

}  // namespace

void checkKernelRules(const YAML::Node& root, std::vector<ConfigIssue>& issues) {
  const YAML::Node storage = child(root, "storage");
  if (scalarOr(storage, "backend", "sqlite") == "postgres") {
    const YAML::Node pg = child(storage, "postgres");
    if (scalarOr(pg, "password", "").empty()) {
      issues.push_back(
          ConfigIssue{"storage.postgres.password",
                      keyLine(storage, "postgres", keyLine(storage, "backend", lineOf(storage))),
                      "required when storage.backend is postgres (set password or password_file)",
                      {}});
    }
  }

  const YAML::Node redis = child(child(root, "realtime"), "redis");
  const int minMs = static_cast<int>(
      parseInteger(scalarOr(redis, "reconnect_backoff_min_ms", "50")).value_or(50));
  const int maxMs = static_cast<int>(
      parseInteger(scalarOr(redis, "reconnect_backoff_max_ms", "2000")).value_or(2000));
  if (maxMs < minMs) {
    issues.push_back(ConfigIssue{
        "realtime.redis.reconnect_backoff_max_ms",
        keyLine(redis, "reconnect_backoff_max_ms", lineOf(redis)),
        "must be ≥ realtime.redis.reconnect_backoff_min_ms (" + std::to_string(minMs) + ")",
        {}});
  }

  checkAuthRules(child(root, "auth"), issues);

  // Plugin ids name instances in logs, metrics and the API; two with one id are ambiguous.
  const YAML::Node instances = child(child(root, "plugins"), "instances");
  if (instances && instances.IsSequence()) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < instances.size(); ++i) {
      const std::string id = scalarOr(instances[i], "id", "");
      if (!id.empty() && !ids.insert(id).second) {
        issues.push_back(ConfigIssue{"plugins.instances[" + std::to_string(i) + "].id",
                                     keyLine(instances[i], "id", lineOf(instances[i])),
                                     "duplicate plugin instance id '" + id + "'",
                                     {}});
      }
    }
  }
}

media::MediaConfig toMedia(const YAML::Node& node) {
  media::MediaConfig c;
  read(node, "search_rate_per_s", c.search_rate_per_s);
  read(node, "search_burst", c.search_burst);
  read(node, "resolve_rate_per_s", c.resolve_rate_per_s);
  read(node, "resolve_burst", c.resolve_burst);
  read(node, "catalog_page_size", c.catalog_page_size);
  return c;
}

rooms::RoomsConfig toRooms(const YAML::Node& node) {
  rooms::RoomsConfig c;
  read(node, "grace_period_s", c.grace_period_s);
  read(node, "unclaimed_timeout_s", c.unclaimed_timeout_s);
  read(node, "retention_s", c.retention_s);
  read(node, "sweep_interval_ms", c.sweep_interval_ms);
  read(node, "viewer_sync_interval_ms", c.viewer_sync_interval_ms);
  read(node, "public_cache_ms", c.public_cache_ms);
  return c;
}

hub::HubConfig toGateway(const YAML::Node& node) {
  hub::HubConfig c;
  read(node, "io_threads", c.io_threads);
  read(node, "max_message_bytes", c.max_message_bytes);
  read(node, "max_outbound_bytes", c.max_outbound_bytes);
  read(node, "heartbeat_interval_ms", c.heartbeat_interval_ms);
  read(node, "workers", c.workers);
  read(node, "presence_flush_ms", c.presence_flush_ms);
  read(node, "presence_list_max", c.presence_list_max);
  read(node, "snapshot_participants_max", c.snapshot_participants_max);
  read(node, "message_rate_per_s", c.message_rate_per_s);
  read(node, "message_burst", c.message_burst);
  read(node, "playback_lead_ms", c.playback_lead_ms);
  read(node, "playback_lead_min_ms", c.playback_lead_min_ms);
  read(node, "playback_lead_max_ms", c.playback_lead_max_ms);
  read(node, "buffering_wait_ms", c.buffering_wait_ms);
  read(node, "node_heartbeat_ms", c.node_heartbeat_ms);
  read(node, "presence_ttl_s", c.presence_ttl_s);
  return c;
}

chat::ChatConfig toChat(const YAML::Node& node) {
  chat::ChatConfig c;
  read(node, "enabled_by_default", c.enabled_by_default);
  read(node, "history_max", c.history_max);
  read(node, "history_ttl_s", c.history_ttl_s);
  read(node, "user_rate_per_s", c.user_rate_per_s);
  read(node, "user_burst", c.user_burst);
  read(node, "batch_window_ms", c.batch_window_ms);
  read(node, "batch_max", c.batch_max);
  read(node, "moderation_budget_ms", c.moderation_budget_ms);
  read(node, "moderation_fail_open", c.moderation_fail_open);
  read(node, "archive", c.archive);
  read(node, "archive_retention_s", c.archive_retention_s);
  return c;
}

web::WebConfig toWeb(const YAML::Node& node, const std::filesystem::path& configDir) {
  web::WebConfig c;
  const auto directory = [&](const char* key, std::string& out) {
    read(node, key, out);
    if (!out.empty() && std::filesystem::path(out).is_relative())
      out = (configDir / out).lexically_normal().string();
  };
  directory("root_dir", c.root_dir);
  directory("media_dir", c.media_dir);
  if (const YAML::Node origins = child(node, "embed_origins"); origins && origins.IsSequence()) {
    c.embed_origins.clear();
    for (const auto& origin : origins)
      c.embed_origins.push_back(origin.Scalar());
  }
  read(node, "media_max_range_bytes", c.media_max_range_bytes);
  return c;
}

KernelConfig toKernelConfig(const YAML::Node& root, const std::filesystem::path& configDir) {
  KernelConfig config;
  read(root, "data_dir", config.data_dir);
  config.http = toHttp(child(root, "http"));
  config.log = toLog(child(root, "log"));
  config.storage = toStorage(child(root, "storage"));
  config.realtime = toRealtime(child(root, "realtime"));
  config.auth = toAuth(child(root, "auth"));
  config.plugins = toPlugins(child(root, "plugins"), configDir);
  config.media = toMedia(child(root, "media"));
  config.rooms = toRooms(child(root, "rooms"));
  config.gateway = toGateway(child(root, "gateway"));
  config.chat = toChat(child(root, "chat"));
  config.web = toWeb(child(root, "web"), configDir);
  return config;
}

}  // namespace streamit::config
