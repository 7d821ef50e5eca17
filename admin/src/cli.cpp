#include "openhall/admin/cli.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "openhall/admin/archive.hpp"
#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/store/data_directory_lock.hpp"
#include "openhall/core/store/database.hpp"
#include "openhall/core/store/database_backup.hpp"
#include "openhall/web/display_zone.hpp"

namespace openhall::admin {
namespace {

// --public-url: http(s)://host[:port][/path], without a query, a fragment or white space; a trailing slash is dropped
// so links join as base + "/events/1".
CLI::Validator public_url_check() {
    return CLI::Validator(
        [](std::string& url) -> std::string {
            const auto scheme_end = url.find("://");
            const auto scheme = url.substr(0, scheme_end == std::string::npos ? 0 : scheme_end);
            if (scheme != "http" && scheme != "https") return "must begin with https:// or http://";
            if (url.find_first_of("?# \t\r\n") != std::string::npos) return "must have no query, fragment or spaces";
            while (url.size() > scheme_end + 3 && url.back() == '/') url.pop_back();
            const auto host = url.substr(scheme_end + 3, url.find('/', scheme_end + 3) - (scheme_end + 3));
            if (host.empty() || host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
                                    std::string::npos)
                return "must name a host, e.g. https://hall.example.gov";
            return "";
        },
        "URL");
}

std::unique_ptr<core::Database> open_store(const std::filesystem::path& data_dir) {
    std::filesystem::create_directories(data_dir);
    auto db = std::make_unique<core::Database>(data_dir / "openhall.db");
    db->migrate();
    return db;
}

int fail(const std::string& message) {
    std::cerr << "openhall: " << message << '\n';
    return 1;
}

std::string read_password_from_stdin() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

int user_add(const std::filesystem::path& data_dir, const std::string& name, const std::string& role_name) {
    auto role = core::parse_role(role_name);
    if (!role) return fail("unknown role '" + role_name + "'; roles: admin, scheduler, moderator, editor, reviewer, responder, captioner");
    const auto password = read_password_from_stdin();
    auto db = open_store(data_dir);
    core::SystemClock clock;
    core::AuthService auth(*db, clock);
    auto user = auth.add_user(core::Actor::system("cli"), name, *role, password);
    if (!user) return fail(user.error().message);
    std::cout << fmt::format("created user {} with role {}\n", user->name, role_name);
    return 0;
}

int export_archive(const std::filesystem::path& data_dir, core::EventId event, const std::filesystem::path& out,
                   const std::string& time_zone) {
    if (!std::filesystem::exists(data_dir / "openhall.db")) return fail("no OpenHall data in " + data_dir.string());
    auto db = open_store(data_dir);
    core::SystemClock clock;
    const web::DisplayZone zone(time_zone);
    auto result = export_event_archive(*db, clock, zone.offset_function(),
                                       {event, out, data_dir / "media", "cli:" + std::string(std::getenv("USER") ? std::getenv("USER") : "operator")});
    if (!result) return fail(result.error().message);
    std::cout << fmt::format("wrote {} files to {} and {}\n", result->files, result->folder.string(), result->tarball.string());
    return 0;
}

int verify(const std::filesystem::path& path) {
    const auto report = verify_archive(path);
    for (const auto& problem : report.problems) std::cerr << "openhall: " << problem << '\n';
    if (!report.problems.empty())
        return fail(fmt::format("the bundle is not intact ({} problem(s))", report.problems.size()));
    std::cout << fmt::format("bundle intact: {} files match SHA256SUMS\n", report.files_checked);
    return 0;
}

int user_password(const std::filesystem::path& data_dir, const std::string& name) {
    const auto password = read_password_from_stdin();
    auto db = open_store(data_dir);
    core::SystemClock clock;
    core::AuthService auth(*db, clock);
    if (auto s = auth.set_password(core::Actor::system("cli"), name, password); !s) return fail(s.error().message);
    std::cout << fmt::format("changed the password of {}\n", name);
    return 0;
}

int migrate(const std::filesystem::path& data_dir) {
    std::filesystem::create_directories(data_dir);
    core::Database db(data_dir / "openhall.db");
    const int before = db.schema_version();
    const int applied = db.migrate();
    std::cout << fmt::format("schema version {} (was {}, applied {})\n", db.schema_version(), before, applied);
    return 0;
}

int backup(const std::filesystem::path& data_dir, const std::filesystem::path& out) {
    auto report = core::backup_database(data_dir / "openhall.db", out);
    if (!report) return fail(report.error().message);
    std::cout << fmt::format("wrote {} ({} bytes, {} pages, schema version {}), checked intact\n", out.string(),
                             report->bytes, report->pages, report->schema_version);
    return 0;
}

int restore(const std::filesystem::path& data_dir, const std::filesystem::path& from) {
    const auto lock = core::DataDirectoryLock::try_take(data_dir);
    if (!lock) return fail("a server is running on " + data_dir.string() + "; stop it first, then restore");
    auto report = core::restore_database(from, data_dir / "openhall.db");
    if (!report) return fail(report.error().message);
    core::Database db(data_dir / "openhall.db");
    const int applied = db.migrate();
    std::cout << fmt::format("restored {} into {} (schema version {}, {} migration(s) applied)\n", from.string(),
                             (data_dir / "openhall.db").string(), report->schema_version, applied);
    if (!report->replaced.empty())
        std::cout << fmt::format("the database that was there is kept as {}\n", report->replaced.string());
    return 0;
}

// What `serve` and `gateway` share: where the WebSocket gateway listens, who may connect, its limits, and Redis.
void add_gateway_options(CLI::App* cmd, ServeOptions& o) {
    cmd->add_option("--host", o.host, "Address to listen on")->capture_default_str();
    cmd->add_option("--ws-port", o.ws_port, "WebSocket port (0 picks a free one)")
        ->capture_default_str()->check(CLI::Range(0, 65535));
    cmd->add_option("--time-zone", o.time_zone, "Display time zone (IANA name)")->capture_default_str();
    cmd->add_option("--origin", o.origins,
                    "A page origin allowed to open WebSocket connections, e.g. https://hall.example.gov "
                    "(repeatable; default: pages served from the same host)");
    cmd->add_option("--sensitive-words", o.sensitive_words,
                    "File of sensitive words, one a line: questions containing one reach moderators flagged")
        ->check(CLI::ExistingFile);
    cmd->add_option("--ask-after-end", o.ask_after_end_minutes,
                    "Minutes after an event ends during which questions are still taken")
        ->capture_default_str()->check(CLI::Range(0, 24 * 60));
    cmd->add_option("--viewer-ask-burst", o.viewer_ask_burst,
                    "Questions one viewer may send at once before it is slowed to one every 15 s")
        ->capture_default_str()->check(CLI::Range(1, 1000000));
    cmd->add_option("--address-ask-burst", o.address_ask_burst,
                    "Questions one network address may send at once before it is slowed to one every 2 s")
        ->capture_default_str()->check(CLI::Range(1, 1000000));
    cmd->add_option("--ping-after-idle", o.ping_after_idle_s,
                    "Seconds without a word from a client before it is sent a ping (keep it under a proxy's idle "
                    "timeout, e.g. nginx's proxy_read_timeout)")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    cmd->add_option("--hangup-after-idle", o.hangup_after_idle_s,
                    "Seconds without a word (nor a pong) from a client before it is dropped")
        ->capture_default_str()->check(CLI::Range(2, 7200));
    cmd->add_option("--captions-language", o.captions_language,
                    "Language of the captions' HLS subtitles rendition, as players list it")
        ->capture_default_str()->check(CLI::IsMember({"zh", "zh-Hans", "zh-Hant", "en"}));
    cmd->add_option("--speech-engine", o.speech_engine,
                    "Captions from the live audio by a speech engine: pocketsphinx (docs/captions.md); a person's "
                    "line always wins")
        ->check(CLI::IsMember({"pocketsphinx"}));
    cmd->add_option("--speech-model", o.speech_model,
                    "Folder of the engine's model (an acoustic model folder, *.lm.bin and *.dict); default: Debian's "
                    "pocketsphinx-en-us")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--redis", o.redis_url,
                    "Share live questions through Redis at redis://HOST:PORT, so that gateway processes can hold "
                    "viewers (docs/deployment.md)")
        ->check(CLI::Validator(
            [](std::string& url) -> std::string {
                return url.starts_with("redis://") ? "" : "must look like redis://127.0.0.1:6379";
            },
            "URL"));
    cmd->add_option("--redis-replicas", o.redis_replicas,
                    "Acknowledge a question only once this many Redis replicas hold it too (WAIT)")
        ->capture_default_str()->check(CLI::Range(0, 16));
}

}  // namespace

