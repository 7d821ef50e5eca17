#include "openhall/core/store/database_backup.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

namespace openhall::core {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

// fsync(2) on a file or a folder, so that a rename survives a power cut (the folder holds the new name).
bool flush_to_disk(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool flushed = ::fsync(fd) == 0;
    ::close(fd);
    return flushed;
}

// The copy's own check: "ok" from PRAGMA integrity_check and OpenHall's migrations table present. Returns the
// schema version, or an error saying what is wrong.
Result<int> check_copy(const std::filesystem::path& file) {
    try {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        db.setBusyTimeout(kBusyTimeoutMs);
        const auto verdict = db.execAndGet("PRAGMA integrity_check").getString();
        if (verdict != "ok") return make_error(ErrorCode::InvalidInput, "the database is damaged: " + verdict);
        if (!db.tableExists("schema_migrations"))
            return make_error(ErrorCode::InvalidInput, "not an OpenHall database (no schema_migrations table)");
        return db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
    } catch (const SQLite::Exception& e) {
        return make_error(ErrorCode::InvalidInput, std::string("not an SQLite database: ") + e.what());
    }
}

void remove_quietly(const std::filesystem::path& file) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
}

// check_copy, leaving nothing behind: a copy in WAL mode (an older backup) gets empty -wal and -shm files from a
// read-only open, which SQLite cannot remove. Only files the check made go; one that was there is kept.
Result<int> check_leaving_nothing(const std::filesystem::path& file) {
    std::error_code ec;
    const std::filesystem::path beside[] = {file.string() + "-wal", file.string() + "-shm"};
    const bool were_there[] = {std::filesystem::exists(beside[0], ec), std::filesystem::exists(beside[1], ec)};
    auto version = check_copy(file);
    for (int i = 0; i < 2; ++i)
        if (!were_there[i]) remove_quietly(beside[i]);
    return version;
}

// Copies `source` into the new file `partial` in one backup step (one read transaction); the page count.
int copy_in_one_step(const std::filesystem::path& source, const std::filesystem::path& partial) {
    SQLite::Database from(source.string(), SQLite::OPEN_READWRITE);
    from.setBusyTimeout(kBusyTimeoutMs);
    SQLite::Database to(partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    int pages = 0;
    {
        SQLite::Backup backup(to, from);
        // BUSY or LOCKED only while another connection holds an exclusive lock (a checkpoint truncating the
        // WAL, a migration): wait for it as the server's own connections would.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
        for (;;) {
            const int rc = backup.executeStep(-1);
            if (rc == SQLITE_DONE) break;
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("the database stayed locked for 10 s");
            ::usleep(50'000);
        }
        pages = backup.getTotalPageCount();
    }  // the backup is finished before the copy is used
    // The copy is one file: no -wal or -shm beside it when it is read (the server turns WAL on when it opens it).
    to.exec("PRAGMA journal_mode = DELETE");
    return pages;
}

}  // namespace

Result<BackupReport> backup_database(const std::filesystem::path& source, const std::filesystem::path& out) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source, ec))
        return make_error(ErrorCode::NotFound, "no database at " + source.string());
    if (std::filesystem::exists(out, ec))
        return make_error(ErrorCode::Conflict, out.string() + " exists; a backup never overwrites a file");
    auto partial = out;
    partial += ".part";
    remove_quietly(partial);  // left by a backup that was killed
    BackupReport report;
    try {
        report.pages = copy_in_one_step(source, partial);
    } catch (const std::exception& e) {
        remove_quietly(partial);
        return make_error(ErrorCode::Internal, std::string("the backup failed: ") + e.what());
    }
    auto version = check_leaving_nothing(partial);
    if (!version) {
        remove_quietly(partial);
        return make_error(ErrorCode::Internal, "the copy is not intact: " + version.error().message);
    }
    report.schema_version = *version;
    if (!flush_to_disk(partial)) {
        remove_quietly(partial);
        return make_error(ErrorCode::Internal, "cannot flush " + partial.string() + " to disk");
    }
    std::filesystem::rename(partial, out, ec);
    if (ec) {
        remove_quietly(partial);
        return make_error(ErrorCode::Internal, "cannot rename the copy to " + out.string() + ": " + ec.message());
    }
    flush_to_disk(out.parent_path().empty() ? "." : out.parent_path());
    report.bytes = std::filesystem::file_size(out, ec);
    return report;
}

Result<RestoreReport> restore_database(const std::filesystem::path& from, const std::filesystem::path& database) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(from, ec)) return make_error(ErrorCode::NotFound, "no file at " + from.string());
    auto version = check_leaving_nothing(from);
    if (!version) return make_error(ErrorCode::InvalidInput, from.string() + ": " + version.error().message);

    RestoreReport report;
    report.schema_version = *version;
    auto incoming = database;
    incoming += ".restoring";
    remove_quietly(incoming);
    std::filesystem::copy_file(from, incoming, ec);
    if (ec || !flush_to_disk(incoming)) {
        remove_quietly(incoming);
        return make_error(ErrorCode::Internal, "cannot copy " + from.string() + " beside the database: " + ec.message());
    }
    // What goes in is what was copied (a -wal beside `from` is not): check the copy itself.
    if (auto copied = check_leaving_nothing(incoming); !copied) {
        remove_quietly(incoming);
        return make_error(ErrorCode::InvalidInput, from.string() + " without its -wal file: " + copied.error().message);
    }

    // The database in place, with its WAL (which may hold committed pages) and shared-memory index, moves aside.
    auto stamp = fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(std::time(nullptr)));
    // Two restores in one second: the second set-aside gets a number, never the first one's name.
    for (int n = 2; std::filesystem::exists(database.string() + ".replaced-" + stamp, ec); ++n)
        stamp = fmt::format("{:%Y%m%dT%H%M%SZ}-{}", fmt::gmtime(std::time(nullptr)), n);
    const std::string suffixes[] = {"", "-wal", "-shm"};
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moved;
    for (const auto& suffix : suffixes) {
        auto file = database;
        file += suffix;
        if (!std::filesystem::exists(file, ec)) continue;
        auto aside = database;
        aside += ".replaced-" + stamp + suffix;
        std::filesystem::rename(file, aside, ec);
        if (ec) {
            for (const auto& [original, put] : moved) std::filesystem::rename(put, original, ec);
            remove_quietly(incoming);
            return make_error(ErrorCode::Internal, "cannot move " + file.string() + " aside");
        }
        moved.emplace_back(file, aside);
        if (suffix.empty()) report.replaced = aside;
    }
    std::filesystem::rename(incoming, database, ec);
    if (ec) {
        for (const auto& [original, put] : moved) std::filesystem::rename(put, original, ec);
        remove_quietly(incoming);
        return make_error(ErrorCode::Internal, "cannot put the copy in place: " + ec.message());
    }
    flush_to_disk(database.parent_path().empty() ? "." : database.parent_path());
    return report;
}

}  // namespace openhall::core
