// The header-only SDK layer and the pure loader checks, without loading anything.
#include <gtest/gtest.h>

#include <sstream>

#include "plugins/library_checks.h"
#include "plugins/plugin_status.h"
#include "streamit/sdk/config_reader.h"
#include "streamit/sdk/plugin.h"

namespace streamit::plugins {
namespace {

using sdk::toStr;
const std::string kTag = STREAMIT_SDK_TOOLCHAIN_TAG;

TEST(SdkConfigReader, ReadsTopLevelScalarsAndSkipsNestedValues) {
  sdk::ConfigReader r(
      R"({"nested":{"base_url":"no","a":[1,{"b":"}"}]}, "base_url" : "http://x\/y\"z", "n": 42, "t":true})");
  EXPECT_EQ(r.string("base_url").value_or("?"), "http://x/y\"z");
  EXPECT_EQ(r.scalar("n").value_or("?"), "42");
  EXPECT_EQ(r.scalar("t").value_or("?"), "true");
  EXPECT_FALSE(r.string("n"));
  EXPECT_FALSE(r.string("missing"));
  EXPECT_FALSE(r.scalar("nested"));
  EXPECT_FALSE(sdk::ConfigReader("not json").string("a"));
  EXPECT_FALSE(sdk::ConfigReader(R"({"a":)").string("a"));
}

TEST(SdkConfigReader, DecodesUnicodeEscapesIncludingSurrogatePairs) {
  const sdk::ConfigReader r(
      R"({"a":"Zo\u00eb \ud83c\udfac","b":"\u0001x","lone":"\ud800!","bad":"\u12zz"})");
  EXPECT_EQ(r.string("a").value_or("?"), "Zo\xC3\xAB \xF0\x9F\x8E\xAC");  // "Zoë 🎬"
  EXPECT_EQ(r.string("b").value_or("?"), std::string("\x01x"));
  EXPECT_EQ(r.string("lone").value_or("?"), "\xEF\xBF\xBD!");  // U+FFFD
  EXPECT_EQ(r.string("bad").value_or("?"), "u12zz");           // not an escape: kept as text
}

TEST(SdkConfigReader, ReadsStringListsAndNamesTheBadEntry) {
  const sdk::ConfigReader r(
      R"({"words":[ "darn" , "h\u00e9ck","a,b]" ],"empty":[],"mixed":["ok",1],"s":"x"})");
  EXPECT_EQ(r.stringList("words"), (std::vector<std::string>{"darn",
                                                             "h\xC3\xA9"
                                                             "ck",
                                                             "a,b]"}));
  EXPECT_EQ(r.stringList("empty"), std::vector<std::string>{});
  EXPECT_FALSE(r.stringList("absent"));
  const auto message = [&](const char* key) {
    try {
      r.stringList(key);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("mixed"), "mixed: entry 1 must be a string");
  EXPECT_EQ(message("s"), "s: must be an array of strings");
}

TEST(SdkTypes, PlaybackSourceRoundTripsThroughThePod) {
  sdk::PlaybackSource s;
  s.provider = "provider.x";
  s.stream_id = "603";
  s.kind = STREAMIT_SOURCE_EMBED;
  s.embed_url = "https://embed.test/603";
  s.duration_s = 8160.5;
  s.capabilities = STREAMIT_CAP_SEEK_BY_RELOAD;
  s.qualities = {{"auto", 0, 0, ""}};
  s.subtitles = {{"de", "Deutsch", "https://s.test/de.vtt"}, {"en", "English", "u"}};
  sdk::PlaybackSourcePod pod(s);
  EXPECT_EQ(pod.get()->struct_size, sizeof(StreamItPlaybackSource));
  sdk::PlaybackSource back = sdk::fromPod(*pod.get());
  EXPECT_EQ(back.embed_url, s.embed_url);
  EXPECT_EQ(back.duration_s, s.duration_s);
  EXPECT_EQ(back.subtitles.size(), 2u);
  EXPECT_EQ(back.subtitles[0].label, "Deutsch");
  EXPECT_EQ(back.qualities[0].label, "auto");
}

TEST(SdkBarrier, TurnsExceptionsIntoStatusesAndMessages) {
  std::string message;
  auto report = [&](StreamItStr m) noexcept { message = sdk::toString(m); };
  EXPECT_EQ(
      sdk::detail::barrier(
          report, []() -> StreamItStatus { throw sdk::Error(STREAMIT_STATUS_NOT_FOUND, "gone"); }),
      STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(message, "gone");
  EXPECT_EQ(sdk::detail::barrier(report, []() -> StreamItStatus { throw 42; }),
            STREAMIT_STATUS_ERROR);
  EXPECT_EQ(message, "unknown exception");
  EXPECT_EQ(sdk::detail::barrier(report, []() -> StreamItStatus { return STREAMIT_STATUS_OK; }),
            STREAMIT_STATUS_OK);
}

TEST(SdkToolchainTag, IsComputedFromCompilerAndStandardLibrary) {
#if defined(__GNUC__) && !defined(__clang__) && defined(__GLIBCXX__)
  EXPECT_EQ(kTag, "gcc" + std::to_string(__GNUC__) + "-libstdcxx-cxx11abi");
#endif
  EXPECT_EQ(std::string(STREAMIT_PLUGIN_ENTRY_SYMBOL), "streamit_plugin_entry_v1");
}

StreamItPluginDescriptor goodDescriptor() {
  return StreamItPluginDescriptor{sizeof(StreamItPluginDescriptor),
                                  STREAMIT_SDK_ABI_MAJOR,
                                  STREAMIT_SDK_ABI_MINOR,
                                  STREAMIT_KIND_CATALOG,
                                  1,
                                  0,
                                  toStr(kTag),
                                  toStr("catalog.local"),
                                  toStr("1.0.0"),
                                  toStr("{}"),
                                  [](const StreamItCreateArgs*) -> void* { return nullptr; },
                                  [](void*) {}};
}

TEST(LibraryChecks, DescriptorChecksInOrder) {
  auto check = [](StreamItPluginDescriptor d, std::string id = "catalog.local") {
    return checkDescriptor(&d, id, kTag).value_or("ok");
  };
  EXPECT_EQ(check(goodDescriptor()), "ok");
  EXPECT_EQ(checkDescriptor(nullptr, "x", kTag).value_or("ok"), "entry returned no descriptor");
  auto d = goodDescriptor();
  d.struct_size = 16;
  EXPECT_EQ(check(d), "descriptor too small: 16 bytes, need " +
                          std::to_string(sizeof(StreamItPluginDescriptor)));
  d = goodDescriptor();
  d.abi_major = 0;
  EXPECT_EQ(check(d), "ABI major mismatch: plugin 0, kernel 1");
  d.struct_size = 12;  // a smaller future-major descriptor still gets the real reason
  EXPECT_EQ(check(d), "ABI major mismatch: plugin 0, kernel 1");
  d = goodDescriptor();
  d.kind = 9;
  EXPECT_EQ(check(d), "unknown plugin kind 9");
  d = goodDescriptor();
  d.interface_version = 2;
  EXPECT_EQ(check(d), "unsupported interface version 2 for kind catalog");
  d = goodDescriptor();
  d.id = toStr("provider.local");
  EXPECT_EQ(check(d, "provider.local"),
            "id 'provider.local' does not start with its kind 'catalog.'");
  d = goodDescriptor();
  d.destroy = nullptr;
  EXPECT_EQ(check(d), "descriptor lacks create or destroy");
  // An older minor is fine: the kernel still implements everything it offered then.
  EXPECT_EQ(kindName(STREAMIT_KIND_MODERATOR), "moderator");
}

TEST(PluginList, PrintsOneRowPerInstanceWithReasons) {
  std::vector<PluginStatus> statuses{
      {"provider.vidking", "libprovider_vidking.so", true, "1.2.0", "provider", "1.0",
       LoadState::kLoaded, ""},
      {"auth.ldap", "libauth_ldap.so", false, "", "", "", LoadState::kRefused,
       "missing entry symbol streamit_plugin_entry_v1"}};
  std::ostringstream out;
  printPluginList(statuses, out);
  EXPECT_EQ(out.str(),
            "ID                VERSION  KIND       ABI    STATUS   REQUIRED  REASON\n"
            "provider.vidking  1.2.0    provider   1.0    loaded   yes       -\n"
            "auth.ldap         -        -          -      refused  no        missing entry "
            "symbol streamit_plugin_entry_v1\n");
}

TEST(SdkLayer, CatalogItemRoundTripsWithTheFieldsAddedIn11) {
  sdk::CatalogItem item;
  item.id = "603";
  item.type = "movie";
  item.title = "The Matrix";
  item.year = 1999;
  item.backdrop = "https://img.example/b.jpg";
  item.genres = {"Action", "Science Fiction"};
  item.provider = "provider.vidking";
  item.reference = "movie:603";
  const sdk::CatalogItemPod pod(item);
  const auto back = sdk::fromPod(*pod.get());
  EXPECT_EQ(back.title, "The Matrix");
  EXPECT_EQ(back.year, 1999U);
  EXPECT_EQ(back.backdrop, item.backdrop);
  EXPECT_EQ(back.genres, item.genres);
  EXPECT_EQ(back.provider, "provider.vidking");
  EXPECT_EQ(back.reference, "movie:603");
}

TEST(SdkLayer, CatalogItemFromAnAbi10PluginIsAcceptedWithoutTheNewFields) {
  sdk::CatalogItem item;
  item.id = "x";
  item.title = "Old";
  item.reference = "must-not-be-read";
  const sdk::CatalogItemPod pod(item);
  StreamItCatalogItem old = *pod.get();
  old.struct_size = static_cast<uint32_t>(sdk::kV1Size<StreamItCatalogItem>);  // a 1.0 writer
  EXPECT_TRUE(sdk::hasV1Layout(&old));
  const auto back = sdk::fromPod(old);
  EXPECT_EQ(back.title, "Old");
  EXPECT_TRUE(back.reference.empty());
  old.struct_size -= 1;
  EXPECT_FALSE(sdk::hasV1Layout(&old)) << "shorter than the 1.0 layout is malformed";
}

TEST(SdkLayer, ConfigReaderTypedAccessorsNameTheKeyOnBadValues) {
  const sdk::ConfigReader reader(
      R"({"on":true,"off":false,"n":42,"neg":-1,"s":"7","big":99999999999999999999})");
  EXPECT_EQ(reader.boolean("on"), true);
  EXPECT_EQ(reader.boolean("off"), false);
  EXPECT_FALSE(reader.boolean("absent").has_value());
  EXPECT_EQ(reader.integer("n", 1, 100), 42U);
  EXPECT_FALSE(reader.integer("absent", 1, 100).has_value());
  const auto message = [](auto&& call) {
    try {
      call();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] { reader.boolean("n"); }), "n: must be true or false");
  EXPECT_EQ(message([&] { reader.integer("n", 50, 60); }), "n: must be an integer in 50..60");
  EXPECT_EQ(message([&] { reader.integer("neg", 0, 10); }), "neg: must be an integer in 0..10");
  EXPECT_EQ(message([&] { reader.integer("big", 0, 10); }), "big: must be an integer in 0..10");
  EXPECT_FALSE(reader.integer("s", 0, 10).has_value()) << "a string is not an integer token";
}

}  // namespace
}  // namespace streamit::plugins