int run_cli(int argc, char** argv, const std::function<int(const ServeOptions&)>& serve,
            const std::function<int(const ServeOptions&)>& gateway) {
    CLI::App app{"OpenHall (陽光議事廳): public meetings, live streams, questions and answers", "openhall"};
    app.require_subcommand(1);

    ServeOptions serve_options;
    auto* serve_cmd = app.add_subcommand("serve", "Run the platform (HTTP, WebSocket, streaming) in one process");
    serve_cmd->add_option("--data", serve_options.data_dir, "Data directory (database and media)")->capture_default_str();
    add_gateway_options(serve_cmd, serve_options);
    serve_cmd->add_option("--http-port", serve_options.http_port, "HTTP port (0 picks a free one)")
        ->capture_default_str()->check(CLI::Range(0, 65535));
    serve_cmd->add_flag("--demo", serve_options.demo, "Seed demo content (once) and keep a demo event live");
    serve_cmd->add_option("--www", serve_options.www_dir, "Folder of the web pages (default: beside the binary)");
    std::string srt_ports = "9000-9099";
    serve_cmd->add_option("--srt-ports", srt_ports, "Port range for SRT listeners, FIRST-LAST")->capture_default_str();
    serve_cmd->add_flag("--secure-cookies", serve_options.secure_cookies, "Mark cookies Secure (behind HTTPS)");
    serve_cmd->add_option("--public-url", serve_options.public_url,
                          "The site's public address, e.g. https://hall.example.gov: every absolute link in e-mail, QR "
                          "codes, feeds and calendars is built from it (default: the address the server listens on)")
        ->transform(public_url_check());
    serve_cmd->add_option("--ws-public-url", serve_options.ws_public_url,
                          "WebSocket base URL pages use when a proxy fronts the gateway, e.g. wss://hall.example.gov/ws");

    serve_cmd->add_option("--notice-after-hours", serve_options.notice_after_hours,
                          "Hours after an assignment's due date until its supervisors get a notice (通報)")
        ->capture_default_str()->check(CLI::Range(1, 24 * 365));
    serve_cmd->add_option("--accountability-after-hours", serve_options.accountability_after_hours,
                          "Hours after the notice until an accountability record (追責) is made")
        ->capture_default_str()->check(CLI::Range(1, 24 * 365));
    serve_cmd->add_option("--escalation-interval", serve_options.escalation_interval_seconds,
                          "Seconds between the timer's walks (escalation of overdue work, reminders of coming events)")
        ->capture_default_str()->check(CLI::Range(1, 60));
    serve_cmd->add_option("--address-registration-limit", serve_options.address_registration_limit,
                          "Registrations one network address may make per 10 minutes")
        ->capture_default_str()->check(CLI::Range(1, 1000000));
    serve_cmd->add_option("--smtp-url", serve_options.smtp_url,
                          "Send the outbox by e-mail through this server, e.g. smtp://mail.example.gov:587 (none: messages wait)");
    serve_cmd->add_option("--smtp-from", serve_options.smtp_from, "The sender address of e-mail")->capture_default_str();
    serve_cmd->add_option("--smtp-user", serve_options.smtp_user,
                          "SMTP user name; the password is read from OPENHALL_SMTP_PASSWORD, and TLS is required");
    serve_cmd->add_option("--outbox-interval", serve_options.outbox_interval_seconds, "Seconds between looks at the outbox")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    serve_cmd->add_option("--outbox-retry", serve_options.outbox_retry_seconds,
                          "Seconds before the first retry of a failed message (doubling, at most an hour)")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    serve_cmd->add_option("--reminder-hours", serve_options.reminder_hours,
                          "Hours before an event when invitees and registrants get a reminder")
        ->capture_default_str()->check(CLI::Range(1, 24 * 30));
    serve_cmd->add_option("--clock-file", serve_options.clock_file,
                          "For tests: read the server's current time (RFC 3339) from this file");

    std::filesystem::path data_dir = "data";
    std::string user_name, role_name;
    auto* user_cmd = app.add_subcommand("user", "Manage staff users");
    user_cmd->require_subcommand(1);
    auto* user_add_cmd = user_cmd->add_subcommand("add", "Create a staff user; the password is read from standard input");
    user_add_cmd->add_option("NAME", user_name, "User name (letters, digits, '.', '_', '-')")->required();
    user_add_cmd->add_option("--role", role_name, "admin, scheduler, moderator, editor, reviewer, responder or captioner")->required();
    user_add_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();
    auto* user_pw_cmd = user_cmd->add_subcommand("password", "Set a user's password, read from standard input");
    user_pw_cmd->add_option("NAME", user_name, "User name")->required();
    user_pw_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();

    std::int64_t export_event = 0;
    std::filesystem::path export_out;
    std::string export_zone = "Asia/Shanghai";
    auto* export_cmd = app.add_subcommand("export", "Write an event's archive bundle (a folder and its .tar.gz)");
    export_cmd->add_option("EVENT_ID", export_event, "The event")->required()->check(CLI::PositiveNumber);
    export_cmd->add_option("--out", export_out, "The folder to create; PATH.tar.gz is written beside it")->required();
    export_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();
    export_cmd->add_option("--time-zone", export_zone, "Time zone of the times in the bundle (IANA name)")->capture_default_str();

    std::filesystem::path verify_path;
    auto* verify_cmd = app.add_subcommand("verify-archive", "Check an archive bundle (folder or .tar.gz) against its checksums");
    verify_cmd->add_option("PATH", verify_path, "The bundle folder or its .tar.gz")->required();

    auto* migrate_cmd = app.add_subcommand("migrate", "Bring the database schema up to date");
    migrate_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();

    ServeOptions gateway_options;
    auto* gateway_cmd = app.add_subcommand(
        "gateway", "Hold WebSocket viewers only, sharing questions through Redis with the server (docs/deployment.md)");
    add_gateway_options(gateway_cmd, gateway_options);
    gateway_cmd->get_option("--redis")->required();
    gateway_cmd->add_option("--server", gateway_options.server_url,
                            "The server's HTTP address, which says whose a staff session cookie is")
        ->capture_default_str();

    std::filesystem::path backup_out;
    auto* backup_cmd = app.add_subcommand(
        "backup", "Copy the database, consistent as of one moment, while the server runs (SQLite's online backup)");
    backup_cmd->add_option("--out", backup_out, "The file to write (must not exist)")->required();
    backup_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();

    std::filesystem::path restore_from;
    auto* restore_cmd = app.add_subcommand(
        "restore", "Put a backup in place of the database (the server must be stopped; the old file is kept)");
    restore_cmd->add_option("--from", restore_from, "A file written by openhall backup")->required();
    restore_cmd->add_option("--data", data_dir, "Data directory")->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        const ServeOptions* live = *serve_cmd ? &serve_options : *gateway_cmd ? &gateway_options : nullptr;
        if (live && live->hangup_after_idle_s <= live->ping_after_idle_s)
            return fail("--hangup-after-idle must be longer than --ping-after-idle: the client needs time to answer "
                        "the ping");
        if (*serve_cmd) {
            int first = 0, last = 0;
            char dash = 0;
            std::istringstream range(srt_ports);
            if (!(range >> first >> dash >> last) || dash != '-' || first < 1 || last > 65535 || first > last)
                return fail("--srt-ports takes FIRST-LAST, for example 9000-9099");
            serve_options.srt_port_first = first;
            serve_options.srt_port_last = last;
            return serve(serve_options);
        }
        if (*user_add_cmd) return user_add(data_dir, user_name, role_name);
        if (*user_pw_cmd) return user_password(data_dir, user_name);
        if (*migrate_cmd) return migrate(data_dir);
        if (*export_cmd) return export_archive(data_dir, core::EventId{export_event}, export_out, export_zone);
        if (*verify_cmd) return verify(verify_path);
        if (*gateway_cmd) return gateway(gateway_options);
        if (*backup_cmd) return backup(data_dir, backup_out);
        if (*restore_cmd) return restore(data_dir, restore_from);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return 1;
}

}  // namespace openhall::admin
