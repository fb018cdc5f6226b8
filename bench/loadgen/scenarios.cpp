#include "loadgen/scenarios.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/net.h"
#include "loadgen/client_pool.h"
#include "loadgen/kernel_api.h"
#include "loadgen/stats.h"

namespace streamit::bench {

namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

// How one target is reached and spoken to: endpoints, the host's command for a sequence
// number, and how to find that number in what a viewer receives.
struct TargetAdapter {
  Endpoint host;
  Endpoint viewerA;
  Endpoint viewerB;
  std::string typeFilter;  // a received text must contain this (empty: any)
  std::string marker;      // the sequence number follows this
  std::function<std::string(int)> command;
  std::string prepare;  // sent by the host before the commands; must yield a playback.state
};

std::string defaultHttpSource() {
  return "127.0.0." + std::to_string(2 + getpid() % 250);
}

TargetAdapter makeAdapter(const LoadOptions& options) {
  TargetAdapter adapter;
  const Url a = parseUrl(options.url);
  const Url b = parseUrl(options.urlB.empty() ? options.url : options.urlB);
  if (options.target == "kernel") {
    const std::string source =
        options.httpSource.empty() ? defaultHttpSource() : options.httpSource;
    const KernelSession session = openKernelSession(a.host, a.port, source);
    std::fprintf(stderr, "kernel: room %s\n", session.roomCode.c_str());
    const std::string path = "/api/v1/rooms/" + session.roomCode + "/ws";
    adapter.host = {a.host, a.port, path, "Bearer " + session.hostToken};
    adapter.viewerA = {a.host, a.port, path, "Bearer " + session.viewerToken};
    adapter.viewerB = {b.host, b.port, path, "Bearer " + session.viewerToken};
    adapter.typeFilter = "\"playback.state\"";
    adapter.marker = "\"position_s\":";
    if (options.mediaUrl.empty() && options.mode != "idle") {
      throw std::runtime_error("the kernel target needs --media-url (a source to seek in)");
    }
    adapter.prepare = R"({"type":"playback.set_source","id":"bench-source","data":{"provider":")" +
                      options.mediaProvider + R"(","ref":")" + options.mediaUrl + "\"}}";
    adapter.command = [](int seq) {
      const std::string n = std::to_string(seq);
      return R"({"type":"playback.seek","id":")" + n + R"(","data":{"position_s":)" + n + "}}";
    };
    return adapter;
  }
  if (options.target != "ref" && options.target != "node") {
    throw std::runtime_error("unknown target " + options.target);
  }
  const std::string room =
      options.room.empty() ? "bench-" + std::to_string(getpid()) : options.room;
  const auto pathOf = [&room](const Url& url, const char* role) {
    const std::string base = url.path.substr(0, url.path.find('?'));
    return base + "?room=" + room + "&role=" + role;
  };
  adapter.host = {a.host, a.port, pathOf(a, "host"), {}};
  adapter.viewerA = {a.host, a.port, pathOf(a, "viewer"), {}};
  adapter.viewerB = {b.host, b.port, pathOf(b, "viewer"), {}};
  adapter.marker = "\"seq\":";
  const std::string pad(static_cast<std::size_t>(std::max(0, options.payloadBytes - 40)), 'x');
  adapter.command = [pad](int seq) {
    return R"({"type":"bench","seq":)" + std::to_string(seq) + R"(,"pad":")" + pad + "\"}";
  };
  return adapter;
}

// The integer after `marker` (a decimal point and fraction are ignored), or -1.
long findNumber(std::string_view text, std::string_view marker) {
  auto pos = text.find(marker);
  if (pos == std::string_view::npos) {
    return -1;
  }
  pos += marker.size();
  while (pos < text.size() && text[pos] == ' ') {
    ++pos;
  }
  long value = -1;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = (value < 0 ? 0 : value * 10) + (text[pos] - '0');
    ++pos;
  }
  return value;
}

// Polls until `done` or the deadline; returns whether `done` became true.
bool pollUntil(ClientPool& pool, std::int64_t deadlineNs, const std::function<bool()>& done) {
  while (!done()) {
    const std::int64_t left = deadlineNs - nowNs();
    if (left <= 0) {
      return false;
    }
    pool.poll(static_cast<int>(std::min<std::int64_t>(left / kNsPerMs, 50)));
  }
  return true;
}

