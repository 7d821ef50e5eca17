#include "openhall/core/store/database.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "openhall/core/store/migrations.hpp"
#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/script_folder.hpp"

namespace openhall::core {
namespace {

// fold_text(TEXT): the search index's form of a text (see ScriptFolder). One folder for the process, made on
// first use; OpenCC's converter is safe to share between threads for conversion.
void fold_text(sqlite3_context* context, int, sqlite3_value** args) {
    static const ScriptFolder folder;
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
    if (!text) {
        sqlite3_result_null(context);
        return;
    }
    const auto folded = folder.fold(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(args[0]))));
    sqlite3_result_text(context, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// fold_contact(TEXT): a contact's one form (see fold_contact), NULL when it is neither an e-mail address nor a
// phone number. Migration 008 folds the contacts stored before.
void fold_contact_function(sqlite3_context* context, int, sqlite3_value** args) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
    const auto folded =
        text ? fold_contact(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(args[0])))) : std::nullopt;
    if (!folded) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_text(context, folded->c_str(), static_cast<int>(folded->size()), SQLITE_TRANSIENT);
}

}  // namespace

Database::Database(const std::filesystem::path& file)
    : db_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 5000) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA foreign_keys = ON");
    // FULL: an acknowledged write survives a crash of the process and of the machine.
    db_.exec("PRAGMA synchronous = FULL");
    // The search index's triggers call it, so every connection that writes questions needs it.
    sqlite3_create_function_v2(db_.getHandle(), "fold_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               fold_text, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(db_.getHandle(), "fold_contact", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                               fold_contact_function, nullptr, nullptr, nullptr);
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
