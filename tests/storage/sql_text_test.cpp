#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "storage/migration.h"
#include "storage/postgres_database.h"
#include "storage/sql_text.h"
#include "storage/sqlite_database.h"

namespace streamit::storage {
namespace {

TEST(PortableSql, SqliteKeepsQuestionMarks) {
  EXPECT_EQ(portableSql(Dialect::kSqlite, "SELECT ? + ?"), "SELECT ? + ?");
}

TEST(PortableSql, PostgresNumbersPlaceholdersInOrder) {
  EXPECT_EQ(portableSql(Dialect::kPostgres, "INSERT INTO t (a, b, c) VALUES (?, ?,?)"),
            "INSERT INTO t (a, b, c) VALUES ($1, $2,$3)");
}

TEST(PortableSql, PostgresLeavesQuotedQuestionMarksAlone) {
  EXPECT_EQ(portableSql(Dialect::kPostgres,
                        "SELECT 'a?b', 'it''s ?', \"c?\" FROM t -- why?\n"
                        "WHERE x = ? /* ? /* nested ? */ ? */ AND y = $tag$ ? $tag$ AND z = ?"),
            "SELECT 'a?b', 'it''s ?', \"c?\" FROM t -- why?\n"
            "WHERE x = $1 /* ? /* nested ? */ ? */ AND y = $tag$ ? $tag$ AND z = $2");
}

TEST(PortableSql, PostgresKeepsExistingDollarParameters) {
  EXPECT_EQ(portableSql(Dialect::kPostgres, "SELECT $1::int"), "SELECT $1::int");
}

TEST(SplitSqlStatements, SplitsOutsideQuotesAndDropsEmptyPieces) {
  const auto parts = splitSqlStatements(
      "-- header comment; with a semicolon\n"
      "CREATE TABLE a (x TEXT DEFAULT ';');\n\n"
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
      "/* trailing; */\n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "-- header comment; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT ';')");
  EXPECT_EQ(parts[1], "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql");
}

TEST(SplitSqlStatements, LastStatementWithoutSemicolon) {
  const auto parts = splitSqlStatements("SELECT 1; SELECT 2");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], "SELECT 2");
}

// Texts as measured from Poco 1.11 + libpq 15.
TEST(ClassifyPostgresError, MeasuredMessages) {
  EXPECT_EQ(classifyPostgresError(
                "PostgreSQL: [PostgreSQL]: postgresql_stmt_prepare error: server closed the "
                "connection unexpectedly\n\tThis probably means the server terminated abnormally"),
            PgErrorClass::kConnection);
  EXPECT_EQ(classifyPostgresError("Not connected to data source: host=127.0.0.1"),
            PgErrorClass::kConnection);
  EXPECT_EQ(classifyPostgresError(
                "postgresql_stmt_execute error: ERROR:  canceling statement due to statement "
                "timeout\n Severity: ERROR State: 57014 Detail: N/A"),
            PgErrorClass::kTimeout);
  EXPECT_EQ(classifyPostgresError("postgresql_stmt_execute error: ERROR:  duplicate key value "
                                  "violates unique constraint \"t_pkey\"\n Severity: ERROR State: "
                                  "23505 Detail: Key (id)=(1) already exists."),
            PgErrorClass::kQuery);
  EXPECT_EQ(classifyPostgresError("FATAL: terminating connection due to administrator command "
                                  "Severity: FATAL State: 57P01 Detail: N/A"),
            PgErrorClass::kConnection);
  EXPECT_EQ(classifyPostgresError("postgresql_stmt_prepare error: ERROR:  relation \"x\" does "
                                  "not exist\nLINE 1: SELECT nosuch FROM x"),
            PgErrorClass::kQuery);
}

TEST(Redact, ReplacesEveryOccurrence) {
  EXPECT_EQ(redact("a pw b pw", "pw"), "a [REDACTED] b [REDACTED]");
  EXPECT_EQ(redact("nothing", ""), "nothing");
}

TEST(PostgresConnectionString, CarriesTimeoutsWithoutSpacesInValues) {
  PostgresConfig c;
  c.host = "db.internal";
  c.port = 6543;
  c.password = "p'w\\x";
  c.connect_timeout_ms = 1500;
  c.statement_timeout_ms = 2500;
  const std::string s = postgresConnectionString(c);
  EXPECT_NE(s.find("host=db.internal "), std::string::npos);
  EXPECT_NE(s.find("port=6543 "), std::string::npos);
  EXPECT_NE(s.find("password=p\\'w\\\\x "), std::string::npos);
  EXPECT_NE(s.find("connect_timeout=2 "), std::string::npos);  // libpq minimum, rounded up
  EXPECT_NE(s.find("options=-cstatement_timeout=2500 "), std::string::npos);
  c.connect_timeout_ms = 4001;
  EXPECT_NE(postgresConnectionString(c).find("connect_timeout=5 "), std::string::npos);
}

TEST(PostgresConnectionString, RejectsWhitespace) {
  PostgresConfig c;
  c.password = "two words";
  EXPECT_THROW(postgresConnectionString(c), std::invalid_argument);
}

TEST(ResolveSqlitePath, RelativeUnderDataDirAbsoluteKept) {
  EXPECT_EQ(resolveSqlitePath("data/x.db", "/var/lib/streamit"),
            std::filesystem::path("/var/lib/streamit/data/x.db"));
  EXPECT_EQ(resolveSqlitePath("/abs/x.db", "/var/lib/streamit"),
            std::filesystem::path("/abs/x.db"));
  EXPECT_TRUE(resolveSqlitePath("x.db", "").is_absolute());
}

TEST(EmbeddedMigrations, BothDialectsHaveTheSameContiguousVersions) {
  const auto& sqlite = embeddedMigrations(Dialect::kSqlite);
  const auto& postgres = embeddedMigrations(Dialect::kPostgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1);
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].name, sqlite[i].name);
    EXPECT_FALSE(splitSqlStatements(sqlite[i].sql).empty());
  }
  EXPECT_EQ(sqlite[0].name, "init");
  EXPECT_NE(sqlite[0].sql.find("audit_log"), std::string::npos);
}

}  // namespace
}  // namespace streamit::storage
