// Pure parts of chat: batching, message ids, the stored entry JSON.
#include "chat/chat_batcher.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "chat/chat_entry.h"
#include "chat/message_id.h"

namespace streamit::chat {
namespace {

ChatEntry entry(const std::string& id) {
  return ChatEntry{id, "u1", "Ann", "hi " + id, 1000};
}

TEST(ChatBatcher, FlushesWhenTheOldestMessageIsOneWindowOld) {
  ChatBatcher batcher(50, 10);
  EXPECT_FALSE(batcher.due(0));
  EXPECT_FALSE(batcher.dueAtMs().has_value());
  EXPECT_FALSE(batcher.add(entry("a"), 1000));
  EXPECT_FALSE(batcher.add(entry("b"), 1030));
  EXPECT_EQ(batcher.dueAtMs(), 1050);
  EXPECT_FALSE(batcher.due(1049));
  EXPECT_TRUE(batcher.due(1050));
  const auto batch = batcher.take();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, "a");
  EXPECT_EQ(batch[1].id, "b");
  EXPECT_TRUE(batcher.empty());
  EXPECT_FALSE(batcher.due(5000));
  // The window restarts with the next batch's first message, not the previous one's.
  batcher.add(entry("c"), 2000);
  EXPECT_FALSE(batcher.due(2049));
  EXPECT_TRUE(batcher.due(2050));
}

TEST(ChatBatcher, SaysWhenTheBatchIsFull) {
  ChatBatcher batcher(1000, 3);
  EXPECT_FALSE(batcher.add(entry("a"), 0));
  EXPECT_FALSE(batcher.add(entry("b"), 0));
  EXPECT_TRUE(batcher.add(entry("c"), 0));
  EXPECT_EQ(batcher.take().size(), 3u);
  EXPECT_EQ(batcher.size(), 0u);
}

TEST(ChatBatcher, ZeroWindowIsDueAtOnceAndZeroMaxMeansOne) {
  ChatBatcher batcher(0, 0);
  EXPECT_TRUE(batcher.add(entry("a"), 7));
  EXPECT_TRUE(batcher.due(7));
}

TEST(MessageIds, Base36IsFixedWidth) {
  EXPECT_EQ(toBase36(0, 4), "0000");
  EXPECT_EQ(toBase36(35, 2), "0z");
  EXPECT_EQ(toBase36(36, 2), "10");
  EXPECT_EQ(toBase36(1295, 1), "zz");  // wider values are not truncated
}

TEST(MessageIds, SortByTimeAsStringsAndAreUniquePerNode) {
  MessageIdGenerator node("n1");
  const std::string early = node.next(999);
  const std::string late = node.next(1'700'000'000'000);
  EXPECT_LT(early, late);
  EXPECT_EQ(late.substr(0, 9).size(), 9u);
  EXPECT_NE(late.find("-n1-"), std::string::npos);
  // Same millisecond: the sequence orders and separates them.
  const std::string a = node.next(5000);
  const std::string b = node.next(5000);
  EXPECT_LT(a, b);
  // Another node in the same millisecond never collides.
  MessageIdGenerator other("n2");
  EXPECT_NE(other.next(5000).substr(0, 13), std::string());
  EXPECT_NE(MessageIdGenerator("n2").next(5000), MessageIdGenerator("n1").next(5000));
}

TEST(MessageIds, UniqueAcrossThreads) {
  MessageIdGenerator node("n1");
  std::vector<std::vector<std::string>> produced(4);
  std::vector<std::thread> threads;
  for (auto& out : produced) {
    threads.emplace_back([&node, &out] {
      for (int i = 0; i < 1000; ++i)
        out.push_back(node.next(42));
    });
  }
  for (auto& t : threads)
    t.join();
  std::set<std::string> all;
  for (const auto& out : produced)
    all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 4000u);
}

TEST(ChatEntryJson, RoundTripsWithTheIdFirst) {
  const ChatEntry original{"abc-n1-000001", "user-1", "Ann \"A\"", "<b>hi</b> ünï\n", 1234};
  const std::string text = toJsonText(original);
  EXPECT_EQ(text.rfind(storedPrefix(original.id), 0), 0u) << text;
  const auto parsed = entryFromJson(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, original);
}

TEST(ChatEntryJson, RefusesOtherShapes) {
  EXPECT_FALSE(entryFromJson("not json").has_value());
  EXPECT_FALSE(entryFromJson("[1]").has_value());
  EXPECT_FALSE(entryFromJson(R"({"id":"a","user_id":"u","display_name":"d","text":"t"})"));
  EXPECT_FALSE(entryFromJson(R"({"id":1,"user_id":"u","display_name":"d","text":"t","ts_ms":1})"));
  EXPECT_FALSE(
      entryFromJson(R"({"id":"a","user_id":"u","display_name":"d","text":"t","ts_ms":"1"})"));
}

}  // namespace
}  // namespace streamit::chat
