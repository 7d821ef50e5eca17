// Backups of the database file while the server runs, and putting one back (docs/deployment.md, "Backups").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "openhall/core/base/result.hpp"

namespace openhall::core {

struct BackupReport {
    std::uintmax_t bytes = 0;  // size of the written copy
    int pages = 0;             // SQLite pages copied
    int schema_version = 0;    // the highest migration in the copy
};

// Copies the database `source` (<data>/openhall.db, possibly open in a running server) into the new file
// `out`, consistent as of one moment: SQLite's online backup API (https://sqlite.org/backup.html) in a single
// step, i.e. one read transaction, which in WAL mode never blocks the server's writers. The copy is written
// to `out`.part, checked (PRAGMA integrity_check), flushed to disk and then renamed, so `out` is either whole
// or absent. Errors: NotFound when `source` does not exist; Conflict when `out` exists (never overwritten);
// Internal when SQLite fails or the copy is not intact (the partial file is removed). Blocking; any thread.
Result<BackupReport> backup_database(const std::filesystem::path& source, const std::filesystem::path& out);

struct RestoreReport {
    std::filesystem::path replaced;  // where the database that was in place was moved ("" when there was none)
    int schema_version = 0;          // of the restored copy, before migrations
};

// Puts the backup `from` in place of `database` (<data>/openhall.db) while no server runs (the caller holds
// the DataDirectoryLock). `from` is checked first (an SQLite file, intact, with OpenHall's migrations table);
// the database in place and its -wal and -shm files are moved aside to `database`.replaced-<UTC time>, never
// deleted; the copy is written beside and renamed in. Errors: NotFound when `from` does not exist;
// InvalidInput when it is not an intact OpenHall database (nothing is moved); Internal on a failed copy (the
// database in place is moved back). Blocking; any thread.
Result<RestoreReport> restore_database(const std::filesystem::path& from, const std::filesystem::path& database);

}  // namespace openhall::core