std::string failuresJson(const ClientPool& pool) {
  std::string out = "[";
  for (const auto& failure : pool.failures()) {
    if (out.size() > 1) {
      out += ",";
    }
    std::string escaped;
    for (char c : failure) {
      if (c == '"' || c == '\\') {
        escaped += '\\';
      }
      escaped += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    out += "\"" + escaped + "\"";
  }
  return out + "]";
}

struct Sample {
  std::uint32_t seq;  // 0-based command index
  std::uint8_t group;
  std::int64_t latencyNs;
};

struct ProcMemory {
  long vmRssKb = -1;
  long rssAnonKb = -1;
};

ProcMemory readMemory(int pid) {
  ProcMemory memory;
  if (pid <= 0) {
    return memory;
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      memory.vmRssKb = std::stol(line.substr(6));
    } else if (line.rfind("RssAnon:", 0) == 0) {
      memory.rssAnonKb = std::stol(line.substr(8));
    }
  }
  return memory;
}

}  // namespace

int runLatency(const LoadOptions& options) {
  const bool cross = options.mode == "crossnode";
  const TargetAdapter adapter = makeAdapter(options);
  ClientPool pool(static_cast<std::size_t>(options.maxInFlight), options.sourceAddresses);

  const bool steady = options.rate > 0;
  const int commands =
      steady ? static_cast<int>(options.rate * options.durationS) : options.commands;
  const std::int64_t intervalNs =
      steady ? static_cast<std::int64_t>(1e9 / options.rate) : options.intervalMs * kNsPerMs;

  const int groupA = cross ? options.controlViewers : options.viewers;
  const int groupB = cross ? options.viewers : 0;
  const int viewers = groupA + groupB;

  std::vector<std::int64_t> sentAt(static_cast<std::size_t>(commands), 0);
  std::vector<std::int64_t> lastAt(static_cast<std::size_t>(commands), 0);
  std::vector<int> received(static_cast<std::size_t>(commands), 0);
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(commands) * viewers, 0);
  std::vector<Sample> samples;
  samples.reserve(static_cast<std::size_t>(commands) * viewers);
  std::uint64_t unmatched = 0;
  bool prepared = false;
  std::string prepareError;

  int debugLeft = options.debugTexts;
  pool.setOnText([&](std::size_t id, std::string_view text, std::int64_t at) {
    if (debugLeft > 0 && id <= 1) {
      --debugLeft;
      std::fprintf(stderr, "[%s] %.*s\n", id == 0 ? "host" : "viewer",
                   static_cast<int>(std::min<std::size_t>(text.size(), 400)), text.data());
    }
    if (id == 0) {
      // The host's own echoes and acks; only the answer to `prepare` matters.
      if (!prepared && text.find("\"playback.state\"") != std::string_view::npos) {
        prepared = true;
      } else if (text.find("\"type\":\"error\"") != std::string_view::npos &&
                 prepareError.empty()) {
        prepareError = std::string(text);
      }
      return;
    }
    if (!adapter.typeFilter.empty() && text.find(adapter.typeFilter) == std::string_view::npos) {
      return;
    }
    const long seq = findNumber(text, adapter.marker);
    if (seq < 1) {
      return;  // e.g. the state after set_source, at position 0
    }
    if (seq > commands || sentAt[static_cast<std::size_t>(seq - 1)] == 0) {
      ++unmatched;
      return;
    }
    const auto index = static_cast<std::size_t>(seq - 1);
    const std::size_t viewer = id - 1;
    auto& flag = seen[index * static_cast<std::size_t>(viewers) + viewer];
    if (flag != 0) {
      return;
    }
    flag = 1;
    const std::int64_t latency = at - sentAt[index];
    samples.push_back({static_cast<std::uint32_t>(index),
                       static_cast<std::uint8_t>(static_cast<int>(viewer) < groupA ? 0 : 1),
                       latency});
    lastAt[index] = std::max(lastAt[index], at);
    ++received[index];
  });

  const std::int64_t connectStart = nowNs();
  const std::int64_t connectDeadline = connectStart + options.connectTimeoutS * 1'000'000'000LL;
  const std::size_t hostId = pool.add(adapter.host);
  pollUntil(pool, connectDeadline, [&] { return pool.pendingCount() == 0; });
  if (pool.state(hostId) != ClientPool::State::kOpen) {
    std::fprintf(stderr, "host failed to connect: %s\n",
                 pool.failures().empty() ? "timeout" : pool.failures().front().c_str());
    std::printf(
        "{\"mode\":\"%s\",\"target\":\"%s\",\"label\":\"%s\",\"error\":\"host failed\","
        "\"failures\":%s}\n",
        options.mode.c_str(), options.target.c_str(), options.label.c_str(),
        failuresJson(pool).c_str());
    return 1;
  }
  for (int i = 0; i < viewers; ++i) {
    pool.add(i < groupA ? adapter.viewerA : adapter.viewerB);
  }
  pollUntil(pool, connectDeadline, [&] { return pool.pendingCount() == 0; });
  const double connectS = static_cast<double>(nowNs() - connectStart) / 1e9;
  const std::size_t connectErrors = pool.closedCount();
  pollUntil(pool, nowNs() + options.settleMs * kNsPerMs, [] { return false; });
  if (!adapter.prepare.empty()) {
    pool.sendText(hostId, adapter.prepare);
    pollUntil(pool, nowNs() + 15'000 * kNsPerMs, [&] { return prepared || !prepareError.empty(); });
    if (!prepared) {
      std::fprintf(stderr, "host could not prepare the room: %s\n",
                   prepareError.empty() ? "no playback.state within 15 s" : prepareError.c_str());
      std::printf("{\"mode\":\"%s\",\"target\":\"%s\",\"label\":\"%s\",\"error\":\"%s\"}\n",
                  options.mode.c_str(), options.target.c_str(), options.label.c_str(),
                  "set_source failed");
      return 1;
    }
    pollUntil(pool, nowNs() + 200 * kNsPerMs, [] { return false; });  // viewers get it too
  }
  const std::size_t openViewers = pool.openCount() - 1;
  const std::size_t closedBefore = pool.closedCount();

  const std::int64_t start = nowNs();
  for (int k = 0; k < commands; ++k) {
    const std::int64_t due = start + k * intervalNs;
    for (std::int64_t now = nowNs(); now < due; now = nowNs()) {
      pool.poll(static_cast<int>((due - now) / kNsPerMs));
    }
    sentAt[static_cast<std::size_t>(k)] = nowNs();
    if (!pool.sendText(hostId, adapter.command(k + 1))) {
      std::fprintf(stderr, "host connection lost at command %d\n", k + 1);
      break;
    }
    pool.poll(0);
  }
  const std::int64_t sendEnd = nowNs();
  pollUntil(pool, nowNs() + options.drainMs * kNsPerMs, [&] {
    return std::all_of(received.begin(), received.end(),
                       [&](int n) { return static_cast<std::size_t>(n) >= openViewers; });
  });

  // Summaries.
  std::vector<std::int64_t> lastViewer;
  std::size_t incomplete = 0;
  std::uint64_t missing = 0;
  for (int k = 0; k < commands; ++k) {
    const auto index = static_cast<std::size_t>(k);
    if (sentAt[index] == 0) {
      ++incomplete;
      missing += openViewers;
      continue;
    }
    if (static_cast<std::size_t>(received[index]) >= openViewers && openViewers > 0) {
      lastViewer.push_back(lastAt[index] - sentAt[index]);
    } else {
      ++incomplete;
      missing += openViewers - std::min<std::size_t>(openViewers, received[index]);
    }
  }
  std::vector<std::int64_t> all[2];
  std::vector<std::int64_t> firstSecond;
  std::vector<std::int64_t> lastSecond;
  const std::int64_t sendSpan = sendEnd - start;
  for (const auto& sample : samples) {
    all[sample.group].push_back(sample.latencyNs);
    const std::int64_t sentOffset = sentAt[sample.seq] - start;
    if (sentOffset < 1'000'000'000) {
      firstSecond.push_back(sample.latencyNs);
    } else if (sentOffset >= sendSpan - 1'000'000'000) {
      lastSecond.push_back(sample.latencyNs);
    }
  }
  const Summary last = summarize(lastViewer);
  const Summary sameNode = summarize(all[0]);
  const Summary otherNode = summarize(all[1]);
  const Summary first = summarize(firstSecond);
  const Summary final = summarize(lastSecond);
  const std::size_t dropped = pool.closedCount() - closedBefore;

  std::string json = "{\"mode\":\"" + options.mode + "\",\"target\":\"" + options.target +
                     "\",\"label\":\"" + options.label +
                     "\",\"viewers\":" + std::to_string(viewers) +
                     ",\"open_viewers\":" + std::to_string(openViewers) +
                     ",\"connect_s\":" + std::to_string(connectS) +
                     ",\"connect_errors\":" + std::to_string(connectErrors) +
                     ",\"commands\":" + std::to_string(commands) +
                     ",\"interval_ms\":" + std::to_string(static_cast<double>(intervalNs) / 1e6) +
                     ",\"last_viewer\":" + toJson(last) + ",\"all_viewers\":" + toJson(sameNode);
  if (cross) {
    json += ",\"cross_node_viewers\":" + toJson(otherNode) +
            ",\"added_p50_ms\":" + std::to_string(otherNode.p50Ms - sameNode.p50Ms);
  }
  if (steady) {
    json += ",\"first_second\":" + toJson(first) + ",\"last_second\":" + toJson(final) +
            ",\"growth_p50_ms\":" + std::to_string(final.p50Ms - first.p50Ms);
  }
  json += ",\"incomplete_commands\":" + std::to_string(incomplete) +
          ",\"missing_deliveries\":" + std::to_string(missing) +
          ",\"unmatched_messages\":" + std::to_string(unmatched) +
          ",\"dropped_during_run\":" + std::to_string(dropped) +
          ",\"pings_answered\":" + std::to_string(pool.pingsAnswered()) +
          ",\"failures\":" + failuresJson(pool) + "}";
  std::printf("%s\n", json.c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "%s %s: %zu/%d viewers open (%.1fs), %d commands: last-viewer p50 %.2f ms p99 "
               "%.2f ms; all-viewer p50 %.2f ms p99 %.2f ms; incomplete %zu, missing %llu, "
               "connect errors %zu, dropped %zu\n",
               options.target.c_str(), options.mode.c_str(), openViewers, viewers, connectS,
               commands, last.p50Ms, last.p99Ms, sameNode.p50Ms, sameNode.p99Ms, incomplete,
               static_cast<unsigned long long>(missing), connectErrors, dropped);
  if (cross) {
    std::fprintf(stderr, "  cross-node viewers p50 %.2f ms p99 %.2f ms (added p50 %.2f ms)\n",
                 otherNode.p50Ms, otherNode.p99Ms, otherNode.p50Ms - sameNode.p50Ms);
  }
  if (steady) {
    std::fprintf(stderr, "  first second p50 %.2f ms, last second p50 %.2f ms\n", first.p50Ms,
                 final.p50Ms);
  }
  return (incomplete == 0 && connectErrors == 0 && dropped == 0) ? 0 : 1;
}

