// The archive bundle: an event streamed from the test source, with questions, a topic, an assignment and a
// published interpretation with a commenter's contact, exported with `openhall export` and the staff route, then
// checked with `sha256sum -c`, `openhall verify-archive` (folder and tar.gz), and with a file changed.
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/base/time.hpp"
#include "support/staff_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCommenterContact = "commenter-13800000000@example.org";
constexpr const char* kInviteeContact = "invitee-contact@example.org";
constexpr const char* kRegistrantContact = "registrant-contact@example.org";

// Every text file under `root` (recordings left out), without the staff-only folder when asked.
std::string read_tree(const fs::path& root, bool skip_staff_only = false) {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() == ".ts" || entry.path().extension() == ".mp4") continue;
        if (skip_staff_only && *fs::relative(entry.path(), root).begin() == "staff-only") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return all;
}

class ArchiveTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        admin_ = client_as(Role::Admin);
        event_ = admin_->post("/api/v1/events", event_body("常务会议：老旧小区改造", "standing_meeting")).json()["id"].get<int>();
        ASSERT_EQ(admin_->request("PUT", path("/stream"), R"({"source":"test"})").status, 200);
        const int item = admin_->post(path("/agenda"), {{"title", "改造方案"}}).json()["id"].get<int>();
        const int invitee = admin_->post("/api/v1/invitees", {{"name", "列席代表"}, {"category", "群众代表"}, {"contact", kInviteeContact}})
                                .json()["id"].get<int>();
        ASSERT_EQ(admin_->post(path("/invitations"), {{"invitee_id", invitee}}).status, 201);
        ASSERT_EQ(admin_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
        ASSERT_EQ(public_client()->post(path("/registrations"), {{"name", "旁听市民"}, {"contact", kRegistrantContact}}).status, 201);
        ASSERT_EQ(admin_->post(path("/status"), {{"status", "live"}}).status, 200);
        const auto media = data_.path() / "media" / std::to_string(event_);
        ASSERT_TRUE(wait_until(20s, [&] { return fs::exists(media / "index.m3u8"); })) << server_->log();
        ASSERT_EQ(admin_->post(path(fmt::format("/agenda/{}/mark", item)), json::object()).status, 201);
        question_ = admin_->post(path("/questions"), {{"text", "改造期间居民停车怎么安排？"}, {"name", "李代表"}})
                        .json()["id"].get<int>();
        const int line = admin_->post(path("/captions"), {{"text", "改造工期为八个月"}}).json()["id"].get<int>();
        ASSERT_EQ(admin_->post(path("/status"), {{"status", "ended"}}).status, 200);
        ASSERT_EQ(admin_->request("PUT", path(fmt::format("/transcript/lines/{}", line)),
                                  R"({"text":"改造工期为九个月","revision":1})").status, 200);
        ASSERT_TRUE(wait_until(30s, [&] {
            auto stream = admin_->get(path()).json()["stream"];
            return !stream["mp4_url"].is_null() && !stream["poster_url"].is_null();
        })) << server_->log();

        const int topic = admin_->post(path("/topics"), {{"title", "停车安排"}, {"question_ids", {question_}}}).json()["id"].get<int>();
        ASSERT_EQ(admin_->post("/api/v1/departments", {{"name", "住建局"}, {"contact", "staff-contact@example.gov"}}).status, 201);
        ASSERT_EQ(admin_->post("/api/v1/assignments",
                               {{"topic_id", topic}, {"department", "住建局"}, {"due_at", "2020-01-01T00:00:00+08:00"}})
                      .status,
                  201);
        const int i = admin_->post("/api/v1/interpretations", {{"event_id", event_},
                                                               {"title", "老旧小区改造解读"},
                                                               {"body_md", "改造期间开放临时停车场。"},
                                                               {"topic_ids", {topic}}})
                          .json()["id"].get<int>();
        const auto status = [&](const json& body) {
            return admin_->post(fmt::format("/api/v1/interpretations/{}/status", i), body).status;
        };
        ASSERT_EQ(status({{"status", "in_review"}}), 200);
        ASSERT_EQ(admin_->post(fmt::format("/api/v1/interpretations/{}/review", i), {{"decision", "approve"}}).status, 200);
        const auto window = openhall::core::format_rfc3339(
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::hours{24});
        ASSERT_EQ(status({{"status", "pre_published"}, {"comment_until", window}}), 200);
        const auto comment = public_client()->post(fmt::format("/api/v1/interpretations/{}/comments", i),
                                                   {{"text", "希望夜间施工提前告知。"}, {"contact", kCommenterContact}});
        ASSERT_EQ(comment.status, 201);
        ASSERT_EQ(admin_->post(fmt::format("/api/v1/comments/{}/moderation", comment.json()["id"].get<int>()),
                               {{"action", "approve"}, {"reply", "会提前三天公告。"}})
                      .status,
                  200);
        ASSERT_EQ(status({{"status", "published"}}), 200);
    }

    std::string path(const std::string& rest = "") const { return fmt::format("/api/v1/events/{}{}", event_, rest); }

    CommandResult export_to(const fs::path& out) {
        return run_openhall({"export", std::to_string(event_), "--out", out.string(), "--data", data_.path().string()});
    }

    std::unique_ptr<HttpClient> admin_;
    int event_ = 0;
    int question_ = 0;
    TempDir out_;
};

