// WebSocket load generator (libwebsockets client on libuv) for the live-questions gateway and its peers
// (bench/ws_peer.mjs, bench/ws_redis_peer.mjs). One event: N viewers, M askers and one staff connection. Phases:
//   1. connect the viewers (at most 500 handshakes in flight) and count those that got their hello;
//   2. fan-out: K times, ask a question and approve it from the staff connection; the time from sending the
//      approval to each viewer's "question" message (p50/p99 of all deliveries, and of the last viewer per round);
//   3. asks: the askers send R questions a second in all for D seconds; ask→ack latency and acks per second.
// Memory per idle viewer comes from the server's resident set before and after phase 1 (--server-pid).
//
// One process holds at most ~19,900 connections here (the open-file limit), so more viewers than that are split:
//   --mode viewers  only connects viewers and records every "question" message (question id, CLOCK_MONOTONIC ns);
//                   on SIGTERM it writes them to --receipts FILE and exits;
//   --mode driver   only the askers and the staff connection; each round stays open --round-ms, and the approval
//                   times go to --approvals FILE;
//   --merge APPROVALS RECEIPTS...   joins them into the fan-out figures.
// steady_clock is CLOCK_MONOTONIC, one clock for every process on the machine.
// --ports P1,P2,… spreads the connections over several gateways (round robin; the staff on the first).
// --cpu-pids A,B,… prints the CPU time those processes used in each phase.
// --source 127.0.0.N connects from that address: the kernel's search for a free ephemeral port (one range of
// ~28,000 per source address) dominated the connect phase with 50,000 connections from 127.0.0.1.
#include <libwebsockets.h>
#include <unistd.h>
#include <uv.h>

#include <csignal>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// No per-connection validity timer (secs_since_valid_hangup 0): lws 4.1 re-inserts it into a sorted list on every
// frame, which costs a client of 16,000 connections more CPU than the server it measures.
const lws_retry_bo_t kNoValidityTimer{};

struct Options {
    std::vector<int> ports{8081};
    std::string mode = "all";  // all, viewers or driver
    std::string receipts_file, approvals_file;
    std::vector<int> cpu_pids;
    std::string source;  // local address to connect from (127.0.0.N): each generator its own ephemeral ports
    int round_ms = 1500;  // driver: how long each fan-out round stays open
    int event = 1;
    int viewers = 1000;
    int askers = 50;
    int approvals = 20;
    int ask_rate = 1000;
    int ask_seconds = 10;
    int server_pid = 0;
    std::string cookie;
    std::string label = "server";
};

enum class Role { Viewer, Asker, Staff };

struct Conn {
    Role role;
    int index = 0;
    lws* wsi = nullptr;
    bool open = false;
    bool hello = false;
    bool failed = false;
    std::string partial;
    std::deque<std::string> outbox;
};

struct Run {
    Options o;
    lws_context* context = nullptr;
    uv_loop_t loop{};
    uv_timer_t tick{};
    std::vector<Conn> conns;  // viewers first, then askers, then staff
    int next_to_connect = 0;
    int in_flight = 0;
    int hellos = 0;
    int failures = 0;
    // Fan-out.
    long long pending_question = 0;  // the question being approved this round
    Clock::time_point approved_at;
    int received_this_round = 0;
    std::vector<double> deliveries_ms, last_viewer_ms;
    double round_max_ms = 0;
    // Asks.
    std::unordered_map<std::string, Clock::time_point> asked;
    std::vector<double> ack_ms;
    long long next_ask = 0;
    std::unordered_map<std::string, long long> ack_question;  // ask id → question id
    std::string waiting_ask;  // the fan-out round's ask id
    int phase = 0;
    bool extras_started = false;
    Clock::time_point phase_started;
    Clock::time_point last_ack;
    int round = 0;
    bool round_open = false;
    Clock::time_point round_started;
    // Split runs: (question id, CLOCK_MONOTONIC ns) of every receipt (viewers) or approval (driver).
    std::vector<std::pair<long long, long long>> stamps;
    uv_signal_t stop_signal{};
    long long cpu_mark = 0;
};

Run* g = nullptr;

long rss_kb(int pid) {
    if (pid <= 0) return 0;
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long kb;
            in >> kb;
            return kb;
        }
        in.ignore(1 << 16, '\n');
    }
    return 0;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

