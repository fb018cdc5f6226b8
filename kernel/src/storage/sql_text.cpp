#include "storage/sql_text.h"

#include <cctype>
#include <functional>

namespace streamit::storage {
namespace {

bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// Length of a dollar-quote opener ("$$" or "$tag$") at `pos`, or 0 when there is none.
std::size_t dollarTagLength(std::string_view sql, std::size_t pos) {
  if (sql[pos] != '$' || (pos > 0 && isIdentChar(sql[pos - 1])))
    return 0;
  std::size_t i = pos + 1;
  if (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])) != 0)
    return 0;  // $1
  while (i < sql.size() && sql[i] != '$') {
    const char c = sql[i];
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_')
      return 0;
    ++i;
  }
  return i < sql.size() ? i - pos + 1 : 0;
}

// Walks `sql`, calling onCode(index) for every character outside literals, quoted identifiers,
// dollar quotes and comments. All three helpers need exactly this notion of "code".
// onQuoted (optional) is called at the start of each literal, quoted identifier or dollar quote.
void scanCode(std::string_view sql, const std::function<void(std::size_t)>& onCode,
              const std::function<void(std::size_t)>& onQuoted = nullptr) {
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"') {
      if (onQuoted)
        onQuoted(i);
      // '' and "" inside are escapes; scanning to the next quote and continuing handles them.
      const std::size_t end = sql.find(c, i + 1);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '-' && next == '-') {
      const std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && next == '*') {
      int depth = 1;  // PostgreSQL nests block comments
      i += 2;
      while (i < sql.size() && depth > 0) {
        if (sql.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (sql.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (const std::size_t tag = dollarTagLength(sql, i); tag > 0) {
      if (onQuoted)
        onQuoted(i);
      const std::size_t end = sql.find(sql.substr(i, tag), i + tag);
      i = end == std::string_view::npos ? sql.size() : end + tag;
    } else {
      onCode(i);
      ++i;
    }
  }
}

bool isBlankOrComment(std::string_view piece) {
  bool blank = true;
  scanCode(
      piece,
      [&](std::size_t i) {
        if (std::isspace(static_cast<unsigned char>(piece[i])) == 0)
          blank = false;
      },
      [&](std::size_t) { blank = false; });
  return blank;
}

}  // namespace

std::string portableSql(Dialect dialect, std::string_view sql) {
  if (dialect != Dialect::kPostgres)
    return std::string(sql);
  std::string out;
  out.reserve(sql.size() + 16);
  std::size_t copied = 0;
  int index = 0;
  scanCode(sql, [&](std::size_t i) {
    if (sql[i] != '?')
      return;
    out.append(sql.substr(copied, i - copied));
    out += '$';
    out += std::to_string(++index);
    copied = i + 1;
  });
  out.append(sql.substr(copied));
  return out;
}

std::vector<std::string> splitSqlStatements(std::string_view script) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto emit = [&](std::size_t end) {
    const std::string_view piece = script.substr(start, end - start);
    if (!isBlankOrComment(piece)) {
      const std::size_t first = piece.find_first_not_of(" \t\r\n");
      const std::size_t last = piece.find_last_not_of(" \t\r\n");
      out.emplace_back(piece.substr(first, last - first + 1));
    }
  };
  scanCode(script, [&](std::size_t i) {
    if (script[i] != ';')
      return;
    emit(i);
    start = i + 1;
  });
  emit(script.size());
  return out;
}

PgErrorClass classifyPostgresError(std::string_view message) {
  const std::size_t state = message.find("State: ");
  if (state != std::string_view::npos && state + 12 <= message.size()) {
    const std::string_view code = message.substr(state + 7, 5);
    if (code == "57014")
      return PgErrorClass::kTimeout;
    // 08: connection exception; 53: insufficient resources (too many connections, disk full);
    // 57P01..57P05: admin/crash shutdown, cannot connect now, idle session timeout.
    if (code.substr(0, 2) == "08" || code.substr(0, 2) == "53" || code.substr(0, 3) == "57P") {
      return PgErrorClass::kConnection;
    }
    return PgErrorClass::kQuery;
  }
  // Prepare-time errors carry no SQLSTATE in Poco 1.11's text; fall back to libpq's wording.
  for (std::string_view needle :
       {"server closed the connection", "no connection to the server", "terminating connection",
        "could not connect", "Connection refused", "connection to server", "could not receive data",
        "could not send data", "SSL SYSCALL error", "Not connected", "the database system is"}) {
    if (message.find(needle) != std::string_view::npos)
      return PgErrorClass::kConnection;
  }
  if (message.find("canceling statement due to statement timeout") != std::string_view::npos) {
    return PgErrorClass::kTimeout;
  }
  return PgErrorClass::kQuery;
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty())
    return text;
  for (std::size_t pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "[REDACTED]");
    pos += 10;
  }
  return text;
}

}  // namespace streamit::storage
