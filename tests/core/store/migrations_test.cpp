#include <gtest/gtest.h>

#include "openhall/core/captions/caption_repository.hpp"
#include "openhall/core/store/database.hpp"
#include "openhall/core/store/migrations.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using openhall::testing::TempDir;

namespace {

int latest_version() { return all_migrations().back().version; }

// The schema as SQLite describes it, to compare two databases.
std::vector<std::string> schema_of(Database& db) {
    std::vector<std::string> out;
    SQLite::Statement st(db.handle(),
                         "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master"
                         " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
}

}  // namespace

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
    int expected = 1;
    for (const auto& m : all_migrations()) EXPECT_EQ(m.version, expected++) << m.name;
    EXPECT_GE(latest_version(), 2);
}

TEST(Migrations, EmptyDatabaseReachesTheLatestVersion) {
    TempDir dir;
    Database db(dir.path() / "openhall.db");
    EXPECT_EQ(db.schema_version(), 0);
    EXPECT_EQ(db.migrate(), latest_version());
    EXPECT_EQ(db.schema_version(), latest_version());
    EXPECT_TRUE(db.handle().tableExists("events"));
    EXPECT_TRUE(db.handle().tableExists("settings"));
}

TEST(Migrations, RunningAgainAppliesNothing) {
    TempDir dir;
    Database db(dir.path() / "openhall.db");
    db.migrate();
    EXPECT_EQ(db.migrate(), 0);
}

TEST(Migrations, VersionOneDatabaseWithDataReachesTheSameSchemaAndKeepsItsRows) {
    TempDir dir;
    {
        Database old_db(dir.path() / "old.db");
        old_db.migrate(1);
        ASSERT_EQ(old_db.schema_version(), 1);
        old_db.handle().exec(
            "INSERT INTO users(name, role, password_hash, created_at) VALUES ('alice', 'admin', 'x', 100);"
            "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES ('h', 1, 100, 200);"
            "INSERT INTO events(kind, title, starts_at, ends_at, created_at, updated_at)"
            " VALUES ('hearing', '听证会', 1, 2, 3, 4);");
    }
    Database upgraded(dir.path() / "old.db");
    EXPECT_EQ(upgraded.migrate(), latest_version() - 1);
    Database fresh(dir.path() / "fresh.db");
    fresh.migrate();
    EXPECT_EQ(schema_of(upgraded), schema_of(fresh));
    EXPECT_EQ(upgraded.handle().execAndGet("SELECT title FROM events").getString(), "听证会");
    // The new column is filled from the old data, not left at its default.
    EXPECT_EQ(upgraded.handle().execAndGet("SELECT last_seen_at FROM sessions").getInt(), 100);
}

// Issue 14: contacts stored before migration 008 are folded; two spellings of one person's contact for one event
// both stay, the later apart.
TEST(Migrations, ContactsStoredBeforeAreFoldedAndNoRegistrationIsLost) {
    TempDir dir;
    {
        Database old_db(dir.path() / "old.db");
        old_db.migrate(7);
        old_db.handle().exec(
            "INSERT INTO events(kind, title, starts_at, ends_at, created_at, updated_at) VALUES ('open_day', '开放日', 1, 2, 3, 4);"
            "INSERT INTO registrations(event_id, code, type, name, contact, contact_key, status, created_at, updated_at) VALUES"
            " (1, 'A', 'attend', '张三', 'Zhang.San@Example.com', 'zhang.san@example.com', 'confirmed', 1, 1),"
            " (1, 'B', 'attend', '张三', 'ｚｈａｎｇ．ｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'x', 'confirmed', 2, 2),"
            " (1, 'C', 'attend', '李四', '138 0013 8000', '13800138000', 'confirmed', 3, 3),"
            " (1, 'D', 'attend', '王五', '请打办公室电话', '请打办公室电话', 'confirmed', 4, 4);"
            "INSERT INTO invitees(name, category, contact, created_at, updated_at) VALUES ('陈', '群众代表', ' +86-10-1234-5678 ', 1, 1);");
    }
    Database db(dir.path() / "old.db");
    db.migrate();
    const auto contact_of = [&](const char* code) {
        SQLite::Statement st(db.handle(), "SELECT contact || ' | ' || contact_key FROM registrations WHERE code = ?");
        st.bind(1, code);
        return st.executeStep() ? st.getColumn(0).getString() : std::string("(none)");
    };
    EXPECT_EQ(contact_of("A"), "zhang.san@example.com | zhang.san@example.com");
    EXPECT_EQ(contact_of("B"), "zhang.san@example.com | x#2") << "the later spelling is kept, apart";
    EXPECT_EQ(contact_of("C"), "+8613800138000 | +8613800138000");
    EXPECT_EQ(contact_of("D"), "请打办公室电话 | 请打办公室电话") << "what is not a contact stays as written";
    EXPECT_EQ(db.handle().execAndGet("SELECT contact FROM invitees").getString(), "+861012345678");
}

TEST(Database, OpensInWalModeWithForeignKeys) {
    TempDir dir;
    Database db(dir.path() / "openhall.db");
    EXPECT_EQ(db.handle().execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(db.handle().execAndGet("PRAGMA foreign_keys").getInt(), 1);
    db.migrate();
    EXPECT_THROW(db.handle().exec("INSERT INTO agenda_items(event_id, position, title) VALUES (999, 1, 'x')"),
                 SQLite::Exception);
}

// Issue 17: lines corrected live before migration 014 get their earlier texts back from the audit log, each with
// who wrote it and when.
TEST(Migrations, CaptionLinesCorrectedBeforeKeepTheirEarlierTextsFromTheAuditLog) {
    TempDir dir;
    {
        Database old_db(dir.path() / "old.db");
        old_db.migrate(13);
        old_db.handle().exec(
            "INSERT INTO events(kind, title, starts_at, ends_at, created_at, updated_at) VALUES ('press_conference', '发布会', 1, 2, 3, 4);"
            "INSERT INTO caption_lines(event_id, start_ms, text, source, author, revision, sent_at_ms)"
            " VALUES (1, 5000, '第三稿', 'person', 'cap1', 3, 1000), (1, 9000, '没改过', 'person', 'cap1', 1, 2000);"
            "INSERT INTO audit_log(at, actor, action, object_type, object_id, before_json, after_json) VALUES"
            " (10, 'cap1', 'caption.correct', 'caption_line', 1, '{\"revision\":1,\"text\":\"第一稿\",\"author\":\"cap1\"}', '{}'),"
            " (20, 'cap2', 'caption.correct', 'caption_line', 1, '{\"revision\":2,\"text\":\"第二稿\",\"author\":\"cap1\"}', '{}');");
    }
    Database db(dir.path() / "old.db");
    db.migrate();
    CaptionRepository lines(db);
    EXPECT_EQ(lines.revisions(CaptionLineId{1}),
              (std::vector<CaptionRevision>{{1, "第一稿", "cap1", WallMillis{std::chrono::milliseconds{1000}}},
                                            {2, "第二稿", "cap1", WallMillis{std::chrono::milliseconds{10000}}}}));
    EXPECT_EQ(lines.find(CaptionLineId{1})->revised_by, "cap2");
    EXPECT_TRUE(lines.revisions(CaptionLineId{2}).empty());
    EXPECT_FALSE(lines.find(CaptionLineId{2})->revised_by);
}