long long monotonic_ns(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::vector<int> number_list(const std::string& text) {
    std::vector<int> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto comma = text.find(',', at);
        out.push_back(std::stoi(text.substr(at, comma - at)));
        at = comma == std::string::npos ? text.size() : comma + 1;
    }
    return out;
}

// utime + stime of the processes, in milliseconds (/proc/PID/stat fields 14 and 15, in clock ticks).
long long cpu_ms(const std::vector<int>& pids) {
    long long ticks = 0;
    for (int pid : pids) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        std::getline(in, line);
        const auto close = line.rfind(')');  // the command name may hold spaces
        if (close == std::string::npos) continue;
        std::vector<std::string> fields;
        std::string field;
        for (std::size_t i = close + 2; i <= line.size(); ++i) {
            if (i == line.size() || line[i] == ' ') fields.push_back(std::move(field)), field.clear();
            else field += line[i];
        }
        if (fields.size() > 12) ticks += std::atoll(fields[11].c_str()) + std::atoll(fields[12].c_str());
    }
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

// Prints the CPU the --cpu-pids used since the last mark.
void cpu_phase(const char* phase) {
    if (g->o.cpu_pids.empty()) return;
    const long long now = cpu_ms(g->o.cpu_pids);
    std::printf("%s: serving processes' CPU during %s: %lld ms\n", g->o.label.c_str(), phase, now - g->cpu_mark);
    std::fflush(stdout);
    g->cpu_mark = now;
}

void write_stamps(const std::string& file) {
    std::FILE* out = std::fopen(file.c_str(), "w");
    if (!out) return;
    for (const auto& [question, ns] : g->stamps) std::fprintf(out, "%lld\t%lld\n", question, ns);
    std::fclose(out);
}

void send(Conn& c, std::string text) {
    c.outbox.push_back(std::move(text));
    lws_callback_on_writable(c.wsi);
}

// The number after `"key":` in a message (the messages are small JSON objects).
long long number_after(const std::string& m, const char* key, std::size_t from = 0) {
    auto at = m.find(key, from);
    return at == std::string::npos ? -1 : std::atoll(m.c_str() + at + std::strlen(key));
}

std::string string_after(const std::string& m, const char* key) {
    auto at = m.find(key);
    if (at == std::string::npos) return {};
    at += std::strlen(key);
    return m.substr(at, m.find('"', at) - at);
}

void on_message(Conn& c, const std::string& m) {
    const auto type = string_after(m, "\"type\":\"");
    if (type == "hello" && !c.hello) {
        c.hello = true;
        ++g->hellos;
        if (c.role == Role::Viewer) --g->in_flight;
    } else if (type == "ack") {
        const auto id = string_after(m, "\"id\":\"");
        if (id == g->waiting_ask) {
            g->pending_question = number_after(m, "\"question\":");
            g->waiting_ask.clear();
            g->approved_at = Clock::now();
            g->stamps.emplace_back(g->pending_question, monotonic_ns(g->approved_at));
            send(g->conns.back(), "{\"type\":\"moderate\",\"question\":" + std::to_string(g->pending_question) +
                                      ",\"action\":\"approve\"}");
        } else if (auto it = g->asked.find(id); it != g->asked.end()) {
            g->ack_ms.push_back(ms_since(it->second));
            g->asked.erase(it);
            g->last_ack = Clock::now();
        }
    } else if (type == "question" && c.role == Role::Viewer && g->o.mode == "viewers") {
        const auto q = m.find("\"question\":{");
        if (q != std::string::npos) g->stamps.emplace_back(number_after(m, "\"id\":", q), monotonic_ns(Clock::now()));
    } else if (type == "question" && c.role == Role::Viewer && g->pending_question > 0) {
        const auto q = m.find("\"question\":{");
        if (q != std::string::npos && number_after(m, "\"id\":", q) == g->pending_question) {
            const double ms = ms_since(g->approved_at);
            g->deliveries_ms.push_back(ms);
            g->round_max_ms = std::max(g->round_max_ms, ms);
            ++g->received_this_round;
        }
    }
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* c = static_cast<Conn*>(user ? user : lws_get_opaque_user_data(wsi));
    switch (reason) {
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
            if (c && c->role == Role::Staff && !g->o.cookie.empty()) {
                auto** p = static_cast<unsigned char**>(in);
                if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_COOKIE,
                                                 reinterpret_cast<const unsigned char*>(g->o.cookie.c_str()),
                                                 static_cast<int>(g->o.cookie.size()), p, *p + len))
                    return -1;
            }
            return 0;
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            if (c) c->open = true;
            return 0;
        case LWS_CALLBACK_CLIENT_RECEIVE:
            if (!c) return 0;
            c->partial.append(static_cast<const char*>(in), len);
            if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
                on_message(*c, c->partial);
                c->partial.clear();
            }
            return 0;
        case LWS_CALLBACK_CLIENT_WRITEABLE: {
            if (!c || c->outbox.empty()) return 0;
            std::string text = std::move(c->outbox.front());
            c->outbox.pop_front();
            std::vector<unsigned char> buf(LWS_PRE + text.size());
            std::memcpy(buf.data() + LWS_PRE, text.data(), text.size());
            if (lws_write(wsi, buf.data() + LWS_PRE, text.size(), LWS_WRITE_TEXT) < static_cast<int>(text.size())) return -1;
            if (!c->outbox.empty()) lws_callback_on_writable(wsi);
            return 0;
        }
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        case LWS_CALLBACK_CLIENT_CLOSED:
            if (c && !c->failed) {
                c->failed = true;
                ++g->failures;
                if (c->role == Role::Viewer && !c->hello) --g->in_flight;
            }
            return 0;
        default:
            return 0;
    }
}

