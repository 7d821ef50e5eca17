#include <fstream>
#include <set>

#include <fmt/format.h>

#include "openhall/admin/archive.hpp"
#include "openhall/admin/run_command.hpp"
#include "openhall/core/after_meeting/assignment_service.hpp"
#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/after_meeting/topic_service.hpp"
#include "openhall/core/attendance/invitation_repository.hpp"
#include "openhall/core/attendance/registration_repository.hpp"
#include "openhall/core/base/sha256.hpp"
#include "openhall/core/captions/caption_service.hpp"
#include "openhall/core/captions/subtitle_formats.hpp"
#include "openhall/core/events/event_json.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"

namespace openhall::admin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kReadme =
    "OpenHall archive bundle / 立卷歸檔 / 立卷归档\n"
    "\n"
    "manifest.json lists every file with its size and SHA-256. Check the bundle with\n"
    "    sha256sum -c SHA256SUMS\n"
    "or `openhall verify-archive PATH`.\n"
    "The folder staff-only/ holds personal data (contacts, addresses, tickets) and the audit log:\n"
    "it is not for publication.\n"
    "staff-only/ 內含個人資料與審計紀錄，不得公開。staff-only/ 内含个人资料与审计记录，不得公开。\n";

constexpr const char* kStaffOnlyReadme =
    "STAFF ONLY — 僅限工作人員 — 仅限工作人员\n"
    "Personal data: askers' tickets, commenters' contacts and addresses, moderation reasons, the audit log.\n";

// The bundle's files as they are written, for the manifest and the sums.
class BundleWriter {
public:
    explicit BundleWriter(fs::path root) : root_(std::move(root)) {}

    void text(const std::string& path, const std::string& content) {
        const auto target = root_ / path;
        fs::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary);
        out << content;
        if (!out) throw std::runtime_error("cannot write " + target.string());
        paths_.insert(path);
    }
    void json_file(const std::string& path, const json& value) { text(path, value.dump(2) + "\n"); }

    // Recordings are large: linked when the data directory is on the same file system, copied otherwise.
    void copy(const std::string& path, const fs::path& source) {
        const auto target = root_ / path;
        fs::create_directories(target.parent_path());
        std::error_code ec;
        fs::create_hard_link(source, target, ec);
        if (ec) fs::copy_file(source, target, fs::copy_options::overwrite_existing);
        paths_.insert(path);
    }

    // Writes manifest.json and SHA256SUMS over everything written so far.
    std::size_t finish(json manifest) {
        paths_.insert("manifest.json");  // listed with the others except its own hash, which cannot be in itself
        auto files = json::array();
        for (const auto& p : paths_) {
            if (p == "manifest.json") continue;
            files.push_back({{"path", p}, {"bytes", fs::file_size(root_ / p)}, {"sha256", *core::sha256_file(root_ / p)}});
        }
        manifest["files"] = std::move(files);
        json_file("manifest.json", manifest);
        std::string sums;
        for (const auto& p : paths_) sums += fmt::format("{}  {}\n", *core::sha256_file(root_ / p), p);
        text("SHA256SUMS", sums);
        return paths_.size();
    }

private:
    fs::path root_;
    std::set<std::string> paths_;
};

json audit_json(const std::vector<core::AuditEntry>& entries, const core::UtcOffsetAt& offset_at) {
    auto list = json::array();
    for (const auto& e : entries) list.push_back(core::to_json(e, offset_at));
    return list;
}

}  // namespace

