// Replays every file of tests/auth/fuzz/corpus through the fuzz entry point, so crashes the
// fuzzer once found stay fixed without clang in CI. New findings: drop the file in the corpus.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

TEST(AuthFuzzCorpus, EveryFileReplaysCleanly) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(STREAMIT_AUTH_CORPUS_DIR)) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string data = bytes.str();
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()), 0);
    ++files;
  }
  EXPECT_GE(files, 8U) << "the seed corpus went missing";
}

}  // namespace