const lws_protocols kProtocols[] = {{"openhall.v1", callback, 0, 65536, 0, nullptr, 0}, {nullptr, nullptr, 0, 0, 0, nullptr, 0}};

void connect(Conn& c) {
    lws_client_connect_info i{};
    i.context = g->context;
    i.address = "127.0.0.1";
    i.port = c.role == Role::Staff ? g->o.ports.front() : g->o.ports[c.index % g->o.ports.size()];
    static thread_local std::string path;
    char token[40];
    std::snprintf(token, sizeof token, "bench-%s-%06d-%d", c.role == Role::Viewer ? "v" : c.role == Role::Asker ? "a" : "s", c.index,
                  static_cast<int>(getpid()));
    path = "/events/" + std::to_string(g->o.event) + "?viewer=" + token;
    i.path = path.c_str();
    i.host = "127.0.0.1";
    i.origin = nullptr;
    i.protocol = "openhall.v1";
    i.opaque_user_data = &c;
    i.retry_and_idle_policy = &kNoValidityTimer;
    if (!g->o.source.empty()) i.iface = g->o.source.c_str();
    i.pwsi = &c.wsi;
    if (!lws_client_connect_via_info(&i)) {
        c.failed = true;
        ++g->failures;
    }
}

void report() {
    Options& o = g->o;
    if (o.mode != "driver")
        std::printf("%s: fan-out to %d viewers, %zu deliveries over %d rounds: p50 %.1f ms, p99 %.1f ms; last viewer p50 %.1f ms, p99 %.1f ms\n",
                o.label.c_str(), g->hellos - o.askers - 1, g->deliveries_ms.size(), g->round,
                percentile(g->deliveries_ms, .5), percentile(g->deliveries_ms, .99), percentile(g->last_viewer_ms, .5),
                percentile(g->last_viewer_ms, .99));
    const double seconds = std::chrono::duration<double>(g->last_ack - g->phase_started).count();
    std::printf("%s: asks %lld sent at %d/s, %zu acked in %.1f s = %.0f acks/s; ask->ack p50 %.1f ms, p99 %.1f ms\n",
                o.label.c_str(), g->next_ask, o.ask_rate, g->ack_ms.size(), seconds, g->ack_ms.size() / std::max(seconds, 0.001),
                percentile(g->ack_ms, .5), percentile(g->ack_ms, .99));
}

// --mode viewers: SIGTERM ends the hold; the receipts are written and the loop left.
void on_stop(uv_signal_t*, int) {
    write_stamps(g->o.receipts_file);
    cpu_phase("holding");
    lws_context_destroy(g->context);
    g->context = nullptr;
    uv_timer_stop(&g->tick);
    uv_close(reinterpret_cast<uv_handle_t*>(&g->tick), nullptr);
    uv_signal_stop(&g->stop_signal);
    uv_close(reinterpret_cast<uv_handle_t*>(&g->stop_signal), nullptr);
}

