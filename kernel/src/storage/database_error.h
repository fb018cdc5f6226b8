#pragma once

#include <stdexcept>
#include <string>

#include "util/backend_error.h"

namespace streamit::storage {

// The database cannot answer right now (down, unreachable, timed out, pool exhausted).
// Retrying later may succeed; callers map it to 503 DB_UNAVAILABLE.
class DatabaseUnavailable : public util::BackendUnavailable {
 public:
  DatabaseUnavailable(const std::string& backend, const std::string& what)
      : util::BackendUnavailable(backend, what) {}
};

// The database answered and refused the statement (constraint violation, bad SQL, type
// mismatch). Retrying the same statement will fail again, so write jobs are not retried.
class QueryError : public std::runtime_error {
 public:
  explicit QueryError(const std::string& what) : std::runtime_error(what) {}
};

// The schema on disk and this binary disagree (newer schema, or pending migrations that may
// not be applied). Start-up must stop with this message.
class SchemaVersionError : public std::runtime_error {
 public:
  explicit SchemaVersionError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace streamit::storage