core::Result<ArchiveResult> export_event_archive(core::Database& db, const core::Clock& clock,
                                                 const core::UtcOffsetAt& offset_at, const ArchiveRequest& request) {
    core::EventService events(db, clock);
    auto event = events.find(request.event);
    if (!event) return core::make_error(core::ErrorCode::NotFound, fmt::format("event {} does not exist", request.event.value));
    std::error_code ec;
    if (fs::exists(request.out, ec) && !fs::is_empty(request.out, ec))
        return core::make_error(core::ErrorCode::Conflict,
                                fmt::format("{} exists and is not empty; choose a new folder", request.out.string()));
    const fs::path tarball = request.out.string() + ".tar.gz";
    if (fs::exists(tarball, ec))
        return core::make_error(core::ErrorCode::Conflict, fmt::format("{} exists already", tarball.string()));
    fs::create_directories(request.out);

    BundleWriter bundle(request.out);
    const std::string staff = kStaffOnlyFolder;
    bundle.text("README.txt", kReadme);
    bundle.text(staff + "/README.txt", kStaffOnlyReadme);

    auto event_json = core::to_json(*event, offset_at);
    auto chapters = json::array();
    for (const auto& c : events.chapters(event->id))
        chapters.push_back({{"agenda_item_id", c.agenda_item.value},
                            {"title", c.title},
                            {"offset_s", c.offset_s ? json(*c.offset_s) : json()}});
    event_json["chapters"] = std::move(chapters);
    bundle.json_file("event.json", event_json);

    // Questions: the public ones in public form; all of them, with tickets and moderation reasons, for staff.
    core::QuestionService questions(db, clock);
    auto public_questions = json::array();
    auto all_questions = json::array();
    for (const auto& q : questions.list(event->id)) {
        if (core::is_public(q.status) || q.status == core::QuestionStatus::Merged)
            public_questions.push_back(core::to_json(q, offset_at));
        all_questions.push_back(core::to_json(q, offset_at, true));
    }
    bundle.json_file("questions.json", {{"questions", std::move(public_questions)}});
    bundle.json_file(staff + "/questions.json", {{"questions", std::move(all_questions)}});

    auto topics = json::array();
    for (const auto& t : core::TopicService(db, clock).list(event->id)) topics.push_back(core::to_json(t, offset_at));
    bundle.json_file("topics.json", {{"topics", std::move(topics)}});

    auto assignments = json::array();
    for (const auto& a : core::AssignmentService(db, clock, {}, core::MailSite::unconfigured()).for_event(event->id)) assignments.push_back(core::to_json(a, offset_at));
    bundle.json_file("assignments.json", {{"assignments", std::move(assignments)}});

    // Who was invited and how they answered, who registered: contacts, links and codes for staff only.
    core::InvitationRepository invitation_store(db);
    auto invitations = json::array();
    auto staff_invitations = json::array();
    for (const auto& v : invitation_store.invitations_of_event(event->id)) {
        auto j = core::to_json(v, offset_at, "");
        j.erase("rsvp_url");
        invitations.push_back(j);
        if (auto invitee = invitation_store.find_invitee(v.invitee_id)) j["invitee"]["contact"] = invitee->contact;
        staff_invitations.push_back(std::move(j));
    }
    bundle.json_file("invitations.json", {{"invitations", std::move(invitations)}});
    bundle.json_file(staff + "/invitations.json", {{"invitations", std::move(staff_invitations)}});
    auto registrations = json::array();
    auto staff_registrations = json::array();
    for (const auto& r : core::RegistrationRepository(db).list(event->id)) {
        auto j = core::to_json(r, offset_at);
        j.erase("code");
        registrations.push_back(std::move(j));
        staff_registrations.push_back(core::to_json(r, offset_at, true));
    }
    bundle.json_file("registrations.json", {{"registrations", std::move(registrations)}});
    bundle.json_file(staff + "/registrations.json", {{"registrations", std::move(staff_registrations)}});

    core::InterpretationService interpretations(db, clock);
    auto index = json::array();
    auto staff_comments = json::array();
    for (const auto& i : interpretations.list(event->id, {})) {
        const auto folder = fmt::format("interpretations/{}", i.id.value);
        auto record = core::to_json(i, offset_at);
        auto reviews = json::array();
        for (const auto& r : interpretations.reviews(i.id)) reviews.push_back(core::to_json(r, offset_at));
        record["reviews"] = std::move(reviews);
        auto comments = json::array();
        for (const auto& c : interpretations.comments(i.id)) {
            if (c.status == core::CommentStatus::Approved) comments.push_back(core::to_json(c, offset_at, false));
            auto full = core::to_json(c, offset_at, true);
            full["address"] = c.address;
            staff_comments.push_back(std::move(full));
        }
        record["comments"] = std::move(comments);
        auto versions = json::array();
        for (const auto& v : interpretations.versions(i.id)) {
            bundle.text(fmt::format("{}/v{}.md", folder, v.number), v.body_md);
            bundle.text(fmt::format("{}/v{}.html", folder, v.number), v.body_html);
            auto meta = core::to_json(v, offset_at);
            meta.erase("body_md");
            meta.erase("body_html");
            versions.push_back(std::move(meta));
        }
        record["versions"] = std::move(versions);
        bundle.json_file(folder + "/interpretation.json", record);
        index.push_back({{"id", i.id.value}, {"status", core::wire_name(i.status)}, {"folder", folder}});
    }
    bundle.json_file("interpretations.json", {{"interpretations", std::move(index)}});
    bundle.json_file(staff + "/comments.json", {{"comments", std::move(staff_comments)}});
    // What was said: the transcript in public form and as the subtitle files players and editing tools read; who
    // wrote each line and its earlier texts are staff-only (user names of the office's captioners).
    core::CaptionService captions(db, clock);
    const auto transcript = captions.transcript(event->id);
    auto lines = json::array();
    auto staff_lines = json::array();
    for (const auto& line : transcript) {
        lines.push_back(core::to_json(line));
        staff_lines.push_back(captions.with_revisions(line, offset_at));
    }
    bundle.json_file("transcript.json", {{"lines", std::move(lines)}});
    bundle.text("transcript.vtt", core::to_webvtt(transcript));
    bundle.text("transcript.srt", core::to_srt(transcript));
    bundle.json_file(staff + "/transcript.json", {{"lines", std::move(staff_lines)}});
    bundle.json_file(staff + "/audit.json", {{"entries", audit_json(core::AuditLog(db).for_event(event->id.value), offset_at)}});

    auto recording = json::array();
    const auto media = request.media_root / std::to_string(event->id.value);
    if (fs::is_directory(media, ec)) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(media))
            if (entry.is_regular_file()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            bundle.copy("recording/" + f.filename().string(), f);
            recording.push_back("recording/" + f.filename().string());
        }
    }

    const auto now = clock.now();
    const auto files = bundle.finish({{"format", kArchiveFormat},
                                      {"event_id", event->id.value},
                                      {"title", event->title},
                                      {"kind", core::wire_name(event->kind)},
                                      {"exported_at", core::format_rfc3339(now, offset_at ? offset_at(now) : std::chrono::seconds{0})},
                                      {"exported_by", request.exported_by},
                                      {"staff_only", staff + "/"},
                                      {"recording", std::move(recording)}});

    const auto parent = request.out.parent_path().empty() ? fs::path(".") : request.out.parent_path();
    if (run_command({"tar", "-C", parent.string(), "-czf", tarball.string(), request.out.filename().string()}) != 0)
        return core::make_error(core::ErrorCode::Internal, "the folder was written, but tar could not pack it");
    return ArchiveResult{request.out, tarball, files};
}

}  // namespace openhall::admin