TEST_F(ArchiveTest, ExportedBundleVerifiesAndKeepsContactsInTheStaffOnlyFolder) {
    const auto bundle = out_.path() / "bundle";
    auto exported = export_to(bundle);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;

    for (const char* file : {"manifest.json", "SHA256SUMS", "README.txt", "event.json", "questions.json", "topics.json",
                             "assignments.json", "invitations.json", "registrations.json", "interpretations.json",
                             "interpretations/1/interpretation.json", "interpretations/1/v1.md", "interpretations/1/v1.html",
                             "recording/index.m3u8", "recording/poster.jpg", "recording/chapters.vtt",
                             "recording/master.m3u8", "recording/subtitles.m3u8", "transcript.json", "transcript.vtt",
                             "transcript.srt", "staff-only/transcript.json",
                             "staff-only/README.txt", "staff-only/audit.json", "staff-only/comments.json",
                             "staff-only/questions.json", "staff-only/invitations.json", "staff-only/registrations.json"})
        EXPECT_TRUE(fs::exists(bundle / file)) << file;
    EXPECT_TRUE(fs::exists(bundle / "recording" / (std::to_string(event_) + ".mp4")));
    // What was said: the corrected text for everyone; who wrote it and the earlier text for staff.
    const auto transcript = json::parse(std::ifstream(bundle / "transcript.json"));
    ASSERT_EQ(transcript["lines"].size(), 1u);
    EXPECT_EQ(transcript["lines"][0]["text"], "改造工期为九个月");
    EXPECT_FALSE(transcript["lines"][0].contains("author"));
    const auto staff_transcript = json::parse(std::ifstream(bundle / "staff-only" / "transcript.json"));
    EXPECT_EQ(staff_transcript["lines"][0]["revised_by"], "admin");
    EXPECT_EQ(staff_transcript["lines"][0]["revisions"][0]["text"], "改造工期为八个月");
    std::ifstream vtt_file(bundle / "transcript.vtt");
    const std::string vtt(std::istreambuf_iterator<char>(vtt_file), {});
    EXPECT_TRUE(vtt.starts_with("WEBVTT\n")) << vtt;
    EXPECT_NE(vtt.find("改造工期为九个月"), std::string::npos) << vtt;
    auto assignments = json::parse(std::ifstream(bundle / "assignments.json"));
    EXPECT_EQ(assignments["assignments"][0]["escalation_history"].size(), 3u);  // due in 2020: every step taken

    // The checksums hold for the standard tool and for ours, on the folder and on the tarball.
    auto sums = run_command({"sh", "-c", "cd '" + bundle.string() + "' && sha256sum --quiet -c SHA256SUMS"});
    EXPECT_EQ(sums.exit_code, 0) << sums.out << sums.err;
    EXPECT_EQ(run_openhall({"verify-archive", bundle.string()}).exit_code, 0);
    auto packed = run_openhall({"verify-archive", bundle.string() + ".tar.gz"});
    EXPECT_EQ(packed.exit_code, 0) << packed.err;

    // Contacts only under staff-only/.
    const auto public_part = read_tree(bundle, true);
    for (const char* contact : {kCommenterContact, kInviteeContact, kRegistrantContact}) {
        EXPECT_EQ(public_part.find(contact), std::string::npos) << contact;
        EXPECT_NE(read_tree(bundle / "staff-only").find(contact), std::string::npos) << contact;
    }
    EXPECT_NE(public_part.find("列席代表"), std::string::npos);
    EXPECT_NE(public_part.find("旁听市民"), std::string::npos);
    EXPECT_NE(public_part.find("会提前三天公告。"), std::string::npos);  // the approved comment's reply is public
    EXPECT_NE(read_tree(bundle / "staff-only").find(kCommenterContact), std::string::npos);

    // A changed file and an added one are found and named.
    std::ofstream(bundle / "interpretations" / "1" / "v1.md", std::ios::app) << "篡改";
    std::ofstream(bundle / "extra.txt") << "x";
    auto broken = run_openhall({"verify-archive", bundle.string()});
    EXPECT_NE(broken.exit_code, 0);
    EXPECT_NE(broken.err.find("changed: interpretations/1/v1.md"), std::string::npos) << broken.err;
    EXPECT_NE(broken.err.find("not listed in SHA256SUMS: extra.txt"), std::string::npos) << broken.err;
}

TEST_F(ArchiveTest, ExportRefusesToOverwriteAndNamesUnknownEvents) {
    const auto bundle = out_.path() / "bundle";
    ASSERT_EQ(export_to(bundle).exit_code, 0);
    auto again = export_to(bundle);
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
    auto unknown = run_openhall({"export", "999", "--out", (out_.path() / "x").string(), "--data", data_.path().string()});
    EXPECT_NE(unknown.exit_code, 0);
    EXPECT_NE(unknown.err.find("event 999 does not exist"), std::string::npos) << unknown.err;
    EXPECT_NE(run_openhall({"verify-archive", (out_.path() / "nothing").string()}).exit_code, 0);
}

TEST_F(ArchiveTest, StaffButtonWritesABundleAnAdminCanDownload) {
    EXPECT_EQ(client_as(Role::Editor)->post(path("/export"), json::object()).status, 403);
    auto made = admin_->post(path("/export"), json::object());
    ASSERT_EQ(made.status, 201) << made.body;
    const auto url = made.json()["download_url"].get<std::string>();
    auto download = admin_->get(url);
    ASSERT_EQ(download.status, 200);
    EXPECT_EQ(download.header("content-type"), "application/gzip");
    const auto saved = out_.path() / "downloaded.tar.gz";
    std::ofstream(saved, std::ios::binary) << download.body;
    EXPECT_EQ(run_openhall({"verify-archive", saved.string()}).exit_code, 0);
    EXPECT_EQ(public_client()->get(url).status, 401);
    EXPECT_NE(admin_->get("/api/v1/exports/..%2Fopenhall.db").status, 200);
    EXPECT_EQ(admin_->get("/api/v1/exports/openhall.db").status, 404);
}

}  // namespace
