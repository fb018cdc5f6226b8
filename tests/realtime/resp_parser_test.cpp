#include "realtime/resp_parser.h"

#include <gtest/gtest.h>

#include <random>

namespace streamit::realtime {
namespace {

using Type = RespReply::Type;

std::vector<RespReply> parseAll(RespParser& parser) {
  std::vector<RespReply> out;
  RespReply reply;
  while (parser.next(reply) == RespParser::Status::kReply)
    out.push_back(reply);
  return out;
}

RespReply parseOne(std::string_view bytes) {
  RespParser parser;
  parser.feed(bytes);
  RespReply reply;
  EXPECT_EQ(parser.next(reply), RespParser::Status::kReply) << parser.error();
  EXPECT_EQ(parser.buffered(), 0u);
  return reply;
}

RespReply bulk(std::string s) {
  RespReply r;
  r.type = Type::kBulkString;
  r.string = std::move(s);
  return r;
}

TEST(RespParser, SimpleString) {
  const auto r = parseOne("+OK\r\n");
  EXPECT_EQ(r.type, Type::kSimpleString);
  EXPECT_EQ(r.string, "OK");
}

TEST(RespParser, Error) {
  const auto r = parseOne("-ERR unknown command\r\n");
  EXPECT_EQ(r.type, Type::kError);
  EXPECT_EQ(r.string, "ERR unknown command");
}

TEST(RespParser, Integers) {
  EXPECT_EQ(parseOne(":0\r\n").integer, 0);
  EXPECT_EQ(parseOne(":-42\r\n").integer, -42);
  EXPECT_EQ(parseOne(":9223372036854775807\r\n").integer, INT64_MAX);
  EXPECT_EQ(parseOne(":7\r\n").type, Type::kInteger);
}

TEST(RespParser, BulkStringsIncludingBinaryAndEmpty) {
  EXPECT_EQ(parseOne("$5\r\nhello\r\n"), bulk("hello"));
  EXPECT_EQ(parseOne("$0\r\n\r\n"), bulk(""));
  EXPECT_EQ(parseOne(std::string("$4\r\na\r\n\0\r\n", 10)), bulk(std::string("a\r\n\0", 4)));
}

TEST(RespParser, NilBulkAndNilArray) {
  EXPECT_EQ(parseOne("$-1\r\n").type, Type::kNil);
  EXPECT_EQ(parseOne("*-1\r\n").type, Type::kNil);
}

TEST(RespParser, EmptyAndNestedArrays) {
  const auto empty = parseOne("*0\r\n");
  EXPECT_EQ(empty.type, Type::kArray);
  EXPECT_TRUE(empty.array.empty());

  const auto r = parseOne("*3\r\n$7\r\nmessage\r\n*2\r\n:1\r\n*1\r\n$-1\r\n+x\r\n");
  ASSERT_EQ(r.type, Type::kArray);
  ASSERT_EQ(r.array.size(), 3u);
  EXPECT_EQ(r.array[0], bulk("message"));
  ASSERT_EQ(r.array[1].array.size(), 2u);
  EXPECT_EQ(r.array[1].array[0].integer, 1);
  EXPECT_EQ(r.array[1].array[1].array[0].type, Type::kNil);
  EXPECT_EQ(r.array[2].string, "x");
}

TEST(RespParser, SeveralRepliesInOneFeed) {
  RespParser parser;
  parser.feed("+A\r\n:2\r\n$1\r\nc\r\n");
  const auto replies = parseAll(parser);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].string, "A");
  EXPECT_EQ(replies[1].integer, 2);
  EXPECT_EQ(replies[2].string, "c");
}

