// Unit test of ExampleProvider through its ABI interface, with the SDK's FakeHost.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "example_provider.h"
#include "streamit/sdk/testing.h"

namespace {

int failures = 0;
void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

// Collects what the provider writes, as the kernel does.
struct Sink final : streamit::sdk::PlaybackSourceSinkV1 {
  void source(const StreamItPlaybackSource* s) noexcept override {
    got = streamit::sdk::fromPod(*s);
  }
  void error(StreamItStr m) noexcept override { message = streamit::sdk::toString(m); }
  streamit::sdk::PlaybackSource got;
  std::string message;
};

}  // namespace

int main() {
  streamit::sdk::testing::FakeHost host(R"({"base_url":"https://m.test","cache_ttl_s":60})");
  example::ExampleProvider provider{streamit::sdk::Host(&host)};
  streamit::sdk::PlaybackProviderV1& abi = provider;  // what the kernel calls

  Sink sink;
  expect(abi.resolve(streamit::sdk::toStr("example:sintel"), sink) == STREAMIT_STATUS_OK,
         "resolve ok");
  expect(sink.got.url == "https://m.test/sintel.mp4", "url");
  expect(sink.got.kind == STREAMIT_SOURCE_MP4, "kind");
  expect(host.cache.at("source:sintel").second == 60000, "cached with the configured TTL");
  expect(host.counters["resolves"] == 1, "counter");

  Sink missing;
  expect(abi.resolve(streamit::sdk::toStr("vidking:1"), missing) == STREAMIT_STATUS_NOT_FOUND,
         "foreign reference is NOT_FOUND");
  expect(missing.message == "not an example: reference", "error message");

  if (failures == 0)
    std::puts("example_provider_test: all passed");
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
