// One behavioural contract, run against both RealtimeStore implementations.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "realtime/keys.h"
#include "realtime/scripts/versioned_hash_cas.h"
#include "store_fixture.h"

namespace streamit::realtime::test {
namespace {

using namespace std::chrono_literals;

template <typename Backend>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::make(metrics_, prefix_);
    if (!store_) {
      if (testing::serversRequired()) {
        FAIL() << "STREAMIT_TEST_REDIS_HOST/PORT not set but servers are required";
      }
      GTEST_SKIP() << "no test Redis (set STREAMIT_TEST_REDIS_HOST/PORT)";
    }
  }
  void TearDown() override {
    if (!store_)
      return;
    try {
      const auto left = store_->scan("*");
      if (!left.empty())
        store_->del(left);
    } catch (const std::exception&) {
    }
  }

  // Every key this test wrote must carry a TTL.
  void expectEveryKeyHasTtl() {
    for (const auto& key : store_->scan("*")) {
      EXPECT_GT(store_->pttl(key), 0) << key;
    }
  }

  metrics::Registry metrics_;
  std::string prefix_ = uniquePrefix();
  std::unique_ptr<RealtimeStore> store_;
};

TYPED_TEST_SUITE(StoreConformance, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

TYPED_TEST(StoreConformance, GetSetOverwrite) {
  auto& s = *this->store_;
  EXPECT_EQ(s.get("k"), std::nullopt);
  s.set("k", "v1", 10s);
  EXPECT_EQ(s.get("k"), "v1");
  s.set("k", std::string("v\0\r\n2", 5), 10s);
  EXPECT_EQ(s.get("k"), std::string("v\0\r\n2", 5));
  const auto ttl = s.pttl("k");
  EXPECT_GT(ttl, 9000);
  EXPECT_LE(ttl, 10000);
  EXPECT_EQ(s.pttl("missing"), -2);
}

TYPED_TEST(StoreConformance, KeysExpire) {
  auto& s = *this->store_;
  s.set("short", "v", 150ms);
  EXPECT_GT(s.pttl("short"), 0);
  EXPECT_LE(s.pttl("short"), 150);
  EXPECT_TRUE(eventually([&] { return !s.get("short").has_value(); }, 3s));
  EXPECT_EQ(s.pttl("short"), -2);
  EXPECT_TRUE(s.scan("*").empty());
}

TYPED_TEST(StoreConformance, WritesWithoutTtlAreRejected) {
  auto& s = *this->store_;
  EXPECT_THROW(s.set("k", "v", 0ms), std::invalid_argument);
  EXPECT_THROW(s.setIfAbsent("k", "v", -1ms), std::invalid_argument);
  EXPECT_THROW(s.incrBy("k", 1, 0ms), std::invalid_argument);
  EXPECT_THROW(s.hset("k", {{"a", "b"}}, 0ms), std::invalid_argument);
  EXPECT_THROW(s.pushCapped("k", "v", 5, 0ms), std::invalid_argument);
  EXPECT_TRUE(s.scan("*").empty());
}

TYPED_TEST(StoreConformance, SetIfAbsent) {
  auto& s = *this->store_;
  EXPECT_TRUE(s.setIfAbsent("lock", "a", 10s));
  EXPECT_FALSE(s.setIfAbsent("lock", "b", 10s));
  EXPECT_EQ(s.get("lock"), "a");
  EXPECT_GT(s.pttl("lock"), 0);
  EXPECT_EQ(s.del({"lock"}), 1);
  EXPECT_TRUE(s.setIfAbsent("lock", "c", 150ms));
  EXPECT_TRUE(eventually([&] { return s.setIfAbsent("lock", "d", 10s); }, 3s));
  EXPECT_EQ(s.get("lock"), "d");
}

TYPED_TEST(StoreConformance, IncrByRefreshesTtl) {
  auto& s = *this->store_;
  EXPECT_EQ(s.incrBy("n", 1, 150ms), 1);
  EXPECT_EQ(s.incrBy("n", 5, 10s), 6);
  EXPECT_GT(s.pttl("n"), 1000);
  EXPECT_EQ(s.incrBy("n", -10, 10s), -4);
  EXPECT_EQ(s.get("n"), "-4");
  s.set("text", "abc", 10s);
  EXPECT_THROW(s.incrBy("text", 1, 10s), std::runtime_error);
}

TYPED_TEST(StoreConformance, DelAndExpire) {
  auto& s = *this->store_;
  s.set("a", "1", 10s);
  s.set("b", "2", 10s);
  EXPECT_EQ(s.del({"a", "b", "c"}), 2);
  EXPECT_EQ(s.del({}), 0);
  EXPECT_EQ(s.get("a"), std::nullopt);
  EXPECT_FALSE(s.expire("a", 10s));
  s.set("c", "3", 10s);
  EXPECT_TRUE(s.expire("c", 150ms));
  EXPECT_LE(s.pttl("c"), 150);
  EXPECT_TRUE(eventually([&] { return s.pttl("c") == -2; }, 3s));
}

TYPED_TEST(StoreConformance, HashOps) {
  auto& s = *this->store_;
  EXPECT_TRUE(s.hgetall("h").empty());
  EXPECT_EQ(s.hget("h", "a"), std::nullopt);
  s.hset("h", {{"a", "1"}, {"b", "2"}}, 10s);
  EXPECT_EQ(s.hget("h", "a"), "1");
  EXPECT_EQ(s.hget("h", "zz"), std::nullopt);
  s.hset("h", {{"b", "3"}, {"c", "4"}}, 20s);
  EXPECT_GT(s.pttl("h"), 10000);
  const std::map<std::string, std::string> expected{{"a", "1"}, {"b", "3"}, {"c", "4"}};
  EXPECT_EQ(s.hgetall("h"), expected);
  EXPECT_EQ(s.hdel("h", {"a", "zz"}), 1);
  EXPECT_EQ(s.hdel("h", {"b", "c"}), 2);
  EXPECT_EQ(s.pttl("h"), -2);  // an emptied hash is gone, as on Redis
  EXPECT_EQ(s.hdel("h", {"a"}), 0);
  s.set("str", "x", 10s);
  EXPECT_THROW(s.hget("str", "a"), std::runtime_error);
}

TYPED_TEST(StoreConformance, PushCappedKeepsNewestAndExpires) {
  auto& s = *this->store_;
  for (int i = 1; i <= 7; ++i)
    s.pushCapped("chat", std::to_string(i), 5, 10s);
  EXPECT_EQ(s.range("chat", 0, -1), (std::vector<std::string>{"3", "4", "5", "6", "7"}));
  EXPECT_EQ(s.range("chat", -2, -1), (std::vector<std::string>{"6", "7"}));
  EXPECT_EQ(s.range("chat", 1, 2), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(s.range("chat", -100, 0), (std::vector<std::string>{"3"}));
  EXPECT_TRUE(s.range("chat", 10, 20).empty());
  EXPECT_TRUE(s.range("chat", 3, 1).empty());
  EXPECT_TRUE(s.range("missing", 0, -1).empty());
  EXPECT_GT(s.pttl("chat"), 9000);
  s.pushCapped("chat", "8", 5, 150ms);
  EXPECT_LE(s.pttl("chat"), 150);
  EXPECT_TRUE(eventually([&] { return s.range("chat", 0, -1).empty(); }, 3s));
}

TYPED_TEST(StoreConformance, ScanMatchesLogicalKeys) {
  auto& s = *this->store_;
  s.set(keys::roomState("A"), "1", 10s);
  s.pushCapped(keys::roomChat("A"), "hi", 10, 10s);
  s.hset(keys::roomState("B"), {{"v", "1"}}, 10s);
  s.set("other", "1", 10s);
  auto roomA = s.scan("room:{A}:*");
  std::sort(roomA.begin(), roomA.end());
  EXPECT_EQ(roomA, (std::vector<std::string>{"room:{A}:chat", "room:{A}:state"}));
  auto states = s.scan("room:*:state");
  std::sort(states.begin(), states.end());
  EXPECT_EQ(states, (std::vector<std::string>{"room:{A}:state", "room:{B}:state"}));
  EXPECT_EQ(s.scan("*").size(), 4u);
  EXPECT_TRUE(s.scan("nothing*").empty());
}

TYPED_TEST(StoreConformance, ManyKeysScanCompletely) {
  auto& s = *this->store_;
  for (int i = 0; i < 1200; ++i)
    s.set("bulk:" + std::to_string(i), "v", 10s);
  EXPECT_EQ(s.scan("bulk:*").size(), 1200u);
}

TYPED_TEST(StoreConformance, NoKeyWithoutTtl) {
  auto& s = *this->store_;
  s.set("a", "1", 10s);
  s.setIfAbsent("b", "1", 10s);
  s.incrBy("c", 3, 10s);
  s.hset("d", {{"f", "v"}}, 10s);
  s.pushCapped("e", "x", 3, 10s);
  s.eval(scripts::versionedHashCas(), {"f"}, {"0", "10000", "k", "v"});
  EXPECT_EQ(s.scan("*").size(), 6u);
  this->expectEveryKeyHasTtl();
}

// A real compare-and-set: both bodies must agree on every reply and on the stored state.
TYPED_TEST(StoreConformance, VersionedCompareAndSetScript) {
  auto& s = *this->store_;
  const Script& cas = scripts::versionedHashCas();
  const std::string key = keys::roomState("CAS1");
  auto reply = [](int applied, int version) {
    return Value::ofArray({Value::ofInt(applied), Value::ofInt(version)});
  };
  EXPECT_EQ(s.eval(cas, {key}, {"0", "10000", "position", "12.5", "paused", "1"}), reply(1, 1));
  EXPECT_EQ(s.eval(cas, {key}, {"0", "10000", "position", "99"}), reply(0, 1));
  EXPECT_EQ(s.eval(cas, {key}, {"1", "10000", "paused", "0"}), reply(1, 2));
  EXPECT_EQ(s.eval(cas, {key}, {"7", "10000"}), reply(0, 2));
  const std::map<std::string, std::string> expected{
      {"position", "12.5"}, {"paused", "0"}, {"version", "2"}};
  EXPECT_EQ(s.hgetall(key), expected);
  EXPECT_GT(s.pttl(key), 0);
}

// Value shapes: nil, integer, string, nested array must convert the same way on both.
TYPED_TEST(StoreConformance, ScriptReplyShapes) {
  auto& s = *this->store_;
  Script shapes{"test_shapes",
                "local v = redis.call('GET', KEYS[1])\n"
                "if ARGV[1] == 'nil' then return false end\n"
                "return {tonumber(ARGV[1]), v, {ARGV[2]}}\n",
                [](ScriptContext& context, const std::vector<std::string>& keys,
                   const std::vector<std::string>& args) {
                  if (args[0] == "nil")
                    return Value::nil();
                  auto v = context.get(keys[0]);
                  return Value::ofArray({Value::ofInt(std::stoll(args[0])),
                                         v ? Value::ofString(*v) : Value::nil(),
                                         Value::ofArray({Value::ofString(args[1])})});
                }};
  EXPECT_EQ(s.eval(shapes, {"x"}, {"nil", ""}), Value::nil());
  s.set("x", "hello", 10s);
  EXPECT_EQ(s.eval(shapes, {"x"}, {"42", "inner"}),
            Value::ofArray({Value::ofInt(42), Value::ofString("hello"),
                            Value::ofArray({Value::ofString("inner")})}));
}

struct Inbox {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> messages;
  std::set<std::thread::id> threads;
  void add(const std::string& channel, const std::string& message) {
    std::lock_guard lock(mutex);
    messages.emplace_back(channel, message);
    threads.insert(std::this_thread::get_id());
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return messages.size();
  }
};

TYPED_TEST(StoreConformance, PubSubDeliversInOrderOffThePublisherThread) {
  auto& s = *this->store_;
  const std::string channel = keys::roomChannel("PS1");
  Inbox inbox;
  auto sub = s.subscribe(
      {channel}, {[&](const std::string& c, const std::string& m) { inbox.add(c, m); }, nullptr});
  constexpr int kCount = 300;
  for (int i = 0; i < kCount; ++i)
    EXPECT_GE(s.publish(channel, std::to_string(i)), 1);
  ASSERT_TRUE(eventually([&] { return inbox.size() >= kCount; })) << inbox.size();
  std::lock_guard lock(inbox.mutex);
  ASSERT_EQ(inbox.messages.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(inbox.messages[i].first, channel);
    ASSERT_EQ(inbox.messages[i].second, std::to_string(i)) << "out of order at " << i;
  }
  EXPECT_EQ(inbox.threads.size(), 1u);
  EXPECT_FALSE(inbox.threads.contains(std::this_thread::get_id()));
}

TYPED_TEST(StoreConformance, UnsubscribeOnDestruction) {
  auto& s = *this->store_;
  const std::string channel = keys::roomChannel("PS2");
  const std::string other = keys::roomChannel("PS3");
  EXPECT_EQ(s.publish(channel, "nobody"), 0);
  Inbox first;
  Inbox second;
  auto a = s.subscribe({channel}, {[&](auto& c, auto& m) { first.add(c, m); }, nullptr});
  auto b = s.subscribe({channel, other}, {[&](auto& c, auto& m) { second.add(c, m); }, nullptr});
  s.publish(channel, "1");
  s.publish(other, "2");
  ASSERT_TRUE(eventually([&] { return first.size() == 1 && second.size() == 2; }));
  a.reset();
  s.publish(channel, "3");
  // One delivery thread in publish order: once b saw "3", a would have seen it too.
  ASSERT_TRUE(eventually([&] { return second.size() == 3; }));
  EXPECT_EQ(first.size(), 1u);
  b.reset();
  EXPECT_TRUE(eventually([&] { return s.publish(channel, "4") == 0; }));
  EXPECT_EQ(second.size(), 3u);
}

TYPED_TEST(StoreConformance, HandlerMayDropItsOwnSubscription) {
  auto& s = *this->store_;
  const std::string channel = keys::roomChannel("PS4");
  std::unique_ptr<Subscription> sub;
  std::mutex subMutex;
  std::atomic<int> calls{0};
  {
    std::lock_guard lock(subMutex);
    sub = s.subscribe({channel}, {[&](auto&, auto&) {
                                    ++calls;
                                    std::lock_guard inner(subMutex);
                                    sub.reset();
                                  },
                                  nullptr});
  }
  s.publish(channel, "1");
  s.publish(channel, "2");
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(subMutex);
    return sub == nullptr;
  }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(calls.load(), 1);
}

TYPED_TEST(StoreConformance, NowMsIsSane) {
  auto& s = *this->store_;
  const auto local = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  EXPECT_LT(std::llabs(s.nowMs() - local), 60'000);
  const auto a = s.nowMs();
  std::this_thread::sleep_for(20ms);
  EXPECT_GT(s.nowMs(), a);
}

TYPED_TEST(StoreConformance, HealthAndNames) {
  auto& s = *this->store_;
  EXPECT_EQ(s.healthName(), "realtime");
  EXPECT_EQ(s.backendName(), TypeParam::kName);
  const auto health = s.checkHealth();
  EXPECT_TRUE(health.ok) << health.detail;
}

TYPED_TEST(StoreConformance, PrefixesIsolateStores) {
  auto& s = *this->store_;
  auto other = TypeParam::make(this->metrics_, uniquePrefix());
  ASSERT_NE(other, nullptr);
  s.set("shared", "mine", 10s);
  EXPECT_EQ(other->get("shared"), std::nullopt);
  EXPECT_TRUE(other->scan("*").empty());
}

TYPED_TEST(StoreConformance, ConcurrentIncrementsAreAtomic) {
  auto& s = *this->store_;
  constexpr int kThreads = 4;
  constexpr int kEach = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i)
        s.incrBy("counter", 1, 10s);
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(s.get("counter"), std::to_string(kThreads * kEach));
}

}  // namespace
}  // namespace streamit::realtime::test