// ws_load --merge LABEL APPROVALS RECEIPTS...: the fan-out figures of a split run.
int merge(int argc, char** argv) {
    if (argc < 5) return std::fprintf(stderr, "usage: ws_load --merge LABEL APPROVALS RECEIPTS...\n"), 2;
    std::unordered_map<long long, long long> approved;  // question → ns
    std::vector<long long> order;
    {
        std::ifstream in(argv[3]);
        long long q, ns;
        while (in >> q >> ns) approved[q] = ns, order.push_back(q);
    }
    std::unordered_map<long long, double> last;
    std::unordered_map<long long, int> count;
    std::vector<double> deliveries;
    for (int i = 4; i < argc; ++i) {
        std::ifstream in(argv[i]);
        long long q, ns;
        while (in >> q >> ns) {
            const auto it = approved.find(q);
            if (it == approved.end()) continue;
            const double ms = (ns - it->second) / 1e6;
            deliveries.push_back(ms);
            last[q] = std::max(last[q], ms);
            ++count[q];
        }
    }
    std::vector<double> last_ms;
    int fewest = order.empty() ? 0 : 1 << 30, most = 0;
    for (long long q : order) {
        last_ms.push_back(last[q]);
        fewest = std::min(fewest, count[q]);
        most = std::max(most, count[q]);
    }
    std::printf("%s: fan-out, %zu deliveries over %zu rounds (%d to %d viewers a round): p50 %.1f ms, p99 %.1f ms; "
                "last viewer p50 %.1f ms, p99 %.1f ms\n",
                argv[2], deliveries.size(), order.size(), fewest, most, percentile(deliveries, .5),
                percentile(deliveries, .99), percentile(last_ms, .5), percentile(last_ms, .99));
    return 0;
}

