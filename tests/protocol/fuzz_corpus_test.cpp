// Replays every file of tests/protocol/fuzz/corpus through the fuzz entry point, so inputs the
// fuzzer once found stay fixed without clang in CI. New findings: drop the file in the corpus.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int runEntry(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

TEST(ClientMessageFuzzCorpus, EveryFileReplaysCleanly) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(STREAMIT_PROTOCOL_CORPUS_DIR)) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(runEntry(bytes.str()), 0);
    ++files;
  }
  EXPECT_GE(files, 25U) << "the seed corpus went missing";
}

// Seeded mutations of corpus-like messages through the same invariants: bounded, repeatable.
TEST(ClientMessageFuzzCorpus, SeededMutationsKeepInvariants) {
  const std::string seeds[] = {
      R"({"type":"playback.seek","id":"a","data":{"position_s":12.5,"expected_version":3}})",
      R"({"type":"chat.send","data":{"text":"hi\u0007 there"}})",
      R"({"type":"playback.report","data":{"position_s":1,"buffering":true,"client_ms":5}})",
      R"({"type":"time.ping","data":{"t0":1700000000000.5}})"};
  std::mt19937 rng(20261124);
  for (int i = 0; i < 20000; ++i) {
    std::string input = seeds[rng() % std::size(seeds)];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !input.empty(); ++e) {
      const std::size_t at = rng() % input.size();
      switch (rng() % 3) {
        case 0:
          input[at] = static_cast<char>(rng());
          break;
        case 1:
          input.erase(at, 1);
          break;
        default:
          input.insert(at, 1, "{}[]\",:\\0e-"[rng() % 11]);
      }
    }
    ASSERT_EQ(runEntry(input), 0) << input;
  }
}

}  // namespace
