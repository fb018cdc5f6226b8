#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/dialect.h"

// Pure text helpers for SQL; no database access, so they are unit-tested directly.
namespace streamit::storage {

// Measured on Poco 1.11's PostgreSQL connector: the SQL text goes to PQprepare unchanged, so
// `?` placeholders are a syntax error ("syntax error at or near ..."); only `$1..$n` work.
// The SQLite connector accepts `?`. Repositories therefore write `?` and pass the text through
// this function: for kPostgres every `?` outside string literals, quoted identifiers,
// dollar-quoted bodies and comments becomes `$1`, `$2`, ... in order; for kSqlite the text is
// returned unchanged.
std::string portableSql(Dialect dialect, std::string_view sql);

// Splits a migration script into statements at `;` outside literals, quoted identifiers,
// dollar quotes and comments. Blank/comment-only pieces are dropped. Needed because
// PostgreSQL's prepared statements accept only one command each.
std::vector<std::string> splitSqlStatements(std::string_view script);

// How a PostgreSQL error message (as Poco formats it: "... State: 57014 ...") should be
// treated. kConnection: the session is unusable or the server cannot serve (SQLSTATE classes
// 08, 53, 57P0x, or libpq's connection-loss texts). kTimeout: statement_timeout fired (57014);
// the session is still usable but the database did not answer in time. kQuery: anything else.
enum class PgErrorClass { kConnection, kTimeout, kQuery };
PgErrorClass classifyPostgresError(std::string_view message);

// Replaces every occurrence of `secret` (when non-empty) with "[REDACTED]". Poco puts the full
// connection string, password included, into NotConnectedException texts.
std::string redact(std::string text, std::string_view secret);

}  // namespace streamit::storage
