// Pins the bytes of every SDK header. If this fails you changed the plugin contract: decide,
// per docs/sdk/abi-policy.md, whether it is
//   - no ABI change (comments/formatting only): just update kPinnedHash;
//   - a compatible addition (new field appended to a size-prefixed struct, new kind, new
//     interface V2 beside V1, new constant): bump STREAMIT_SDK_ABI_MINOR;
//   - anything else (changed/removed/reordered field or virtual, changed signature):
//     bump STREAMIT_SDK_ABI_MAJOR and reset the minor to 0;
// then update kPinnedAbi and kPinnedHash below in the same change.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "streamit/sdk/abi.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kPinnedAbi = "1.2";
constexpr const char* kPinnedHash =
    "dd30a64a0a3caf9b40aa0f5809d45ce51c24e61d6a442ff04cb9bc01b2dc5abc";

std::string sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  std::ostringstream hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex << "0123456789abcdef"[digest[i] >> 4] << "0123456789abcdef"[digest[i] & 0xf];
  }
  return hex.str();
}

TEST(SdkAbiHash, HeadersMatchThePinnedVersionDecision) {
  fs::path dir = fs::path(STREAMIT_SOURCE_DIR) / "sdk/include/streamit/sdk";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    all += f.filename().string() + '\0';
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    all += '\0';
  }
  std::string abi =
      std::to_string(STREAMIT_SDK_ABI_MAJOR) + "." + std::to_string(STREAMIT_SDK_ABI_MINOR);
  EXPECT_EQ(abi, kPinnedAbi) << "ABI version changed: update kPinnedAbi together with kPinnedHash";
  EXPECT_EQ(sha256Hex(all), kPinnedHash)
      << "The SDK headers changed. Make the version decision described at the top of "
         "tests/plugins/abi_hash_test.cpp and docs/sdk/abi-policy.md, then pin the new hash.";
}

}  // namespace
