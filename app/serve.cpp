#include "serve.hpp"

#include "live_wiring.hpp"

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
#include "openhall/admin/caption_routes.hpp"
#include "openhall/admin/question_routes.hpp"
#include "openhall/admin/registration_routes.hpp"
#include "openhall/admin/staff_routes.hpp"
#include "openhall/admin/workflow_routes.hpp"
#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/attendance/event_notices.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/question_similarity.hpp"
#include "openhall/core/live_questions/live_question_hub.hpp"
#include "openhall/core/text/text.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/live_questions/sensitive_words.hpp"
#include "openhall/core/store/data_directory_lock.hpp"
#include "openhall/core/store/database.hpp"
#include "openhall/gateway/gateway.hpp"
#include "openhall/redis_bus/redis_relay.hpp"
#include "openhall/streamer/stream_manager.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/http_server.hpp"
#include "openhall/web/public_routes.hpp"
#include "openhall/web/publication_routes.hpp"
#include "openhall/web/question_routes.hpp"
#include "openhall/web/transcript_routes.hpp"
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


// Asking opens when an event goes live and closes a while after it ends: the gateways hear of every change.
class StatusRelay final : public core::EventStatusObserver {
public:
    StatusRelay(core::LiveQuestionHub& hub, const core::Clock& clock) : hub_(hub), clock_(clock) {}
    void on_status_changed(const core::Event& event, core::EventStatus) override {
        hub_.publish_status(event.id, event.status, clock_.now());
    }

private:
    core::LiveQuestionHub& hub_;
    const core::Clock& clock_;
};

// Vote counts go out coalesced, one numbered update per event four times a second.
gboolean on_votes_timer(gpointer hub) {
    static_cast<core::LiveQuestionHub*>(hub)->flush_votes();
    return G_SOURCE_CONTINUE;
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

    // Live questions: one batching writer for every question and vote, the hub that numbers what changes, and
    // the WebSocket gateway on the hub (the in-process question bus).
    const auto db_file = options.data_dir / "openhall.db";
    const core::SensitiveWords words = sensitive_words(options);
    raise_open_file_limit();
    const core::QuestionAnalyzer analyzer;  // friso's dictionary and the grouping lexicon, loaded once
    core::QuestionWriter writer(db_file, clock, &analyzer);
    core::LiveQuestionHub hub(writer, db_file, clock);
    // With --redis, this process's gateway is one of several on Redis, like `openhall gateway`, and the relay
    // carries the gateways' asks to the hub and the hub's updates to them.
    std::unique_ptr<redis_bus::RedisRelay> relay;
    std::unique_ptr<redis_bus::RedisQuestionBus> redis;
    std::unique_ptr<SessionsHere> redis_with_sessions;
    core::QuestionBus* bus = &hub;
    if (!options.redis_url.empty()) {
        const auto settings = redis_settings(options);
        relay = std::make_unique<redis_bus::RedisRelay>(hub, writer, settings.redis);
        relay->start(db);
        redis = std::make_unique<redis_bus::RedisQuestionBus>(settings, gateway_id());
        redis->wait_until_following(std::chrono::seconds{5});
        redis_with_sessions = std::make_unique<SessionsHere>(*redis, hub);
        bus = redis_with_sessions.get();
        spdlog::info("live questions through {}", settings.redis.url());
    }
    gateway::Gateway live(*bus, words, zone.offset_function(), gateway_settings(options));
    StatusRelay status_relay(hub, clock);
    events.add_observer(&status_relay);
    core::QuestionService question_reads(db, clock);
    core::CaptionService captions(db, clock);
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
                                        [&hub](const core::Question& q) { hub.publish_question(q); }});
    // Live captions: lines stored on this loop's connection, then numbered and sent to viewers by the hub.
    web::add_transcript_routes(router, {events, captions, gate});
    streams.set_captions_language(options.captions_language);
    if (!options.speech_engine.empty())
        streams.use_speech_engine({options.speech_engine, options.speech_model},
                                  [&captions, &hub, &streams](core::EventId event, std::int64_t start_ms,
                                                              std::int64_t end_ms, std::string text, bool final) {
                                      // Called from a GLib idle callback: nothing may escape into C.
                                      try {
                                          if (!final) {
                                              // Words heard so far: shown, not stored, unless a person captions here.
                                              if (captions.engine_may_caption(event, start_ms, end_ms))
                                                  hub.publish_caption_partial(event, start_ms, std::move(text));
                                              return;
                                          }
                                          auto line = captions.add_engine_line(event, start_ms, end_ms, text, "pocketsphinx");
                                          if (!line) {
                                              spdlog::warn("event {}: an engine line was not stored: {}", event.value,
                                                           line.error().message);
                                          } else if (*line) {
                                              hub.publish_caption(**line);
                                              // The last result comes after the end: the replay's rendition takes it.
                                              streams.rewrite_subtitles(event, std::pair{(*line)->start_ms, end_ms});
                                          }
                                      } catch (const std::exception& e) {
                                          spdlog::error("event {}: an engine line was not stored: {}", event.value, e.what());
                                      }
                                  });
    streams.resume();  // after the speech engine is set: live events restart with it
    admin::add_caption_routes(router, {captions, gate, files, zone,
                                       [&hub](const core::CaptionLine& line) { hub.publish_caption(line); },
                                       [&streams](core::EventId event, std::optional<std::pair<std::int64_t, std::int64_t>> changed) {
                                           streams.rewrite_subtitles(event, changed);
                                       }});

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
    web::add_publication_routes(router, {events, interpretations, question_reads, search, captions, gate, zone, clock});
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

    // A transcript file may be larger than a JSON body, from a signed-in staff member only.
    web::HttpServer http(router, metrics,
                         {.may_upload =
                              [&auth](std::string_view cookie_header) {
                                  const auto token = core::cookie_value(cookie_header, core::kSessionCookie);
                                  return token && auth.authenticate(*token).has_value();
                              },
                          .public_url = options.public_url});
    const int http_port = http.listen(options.host, options.http_port);
    mail_site.public_url = http.public_url();
    if (options.demo && admin::seed_demo_after_meeting(db, clock, mail_site)) {
        spdlog::info("seeded the demo's after-meeting work");
        if (relay) relay->raise_question_ids(db);
    }
    on_timer(&timed);  // what fell due while the server was down
    g_timeout_add_seconds(static_cast<guint>(options.escalation_interval_seconds), on_timer, &timed);
    g_timeout_add(250, on_votes_timer, &hub);
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
    live.stop();
    if (redis) redis->stop();
    if (relay) relay->stop_reading();
    writer.stop();  // stores what is queued, while the hub it reports to (and the relay) still exist
    hub.flush_votes();
    if (relay) relay->stop();
    streams.shutdown();
    spdlog::info("stopped");
    return 0;
}

}  // namespace openhall::app
