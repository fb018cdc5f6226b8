#include "support/postgres_server.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "storage/postgres_database.h"

namespace streamit::testing {
namespace {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

std::string resolveBindir(const std::string& bindir) {
  if (!bindir.empty())
    return bindir;
  return envOr("STREAMIT_TEST_PG_BINDIR", "/usr/lib/postgresql/15/bin");
}

void registerConnector() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
}

Poco::Data::Session connect(const storage::PostgresConfig& config) {
  registerConnector();
  return Poco::Data::Session("PostgreSQL", storage::postgresConnectionString(config));
}

void chownTree(const fs::path& path, uid_t uid, gid_t gid) {
  if (::chown(path.c_str(), uid, gid) != 0)
    throw std::runtime_error("chown " + path.string());
  if (!fs::is_directory(path))
    return;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (::chown(entry.path().c_str(), uid, gid) != 0) {
      throw std::runtime_error("chown " + entry.path().string());
    }
  }
}

}  // namespace

std::optional<std::string> PostgresServer::unavailableReason(const std::string& bindir) {
  const std::string dir = resolveBindir(bindir);
  for (const char* tool : {"initdb", "postgres"}) {
    if (!fs::exists(fs::path(dir) / tool))
      return dir + "/" + tool + " not found";
  }
  if (::geteuid() == 0 && ::getpwnam("postgres") == nullptr) {
    return "running as root and there is no `postgres` user to run the server as";
  }
  return std::nullopt;
}

PostgresServer::PostgresServer(Options options) : options_(std::move(options)) {
  options_.bindir = resolveBindir(options_.bindir);
  if (auto reason = unavailableReason(options_.bindir))
    throw std::runtime_error(*reason);
  dir_ = std::make_unique<TempDir>("streamit-pg");
  const fs::path pwfile = dir_->path() / "superuser.pw";
  std::ofstream(pwfile) << options_.password << "\n";
  fs::create_directories(dir_->path() / "sock");

  std::optional<std::string> runAs;
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    chownTree(dir_->path(), pw->pw_uid, pw->pw_gid);
    runAs = "postgres";
  }
  ChildProcess::Options initdb;
  initdb.argv = {options_.bindir + "/initdb",
                 "-D",
                 (dir_->path() / "data").string(),
                 "-U",
                 "postgres",
                 "--pwfile=" + pwfile.string(),
                 "--auth-host=scram-sha-256",
                 "--auth-local=trust",
                 "-E",
                 "UTF8",
                 "--no-locale",
                 "--no-sync"};
  initdb.logFile = dir_->path() / "initdb.log";
  initdb.runAsUser = runAs;
  initdb.workingDir = dir_->path();
  ChildProcess child(initdb);
  if (child.waitExit(std::chrono::seconds(60)) != 0) {
    throw std::runtime_error("initdb failed: " + child.readLog());
  }
  port_ = freeTcpPort();
}

PostgresServer::~PostgresServer() {
  stop();
}

void PostgresServer::start(std::chrono::milliseconds timeout) {
  if (server_.running())
    return;
  ChildProcess::Options opts;
  opts.argv = {options_.bindir + "/postgres",
               "-D",
               (dir_->path() / "data").string(),
               "-p",
               std::to_string(port_),
               "-k",
               (dir_->path() / "sock").string(),
               "-c",
               "listen_addresses=127.0.0.1",
               "-c",
               "fsync=off",
               "-c",
               "full_page_writes=off",
               "-c",
               "synchronous_commit=off",
               "-c",
               "max_connections=30",
               "-c",
               "shared_buffers=16MB"};
  opts.logFile = dir_->path() / "server.log";
  if (::geteuid() == 0)
    opts.runAsUser = "postgres";
  opts.workingDir = dir_->path();
  server_ = ChildProcess(opts);

  storage::PostgresConfig super = config();
  super.user = "postgres";
  super.database = "postgres";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string lastError;
  for (;;) {
    if (!server_.running())
      throw std::runtime_error("postgres exited: " + serverLog());
    try {
      // The port accepts connections before recovery ends ("the database system is starting
      // up"), so readiness means a successful login.
      auto session = connect(super);
      if (!provisioned_) {
        session << "CREATE ROLE " + options_.user + " LOGIN PASSWORD '" + options_.password + "'",
            now;
        session << "CREATE DATABASE " + options_.database + " OWNER " + options_.user, now;
        provisioned_ = true;
      }
      return;
    } catch (const Poco::Exception& e) {
      lastError = e.displayText();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("postgres not ready: " + lastError + "\n" + serverLog());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void PostgresServer::stop(std::chrono::milliseconds timeout) {
  server_.stop(SIGINT, timeout);
}

bool PostgresServer::running() {
  return server_.running();
}

storage::PostgresConfig PostgresServer::config() const {
  storage::PostgresConfig c;
  c.host = "127.0.0.1";
  c.port = port_;
  c.user = options_.user;
  c.password = options_.password;
  c.database = options_.database;
  c.sslmode = "disable";
  c.connect_timeout_ms = 2000;
  c.statement_timeout_ms = 2000;
  return c;
}

std::string PostgresServer::serverLog() const {
  std::ifstream in(dir_->path() / "server.log");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<storage::PostgresConfig> sharedPostgresConfig() {
  const std::string host = envOr("STREAMIT_TEST_PG_HOST");
  const std::string port = envOr("STREAMIT_TEST_PG_PORT");
  if (host.empty() || port.empty())
    return std::nullopt;
  storage::PostgresConfig c;
  c.host = host;
  c.port = std::stoi(port);
  c.user = envOr("STREAMIT_TEST_PG_USER", "streamit");
  c.password = envOr("STREAMIT_TEST_PG_PASSWORD");
  c.database = envOr("STREAMIT_TEST_PG_DATABASE", "streamit_test");
  c.sslmode = "disable";
  c.connect_timeout_ms = 3000;
  c.statement_timeout_ms = 5000;
  return c;
}

ScratchPostgresDatabase::ScratchPostgresDatabase(const storage::PostgresConfig& admin)
    : admin_(admin), config_(admin) {
  static std::atomic<int> counter{0};
  std::random_device random;
  config_.database = "streamit_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                     "_" + std::to_string(random() % 100000);
  auto session = connect(admin_);
  session << "CREATE DATABASE " + config_.database, now;
}

ScratchPostgresDatabase::~ScratchPostgresDatabase() {
  try {
    auto session = connect(admin_);
    session << "DROP DATABASE IF EXISTS " + config_.database + " WITH (FORCE)", now;
  } catch (const std::exception&) {
    // Best effort: a leftover scratch database is harmless and uniquely named.
  }
}

}  // namespace streamit::testing
