// The AsyncAPI client-message schemas mirror the decoder (issue #16): web/contract's
// decoder-corpus.mjs derives a few hundred messages from docs/api/asyncapi.yaml (each example,
// then one mutation at a time: missing, unknown, mistyped, out-of-range and over-long fields,
// bad ids) together with the schemas' verdict; every case must get the same verdict from
// protocol::decodeClientMessage.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "protocol/client_message.h"
#include "support/process.h"

namespace streamit::protocol {
namespace {

Poco::JSON::Array::Ptr loadCorpus(const std::filesystem::path& file) {
  const std::string command = std::string(STREAMIT_NODE_PATH) + " " + STREAMIT_CONTRACT_DIR +
                              "/decoder-corpus.mjs '" + file.string() + "' > /dev/null";
  // One child at a time, from the test's only thread.
  if (std::system(command.c_str()) != 0)  // NOLINT(concurrency-mt-unsafe)
    return nullptr;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return Poco::JSON::Parser()
      .parse(text.str())
      .extract<Poco::JSON::Object::Ptr>()
      ->getArray("cases");
}

TEST(ContractDecoder, SchemasAndDecoderAgreeOnEveryCorpusCase) {
  const testing::TempDir dir("streamit-contract-corpus");
  const auto cases = loadCorpus(dir.path() / "corpus.json");
  ASSERT_TRUE(cases) << "node " << STREAMIT_CONTRACT_DIR << "/decoder-corpus.mjs failed";
  ASSERT_GT(cases->size(), 100U);
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < cases->size(); ++i) {
    const auto entry = cases->getObject(static_cast<unsigned>(i));
    const auto name = entry->getValue<std::string>("name");
    const auto text = entry->getValue<std::string>("text");
    const bool schemaAccepts = entry->getValue<bool>("accept");
    const auto result = decodeClientMessage(text);
    const bool decoderAccepts = std::holds_alternative<ClientMessage>(result);
    accepted += decoderAccepts ? 1 : 0;
    EXPECT_EQ(decoderAccepts, schemaAccepts)
        << name << ": " << text << "\n  schema " << (schemaAccepts ? "accepts" : "refuses")
        << ", decoder "
        << (decoderAccepts ? "accepts" : "refuses: " + std::get<DecodeError>(result).message);
  }
  EXPECT_GT(accepted, 50U);
}

}  // namespace
}  // namespace streamit::protocol
