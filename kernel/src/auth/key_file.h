#pragma once

#include <filesystem>
#include <string>

namespace streamit::auth {

// Returns the secret held in `path`, creating the file first when it does not exist: 32
// random bytes from the OS CSPRNG, written hex-encoded (64 characters, so the file also works
// as a `secret_file`) with mode 0600. Creation is atomic (write a temporary file, then link),
// so two kernels starting together on one data dir agree on the key. A trailing newline is
// not part of the secret. Throws std::runtime_error naming the path when the file cannot be
// created or read, or holds fewer than kMinKeyBytes.
std::string ensureKeyFile(const std::filesystem::path& path);

}  // namespace streamit::auth
