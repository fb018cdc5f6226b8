// Wall time of one scrypt password hash (= one login or registration) for the shipped
// parameters and the neighbours an operator might pick; see docs/adr/0005-password-kdf.md.
// Args: log2(N), r, p. Memory per hash = 128·r·N bytes.
#include <benchmark/benchmark.h>

#include <string>

#include "password_hash.h"

namespace {

using streamit::local::ScryptParams;

void BM_ScryptHash(benchmark::State& state) {
  const ScryptParams params{static_cast<std::uint32_t>(state.range(0)),
                            static_cast<std::uint32_t>(state.range(1)),
                            static_cast<std::uint32_t>(state.range(2)), 16, 32};
  const std::string password = "correct horse battery staple";
  for (auto _ : state)
    benchmark::DoNotOptimize(streamit::local::hashPassword(password, params));
  state.counters["mem_MiB"] =
      static_cast<double>(streamit::local::scryptMemoryBytes(params)) / (1024.0 * 1024.0);
}

// Verification is what a login costs (hash + constant-time compare).
void BM_ScryptVerify(benchmark::State& state) {
  const ScryptParams params{static_cast<std::uint32_t>(state.range(0)),
                            static_cast<std::uint32_t>(state.range(1)),
                            static_cast<std::uint32_t>(state.range(2)), 16, 32};
  const std::string password = "correct horse battery staple";
  const std::string encoded = streamit::local::hashPassword(password, params);
  for (auto _ : state)
    benchmark::DoNotOptimize(streamit::local::verifyPassword(password, encoded));
}

// The shipped default first (ln=15, r=8, p=3), then the OWASP-equivalent alternatives.
BENCHMARK(BM_ScryptHash)
    ->Args({15, 8, 3})
    ->Args({14, 8, 5})
    ->Args({16, 8, 2})
    ->Args({17, 8, 1})
    ->Args({14, 8, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ScryptVerify)->Args({15, 8, 3})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
