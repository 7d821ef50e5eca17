// Issue 16: `openhall backup` copies the database while the server writes, consistent as of one moment, and
// `openhall restore` puts a copy back once the server is stopped (docs/deployment.md, "Backups").
#include <atomic>
#include <fstream>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;

namespace {

struct Counts {
    std::string integrity;
    int events = 0;
    int creations_audited = 0;
};

Counts counts_in(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    return {db.execAndGet("PRAGMA integrity_check").getString(), db.execAndGet("SELECT COUNT(*) FROM events").getInt(),
            db.execAndGet("SELECT COUNT(*) FROM audit_log WHERE action = 'event.create'").getInt()};
}

class BackupTest : public StaffServerTest {
protected:
    std::filesystem::path data() const { return data_.path(); }
    CommandResult backup_to(const std::filesystem::path& out) {
        return run_openhall({"backup", "--data", data().string(), "--out", out.string()});
    }
    int create_event(HttpClient& scheduler, const std::string& title) {
        auto r = scheduler.post("/api/v1/events", event_body(title));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? r.json()["id"].get<int>() : 0;
    }
};

}  // namespace

TEST_F(BackupTest, CopiesAConsistentMomentWhileTheServerWrites) {
    // Two writers keep creating events (each with its audit row, in one transaction) during the backups.
    std::atomic<bool> writing{true};
    std::atomic<int> created{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            auto scheduler = client_as(Role::Scheduler);
            for (int i = 0; writing; ++i)
                if (scheduler->post("/api/v1/events", event_body(fmt::format("县政府开放日 {}-{}", w, i))).status == 201)
                    ++created;
        });
    ASSERT_TRUE(wait_until(std::chrono::seconds(30), [&] { return created >= 20; }));

    TempDir backups;
    int previous = 0;
    for (int b = 0; b < 4; ++b) {
        const int before = created;
        const auto out = backups.path() / fmt::format("openhall-{}.db", b);
        auto r = backup_to(out);
        const int after = created;
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("checked intact"), std::string::npos) << r.out;
        const auto copy = counts_in(out);
        EXPECT_EQ(copy.integrity, "ok");
        // Every event in the copy came with its audit row, and the copy holds what was acknowledged before it
        // began (and at most what was acknowledged by its end: the writers are between their posts).
        EXPECT_EQ(copy.events, copy.creations_audited);
        EXPECT_GE(copy.events, before);
        EXPECT_LE(copy.events, after + 2);
        EXPECT_GE(copy.events, previous);
        previous = copy.events;
        EXPECT_FALSE(std::filesystem::exists(out.string() + ".part"));
    }
    writing = false;
    for (auto& t : writers) t.join();

    // Once the writers are done, a backup holds every acknowledged event.
    const auto last = backups.path() / "openhall-last.db";
    ASSERT_EQ(backup_to(last).exit_code, 0);
    EXPECT_EQ(counts_in(last).events, created.load());
}

TEST_F(BackupTest, RefusesToOverwriteAndSaysWhatIsMissing) {
    TempDir backups;
    const auto out = backups.path() / "openhall.db";
    std::ofstream(out) << "last week's backup";
    auto refused = backup_to(out);
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("never overwrites"), std::string::npos) << refused.err;
    std::ifstream in(out);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "last week's backup");

    TempDir empty;
    auto nothing = run_openhall({"backup", "--data", empty.path().string(), "--out", (backups.path() / "x.db").string()});
    EXPECT_NE(nothing.exit_code, 0);
    EXPECT_NE(nothing.err.find("no database"), std::string::npos) << nothing.err;
    EXPECT_FALSE(std::filesystem::exists(backups.path() / "x.db"));
}

