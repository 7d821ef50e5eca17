// A savepoint whose statements are prepared once per connection. SQLiteCpp's Savepoint parses "SAVEPOINT …" and
// "RELEASE …" on every use: a tenth of the question writer's time for each ask.
#pragma once

#include "openhall/core/store/database.hpp"

namespace openhall::core {

// The three statements of one named savepoint, as string literals (the statement cache is keyed by address).
struct SavepointSql {
    const char* begin;     // "SAVEPOINT name"
    const char* release;   // "RELEASE name"
    const char* rollback;  // "ROLLBACK TO name"
};

inline constexpr SavepointSql kAskSavepoint{"SAVEPOINT ask", "RELEASE ask", "ROLLBACK TO ask"};
inline constexpr SavepointSql kModerateSavepoint{"SAVEPOINT moderate", "RELEASE moderate", "ROLLBACK TO moderate"};

// Begins the savepoint (SQLite: "SAVEPOINT"; inside a transaction it nests, outside it begins one). Unless
// release() was called, the destructor rolls back to it and releases it, so whatever an exception interrupted
// is undone and the enclosing transaction goes on. The thread that owns `db`. Throws SQLite::Exception when a
// statement fails (the destructor never throws).
class Savepoint {
public:
    Savepoint(Database& db, const SavepointSql& sql);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    // Keeps what was done since it began (it becomes part of the enclosing transaction, or is committed).
    void release();

private:
    Database& db_;
    const SavepointSql& sql_;
    bool released_ = false;
};

}  // namespace openhall::core
