#include "serve.hpp"

#include <csignal>
#include <iostream>

#include <glib-unix.h>
#include <glib.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "openhall/admin/archive_routes.hpp"
#include "openhall/admin/demo_content.hpp"
#include "openhall/admin/invitation_routes.hpp"
#include "openhall/admin/outbox_sender.hpp"
#include "openhall/admin/question_routes.hpp"
#include "openhall/admin/registration_routes.hpp"
#include "openhall/admin/staff_routes.hpp"
#include "openhall/admin/workflow_routes.hpp"
#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/attendance/event_notices.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/question_similarity.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/live_questions/sensitive_words.hpp"
#include "openhall/core/store/data_directory_lock.hpp"
#include "openhall/core/store/database.hpp"
#include "openhall/gateway/gateway.hpp"
#include "openhall/streamer/stream_manager.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/http_server.hpp"
#include "openhall/web/public_routes.hpp"
#include "openhall/web/publication_routes.hpp"
#include "openhall/web/question_routes.hpp"
#include "openhall/web/registration_routes.hpp"
#include "openhall/web/rsvp_routes.hpp"

namespace openhall::app {
namespace {

// The pages are installed beside the binary: build/bin/openhall → build/share/openhall/www.
std::filesystem::path default_www_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "share/openhall/www";
    return exe.parent_path().parent_path() / "share" / "openhall" / "www";
}

gboolean quit_loop(gpointer loop) {
    spdlog::info("signal received, shutting down");
    g_main_loop_quit(static_cast<GMainLoop*>(loop));
    return G_SOURCE_REMOVE;
}

// Asking opens when an event goes live and closes a while after it ends: the gateway hears of every change.
class GatewayStatusRelay final : public core::EventStatusObserver {
public:
    GatewayStatusRelay(gateway::Gateway& gateway, const core::Clock& clock) : gateway_(gateway), clock_(clock) {}
    void on_status_changed(const core::Event& event, core::EventStatus) override {
        gateway_.publish_status(event.id, event.status, clock_.now());
    }

private:
    gateway::Gateway& gateway_;
    const core::Clock& clock_;
};

gateway::GatewaySettings gateway_settings(const admin::ServeOptions& options) {
    gateway::GatewaySettings settings;
    settings.host = options.host;
    settings.port = options.ws_port;
    settings.origins = options.origins;
    settings.ask_burst = options.viewer_ask_burst;
    settings.address_burst = options.address_ask_burst;
    settings.room.ask_after_end = std::chrono::minutes{options.ask_after_end_minutes};
    return settings;
}

std::unique_ptr<core::Clock> make_clock(const admin::ServeOptions& options) {
    if (options.clock_file.empty()) return std::make_unique<core::SystemClock>();
    spdlog::warn("the clock reads {} (a testing option)", options.clock_file.string());
    return std::make_unique<core::FileClock>(options.clock_file.string());
}

// The timer on the main loop, at start and then every interval: overdue assignments escalate, and reminders of
// coming events are queued.
struct Timed {
    core::AssignmentService& assignments;
    core::EventNotices& notices;
};

gboolean on_timer(gpointer data) {
    auto* timed = static_cast<Timed*>(data);
    try {
        if (int taken = timed->assignments.escalate(); taken > 0) spdlog::info("escalation: {} step(s) taken", taken);
        if (int queued = timed->notices.queue_reminders(); queued > 0) spdlog::info("reminders: {} queued", queued);
    } catch (const std::exception& e) {
        spdlog::error("timer failed (tried again at the next walk): {}", e.what());
    }
    return G_SOURCE_CONTINUE;
}

struct MainLoopUnref {
    void operator()(GMainLoop* loop) const { g_main_loop_unref(loop); }
};

}  // namespace

