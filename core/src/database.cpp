#include "openhall/core/database.hpp"

#include <SQLiteCpp/Transaction.h>

#include "openhall/core/migrations.hpp"

namespace openhall::core {

Database::Database(const std::filesystem::path& file)
    : db_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 5000) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA foreign_keys = ON");
    // FULL: an acknowledged write survives a crash of the process and of the machine.
    db_.exec("PRAGMA synchronous = FULL");
}

PreparedStatement Database::prepare(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return PreparedStatement(*slot);
}

int Database::schema_version() {
    if (!db_.tableExists("schema_migrations")) return 0;
    return db_.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
}

int Database::migrate(int target) {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
    const int current = schema_version();
    int applied = 0;
    for (const auto& m : all_migrations()) {
        if (m.version <= current || (target >= 0 && m.version > target)) continue;
        SQLite::Transaction tx(db_);
        db_.exec(std::string(m.sql));
        SQLite::Statement record(db_, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)");
        record.bind(1, m.version);
        record.bind(2, std::string(m.name));
        record.exec();
        tx.commit();
        ++applied;
    }
    // Statements prepared against the old schema are stale now.
    if (applied > 0) statements_.clear();
    return applied;
}

}  // namespace openhall::core