TEST_F(BackupTest, RestorePutsTheCopyBackAndKeepsTheReplacedDatabase) {
    auto scheduler = client_as(Role::Scheduler);
    const int kept = create_event(*scheduler, "政府开放日：走进县档案馆");
    TempDir backups;
    const auto copy = backups.path() / "openhall.db";
    ASSERT_EQ(backup_to(copy).exit_code, 0);
    const int later = create_event(*scheduler, "新闻发布会：冬季供暖");

    // Not while the server runs: it holds the data directory.
    auto refused = run_openhall({"restore", "--data", data().string(), "--from", copy.string()});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("stop it first"), std::string::npos) << refused.err;
    EXPECT_EQ(scheduler->get(fmt::format("/api/v1/events/{}", later)).status, 200);

    server_->stop();
    auto restored = run_openhall({"restore", "--data", data().string(), "--from", copy.string()});
    ASSERT_EQ(restored.exit_code, 0) << restored.err;
    // The database that was in place (with the later event) is kept beside, not deleted.
    std::filesystem::path replaced;
    for (const auto& entry : std::filesystem::directory_iterator(data())) {
        const auto name = entry.path().filename().string();
        if (name.starts_with("openhall.db.replaced-") && !name.ends_with("-wal") && !name.ends_with("-shm"))
            replaced = entry.path();
    }
    ASSERT_FALSE(replaced.empty()) << restored.out;
    EXPECT_NE(restored.out.find(replaced.filename().string()), std::string::npos) << restored.out;

    // Restored again at once (the same second): the first set-aside database is not overwritten.
    ASSERT_EQ(run_openhall({"restore", "--data", data().string(), "--from", copy.string()}).exit_code, 0);
    int set_aside = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data())) {
        const auto name = entry.path().filename().string();
        set_aside += name.starts_with("openhall.db.replaced-") && !name.ends_with("-wal") && !name.ends_with("-shm");
    }
    EXPECT_EQ(set_aside, 2);
    // Nothing of the copies' own is left behind: no .restoring file, no -wal or -shm of a copy.
    for (const auto& entry : std::filesystem::directory_iterator(data()))
        EXPECT_EQ(entry.path().filename().string().find(".restoring"), std::string::npos) << entry.path();
    for (const auto& entry : std::filesystem::directory_iterator(backups.path()))
        EXPECT_EQ(entry.path().filename(), "openhall.db") << "only the backup itself";
    // The copy is written with a rollback journal: one file, read without a -wal or -shm beside it.
    SQLite::Database copied(copy.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(copied.execAndGet("PRAGMA journal_mode").getString(), "delete");
    EXPECT_TRUE(std::filesystem::exists(replaced));

    server_ = std::make_unique<ServerProcess>(data(), server_args());
    auto again = client_as(Role::Scheduler);
    EXPECT_EQ(again->get(fmt::format("/api/v1/events/{}", kept)).status, 200);
    EXPECT_EQ(again->get(fmt::format("/api/v1/events/{}", later)).status, 404);
}

TEST_F(BackupTest, RestoreRefusesAFileThatIsNotAnOpenHallDatabase) {
    server_->stop();
    TempDir files;
    const auto text = files.path() / "notes.db";
    std::ofstream(text) << "minutes of the meeting";
    const auto other = files.path() / "other.db";
    SQLite::Database(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t(x)");
    for (const auto& [file, says] : std::vector<std::pair<std::filesystem::path, std::string>>{
             {text, "not an SQLite database"}, {other, "not an OpenHall database"}, {files.path() / "none.db", "no file"}}) {
        auto r = run_openhall({"restore", "--data", data().string(), "--from", file.string()});
        EXPECT_NE(r.exit_code, 0) << file;
        EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    }
    // Nothing was moved: the server starts on its own data with its users.
    server_ = std::make_unique<ServerProcess>(data(), server_args());
    EXPECT_NO_THROW(client_as(Role::Admin));
}

TEST_F(BackupTest, OneServerPerDataDirectory) {
    EXPECT_THROW(ServerProcess second(data()), std::runtime_error);
    EXPECT_NO_THROW(client_as(Role::Admin));
}
