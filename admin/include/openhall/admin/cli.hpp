// The `openhall` command line: serve, user add, migrate and the operator commands, each with --help.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace openhall::admin {

struct ServeOptions {
    std::filesystem::path data_dir = "data";
    std::string host = "0.0.0.0";
    int http_port = 8080;
    int ws_port = 8081;
    bool demo = false;
    std::string time_zone = "Asia/Shanghai";
    std::filesystem::path www_dir;  // empty: next to the binary
    bool secure_cookies = false;
    int srt_port_first = 9000;  // SRT listeners are given ports from this range
    int srt_port_last = 9099;
    // Live questions (the WebSocket gateway).
    std::vector<std::string> origins;          // page origins allowed to connect; empty: same host as the page
    std::filesystem::path sensitive_words;     // one word a line; empty: none
    int ask_after_end_minutes = 10;            // asking stays open this long after an event ends
    int viewer_ask_burst = 3;                  // questions at once from one viewer, then one every 15 s
    int address_ask_burst = 30;                // questions at once from one address (an office shares one)
    int ping_after_idle_s = 30;                // a WebSocket client silent this long gets a ping
    int hangup_after_idle_s = 60;              // and is dropped when still silent this long
    std::string ws_public_url;                 // what pages connect to when a proxy fronts the gateway
    // Captions from speech (docs/captions.md): an engine ("pocketsphinx") and an optional model folder.
    std::string speech_engine;
    std::string speech_model;
    std::string captions_language = "zh";  // the HLS subtitles rendition's LANGUAGE
    // Growing past one machine (docs/deployment.md): live questions shared through Redis, so that gateway
    // processes (`openhall gateway`) can hold viewers too. Empty: everything in this process.
    std::string redis_url;
    int redis_replicas = 0;                    // an ask is acknowledged once this many replicas hold it too
    // `openhall gateway` only: the server that says whose a staff session is.
    std::string server_url = "http://127.0.0.1:8080";
    // The site's public address ("https://hall.example.gov"): every absolute link (e-mail, QR code, feed, .ics,
    // RSVP and registration links) is built from it, never from a request's Host. Empty: the listener's address.
    std::string public_url;
    // After the meeting: escalation of overdue assignments.
    int notice_after_hours = 48;          // a notice to supervisors this long after the due date
    int accountability_after_hours = 72;  // an accountability record this long after the notice
    int escalation_interval_seconds = 60;
    std::filesystem::path clock_file;     // tests: the server's time comes from this file
    // Public registration.
    int address_registration_limit = 20;  // registrations from one network address per 10 minutes
    // Sending the outbox by e-mail; without a URL the messages wait in the outbox.
    std::string smtp_url;
    std::string smtp_from = "openhall@localhost";
    std::string smtp_user;                 // the password comes from OPENHALL_SMTP_PASSWORD
    int outbox_interval_seconds = 5;
    int outbox_retry_seconds = 60;
    int reminder_hours = 24;  // invitees and registrants are reminded this long before an event
};

// `serve` and `gateway` are supplied by the composition root, which owns every component. `gateway` gets the
// options the gateway shares with serve (host, ports, origins, limits, words, time zone, Redis, server_url).
int run_cli(int argc, char** argv, const std::function<int(const ServeOptions&)>& serve,
            const std::function<int(const ServeOptions&)>& gateway);

}  // namespace openhall::admin
