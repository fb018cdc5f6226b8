#include "app/cli.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/kernel.h"
#include "app/plugins_subsystem.h"
#include "app/termination.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "log/logger.h"
#include "plugins/plugin_status.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"
#include "streamit/sdk/abi.h"

namespace streamit::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr const char* kDefaultConfig = "config/streamit.yaml";

constexpr const char* kUsage =
    "usage: streamit <command> [options]\n"
    "  serve [--config FILE]          run the kernel (default: $STREAMIT_CONFIG or "
    "config/streamit.yaml)\n"
    "  migrate [--config FILE]        apply pending database migrations and exit\n"
    "  config check FILE              validate a config file\n"
    "  plugins list [--config FILE]   load the configured plugins and show their status\n"
    "  version                        print versions\n";

// Reads `--config FILE` (or `--config=FILE`) from args; falls back to $STREAMIT_CONFIG, then
// config/streamit.yaml. Any other argument is a usage error.
bool configPathFrom(const std::vector<std::string>& args, std::string& path) {
  // Read before any thread starts, so getenv cannot race a setenv.
  const char* fromEnv = std::getenv("STREAMIT_CONFIG");  // NOLINT(concurrency-mt-unsafe)
  path = fromEnv != nullptr ? fromEnv : kDefaultConfig;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      path = args[++i];
    } else if (args[i].rfind("--config=", 0) == 0) {
      path = args[i].substr(9);
    } else {
      std::cerr << "streamit: unexpected argument '" << args[i] << "'\n" << kUsage;
      return false;
    }
  }
  return true;
}

// Loads and validates the config; prints every problem and returns false when it is invalid.
bool loadKernelConfig(const std::vector<std::string>& args, config::KernelConfig& out) {
  std::string path;
  if (!configPathFrom(args, path))
    return false;
  try {
    out = config::loadConfig(path);
  } catch (const config::ConfigError& e) {
    std::cerr << "streamit: invalid configuration\n" << e.what() << "\n";
    return false;
  }
  log::setLevel(out.log.level);
  return true;
}

int serve(const std::vector<std::string>& args) {
  config::KernelConfig config;
  if (!loadKernelConfig(args, config))
    return kExitUsage;
  blockTerminationSignals();
  Kernel kernel(config);
  try {
    kernel.start();
  } catch (const std::exception& e) {
    std::cerr << "streamit: start-up failed: " << e.what() << "\n";
    return kExitFailure;
  }
  const std::string url =
      config.http.public_base_url.empty()
          ? "http://" + config.http.host + ":" + std::to_string(kernel.httpPort())
          : config.http.public_base_url;
  std::cout << "StreamIt " << STREAMIT_VERSION << " serving on " << url << std::endl;
  const int signal = waitForTermination();
  log::Logger("kernel").info("stopping", {{"signal", std::to_string(signal)}});
  kernel.stop();
  return kExitOk;
}

int migrate(const std::vector<std::string>& args) {
  config::KernelConfig config;
  if (!loadKernelConfig(args, config))
    return kExitUsage;
  try {
    metrics::Registry metrics;
    auto database = storage::openDatabase(config.storage, config.data_dir, metrics);
    storage::Migrator migrator(*database);
    const int applied = migrator.migrate();
    std::cout << "applied " << applied << " migration(s); schema version "
              << migrator.currentVersion() << " (" << database->backendName() << ")\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "streamit: migrate failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

int pluginsList(const std::vector<std::string>& args) {
  config::KernelConfig config;
  if (!loadKernelConfig(args, config))
    return kExitUsage;
  // Listing loads each plugin exactly as serve would, without a realtime store: a plugin
  // that needs its cache during create() shows up as failed with that reason.
  auto manager = makePluginManager(nullptr, nullptr);
  int status = kExitOk;
  try {
    manager->loadAll(config.plugins);
  } catch (const std::exception& e) {
    status = kExitFailure;
  }
  plugins::printPluginList(manager->statuses(), std::cout);
  return status;
}

int version() {
  std::cout << "streamit " << STREAMIT_VERSION << "\n"
            << "sdk abi " << STREAMIT_SDK_ABI_MAJOR << "." << STREAMIT_SDK_ABI_MINOR << "\n"
            << "toolchain " << STREAMIT_SDK_TOOLCHAIN_TAG << "\n";
  return kExitOk;
}

}  // namespace

int runCli(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "serve")
    return serve(rest);
  if (command == "migrate")
    return migrate(rest);
  if (command == "version" || command == "--version")
    return version();
  if (command == "config" && rest.size() == 2 && rest[0] == "check") {
    return config::checkConfigFile(rest[1], std::cout, std::cerr);
  }
  if (command == "plugins" && !rest.empty() && rest[0] == "list") {
    return pluginsList({rest.begin() + 1, rest.end()});
  }
  std::cerr << "streamit: unknown command '" << command << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace streamit::app