int runIdle(const LoadOptions& options) {
  const TargetAdapter adapter = makeAdapter(options);
  ClientPool pool(static_cast<std::size_t>(options.maxInFlight), options.sourceAddresses);
  const ProcMemory before = readMemory(options.serverPid);
  const std::int64_t start = nowNs();
  for (int i = 0; i < options.connections; ++i) {
    pool.add(adapter.viewerA);
  }
  pollUntil(pool, start + options.connectTimeoutS * 1'000'000'000LL,
            [&] { return pool.pendingCount() == 0; });
  const double rampS = static_cast<double>(nowNs() - start) / 1e9;
  const std::size_t opened = pool.openCount();
  const std::size_t connectErrors = pool.closedCount();
  pollUntil(pool, nowNs() + options.holdS * 1'000'000'000LL, [] { return false; });
  const ProcMemory after = readMemory(options.serverPid);
  const std::size_t stillOpen = pool.openCount();
  const double rate = rampS > 0 ? static_cast<double>(opened) / rampS : 0;
  const auto perConn = [&](long beforeKb, long afterKb) {
    return (beforeKb < 0 || stillOpen == 0)
               ? -1.0
               : static_cast<double>(afterKb - beforeKb) * 1024.0 / static_cast<double>(stillOpen);
  };
  const double rssPerConn = perConn(before.vmRssKb, after.vmRssKb);
  const double anonPerConn = perConn(before.rssAnonKb, after.rssAnonKb);
  char json[1024];
  std::snprintf(json, sizeof json,
                "{\"mode\":\"idle\",\"target\":\"%s\",\"label\":\"%s\",\"connections\":%d,"
                "\"opened\":%zu,\"still_open\":%zu,\"connect_errors\":%zu,\"ramp_s\":%.3f,"
                "\"conn_per_s\":%.1f,\"hold_s\":%d,\"server_pid\":%d,\"vmrss_kb_before\":%ld,"
                "\"vmrss_kb_after\":%ld,\"rssanon_kb_before\":%ld,\"rssanon_kb_after\":%ld,"
                "\"rss_bytes_per_conn\":%.0f,\"anon_bytes_per_conn\":%.0f,\"pings_answered\":%llu,",
                options.target.c_str(), options.label.c_str(), options.connections, opened,
                stillOpen, connectErrors, rampS, rate, options.holdS, options.serverPid,
                before.vmRssKb, after.vmRssKb, before.rssAnonKb, after.rssAnonKb, rssPerConn,
                anonPerConn, static_cast<unsigned long long>(pool.pingsAnswered()));
  std::printf("%s\"failures\":%s}\n", json, failuresJson(pool).c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "%s idle: %zu/%d open in %.2fs (%.0f conn/s), %zu still open after %ds, "
               "errors %zu; server RSS %ld→%ld kB (%.0f B/conn), anon %ld→%ld kB (%.0f B/conn)\n",
               options.target.c_str(), opened, options.connections, rampS, rate, stillOpen,
               options.holdS, connectErrors, before.vmRssKb, after.vmRssKb, rssPerConn,
               before.rssAnonKb, after.rssAnonKb, anonPerConn);
  for (const auto& failure : pool.failures()) {
    std::fprintf(stderr, "  %s\n", failure.c_str());
  }
  return (connectErrors == 0 && stillOpen == opened) ? 0 : 1;
}

}  // namespace streamit::bench