int serve(const admin::ServeOptions& options) {
    // Logs go to standard error; standard output carries only the "listening" line scripts wait for.
    spdlog::set_default_logger(spdlog::stderr_color_mt("openhall"));

    // One server per data directory; `openhall restore` checks the same lock.
    const auto data_lock = core::DataDirectoryLock::try_take(options.data_dir);
    if (!data_lock) {
        spdlog::error("another OpenHall server is using {}", options.data_dir.string());
        return 1;
    }
    core::Database db(options.data_dir / "openhall.db");
    if (int applied = db.migrate(); applied > 0) spdlog::info("applied {} migration(s)", applied);

    const auto clock_owner = make_clock(options);
    const core::Clock& clock = *clock_owner;
    const web::DisplayZone zone(options.time_zone);
    const core::SessionSettings session_settings;
    core::AuthService auth(db, clock, session_settings);
    core::EventService events(db, clock);
    const web::MediaLibrary media(options.data_dir / "media");
    // The stream manager watches status changes from here on: the demo's live event starts streaming at once.
    streamer::StreamManager streams(db, options.data_dir / "openhall.db", events, options.data_dir / "media");
    if (options.demo && admin::seed_demo_content(events, db, clock, zone.offset_at(clock.now())))
        spdlog::info("seeded the demo content");
    streams.resume();

    // Live questions: one batching writer for every question and vote, and the WebSocket gateway.
    const auto db_file = options.data_dir / "openhall.db";
    const core::SensitiveWords words = options.sensitive_words.empty()
                                           ? core::SensitiveWords({})
                                           : core::SensitiveWords::from_file(options.sensitive_words);
    const core::QuestionAnalyzer analyzer;  // friso's dictionary and the grouping lexicon, loaded once
    core::QuestionWriter writer(db_file, clock, &analyzer);
    gateway::Gateway live(db_file, writer, words, zone.offset_function(), gateway_settings(options));
    GatewayStatusRelay relay(live, clock);
    events.add_observer(&relay);
    core::QuestionService question_reads(db, clock);
    core::InterpretationService interpretations(db, clock);
    const core::ScriptFolder& folder = analyzer.folder();
    core::GroupingDecisionRepository grouping_decisions(db);

    const web::StaticFiles files(options.www_dir.empty() ? default_www_dir() : options.www_dir);
    web::StaffGate gate(auth);
    web::HttpMetrics metrics;
    web::Router router;
    const int ws_port = live.start();
    web::add_public_routes(router, {events, gate, zone, clock, files, metrics, media, options.ws_public_url, ws_port});
    metrics.add_collector([&streams](std::string& out) { streams.collect_metrics(out); });
    const admin::StaffContext staff{auth,
                                    events,
                                    gate,
                                    zone,
                                    files,
                                    clock,
                                    media,
                                    {options.srt_port_first, options.srt_port_last},
                                    session_settings.lifetime,
                                    options.secure_cookies,
                                    [&streams](core::EventId event) { return streams.health_json(event); },
                                    [&streams](core::EventId event) { return streams.recording_json(event); },
                                    [&streams](core::EventId event) { return streams.finish_recording_again(event); }};
    admin::add_session_routes(router, staff);
    admin::add_scheduling_routes(router, staff);
    admin::add_staff_pages(router, staff);
    web::add_question_routes(router, {events, question_reads, gate, zone, interpretations});
    admin::add_question_routes(router, {events, question_reads, writer, gate, zone, clock, analyzer, grouping_decisions,
                                        [&live](const core::Question& q) { live.publish_question(q); }});

    // What e-mails link to and which zone their times are in; the address is completed once the listener is bound,
    // before the first message can be composed (requests, the timer).
    core::MailSite mail_site{options.public_url, zone.offset_function()};

    // After the meeting: topics, assignments with escalation, interpretations, publication.
    core::TopicService topics(db, clock);
    core::AssignmentService assignments(
        db, clock, {std::chrono::hours{options.notice_after_hours}, std::chrono::hours{options.accountability_after_hours}},
        mail_site);
    core::SearchIndex search(db);
    const admin::WorkflowContext workflow{events, topics, assignments, interpretations, gate, zone, clock};
    admin::add_topic_routes(router, workflow);
    admin::add_assignment_routes(router, workflow);
    admin::add_interpretation_routes(router, workflow);
    web::add_publication_routes(router, {events, interpretations, question_reads, search, gate, zone, clock});
    // Public registration and the lottery.
    core::RegistrationService registrations(db, clock, mail_site);
    core::AttemptLimiter registrations_per_address(clock, options.address_registration_limit, std::chrono::minutes{10});
    web::add_registration_routes(router, {registrations, zone, registrations_per_address});
    admin::add_registration_routes(router, {registrations, gate, zone});
    core::InvitationService invitations(db, clock, folder, mail_site);
    web::add_rsvp_routes(router, {invitations, events, zone, clock});
    admin::add_invitation_routes(router, {invitations, events, gate, zone, clock});
    admin::add_archive_routes(router, {db, clock, zone, gate, options.data_dir / "media", options.data_dir / "exports"});

    // Signals are routed to the loop before the "listening" line, so a SIGTERM right after it stops cleanly.
    std::unique_ptr<GMainLoop, MainLoopUnref> loop(g_main_loop_new(nullptr, FALSE));
    g_unix_signal_add(SIGINT, quit_loop, loop.get());
    g_unix_signal_add(SIGTERM, quit_loop, loop.get());
    core::EventNotices notices(db, clock, std::chrono::hours{options.reminder_hours}, mail_site);
    events.add_observer(&notices);
    Timed timed{assignments, notices};

    metrics.add_collector([&live, &writer](std::string& out) { gateway::append_live_metrics(out, live.stats(), writer.stats()); });

    web::HttpServer http(router, metrics, {.public_url = options.public_url});
    const int http_port = http.listen(options.host, options.http_port);
    mail_site.public_url = http.public_url();
    if (options.demo && admin::seed_demo_after_meeting(db, clock, mail_site))
        spdlog::info("seeded the demo's after-meeting work");
    on_timer(&timed);  // what fell due while the server was down
    g_timeout_add_seconds(static_cast<guint>(options.escalation_interval_seconds), on_timer, &timed);
    // E-mail: with an SMTP server configured, a worker delivers the outbox; without, messages wait for staff. After
    // listen(), which completes the public address its links begin with.
    std::unique_ptr<admin::OutboxSender> mailer;
    if (!options.smtp_url.empty()) {
        const char* password = std::getenv("OPENHALL_SMTP_PASSWORD");
        mailer = std::make_unique<admin::OutboxSender>(
            db_file, clock,
            admin::SmtpSettings{options.smtp_url, options.smtp_from, options.smtp_user, password ? password : "",
                                std::chrono::seconds{options.outbox_interval_seconds},
                                std::chrono::seconds{options.outbox_retry_seconds}, http.public_url()});
    }

    // Scripts wait for these lines: HTTP first, then the WebSocket gateway.
    std::cout << "listening http://" << options.host << ":" << http_port << "\n"
              << "listening ws://" << options.host << ":" << ws_port << std::endl;
    spdlog::info("OpenHall serving {} on http://{}:{} (pages from {})", options.data_dir.string(), options.host,
                 http_port, files.root().string());

    g_main_loop_run(loop.get());

    http.stop();
    live.stop();  // then the writer (its destructor) stores what is queued
    streams.shutdown();
    spdlog::info("stopped");
    return 0;
}

}  // namespace openhall::app
