// The SQLite store: opening with the right pragmas, migrations, and a per-connection statement cache.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace openhall::core {

class Database {
public:
    // Opens (creating if needed) with WAL, foreign keys and a busy timeout. Throws on failure (start-up).
    explicit Database(const std::filesystem::path& file);

    SQLite::Database& handle() { return db_; }

    // A prepared statement for this SQL, reset and with no bindings. The SQL must be a string literal
    // (the cache is keyed by its address); do not use the same statement twice in one nested loop.
    SQLite::Statement& prepare(const char* sql);

    // The highest migration applied, 0 for an empty database.
    int schema_version();

    // Applies every migration above the current version, up to `target` (all when negative), each in its
    // own transaction, and records it in schema_migrations. Returns how many were applied.
    int migrate(int target = -1);

private:
    SQLite::Database db_;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace openhall::core
