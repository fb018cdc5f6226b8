#include "retry_after.h"

#include <ctime>
#include <regex>
#include <string>

namespace streamit::catalog_tmdb {
namespace {

int monthIndex(const std::string& name) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (name == kMonths[i])
      return i;
  }
  return -1;
}

// Seconds since the epoch of a UTC calendar time, or -1 when a field is out of range.
int64_t epochOf(int year, const std::string& month, int day, int hour, int minute, int second) {
  const int m = monthIndex(month);
  if (m < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return -1;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = m;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

// The three HTTP-date forms (RFC 9110 §5.6.7), strictly: a lenient parser turns garbage into
// a date in the past, i.e. "retry now", which is exactly the hammering Retry-After prevents.
int64_t parseHttpDate(const std::string& s) {
  static const std::regex kImf(
      R"(^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$)");
  static const std::regex kRfc850(
      R"(^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$)");
  static const std::regex kAsctime(
      R"(^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$)");
  std::smatch m;
  auto n = [&m](int i) { return std::stoi(m[i].str()); };
  if (std::regex_match(s, m, kImf))
    return epochOf(n(3), m[2].str(), n(1), n(4), n(5), n(6));
  if (std::regex_match(s, m, kRfc850)) {
    const int yy = n(3);  // two-digit year: the RFC's "not more than 50 years ahead" rule
    return epochOf(yy < 70 ? 2000 + yy : 1900 + yy, m[2].str(), n(1), n(4), n(5), n(6));
  }
  if (std::regex_match(s, m, kAsctime)) {
    std::string day = m[2].str();
    if (day[0] == ' ')
      day.erase(0, 1);
    return epochOf(n(6), m[1].str(), std::stoi(day), n(3), n(4), n(5));
  }
  return -1;
}

}  // namespace

std::optional<std::chrono::milliseconds> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  if (value.empty())
    return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    // More than a day is as good as "not soon": cap before converting so it cannot overflow.
    if (value.size() > 6)
      return std::chrono::milliseconds(std::chrono::hours(24));
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  const int64_t at = parseHttpDate(std::string(value));
  if (at < 0)
    return std::nullopt;
  const auto atMs = at * 1000;
  const auto nowMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return std::chrono::milliseconds(atMs > nowMs ? atMs - nowMs : 0);
}

}  // namespace streamit::catalog_tmdb
