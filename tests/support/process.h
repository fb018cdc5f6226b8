#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace streamit::testing {

// A loopback TCP port nobody listens on right now. Bound without SO_REUSEPORT so a port held
// by a stale server is never handed out (see POCO-1.11-PITFALLS: Poco binds with reuseport).
int freeTcpPort();

// True once something accepts TCP connections on 127.0.0.1:port, false at the deadline.
bool waitForTcp(int port, std::chrono::milliseconds timeout);

// A directory under $TMPDIR removed (recursively) on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "streamit-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A child process started with fork+exec and always reaped: the destructor sends SIGTERM,
// waits, then SIGKILLs by PID. Output goes to `logFile` (appended) so failures can be read.
class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> argv;           // argv[0] is the executable path
    std::map<std::string, std::string> env;  // added to (or replacing in) the environment
    std::filesystem::path logFile;           // empty: inherit stdout/stderr
    std::optional<std::string> runAsUser;    // drop to this user (e.g. "postgres")
    std::filesystem::path workingDir;        // empty: inherit
  };

  ChildProcess() = default;
  explicit ChildProcess(Options options);
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and waits up to `timeout` for exit; SIGKILL after that. Returns the exit
  // status as from waitpid (or -1 when there was no process).
  int stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for a normal exit; returns the exit code, or -1 on timeout (the process is killed).
  int waitExit(std::chrono::milliseconds timeout);
  void sendSignal(int signal);
  std::string readLog() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path logFile_;
  int status_ = -1;
};

// Reads an environment variable; empty when unset.
std::string envOr(const char* name, const std::string& fallback = {});

// Whether the README test command started the real servers. When it did
// (STREAMIT_TEST_REQUIRE_SERVERS=1), a missing server is a failure, never a skip.
bool serversRequired();

// Runs a shell command, returns its exit code; output appended to `log` when given.
int runCommand(const std::string& command);

}  // namespace streamit::testing