// Every split point of a stream must give the same replies as feeding it whole.
TEST(RespParser, ByteAtATimeAndRandomSplitsGiveSameReplies) {
  const std::string stream =
      "*3\r\n$9\r\nsubscribe\r\n$4\r\nroom\r\n:1\r\n"
      "*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$12\r\nhello\r\nworld\r\n"
      "-ERR x\r\n$-1\r\n*-1\r\n+PONG\r\n:-5\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n";
  RespParser whole;
  whole.feed(stream);
  const auto expected = parseAll(whole);
  ASSERT_EQ(expected.size(), 8u);

  RespParser single;
  std::vector<RespReply> got;
  for (char c : stream) {
    single.feed(std::string_view(&c, 1));
    for (auto& r : parseAll(single))
      got.push_back(std::move(r));
  }
  EXPECT_EQ(got, expected);

  std::mt19937 rng(1234);
  for (int round = 0; round < 200; ++round) {
    RespParser parser;
    std::vector<RespReply> replies;
    std::size_t at = 0;
    while (at < stream.size()) {
      const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 9)(rng);
      parser.feed(std::string_view(stream).substr(at, n));
      at += n;
      for (auto& r : parseAll(parser))
        replies.push_back(std::move(r));
    }
    ASSERT_EQ(replies, expected) << "round " << round;
  }
}

TEST(RespParser, IncompleteInputNeedsMore) {
  RespParser parser;
  parser.feed("$5\r\nhel");
  RespReply reply;
  EXPECT_EQ(parser.next(reply), RespParser::Status::kNeedMore);
  parser.feed("lo\r");
  EXPECT_EQ(parser.next(reply), RespParser::Status::kNeedMore);
  parser.feed("\n");
  EXPECT_EQ(parser.next(reply), RespParser::Status::kReply);
  EXPECT_EQ(reply.string, "hello");
  EXPECT_EQ(parser.next(reply), RespParser::Status::kNeedMore);
}

TEST(RespParser, MalformedInputIsAnErrorNotACrash) {
  const std::vector<std::string> bad = {
      "?what\r\n",          // unknown marker
      ":12x\r\n",           // bad integer
      ":\r\n",              // empty integer
      "$abc\r\nxyz\r\n",    // bad length
      "$-2\r\n",            // negative length
      "$3\r\nabcde\r\n",    // payload longer than declared
      "*-7\r\n",            // negative count
      "*99999999999\r\n",   // absurd count
      "$999999999999\r\n",  // absurd bulk
  };
  for (const auto& input : bad) {
    RespParser parser;
    parser.feed(input);
    RespReply reply;
    EXPECT_EQ(parser.next(reply), RespParser::Status::kError) << input;
    EXPECT_FALSE(parser.error().empty());
    // Sticky: further input does not resurrect a corrupt stream.
    parser.feed("+OK\r\n");
    EXPECT_EQ(parser.next(reply), RespParser::Status::kError);
  }
}

TEST(RespParser, TooDeepNestingAndOverlongLinesAreErrors) {
  RespParser deep;
  std::string nested;
  for (int i = 0; i < RespParser::kMaxDepth + 5; ++i)
    nested += "*1\r\n";
  deep.feed(nested + ":1\r\n");
  RespReply reply;
  EXPECT_EQ(deep.next(reply), RespParser::Status::kError);

  RespParser longLine;
  longLine.feed("+" + std::string(RespParser::kMaxLineLength + 10, 'a'));
  EXPECT_EQ(longLine.next(reply), RespParser::Status::kError);
}

TEST(RespParser, RandomGarbageNeverCrashes) {
  std::mt19937 rng(99);
  const std::string alphabet = "+-:$*\r\n0123456789-abc";
  for (int round = 0; round < 2000; ++round) {
    RespParser parser;
    std::string input;
    const int length = std::uniform_int_distribution<int>(0, 40)(rng);
    for (int i = 0; i < length; ++i) {
      input += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    parser.feed(input);
    RespReply reply;
    int guard = 0;
    while (parser.next(reply) == RespParser::Status::kReply && ++guard < 100) {
    }
    EXPECT_LT(guard, 100);
  }
}

TEST(RespParser, EncodeCommandRoundTrips) {
  const std::string encoded = encodeRespCommand({"SET", "k", std::string("a\r\nb", 4), ""});
  EXPECT_EQ(encoded, "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n$0\r\n\r\n");
  const auto parsed = parseOne(encoded);
  ASSERT_EQ(parsed.array.size(), 4u);
  EXPECT_EQ(parsed.array[2].string, std::string("a\r\nb", 4));
}

}  // namespace
}  // namespace streamit::realtime
