#include "hub/snapshot.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace streamit::hub {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(Snapshot, CarriesEverythingALateJoinerNeeds) {
  SnapshotInput input;
  input.you = Member{"ROOMCODE", "node-1", "guest:a", "Ann", true, {}, 0};
  input.playback.epoch = 2;
  input.playback.version = 7;
  input.server_ms = 1000;
  rooms::RoomView room;
  room.code = "ROOMCODE";
  room.title = "Night";
  input.room = room;
  input.participant_count = 2;
  input.participants_complete = true;
  input.participants = {{"node-1", R"({"user_id":"guest:a","display_name":"Ann","is_host":true})"},
                        {"node-2", "not json"}};
  input.chat = {R"({"text":"hi"})"};
  const auto event = parse(buildSnapshotEvent(input));
  EXPECT_EQ(event->getValue<std::string>("type"), "room.snapshot");
  const auto data = event->getObject("data");
  EXPECT_EQ(data->getValue<std::uint64_t>("epoch"), 2u);
  EXPECT_EQ(data->getValue<std::uint64_t>("version"), 7u);
  EXPECT_EQ(data->getValue<std::int64_t>("server_ms"), 1000);
  EXPECT_EQ(data->getObject("playback")->getValue<std::uint64_t>("version"), 7u);
  EXPECT_EQ(data->getObject("room")->getValue<std::string>("code"), "ROOMCODE");
  const auto participants = data->getObject("participants");
  EXPECT_EQ(participants->getValue<int>("count"), 2);
  EXPECT_TRUE(participants->getValue<bool>("complete"));
  // The unreadable stored entry is skipped, not forwarded.
  ASSERT_EQ(participants->getArray("items")->size(), 1u);
  EXPECT_EQ(participants->getArray("items")->getObject(0)->getValue<std::string>("session_id"),
            "node-1");
  EXPECT_EQ(data->getArray("chat")->size(), 1u);
  EXPECT_TRUE(data->getObject("you")->getValue<bool>("is_host"));
}

TEST(Snapshot, WithoutARoomRecordTheRoomIsNull) {
  SnapshotInput input;
  const auto data = parse(buildSnapshotEvent(input))->getObject("data");
  EXPECT_TRUE(data->isNull("room"));
}

TEST(PresenceEvents, ListsChangesWithTheCountOrSendsOnlyTheCount) {
  PresenceFlush flush;
  flush.joined = {{"s1", "guest:1", "One", false}};
  flush.left = {{"s2", "guest:2", "Two", false}};
  const auto events = presenceEvents(flush, 5, 10);
  ASSERT_EQ(events.size(), 2u);
  const auto joined = parse(events[0]);
  EXPECT_EQ(joined->getValue<std::string>("type"), "participant.joined");
  EXPECT_EQ(joined->getObject("data")->getValue<int>("count"), 5);
  EXPECT_EQ(joined->getObject("data")->getArray("participants")->size(), 1u);
  EXPECT_EQ(parse(events[1])->getValue<std::string>("type"), "participant.left");

  PresenceFlush big;
  big.count_only = true;
  const auto countOnly = presenceEvents(big, 5000, 10);
  ASSERT_EQ(countOnly.size(), 1u);
  EXPECT_EQ(parse(countOnly[0])->getValue<std::string>("type"), "participant.count");
  EXPECT_EQ(parse(countOnly[0])->getObject("data")->getValue<int>("count"), 5000);
}

}  // namespace
}  // namespace streamit::hub
