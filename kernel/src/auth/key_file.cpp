#include "auth/key_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "auth/token_keys.h"

namespace streamit::auth {
namespace {

constexpr std::size_t kGeneratedBytes = 32;
constexpr mode_t kKeyFileMode = 0600;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw std::runtime_error("key file '" + path.string() + "': " + what);
}

std::string errnoText() {
  return std::generic_category().message(errno);
}

std::string readKey(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, "cannot read: " + errnoText());
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
    secret.pop_back();
  if (secret.size() < kMinKeyBytes) {
    fail(path, "holds " + std::to_string(secret.size()) + " bytes; at least " +
                   std::to_string(kMinKeyBytes) + " (256 bits) are required");
  }
  return secret;
}

std::string randomHex() {
  std::array<unsigned char, kGeneratedBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the OpenSSL CSPRNG failed to produce a key");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char b : bytes) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0x0F]);
  }
  return hex;
}

void writeAll(int fd, const std::string& text, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      fail(path, "cannot write: " + errnoText());
    done += static_cast<std::size_t>(n);
  }
}

void create(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    fail(path, "cannot create its directory: " + ec.message());
  const std::filesystem::path temp =
      path.string() + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kKeyFileMode);
  if (fd < 0)
    fail(temp, "cannot create: " + errnoText());
  try {
    // The umask can only narrow 0600, but be exact: the check is "nobody else can read it".
    if (::fchmod(fd, kKeyFileMode) != 0)
      fail(temp, "cannot chmod: " + errnoText());
    writeAll(fd, randomHex() + "\n", temp);
    if (::fsync(fd) != 0)
      fail(temp, "cannot sync: " + errnoText());
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  // link() refuses to replace: when another process won the race, its key stands.
  const int linked = ::link(temp.c_str(), path.c_str());
  const int linkErrno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && linkErrno != EEXIST) {
    errno = linkErrno;
    fail(path, "cannot create: " + errnoText());
  }
}

}  // namespace

std::string ensureKeyFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    create(path);
  return readKey(path);
}

}  // namespace streamit::auth
