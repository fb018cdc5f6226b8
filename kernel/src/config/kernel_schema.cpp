#include "config/kernel_schema.h"

#include "util/json_escape.h"

namespace streamit::config {
namespace {

// Bounds keep every integer inside `int` and reject values that are surely typos.
constexpr double kMaxTimeoutMs = 3'600'000;  // one hour
constexpr double kMaxPort = 65535;

// String defaults are stored as JSON text so values like "streamit:" stay strings.
std::string quoted(const char* text) {
  return util::jsonQuote(text);
}

SchemaNode portNode(std::string description, const char* byDefault) {
  return integerNode(std::move(description)).min(1).max(kMaxPort).byDefault(byDefault);
}

SchemaNode timeoutNode(std::string description, const char* byDefault) {
  return integerNode(std::move(description)).min(1).max(kMaxTimeoutMs).byDefault(byDefault);
}

SchemaNode httpSchema() {
  return objectNode(
      "The REST/WebSocket listener.",
      {
          {"host", stringNode("Address to bind; 0.0.0.0 for all interfaces.")
                       .byDefault(quoted("127.0.0.1"))},
          {"port", portNode("TCP port to listen on.", "8080")},
          {"threads", integerNode("Worker threads serving REST requests; WebSockets do not "
                                  "hold one.")
                          .min(1)
                          .max(1024)
                          .byDefault("16")},
          {"max_queued", integerNode("Accepted connections that may wait for a worker before "
                                     "new ones are refused.")
                             .min(1)
                             .max(1'000'000)
                             .byDefault("256")},
          {"body_limit_bytes", integerNode("Largest accepted request body; bigger ones get "
                                           "413.")
                                   .min(1)
                                   .max(1024.0 * 1024 * 1024)
                                   .byDefault("65536")},
          {"request_timeout_ms",
           timeoutNode("Socket receive/send timeout of a REST connection.", "15000")},
          {"keep_alive_timeout_ms",
           timeoutNode("How long an idle keep-alive connection is kept open.", "10000")},
          {"access_log", booleanNode("Log one line per REST request.").byDefault("true")},
          {"public_base_url", stringNode("External URL printed at start-up (e.g. behind a "
                                         "proxy); derived from host:port when empty.")
                                  .byDefault(quoted(""))},
      });
}

SchemaNode logSchema() {
  return objectNode(
      "Logging (JSON lines on stderr).",
      {
          {"level", enumNode("Lowest level written.", {"debug", "info", "warn", "error", "off"})
                        .byDefault(quoted("info"))},
      });
}

SchemaNode sqliteSchema() {
  return objectNode(
      "Used when storage.backend is sqlite.",
      {
          {"path", stringNode("Database file; relative paths resolve against data_dir.")
                       .byDefault(quoted("streamit.db"))},
          {"busy_timeout_ms",
           timeoutNode("How long a writer waits for the database lock.", "5000")},
      });
}

SchemaNode postgresSchema() {
  return objectNode(
      "Used when storage.backend is postgres.",
      {
          {"host", stringNode("Server host name or address.").byDefault(quoted("127.0.0.1"))},
          {"port", portNode("Server port.", "5432")},
          {"database", stringNode("Database name.").byDefault(quoted("streamit"))},
          {"user", stringNode("Role to connect as.").byDefault(quoted("streamit"))},
          {"password", stringNode("Password of the role; required with the postgres backend. "
                                  "Prefer password_file.")
                           .isSecret()
                           .byDefault(quoted(""))},
          {"sslmode", enumNode("libpq sslmode.", {"disable", "allow", "prefer", "require",
                                                  "verify-ca", "verify-full"})
                          .byDefault(quoted("prefer"))},
          {"connect_timeout_ms", timeoutNode("Connection establishment timeout.", "3000")},
          {"statement_timeout_ms",
           timeoutNode("Server-side statement_timeout of every session.", "5000")},
      });
}

SchemaNode storageSchema() {
  return objectNode(
      "Durable storage (rooms, users, chat history).",
      {
          {"backend",
           enumNode("Which database to use.", {"sqlite", "postgres"}).byDefault(quoted("sqlite"))},
          {"sqlite", sqliteSchema()},
          {"postgres", postgresSchema()},
          {"pool_size",
           integerNode("Database connections in the pool.").min(1).max(1024).byDefault("8")},
          {"migrate_on_start", booleanNode("Apply pending migrations at start-up; when false a "
                                           "pending migration refuses start-up.")
                                   .byDefault("true")},
          {"write_queue_capacity", integerNode("Durable writes that may wait in the async "
                                               "queue before callers are pushed back.")
                                       .min(1)
                                       .max(10'000'000)
                                       .byDefault("10000")},
          {"write_workers",
           integerNode("Threads draining the write queue.").min(1).max(64).byDefault("2")},
          {"write_retry_limit", integerNode("Attempts for a failed write before it is "
                                            "dropped and logged.")
                                    .min(0)
                                    .max(1000)
                                    .byDefault("5")},
      });
}

SchemaNode redisSchema() {
  return objectNode(
      "Used when realtime.backend is redis.",
      {
          {"host", stringNode("Server host name or address.").byDefault(quoted("127.0.0.1"))},
          {"port", portNode("Server port.", "6379")},
          {"password", stringNode("AUTH password; empty for none. Prefer password_file.")
                           .isSecret()
                           .byDefault(quoted(""))},
          {"database",
           integerNode("Logical database number (SELECT).").min(0).max(1024).byDefault("0")},
          {"pool_size", integerNode("Connections in the pool.").min(1).max(1024).byDefault("8")},
          {"connect_timeout_ms", timeoutNode("Connection establishment timeout.", "500")},
          {"command_timeout_ms", timeoutNode("Timeout of one command.", "500")},
          {"reconnect_backoff_min_ms",
           timeoutNode("First delay before reconnecting after a failure.", "50")},
          {"reconnect_backoff_max_ms",
           timeoutNode("Cap of the doubling reconnect delay; must be ≥ the minimum.", "2000")},
      });
}

SchemaNode realtimeSchema() {
  return objectNode(
      "Shared room state and the pub/sub bus between kernels.",
      {
          {"backend", enumNode("memory: one process only; redis: required for several kernels.",
                               {"memory", "redis"})
                          .byDefault(quoted("memory"))},
          {"key_prefix", stringNode("Prepended to every key and channel, so deployments can "
                                    "share one Redis.")
                             .byDefault(quoted("streamit:"))},
          {"redis", redisSchema()},
      });
}

SchemaNode authSchema() {
  SchemaNode key = objectNode(
      "One HMAC key. Give exactly one of secret (or secret_file) and generated_file.",
      {
          {"id", stringNode("Key id, sent as the token header's kid; 1-64 characters of "
                            "[A-Za-z0-9._-].")
                     .isRequired()},
          {"secret",
           stringNode("The key itself, at least 32 bytes. Prefer secret_file.").isSecret()},
          {"generated_file", stringNode("File holding the key; created with a random 256-bit "
                                        "key (mode 0600) on first start when missing. Relative "
                                        "to data_dir. One box only: other kernels cannot "
                                        "share it.")},
          {"use_for_signing", booleanNode("Sign new tokens with this key; exactly one key has "
                                          "it, the others only verify (rotation).")
                                  .byDefault("false")},
      });
  return objectNode(
      "Access and refresh tokens (see docs/auth.md).",
      {
          {"issuer",
           stringNode("The iss claim written and required.").byDefault(quoted("streamit"))},
          {"audience",
           stringNode("The aud claim written and required.").byDefault(quoted("streamit-api"))},
          {"access_ttl_s",
           integerNode("Lifetime of an access token.").min(1).max(86'400).byDefault("900")},
          {"refresh_ttl_s", integerNode("Lifetime of a refresh token; must be ≥ access_ttl_s.")
                                .min(1)
                                .max(31'536'000)
                                .byDefault("2592000")},
          {"clock_skew_s", integerNode("Tolerance for exp, nbf and iat between kernels' clocks.")
                               .min(0)
                               .max(300)
                               .byDefault("30")},
          {"guests_may_create_rooms",
           booleanNode("Guests receive the room:create scope.").byDefault("true")},
          {"ws_allowed_origins",
           arrayNode("Origins (scheme://host[:port]) whose pages may open WebSockets; empty: "
                     "no browser may. Clients without an Origin header need a bearer token.",
                     stringNode("An origin, e.g. https://watch.example.com."))
               .byDefault("[]")},
          {"keys",
           arrayNode("HMAC keys; exactly one signs, the others only verify.", std::move(key))
               .byDefault(R"([{"id": "local-1", "generated_file": "jwt.key", )"
                          R"("use_for_signing": true}])")},
      });
}

SchemaNode pluginsSchema() {
  SchemaNode instance = objectNode(
      "One plugin instance.",
      {
          {"id", stringNode("Instance id, kind.name (e.g. provider.direct); must equal the id in "
                            "the library's descriptor.")
                     .isRequired()},
          {"library",
           stringNode("Shared library file name, looked up in plugins.directories.").isRequired()},
          {"required", booleanNode("When true, failing to load this plugin stops start-up.")
                           .byDefault("false")},
          {"config", freeFormNode("The plugin's own settings, validated against the schema the "
                                  "plugin declares.")
                         .byDefault("{}")},
      });
  return objectNode(
      "Plugin libraries to load.",
      {
          {"directories", arrayNode("Directories searched for plugin libraries; relative "
                                    "paths resolve against the config file's directory.",
                                    stringNode("A directory."))
                              .byDefault("[]")},
          {"instances", arrayNode("Plugin instances, created in this order.", std::move(instance))
                            .byDefault("[]")},
      });
}

SchemaNode mediaSchema() {
  return objectNode(
      "Per-client limits on the provider and catalog endpoints, so nobody can burn an upstream "
      "quota through us. Shared by all kernels through the realtime store.",
      {
          {"search_rate_per_s",
           numberNode("Sustained catalog requests (search, details, episodes) per second per "
                      "client address.")
               .min(0.01)
               .max(10000)
               .byDefault("2")},
          {"search_burst", integerNode("Catalog requests a client may make in a burst.")
                               .min(1)
                               .max(100000)
                               .byDefault("10")},
          {"resolve_rate_per_s",
           numberNode("Sustained provider resolves per second per client address.")
               .min(0.01)
               .max(10000)
               .byDefault("1")},
          {"resolve_burst", integerNode("Provider resolves a client may make in a burst.")
                                .min(1)
                                .max(100000)
                                .byDefault("5")},
          {"catalog_page_size", integerNode("Items asked from each catalog per search page.")
                                    .min(1)
                                    .max(100)
                                    .byDefault("20")},
      });
}

SchemaNode roomsSchema() {
  constexpr double kMaxDurationS = 31'536'000;  // one year
  return objectNode(
      "Room lifecycle and how often the room service talks to the database.",
      {
          {"grace_period_s", integerNode("How long a room waits for its host to come back "
                                         "before it expires.")
                                 .min(1)
                                 .max(kMaxDurationS)
                                 .byDefault("60")},
          {"unclaimed_timeout_s", integerNode("A room whose host never connects expires this "
                                              "long after creation.")
                                      .min(1)
                                      .max(kMaxDurationS)
                                      .byDefault("600")},
          {"retention_s", integerNode("How long an expired room record is kept before it is "
                                      "deleted.")
                              .min(0)
                              .max(kMaxDurationS)
                              .byDefault("86400")},
          {"sweep_interval_ms", timeoutNode("How often each kernel looks for rooms whose "
                                            "deadline passed.",
                                            "1000")},
          {"viewer_sync_interval_ms", timeoutNode("Viewer counts are buffered and written to "
                                                  "the database this often.",
                                                  "5000")},
          {"public_cache_ms", timeoutNode("The public room list is re-read from the database "
                                          "at most this often.",
                                          "1000")},
      });
}

SchemaNode gatewaySchema() {
  return objectNode(
      "WebSocket I/O loops and the room work behind them (docs/gateway.md).",
      {
          {"io_threads", integerNode("I/O loop threads owning the WebSocket connections; 0 = "
                                     "one per core.")
                             .min(0)
                             .max(256)
                             .byDefault("0")},
          {"max_message_bytes", integerNode("Largest client message (after reassembly); "
                                            "bigger ones close the connection with 1009.")
                                    .min(1024)
                                    .max(16'777'216)
                                    .byDefault("65536")},
          {"max_outbound_bytes", integerNode("Bytes queued for one connection before it is "
                                             "closed as a slow consumer (1013).")
                                     .min(4096)
                                     .max(1'073'741'824)
                                     .byDefault("1048576")},
          {"heartbeat_interval_ms", timeoutNode("Server ping interval; a dead peer is closed "
                                                "within two intervals of its last byte.",
                                                "15000")},
          {"workers", integerNode("Threads running room work (store, database and plugin "
                                  "calls), serially per room.")
                          .min(1)
                          .max(256)
                          .byDefault("2")},
          {"presence_flush_ms", timeoutNode("Joins and leaves are batched and sent at most "
                                            "this often per room.",
                                            "250")},
          {"presence_list_max", integerNode("More joins+leaves than this in one window are "
                                            "sent as a count only.")
                                    .min(1)
                                    .max(100000)
                                    .byDefault("50")},
          {"snapshot_participants_max", integerNode("Participants listed in a room.snapshot "
                                                    "(the count is always exact).")
                                            .min(0)
                                            .max(100000)
                                            .byDefault("100")},
          {"message_rate_per_s", numberNode("Sustained client messages per second per "
                                            "connection.")
                                     .min(0.1)
                                     .max(100000)
                                     .byDefault("20")},
          {"message_burst", integerNode("Client messages a connection may send in a burst.")
                                .min(1)
                                .max(100000)
                                .byDefault("40")},
          {"playback_lead_ms", integerNode("PLAY and SEEK-while-playing take effect this far "
                                           "in the future, so every client starts together, "
                                           "until the room's delays are measured.")
                                   .min(0)
                                   .max(5000)
                                   .byDefault("300")},
          {"playback_lead_min_ms", integerNode("Lower bound of the measured lead (2 x p90 "
                                               "one-way delay of the room's members + 20 ms).")
                                       .min(0)
                                       .max(5000)
                                       .byDefault("150")},
          {"playback_lead_max_ms", integerNode("Upper bound of the measured lead: one member "
                                               "on a bad link cannot delay everyone further.")
                                       .min(0)
                                       .max(10000)
                                       .byDefault("1500")},
          {"buffering_wait_ms", integerNode("While members report buffering, a scheduled start "
                                            "waits up to this long for them (0: never wait).")
                                    .min(0)
                                    .max(30000)
                                    .byDefault("1500")},
          {"node_heartbeat_ms", timeoutNode("Each node marks itself alive this often; a host "
                                            "on a node silent for 3 intervals is treated as "
                                            "gone (its room goes to GRACE).",
                                            "2000")},
          {"presence_ttl_s", integerNode("TTL of the presence keys, refreshed on every join.")
                                 .min(60)
                                 .max(31'536'000)
                                 .byDefault("86400")},
      });
}

SchemaNode chatSchema() {
  return objectNode(
      "Room chat: limits, batching, moderation, history and archive (docs/chat.md).",
      {
          {"enabled_by_default",
           booleanNode("Chat state of a room whose host has not toggled it.").byDefault("true")},
          {"history_max", integerNode("Recent messages kept per room in the realtime store "
                                      "(sent in room.snapshot and chat.history).")
                              .min(1)
                              .max(10000)
                              .byDefault("200")},
          {"history_ttl_s", integerNode("The history expires this long after its last "
                                        "message.")
                                .min(60)
                                .max(31'536'000)
                                .byDefault("86400")},
          {"user_rate_per_s", numberNode("Sustained chat messages per second per user per room "
                                         "(shared by all nodes).")
                                  .min(0.01)
                                  .max(1000)
                                  .byDefault("1")},
          {"user_burst", integerNode("Chat messages a user may send in a burst per room.")
                             .min(1)
                             .max(1000)
                             .byDefault("5")},
          {"batch_window_ms", integerNode("Accepted messages are sent in batches at least this "
                                          "often per room.")
                                  .min(0)
                                  .max(1000)
                                  .byDefault("50")},
          {"batch_max", integerNode("A batch leaves as soon as it holds this many messages.")
                            .min(1)
                            .max(1000)
                            .byDefault("50")},
          {"moderation_budget_ms", integerNode("Time the whole moderation chain may take per "
                                               "message.")
                                       .min(1)
                                       .max(10000)
                                       .byDefault("200")},
          {"moderation_fail_open",
           booleanNode("On a moderation plugin error or a chain over budget: true allows the "
                       "message, false refuses it (MESSAGE_REJECTED).")
               .byDefault("true")},
          {"archive", booleanNode("Also write every accepted message to the database table "
                                  "chat_archive.")
                          .byDefault("false")},
          {"archive_retention_s", integerNode("Archived messages older than this are purged.")
                                      .min(3600)
                                      .max(315'360'000)
                                      .byDefault("604800")},
      });
}

SchemaNode webSchema() {
  return objectNode(
      "The reference web app and local media served by the kernel itself.",
      {
          {"root_dir", stringNode("Directory of the built web app (web/app/dist), served at /; "
                                  "empty serves no app. Relative to the config file's "
                                  "directory.")
                           .byDefault(quoted(""))},
          {"media_dir", stringNode("Directory of local media files served under /media/ with "
                                   "HTTP Range support (the offline demo clip); empty serves "
                                   "none. Relative to the config file's directory.")
                            .byDefault(quoted(""))},
          {"embed_origins",
           arrayNode("Origins the app may show in an iframe (embed providers' players); they "
                     "form the page's Content-Security-Policy frame-src.",
                     stringNode("An origin such as https://www.vidking.net."))
               .byDefault("[\"https://www.vidking.net\"]")},
          {"media_max_range_bytes",
           integerNode("Largest body of one /media/ response; longer ranges are cut (players "
                       "ask for the rest).")
               .min(65536)
               .max(268435456)
               .byDefault("8388608")},
      });
}

SchemaNode buildKernelSchema() {
  return objectNode(
      "The StreamIt kernel configuration.",
      {
          {"data_dir", stringNode("Directory for local state (SQLite file, ...); created when "
                                  "missing. Relative to the working directory.")
                           .byDefault(quoted("data"))},
          {"http", httpSchema()},
          {"log", logSchema()},
          {"storage", storageSchema()},
          {"realtime", realtimeSchema()},
          {"auth", authSchema()},
          {"plugins", pluginsSchema()},
          {"media", mediaSchema()},
          {"rooms", roomsSchema()},
          {"gateway", gatewaySchema()},
          {"chat", chatSchema()},
          {"web", webSchema()},
      });
}

}  // namespace

const SchemaNode& kernelSchema() {
  static const SchemaNode schema = buildKernelSchema();
  return schema;
}

}  // namespace streamit::config
