// The config files shipped in config/ must load, and the default one must say exactly what
// the code defaults say, or operators reading it would be misled.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/convert.h"
#include "config/kernel_schema.h"
#include "config/loader.h"
#include "log/logger.h"
#include "support/process.h"

namespace streamit::config {
namespace {

const std::string kConfigDir = std::string(STREAMIT_SOURCE_DIR) + "/config";

void expectCodeDefaults(const KernelConfig& c) {
  const KernelConfig d;
  EXPECT_EQ(c.data_dir, d.data_dir);
  EXPECT_EQ(c.http.host, d.http.host);
  EXPECT_EQ(c.http.port, d.http.port);
  EXPECT_EQ(c.http.threads, d.http.threads);
  EXPECT_EQ(c.http.max_queued, d.http.max_queued);
  EXPECT_EQ(c.http.body_limit_bytes, d.http.body_limit_bytes);
  EXPECT_EQ(c.http.request_timeout_ms, d.http.request_timeout_ms);
  EXPECT_EQ(c.http.keep_alive_timeout_ms, d.http.keep_alive_timeout_ms);
  EXPECT_EQ(c.http.access_log, d.http.access_log);
  EXPECT_EQ(c.http.public_base_url, d.http.public_base_url);
  EXPECT_EQ(c.log.level, d.log.level);
  EXPECT_EQ(c.storage.backend, d.storage.backend);
  EXPECT_EQ(c.storage.sqlite.path, d.storage.sqlite.path);
  EXPECT_EQ(c.storage.sqlite.busy_timeout_ms, d.storage.sqlite.busy_timeout_ms);
  EXPECT_EQ(c.storage.postgres.host, d.storage.postgres.host);
  EXPECT_EQ(c.storage.postgres.port, d.storage.postgres.port);
  EXPECT_EQ(c.storage.postgres.database, d.storage.postgres.database);
  EXPECT_EQ(c.storage.postgres.user, d.storage.postgres.user);
  EXPECT_EQ(c.storage.postgres.password, d.storage.postgres.password);
  EXPECT_EQ(c.storage.postgres.sslmode, d.storage.postgres.sslmode);
  EXPECT_EQ(c.storage.postgres.connect_timeout_ms, d.storage.postgres.connect_timeout_ms);
  EXPECT_EQ(c.storage.postgres.statement_timeout_ms, d.storage.postgres.statement_timeout_ms);
  EXPECT_EQ(c.storage.pool_size, d.storage.pool_size);
  EXPECT_EQ(c.storage.migrate_on_start, d.storage.migrate_on_start);
  EXPECT_EQ(c.storage.write_queue_capacity, d.storage.write_queue_capacity);
  EXPECT_EQ(c.storage.write_workers, d.storage.write_workers);
  EXPECT_EQ(c.storage.write_retry_limit, d.storage.write_retry_limit);
  EXPECT_EQ(c.realtime.backend, d.realtime.backend);
  EXPECT_EQ(c.realtime.key_prefix, d.realtime.key_prefix);
  EXPECT_EQ(c.realtime.redis.host, d.realtime.redis.host);
  EXPECT_EQ(c.realtime.redis.port, d.realtime.redis.port);
  EXPECT_EQ(c.realtime.redis.password, d.realtime.redis.password);
  EXPECT_EQ(c.realtime.redis.database, d.realtime.redis.database);
  EXPECT_EQ(c.realtime.redis.pool_size, d.realtime.redis.pool_size);
  EXPECT_EQ(c.realtime.redis.connect_timeout_ms, d.realtime.redis.connect_timeout_ms);
  EXPECT_EQ(c.realtime.redis.command_timeout_ms, d.realtime.redis.command_timeout_ms);
  EXPECT_EQ(c.realtime.redis.reconnect_backoff_min_ms, d.realtime.redis.reconnect_backoff_min_ms);
  EXPECT_EQ(c.realtime.redis.reconnect_backoff_max_ms, d.realtime.redis.reconnect_backoff_max_ms);
  EXPECT_EQ(c.rooms.grace_period_s, d.rooms.grace_period_s);
  EXPECT_EQ(c.rooms.unclaimed_timeout_s, d.rooms.unclaimed_timeout_s);
  EXPECT_EQ(c.rooms.retention_s, d.rooms.retention_s);
  EXPECT_EQ(c.rooms.sweep_interval_ms, d.rooms.sweep_interval_ms);
  EXPECT_EQ(c.rooms.viewer_sync_interval_ms, d.rooms.viewer_sync_interval_ms);
  EXPECT_EQ(c.rooms.public_cache_ms, d.rooms.public_cache_ms);
  EXPECT_TRUE(c.plugins.directories.empty());
  EXPECT_TRUE(c.plugins.instances.empty());
}

TEST(ShippedConfig, SchemaDefaultsEqualCodeDefaults) {
  const YAML::Node filled = applyDefaults(kernelSchema(), YAML::Node(YAML::NodeType::Map));
  EXPECT_TRUE(validate(kernelSchema(), filled).empty());
  expectCodeDefaults(toKernelConfig(filled, "/"));
}

TEST(ShippedConfig, DefaultFileLoadsToCodeDefaults) {
  const KernelConfig config = loadConfig(kConfigDir + "/streamit.yaml", MapEnvironment());
  expectCodeDefaults(config);
}

TEST(ShippedConfig, DefaultFileShowsEveryKey) {
  const YAML::Node file = YAML::LoadFile(kConfigDir + "/streamit.yaml");
  forEachSchemaNode(kernelSchema(), "", [&file](const std::string& path, const SchemaNode&) {
    if (path.find("[]") != std::string::npos)
      return;  // list items: shown in a comment
    YAML::Node node(file);
    std::stringstream keys(path);
    for (std::string key; std::getline(keys, key, '.');) {
      ASSERT_TRUE(node.IsMap() && node[key]) << "config/streamit.yaml lacks " << path;
      node.reset(node[key]);
    }
  });
}

TEST(ShippedConfig, ProductionExampleLoadsWithEnvironmentAndSecretFiles) {
  streamit::testing::TempDir secrets("streamit-secrets");
  std::ofstream(secrets.path() / "streamit_pg_password") << "pg-production-pw\n";
  std::ofstream(secrets.path() / "streamit_redis_password") << "redis-production-pw\n";
  std::ofstream(secrets.path() / "streamit_jwt_2026_11") << std::string(48, 'n') << "\n";
  std::ofstream(secrets.path() / "streamit_jwt_2026_05") << std::string(48, 'o') << "\n";
  const MapEnvironment env({{"SECRETS_DIR", secrets.path().string()},
                            {"PUBLIC_HOST", "watch.example.org"},
                            {"PGHOST", "pg.internal"},
                            {"REDIS_HOST", "redis.internal"},
                            {"PGPORT", "6432"}});
  const KernelConfig config = loadConfig(kConfigDir + "/production.example.yaml", env);
  EXPECT_EQ(config.http.public_base_url, "https://watch.example.org");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.storage.backend, storage::StorageConfig::Backend::kPostgres);
  EXPECT_EQ(config.storage.postgres.host, "pg.internal");
  EXPECT_EQ(config.storage.postgres.port, 6432);
  EXPECT_EQ(config.storage.postgres.password, "pg-production-pw");
  EXPECT_EQ(config.realtime.backend, realtime::RealtimeConfig::Backend::kRedis);
  EXPECT_EQ(config.realtime.redis.host, "redis.internal");
  EXPECT_EQ(config.realtime.redis.password, "redis-production-pw");
  // Every kernel shares one key set, so any of them verifies any other's tokens.
  ASSERT_EQ(config.auth.keys.size(), 2U);
  EXPECT_EQ(config.auth.keys[0].id, "2026-11");
  EXPECT_EQ(config.auth.keys[0].secret, std::string(48, 'n'));
  EXPECT_TRUE(config.auth.keys[0].use_for_signing);
  EXPECT_FALSE(config.auth.keys[1].use_for_signing);
  log::clearSecretsForTesting();
}

TEST(ShippedConfig, LocalConfigLoadsTheFirstPartyPluginsOnTheEmbeddedDefault) {
  // config/local.yaml is what the README's run command serves (run-embedded.sh).
  const MapEnvironment env(std::map<std::string, std::string>{{"STREAMIT_ROOT", "/srv/streamit"}});
  const KernelConfig config = loadConfig(kConfigDir + "/local.yaml", env);
  EXPECT_EQ(config.storage.backend, storage::StorageConfig::Backend::kSqlite);
  EXPECT_EQ(config.realtime.backend, realtime::RealtimeConfig::Backend::kMemory);
  EXPECT_EQ(config.http.port, 8080);
  std::vector<std::string> ids;
  for (const auto& instance : config.plugins.instances)
    ids.push_back(instance.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"auth.guest", "auth.local", "provider.direct",
                                           "provider.vidking", "catalog.local"}));
  // The catalog run-embedded.sh writes: the offline demo clip first, then the Blender films.
  EXPECT_NE(
      config.plugins.instances.back().config_json.find("/srv/streamit/data/demo-catalog.yaml"),
      std::string::npos);
  // The app and the clip are served by the kernel itself, from the repository's directories,
  // and its own pages may open the room WebSocket.
  EXPECT_EQ(std::filesystem::path(config.web.root_dir).filename(), "dist");
  EXPECT_EQ(std::filesystem::path(config.web.root_dir).parent_path().filename(), "app");
  EXPECT_EQ(std::filesystem::path(config.web.media_dir).filename(), "media");
  EXPECT_EQ(config.auth.ws_allowed_origins,
            (std::vector<std::string>{"http://127.0.0.1:8080", "http://localhost:8080"}));
}

TEST(ShippedConfig, ProductionExampleNamesMissingVariables) {
  try {
    loadConfig(kConfigDir + "/production.example.yaml", MapEnvironment());
    FAIL();
  } catch (const ConfigError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("http.public_base_url: environment variable PUBLIC_HOST is not set"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("storage.postgres.host: environment variable PGHOST is not set"),
              std::string::npos)
        << text;
  }
}

}  // namespace
}  // namespace streamit::config
