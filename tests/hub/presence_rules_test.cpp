#include "hub/presence_rules.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace streamit::hub {
namespace {

TEST(PresenceRulesTest, ParticipantEntryCarriesWhoTheMemberIs) {
  Member member;
  member.session_id = "n1-7";
  member.user_id = "u-1";
  member.display_name = "Ann \"A\"";
  member.is_host = true;
  const auto parsed =
      Poco::JSON::Parser().parse(participantJson(member)).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(parsed->getValue<std::string>("user_id"), "u-1");
  EXPECT_EQ(parsed->getValue<std::string>("display_name"), "Ann \"A\"");
  EXPECT_TRUE(parsed->getValue<bool>("is_host"));
  EXPECT_EQ(parsed->size(), 3U);  // nothing else: the session id is the field name
}

TEST(PresenceRulesTest, WrittenAgainOnlyUnderANewerEpoch) {
  EXPECT_TRUE(needsPresenceWrite(0, 1));   // never registered
  EXPECT_TRUE(needsPresenceWrite(1, 2));   // the store lost the keys: rebuilt under epoch 2
  EXPECT_FALSE(needsPresenceWrite(2, 2));  // not counted twice
  EXPECT_FALSE(needsPresenceWrite(3, 2));
}

TEST(PresenceRulesTest, ALeaveUndoesOnlyPresenceItsJoinWrote) {
  EXPECT_FALSE(hasPresence(0));
  EXPECT_TRUE(hasPresence(1));
}

}  // namespace
}  // namespace streamit::hub
