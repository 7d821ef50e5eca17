// The SQLite store: opening with the right pragmas, migrations, and a per-connection statement cache.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace openhall::core {

// A cached statement in use; resetting it when it goes out of scope ends the read transaction an unfinished
// SELECT would otherwise keep open (and a stale snapshot makes this connection's next write fail as busy).
class PreparedStatement {
public:
    explicit PreparedStatement(SQLite::Statement& statement) : st_(statement) {}
    ~PreparedStatement() { st_.tryReset(); }  // never throws: it may run while an error unwinds
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;

    template <typename... Args>
    void bind(Args&&... args) { st_.bind(std::forward<Args>(args)...); }
    bool executeStep() { return st_.executeStep(); }
    int exec() { return st_.exec(); }
    SQLite::Column getColumn(int index) { return st_.getColumn(index); }
    void reset() { st_.reset(); }

private:
    SQLite::Statement& st_;
};

class Database {
public:
    // Opens (creating if needed) with WAL, foreign keys and a busy timeout. Throws on failure (start-up).
    explicit Database(const std::filesystem::path& file);

    SQLite::Database& handle() { return db_; }

    // A prepared statement for this SQL, with no bindings, reset again when the returned guard goes. The SQL
    // must have a stable address (a literal; the cache is keyed by it); do not use one statement twice at once.
    PreparedStatement prepare(const char* sql);

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