void on_tick(uv_timer_t*) {
    Run& r = *g;
    const int n = r.o.viewers;
    switch (r.phase) {
        case 0: {  // askers and staff first, then the viewers with at most 500 handshakes in flight
            if (!r.extras_started) {
                r.extras_started = true;
                for (std::size_t i = n; i < r.conns.size(); ++i) connect(r.conns[i]);
            }
            const int extras = static_cast<int>(r.conns.size()) - n;  // askers and staff
            if (r.hellos < extras) break;
            while (r.next_to_connect < n && r.in_flight < 500) {
                ++r.in_flight;
                connect(r.conns[r.next_to_connect++]);
            }
            const bool viewers_done = r.next_to_connect >= n && r.in_flight <= 0;
            if (viewers_done || ms_since(r.phase_started) > 240000) {
                const long before = std::atol(std::getenv("OPENHALL_BENCH_RSS_BEFORE") ? std::getenv("OPENHALL_BENCH_RSS_BEFORE") : "0");
                const long after = rss_kb(r.o.server_pid);
                const int held = r.hellos - extras;
                if (r.o.mode != "driver")
                    std::printf("%s: viewers held %d of %d (%d failed) in %.1f s; server RSS %ld kB -> %ld kB = %.1f kB per viewer\n",
                            r.o.label.c_str(), held, n, r.failures, ms_since(r.phase_started) / 1000, before, after,
                            held > 0 ? double(after - before) / held : 0.0);
                std::fflush(stdout);
                cpu_phase("connecting");
                r.phase = r.o.mode == "viewers" ? 3 : 1;  // viewers hold until SIGTERM
                r.phase_started = Clock::now();
            }
            break;
        }
        case 1: {  // fan-out rounds
            const int viewers = r.hellos - (static_cast<int>(r.conns.size()) - n);
            const bool all_received = r.o.mode == "driver" ? ms_since(r.round_started) > r.o.round_ms
                                                           : r.received_this_round >= viewers;
            if (r.round_open && (all_received || ms_since(r.round_started) > 5000)) {
                r.last_viewer_ms.push_back(r.round_max_ms);
                r.round_open = false;
                r.pending_question = 0;
                ++r.round;
            }
            if (!r.round_open && r.round < r.o.approvals && ms_since(r.round_started) > 300) {
                r.round_open = true;
                r.round_started = Clock::now();
                r.received_this_round = 0;
                r.round_max_ms = 0;
                r.waiting_ask = "fanout-" + std::to_string(r.round);
                Conn& asker = r.conns[n + (r.round % r.o.askers)];
                send(asker, "{\"type\":\"ask\",\"id\":\"" + r.waiting_ask + "\",\"text\":\"扇出测试问题 " + std::to_string(r.round) + "\"}");
            }
            if (!r.round_open && r.round >= r.o.approvals) {
                cpu_phase("fan-out");
                r.phase = 2;
                r.phase_started = r.last_ack = Clock::now();
            }
            break;
        }
        case 2: {  // paced asks
            const double elapsed = ms_since(r.phase_started) / 1000;
            const long long due = std::min<long long>(static_cast<long long>(elapsed * r.o.ask_rate),
                                                      static_cast<long long>(r.o.ask_rate) * r.o.ask_seconds);
            while (r.next_ask < due) {
                const std::string id = "load-" + std::to_string(r.next_ask);
                r.asked[id] = Clock::now();
                send(r.conns[n + (r.next_ask % r.o.askers)],
                     "{\"type\":\"ask\",\"id\":\"" + id + "\",\"text\":\"负载测试问题 " + std::to_string(r.next_ask) + "\",\"name\":\"bench\"}");
                ++r.next_ask;
            }
            const bool all_sent = r.next_ask >= static_cast<long long>(r.o.ask_rate) * r.o.ask_seconds;
            if ((all_sent && r.asked.empty()) || elapsed > r.o.ask_seconds + 20) {
                report();
                cpu_phase("asks");
                if (r.o.mode == "driver") write_stamps(r.o.approvals_file);
                lws_context_destroy(r.context);
                r.context = nullptr;
                uv_timer_stop(&r.tick);
                uv_close(reinterpret_cast<uv_handle_t*>(&r.tick), nullptr);
                r.phase = 4;
            }
            break;
        }
        default:
            break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--merge") return merge(argc, argv);
    Run run;
    g = &run;
    Options& o = run.o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--port" || k == "--ports") o.ports = number_list(v);
        else if (k == "--mode") o.mode = v;
        else if (k == "--receipts") o.receipts_file = v;
        else if (k == "--approvals-out") o.approvals_file = v;
        else if (k == "--cpu-pids") o.cpu_pids = number_list(v);
        else if (k == "--round-ms") o.round_ms = std::stoi(v);
        else if (k == "--source") o.source = v;
        else if (k == "--event") o.event = std::stoi(v);
        else if (k == "--viewers") o.viewers = std::stoi(v);
        else if (k == "--askers") o.askers = std::stoi(v);
        else if (k == "--approvals") o.approvals = std::stoi(v);
        else if (k == "--ask-rate") o.ask_rate = std::stoi(v);
        else if (k == "--ask-seconds") o.ask_seconds = std::stoi(v);
        else if (k == "--server-pid") o.server_pid = std::stoi(v);
        else if (k == "--cookie") o.cookie = v;
        else if (k == "--label") o.label = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (o.mode == "viewers") o.askers = 0;
    if (o.mode == "driver") o.viewers = 0;
    run.conns.resize(o.viewers + o.askers + (o.mode == "viewers" ? 0 : 1));
    for (int i = 0; i < static_cast<int>(run.conns.size()); ++i) {
        run.conns[i].index = i;
        run.conns[i].role = i < o.viewers ? Role::Viewer : i < o.viewers + o.askers ? Role::Asker : Role::Staff;
    }
    lws_set_log_level(LLL_ERR, nullptr);
    uv_loop_init(&run.loop);
    lws_context_creation_info info{};
    void* loops[] = {&run.loop};
    info.foreign_loops = loops;
    info.options = LWS_SERVER_OPTION_LIBUV;
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = kProtocols;
    info.timeout_secs = 60;
    info.retry_and_idle_policy = &kNoValidityTimer;
    run.context = lws_create_context(&info);
    if (!run.context) return 1;
    uv_timer_init(&run.loop, &run.tick);
    run.phase_started = Clock::now();
    run.cpu_mark = cpu_ms(o.cpu_pids);
    uv_timer_start(&run.tick, on_tick, 5, 5);
    if (o.mode == "viewers") {
        uv_signal_init(&run.loop, &run.stop_signal);
        uv_signal_start(&run.stop_signal, on_stop, SIGTERM);
    }
    uv_run(&run.loop, UV_RUN_DEFAULT);
    uv_loop_close(&run.loop);
    return 0;
}
