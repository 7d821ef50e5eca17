// The openhall command line, run as a separate process as operators run it.
#include <set>

#include <gtest/gtest.h>

#include "openhall/core/store/database.hpp"
#include "openhall/core/store/migrations.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::testing;

TEST(Cli, EveryCommandHasHelp) {
    for (auto args : std::vector<std::vector<std::string>>{
             {"--help"}, {"serve", "--help"}, {"user", "add", "--help"}, {"migrate", "--help"}, {"backup", "--help"},
             {"restore", "--help"}}) {
        auto r = run_openhall(args);
        EXPECT_EQ(r.exit_code, 0) << args.back();
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
    }
}

TEST(Cli, UnknownCommandFailsWithAMessageOnStandardError) {
    auto r = run_openhall({"fly"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_FALSE(r.err.empty());
}

TEST(Cli, UserAddReadsThePasswordFromStandardInputAndTheUserCanSignIn) {
    TempDir data;
    auto r = run_openhall({"user", "add", "wang.li", "--role", "reviewer", "--data", data.path().string()},
                          "a long enough secret\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ServerProcess server(data.path());
    HttpClient client(server.base_url());
    auto session = client.sign_in("wang.li", "a long enough secret");
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_EQ(session.json()["user"]["role"], "reviewer");
}

TEST(Cli, UserAddRefusesUnknownRolesDuplicatesAndShortPasswords) {
    TempDir data;
    const auto dir = data.path().string();
    auto bad_role = run_openhall({"user", "add", "x", "--role", "mayor", "--data", dir}, "a long enough secret\n");
    EXPECT_NE(bad_role.exit_code, 0);
    EXPECT_NE(bad_role.err.find("role"), std::string::npos);
    ASSERT_EQ(run_openhall({"user", "add", "x", "--role", "admin", "--data", dir}, "a long enough secret\n").exit_code, 0);
    auto again = run_openhall({"user", "add", "x", "--role", "admin", "--data", dir}, "a long enough secret\n");
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.err.find("already exists"), std::string::npos);
    auto short_pw = run_openhall({"user", "add", "y", "--role", "admin", "--data", dir}, "short\n");
    EXPECT_NE(short_pw.exit_code, 0);
    EXPECT_NE(short_pw.err.find("password"), std::string::npos);
}

TEST(Cli, MigrateBringsAnOldDatabaseUpToDate) {
    TempDir data;
    {
        openhall::core::Database db(data.path() / "openhall.db");
        db.migrate(1);
    }
    auto r = run_openhall({"migrate", "--data", data.path().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto latest = std::to_string(openhall::core::all_migrations().back().version);
    EXPECT_NE(r.out.find("schema version " + latest + " (was 1"), std::string::npos) << r.out;
    auto again = run_openhall({"migrate", "--data", data.path().string()});
    EXPECT_NE(again.out.find("applied 0"), std::string::npos) << again.out;
}

TEST(Cli, DemoSeedingIsIdempotentAndCoversEveryKind) {
    TempDir data;
    std::size_t first_count = 0;
    {
        ServerProcess server(data.path(), {"--demo"});
        HttpClient client(server.base_url());
        const auto events = client.get("/api/v1/events").json()["events"];
        first_count = events.size();
        std::set<std::string> kinds;
        bool live = false;
        for (const auto& e : events) {
            kinds.insert(e["kind"].get<std::string>());
            live = live || e["status"] == "live";
            EXPECT_FALSE(e["agenda"].empty()) << e["title"];
        }
        EXPECT_EQ(kinds.size(), 5u);
        EXPECT_TRUE(live);
    }
    ServerProcess again(data.path(), {"--demo"});
    HttpClient client(again.base_url());
    EXPECT_EQ(client.get("/api/v1/events").json()["events"].size(), first_count);
}

TEST(Cli, ServeRefusesAnUnknownTimeZone) {
    TempDir data;
    auto r = run_openhall({"serve", "--data", data.path().string(), "--http-port", "0", "--host", "127.0.0.1",
                           "--time-zone", "Mars/Olympus"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("Mars/Olympus"), std::string::npos);
}

// A cached SELECT left unfinished used to keep a stale read snapshot on the server's connection, so the
// server's next write after another process wrote failed at once with "database is locked".
TEST(Cli, UserAddWhileTheServerRunsDoesNotBreakTheServersWrites) {
    TempDir data;
    ASSERT_EQ(run_openhall({"user", "add", "first", "--role", "scheduler", "--data", data.path().string()},
                           "a long enough secret\n").exit_code, 0);
    ServerProcess server(data.path());
    HttpClient client(server.base_url());
    ASSERT_EQ(client.sign_in("first", "a long enough secret").status, 200);
    ASSERT_EQ(client.get("/api/v1/events").status, 200);
    ASSERT_EQ(run_openhall({"user", "add", "second", "--role", "editor", "--data", data.path().string()},
                           "another long secret\n").exit_code, 0);
    auto created = client.post("/api/v1/events", {{"kind", "hearing"}, {"title", "听证会"},
                                                  {"starts_at", "2026-12-20T14:30:00+08:00"},
                                                  {"ends_at", "2026-12-20T17:00:00+08:00"}});
    EXPECT_EQ(created.status, 201) << created.body << "\n" << server.log();
    HttpClient second(server.base_url());
    EXPECT_EQ(second.sign_in("second", "another long secret").status, 200);
}
