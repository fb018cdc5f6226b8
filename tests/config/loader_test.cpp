#include "config/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/json_schema.h"
#include "config/secrets.h"
#include "log/logger.h"
#include "support/process.h"

namespace streamit::config {
namespace {

using streamit::testing::TempDir;

class LoaderTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_.path() / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // Loads `yaml` from dir/config.yaml and returns ConfigError::what(), or "" on success.
  std::string errorsOf(const std::string& yaml) {
    const std::string path = write("config.yaml", yaml);
    try {
      loadConfig(path, env_);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }

  std::string file() const { return (dir_.path() / "config.yaml").string(); }

  TempDir dir_{"streamit-config-test"};
  MapEnvironment env_;
};

TEST_F(LoaderTest, EmptyFileGivesDefaults) {
  const KernelConfig config = loadConfig(write("config.yaml", ""), env_);
  EXPECT_EQ(config.data_dir, "data");
  EXPECT_EQ(config.http.port, 8080);
  EXPECT_EQ(config.storage.backend, storage::StorageConfig::Backend::kSqlite);
}

TEST_F(LoaderTest, ConvertsEveryKindOfValue) {
  const KernelConfig config = loadConfig(write("config.yaml", R"(
data_dir: ./state
http: {host: 0.0.0.0, port: 9090, body_limit_bytes: 1048576, access_log: false}
log: {level: debug}
storage:
  backend: postgres
  postgres: {host: db, port: 5433, password: hunter2-pg, sslmode: require}
  sqlite: {busy_timeout_ms: 100}
realtime:
  backend: redis
  key_prefix: "x:"
  redis: {port: 6380, database: 3, reconnect_backoff_max_ms: 900}
plugins:
  directories: [plugins, /opt/abs]
  instances:
    - id: provider.direct
      library: libdirect.so
      required: true
      config:
        base_url: "http://x"
        retries: 3
        tags: [a, b]
    - id: catalog.local
      library: liblocal.so
)"),
                                         env_);
  EXPECT_EQ(config.data_dir, "./state");  // kept as written
  EXPECT_EQ(config.http.host, "0.0.0.0");
  EXPECT_EQ(config.http.port, 9090);
  EXPECT_EQ(config.http.body_limit_bytes, 1048576);
  EXPECT_FALSE(config.http.access_log);
  EXPECT_EQ(config.log.level, log::Level::kDebug);
  EXPECT_EQ(config.storage.backend, storage::StorageConfig::Backend::kPostgres);
  EXPECT_EQ(config.storage.postgres.host, "db");
  EXPECT_EQ(config.storage.postgres.port, 5433);
  EXPECT_EQ(config.storage.postgres.password, "hunter2-pg");
  EXPECT_EQ(config.storage.postgres.sslmode, "require");
  EXPECT_EQ(config.storage.sqlite.busy_timeout_ms, 100);
  EXPECT_EQ(config.realtime.backend, realtime::RealtimeConfig::Backend::kRedis);
  EXPECT_EQ(config.realtime.key_prefix, "x:");
  EXPECT_EQ(config.realtime.redis.port, 6380);
  EXPECT_EQ(config.realtime.redis.database, 3);
  EXPECT_EQ(config.realtime.redis.reconnect_backoff_max_ms, 900);
  ASSERT_EQ(config.plugins.directories.size(), 2u);
  EXPECT_EQ(config.plugins.directories[0], (dir_.path() / "plugins").string());
  EXPECT_EQ(config.plugins.directories[1], "/opt/abs");
  ASSERT_EQ(config.plugins.instances.size(), 2u);
  EXPECT_EQ(config.plugins.instances[0].id, "provider.direct");
  EXPECT_EQ(config.plugins.instances[0].library, "libdirect.so");
  EXPECT_TRUE(config.plugins.instances[0].required);
  EXPECT_EQ(config.plugins.instances[0].config_json,
            R"({"base_url":"http://x","retries":3,"tags":["a","b"]})");
  EXPECT_EQ(config.plugins.instances[0].config_line, 19);
  EXPECT_FALSE(config.plugins.instances[1].required);
  EXPECT_EQ(config.plugins.instances[1].config_json, "{}");
}

TEST_F(LoaderTest, UnknownKeyTopLevelAndNestedWithLines) {
  const std::string errors = errorsOf("http:\n  port: 80\n  prot: 81\ncolour: blue\n");
  EXPECT_NE(errors.find(file() + ":3: http.prot: unknown key (did you mean 'port'?)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(file() + ":4: colour: unknown key"), std::string::npos) << errors;
}

TEST_F(LoaderTest, WrongTypeNamesKeyAndLine) {
  const std::string errors = errorsOf(
      "storage:\n  backend: postgres\n  postgres:\n    password: pw-1234\n"
      "    port: x\n");
  EXPECT_EQ(errors, file() + ":5: storage.postgres.port: expected integer, got string 'x'");
}

TEST_F(LoaderTest, MissingRequiredKey) {
  const std::string errors =
      errorsOf("plugins:\n  instances:\n    - id: provider.direct\n    - library: a.so\n");
  EXPECT_NE(errors.find(file() + ":3: plugins.instances[0].library: missing required key"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(file() + ":4: plugins.instances[1].id: missing required key"),
            std::string::npos)
      << errors;
}

TEST_F(LoaderTest, EnumAndRangeViolations) {
  const std::string errors =
      errorsOf("log:\n  level: verbose\nstorage:\n  backend: mysql\nhttp:\n  threads: 0\n");
  EXPECT_NE(errors.find(file() + ":2: log.level: must be one of debug|info|warn|error|off"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(file() + ":4: storage.backend: must be one of sqlite|postgres"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(file() + ":6: http.threads: must be ≥ 1"), std::string::npos) << errors;
}

TEST_F(LoaderTest, PostgresPasswordRequiredOnlyWithPostgresBackend) {
  EXPECT_EQ(errorsOf("storage:\n  backend: sqlite\n"), "");
  const std::string errors = errorsOf("storage:\n  backend: postgres\n  postgres:\n    port: 1\n");
  EXPECT_EQ(errors, file() +
                        ":3: storage.postgres.password: required when storage.backend is "
                        "postgres (set password or password_file)");
}

TEST_F(LoaderTest, CrossKeyRules) {
  const std::string errors = errorsOf(
      "realtime:\n  redis:\n    reconnect_backoff_min_ms: 500\n    reconnect_backoff_max_ms: "
      "100\nplugins:\n  instances:\n    - {id: a.b, library: x.so}\n    - {id: a.b, library: "
      "y.so}\n");
  EXPECT_NE(errors.find(":4: realtime.redis.reconnect_backoff_max_ms: must be ≥"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(":8: plugins.instances[1].id: duplicate plugin instance id 'a.b'"),
            std::string::npos)
      << errors;
}

TEST_F(LoaderTest, YamlSyntaxErrorHasLine) {
  const std::string errors = errorsOf("http:\n  port: 80\n  host: [unclosed\nlog: {}\n");
  EXPECT_NE(errors.find(file() + ":"), std::string::npos) << errors;
  EXPECT_NE(errors.find("YAML syntax error"), std::string::npos) << errors;
  const std::string badIndent = errorsOf("http:\n  port: 80\n host: x\n");
  EXPECT_NE(badIndent.find(file() + ":3: YAML syntax error"), std::string::npos) << badIndent;
}

TEST_F(LoaderTest, MissingFile) {
  try {
    loadConfig((dir_.path() / "nope.yaml").string(), env_);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("nope.yaml: cannot read"), std::string::npos);
  }
}

TEST_F(LoaderTest, SubstitutionTypedBySchema) {
  env_.set("PORT", "9191");
  env_.set("HOST", "example.org");
  const KernelConfig config =
      loadConfig(write("config.yaml",
                       "http:\n  port: ${PORT}\n  host: \"${HOST}\"\n  public_base_url: "
                       "https://${HOST}:${PORT}/\n  threads: ${THREADS:-4}\n"),
                 env_);
  EXPECT_EQ(config.http.port, 9191);
  EXPECT_EQ(config.http.host, "example.org");
  EXPECT_EQ(config.http.public_base_url, "https://example.org:9191/");
  EXPECT_EQ(config.http.threads, 4);
}

TEST_F(LoaderTest, UnsetVariableNamesKeyAndLine) {
  const std::string errors = errorsOf("http:\n  host: x\n  port: ${NO_SUCH_PORT}\n");
  EXPECT_EQ(errors, file() +
                        ":3: http.port: environment variable NO_SUCH_PORT is not set (write "
                        "${NO_SUCH_PORT:-default} to allow that)");
}

TEST_F(LoaderTest, OverridesAppliedWithTypes) {
  env_.set("STREAMIT_STORAGE__POSTGRES__PORT", "5433");
  env_.set("STREAMIT_LOG__LEVEL", "debug");
  env_.set("STREAMIT_HTTP__ACCESS_LOG", "false");
  env_.set("STREAMIT_DATA_DIR", "/srv/data");
  env_.set("STREAMIT_PLUGINS__DIRECTORIES", "[/a, b]");
  env_.set("STREAMIT_CONFIG", "/etc/streamit.yaml");  // not an override: ignored
  env_.set("STREAMIT_TEST_REQUIRE_SERVERS", "1");     // ditto
  const KernelConfig config =
      loadConfig(write("config.yaml", "log:\n  level: warn\nstorage:\n  backend: sqlite\n"), env_);
  EXPECT_EQ(config.storage.postgres.port, 5433);
  EXPECT_EQ(config.log.level, log::Level::kDebug);
  EXPECT_FALSE(config.http.access_log);
  EXPECT_EQ(config.data_dir, "/srv/data");
  ASSERT_EQ(config.plugins.directories.size(), 2u);
  EXPECT_EQ(config.plugins.directories[0], "/a");
  EXPECT_EQ(config.plugins.directories[1], (dir_.path() / "b").string());
}

TEST_F(LoaderTest, BadOverrides) {
  env_.set("STREAMIT_STORAGE__POSTGRES__PROT", "1");
  env_.set("STREAMIT_HTTP__PORT", "eighty");
  env_.set("STREAMIT_STORAGE", "x");
  const std::string errors = errorsOf("http:\n  port: 80\n");
  EXPECT_NE(errors.find("environment variable STREAMIT_STORAGE__POSTGRES__PROT: "
                        "storage.postgres.prot: unknown key"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("environment variable STREAMIT_HTTP__PORT: http.port: expected "
                        "integer, got string 'eighty'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("environment variable STREAMIT_STORAGE: storage: is a section"),
            std::string::npos)
      << errors;
}

TEST_F(LoaderTest, SecretFileIsReadAndTrimmed) {
  write("pg.secret", "s3cret-from-file\n");
  const KernelConfig config =
      loadConfig(write("config.yaml",
                       "storage:\n  backend: postgres\n  postgres:\n    password_file: pg.secret\n"
                       "realtime:\n  redis:\n    password_file: " +
                           (dir_.path() / "pg.secret").string() + "\n"),
                 env_);
  EXPECT_EQ(config.storage.postgres.password, "s3cret-from-file");
  EXPECT_EQ(config.realtime.redis.password, "s3cret-from-file");
}

TEST_F(LoaderTest, SecretFileOverrideReplacesInlineValue) {
  write("redis.secret", "12345678\n");
  env_.set("STREAMIT_REALTIME__REDIS__PASSWORD_FILE", (dir_.path() / "redis.secret").string());
  const KernelConfig config =
      loadConfig(write("config.yaml", "realtime:\n  redis:\n    password: inline-pw\n"), env_);
  EXPECT_EQ(config.realtime.redis.password, "12345678");  // a string, though it looks numeric
}

TEST_F(LoaderTest, UnreadableSecretFile) {
  const std::string errors =
      errorsOf("storage:\n  postgres:\n    password_file: /nonexistent/pg.secret\n");
  EXPECT_EQ(errors, file() +
                        ":3: storage.postgres.password_file: cannot read secret file "
                        "'/nonexistent/pg.secret': No such file or directory");
}

TEST_F(LoaderTest, BothSecretAndSecretFile) {
  write("pg.secret", "x");
  const std::string errors =
      errorsOf("storage:\n  postgres:\n    password: a\n    password_file: pg.secret\n");
  EXPECT_EQ(errors, file() +
                        ":4: storage.postgres.password_file: both password and "
                        "password_file are set; use one");
}

TEST_F(LoaderTest, FileKeyOnNonSecretIsUnknown) {
  const std::string errors = errorsOf("storage:\n  postgres:\n    host_file: /x\n");
  EXPECT_EQ(errors, file() + ":3: storage.postgres.host_file: unknown key");
}

TEST_F(LoaderTest, ReportsAllIssuesAtOnce) {
  const std::string errors = errorsOf("http:\n  port: x\n  threads: -1\nlog:\n  level: loud\n");
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 2) << errors;
}

TEST_F(LoaderTest, SecretsAreRegisteredWithTheLogRedactor) {
  log::clearSecretsForTesting();
  write("redis.secret", "redis-secret-value\n");
  loadConfig(write("config.yaml",
                   "storage:\n  backend: postgres\n  postgres:\n    password: pg-inline-secret\n"
                   "realtime:\n  redis:\n    password_file: redis.secret\n"),
             env_);
  std::ostringstream out;
  log::setOutput(&out);
  log::Logger("test").warn("connecting with pg-inline-secret",
                           {{"redis", "auth redis-secret-value"}});
  log::setOutput(nullptr);
  const std::string line = out.str();
  EXPECT_EQ(line.find("pg-inline-secret"), std::string::npos) << line;
  EXPECT_EQ(line.find("redis-secret-value"), std::string::npos) << line;
  EXPECT_NE(line.find("connecting with [REDACTED]"), std::string::npos) << line;
  EXPECT_NE(line.find("auth [REDACTED]"), std::string::npos) << line;
  log::clearSecretsForTesting();
}

TEST_F(LoaderTest, DocumentMustBeAMapping) {
  EXPECT_EQ(errorsOf("- a\n- b\n"), file() + ":1: expected object, got array");
}

// The path the plugin host takes: validate an instance's config_json against the schema from
// the plugin's descriptor, fill defaults, register the plugin's secrets.
TEST_F(LoaderTest, PluginInstanceConfigAgainstDeclaredSchema) {
  const KernelConfig config =
      loadConfig(write("config.yaml",
                       "plugins:\n  instances:\n    - id: catalog.tmdb\n      library: libtmdb.so\n"
                       "      config:\n        api_key: tmdb-key-123456\n"),
                 env_);
  const auto& instance = config.plugins.instances.at(0);
  const SchemaNode schema =
      parseJsonSchema(R"({"type":"object","additionalProperties":false,"required":["api_key"],)"
                      R"("properties":{"api_key":{"type":"string","secret":true},)"
                      R"("timeout_ms":{"type":"integer","minimum":1,"default":3000}}})");
  EXPECT_TRUE(validateJsonText(schema, instance.config_json).empty());
  const YAML::Node filled = applyDefaults(schema, YAML::Load(instance.config_json));
  EXPECT_EQ(filled["timeout_ms"].as<int>(), 3000);

  log::clearSecretsForTesting();
  registerSecrets(filled, schema);
  std::ostringstream out;
  log::setOutput(&out);
  log::Logger("test").info("key tmdb-key-123456");
  log::setOutput(nullptr);
  EXPECT_EQ(out.str().find("tmdb-key-123456"), std::string::npos) << out.str();
  log::clearSecretsForTesting();

  const auto issues = validateJsonText(schema, R"({"api_key":"k","timeout_ms":0})");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(formatIssue(issues[0], "plugin catalog.tmdb"),
            "plugin catalog.tmdb:1: timeout_ms: must be ≥ 1");
}

TEST_F(LoaderTest, CheckConfigFile) {
  std::ostringstream out;
  std::ostringstream err;
  const std::string good = write("good.yaml", "http:\n  port: 8081\n");
  EXPECT_EQ(checkConfigFile(good, out, err), 0);
  EXPECT_EQ(out.str(), "OK: " + good + "\n");
  EXPECT_EQ(err.str(), "");

  out.str("");
  const std::string bad = write("bad.yaml", "http:\n  port: x\n  prot: 1\n");
  EXPECT_EQ(checkConfigFile(bad, out, err), 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), bad + ":2: http.port: expected integer, got string 'x'\n" + bad +
                           ":3: http.prot: unknown key (did you mean 'port'?)\n");
}

}  // namespace
}  // namespace streamit::config
