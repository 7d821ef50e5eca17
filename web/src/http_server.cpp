#include "openhall/web/http_server.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <libsoup/soup.h>
#include <spdlog/spdlog.h>

#include "openhall/web/error_response.hpp"

namespace openhall::web {
namespace {

// Every page and API answer carries these; the CSP forbids inline scripts and foreign origins. media-src allows
// data: because hls.js gives each subtitles text track an empty <track src="data:,WEBVTT"> (a media load).
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: data:; worker-src 'self' blob:; "
     "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

constexpr const char* kBodyCountKey = "openhall-body-bytes";

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

void set_response(SoupServerMessage* msg, const Response& r) {
    soup_server_message_set_status(msg, static_cast<guint>(r.status), nullptr);
    auto* headers = soup_server_message_get_response_headers(msg);
    for (const auto& [name, value] : kSecurityHeaders) soup_message_headers_replace(headers, name, value);
    // One request per connection. libsoup 3.2 never closes a kept-alive connection that its client closes between
    // requests (the next message has no completion callback until its headers arrive, so the EOF is dropped): each
    // one stayed in CLOSE-WAIT with its descriptor until the process ran out of them. docs/decisions.md #31.
    soup_message_headers_replace(headers, "Connection", "close");
    for (const auto& [name, value] : r.headers) soup_message_headers_append(headers, name.c_str(), value.c_str());
    if (r.file) {
        soup_message_headers_set_content_type(headers, r.content_type.c_str(), nullptr);
        auto* body = soup_server_message_get_response_body(msg);
        if (r.file->length > 0) {
            g_autoptr(GError) error = nullptr;
            g_autoptr(GMappedFile) mapped = g_mapped_file_new(r.file->path.c_str(), FALSE, &error);
            if (!mapped) {
                spdlog::error("cannot read {}: {}", r.file->path.string(), error->message);
                soup_server_message_set_status(msg, 500, nullptr);
                return;
            }
            g_autoptr(GBytes) all = g_mapped_file_get_bytes(mapped);
            g_autoptr(GBytes) part = g_bytes_new_from_bytes(all, r.file->offset, r.file->length);
            soup_message_body_append_bytes(body, part);
        }
        soup_message_body_complete(body);
        return;
    }
    if (!r.content_type.empty() || !r.body.empty())
        soup_server_message_set_response(msg, r.content_type.empty() ? nullptr : r.content_type.c_str(),
                                         SOUP_MEMORY_COPY, r.body.data(), r.body.size());
}

Response too_large(std::size_t limit) {
    return error_response(core::ErrorCode::PayloadTooLarge,
                          fmt::format("the request body is larger than {} bytes", limit));
}

std::size_t limit_of(const HttpServer& server, SoupServerMessage* msg) {
    const char* path = g_uri_get_path(soup_server_message_get_uri(msg));
    const char* cookie = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Cookie");
    return server.body_limit(soup_server_message_get_method(msg), path ? path : "", cookie ? cookie : "");
}

void on_body_chunk(SoupServerMessage* msg, GBytes* chunk, gpointer user_data) {
    auto* server = static_cast<HttpServer*>(user_data);
    auto seen = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(msg), kBodyCountKey)) + g_bytes_get_size(chunk);
    g_object_set_data(G_OBJECT(msg), kBodyCountKey, GSIZE_TO_POINTER(seen));
    const auto limit = limit_of(*server, msg);
    if (seen > limit && soup_server_message_get_status(msg) == 0) {
        // Stop keeping the rest; the normal handler will not run because a status is set.
        soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
        set_response(msg, too_large(limit));
    }
}

// Runs after the headers and before the body is read: oversized bodies are refused without reading them.
void on_headers(SoupServer*, SoupServerMessage* msg, const char*, GHashTable*, gpointer user_data) {
    auto* server = static_cast<HttpServer*>(user_data);
    auto* headers = soup_server_message_get_request_headers(msg);
    if (soup_message_headers_get_encoding(headers) == SOUP_ENCODING_CONTENT_LENGTH) {
        const auto limit = limit_of(*server, msg);
        if (static_cast<std::size_t>(soup_message_headers_get_content_length(headers)) > limit)
            set_response(msg, too_large(limit));
    } else {
        g_signal_connect(msg, "got-chunk", G_CALLBACK(on_body_chunk), server);
    }
}

// libsoup answers a few requests itself before any handler runs: a path whose escapes bring in ".." segments
// (/media/1/..%2f..%2fopenhall.db), a URI whose scheme does not match the connection. Those answers get the JSON
// error body every other 4xx carries.
void on_libsoup_verdict(SoupServerMessage* msg, gpointer) {
    if (soup_server_message_get_status(msg) != SOUP_STATUS_BAD_REQUEST) return;
    auto* body = soup_server_message_get_response_body(msg);
    if (body && body->length > 0) return;  // one of ours (413 from on_headers has its body)
    set_response(msg, error_response(core::ErrorCode::InvalidInput,
                                     "the request's path is not allowed (an escaped \"..\" or a foreign scheme)"));
}

// Connected when a request starts, after libsoup's own check of the headers (it connects that one before it
// announces the request), so on_libsoup_verdict sees its verdict.
void on_request_started(SoupServer*, SoupServerMessage* msg, gpointer) {
    g_signal_connect(msg, "got-headers", G_CALLBACK(on_libsoup_verdict), nullptr);
}

Request request_from(SoupServerMessage* msg, const char* path, GHashTable* query) {
    Request req;
    req.method = soup_server_message_get_method(msg);
    req.path = path;
    if (query) {
        GHashTableIter it;
        gpointer key, value;
        g_hash_table_iter_init(&it, query);
        while (g_hash_table_iter_next(&it, &key, &value))
            req.query[static_cast<const char*>(key)] = value ? static_cast<const char*>(value) : "";
    }
    SoupMessageHeadersIter hit;
    const char *name, *value;
    soup_message_headers_iter_init(&hit, soup_server_message_get_request_headers(msg));
    while (soup_message_headers_iter_next(&hit, &name, &value)) {
        auto& slot = req.headers[lower(name)];
        slot = slot.empty() ? value : slot + ", " + value;
    }
    auto* body = soup_server_message_get_request_body(msg);
    if (body && body->length > 0) {
        g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
        gsize size = 0;
        auto* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
        req.body.assign(data, size);
    }
    if (const char* host = soup_server_message_get_remote_host(msg)) req.remote_address = host;
    return req;
}

void on_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable* query, gpointer user_data) {
    auto* server = static_cast<HttpServer*>(user_data);
    auto request = request_from(msg, path, query);
    request.public_url = server->public_url();
    set_response(msg, server->handle(request));
}

// The kernel caps it at net.core.somaxconn (4,096 on Linux since 5.4), as for the WebSocket port.
constexpr int kListenBacklog = 4096;

}  // namespace

void HttpServer::SoupServerDeleter::operator()(SoupServer* server) const {
    soup_server_disconnect(server);
    g_object_unref(server);
}

std::size_t HttpServer::body_limit(std::string_view method, std::string_view path, std::string_view cookie_header) const {
    if (method != "PUT" || !options_.may_upload) return options_.max_body_bytes;
    for (const auto& suffix : options_.upload_path_suffixes)
        if (path.ends_with(suffix)) return options_.may_upload(cookie_header) ? options_.max_upload_bytes : options_.max_body_bytes;
    return options_.max_body_bytes;
}

HttpServer::HttpServer(const Router& router, HttpMetrics& metrics, HttpServerOptions options)
    : router_(router), metrics_(metrics), options_(options),
      server_(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, "server-header", "OpenHall", nullptr))) {
    g_signal_connect(server_.get(), "request-started", G_CALLBACK(on_request_started), nullptr);
    soup_server_add_early_handler(server_.get(), nullptr, on_headers, this, nullptr);
    soup_server_add_handler(server_.get(), nullptr, on_request, this, nullptr);
}

HttpServer::~HttpServer() = default;

int HttpServer::listen(const std::string& host, int port) {
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string(host.c_str(), static_cast<guint>(port));
    if (!address) throw std::runtime_error(fmt::format("'{}' is not an IP address to listen on", host));
    g_autoptr(GError) error = nullptr;
    // Our own socket rather than soup_server_listen's: GLib listens with a backlog of 10, so a burst of page loads
    // (a briefing's start, a cache's misses) lost SYNs and waited a second or more for them to be sent again.
    g_autoptr(GSocket) socket = g_socket_new(g_socket_address_get_family(address), G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, &error);
    if (socket) {
        g_socket_set_listen_backlog(socket, kListenBacklog);
        if (!g_socket_bind(socket, address, TRUE, &error) || !g_socket_listen(socket, &error) ||
            !soup_server_listen_socket(server_.get(), socket, static_cast<SoupServerListenOptions>(0), &error))
            g_clear_object(&socket);
    }
    if (!socket) throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", host, port, error->message));
    int bound = port;
    GSList* uris = soup_server_get_uris(server_.get());
    if (uris) bound = g_uri_get_port(static_cast<GUri*>(uris->data));
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
    if (options_.public_url.empty()) {
        // Without a configured address, links name this listener; a wildcard address is no place to link to.
        const bool wildcard = host == "0.0.0.0" || host == "::";
        const std::string name = wildcard ? g_get_host_name() : host.find(':') != std::string::npos ? "[" + host + "]" : host;
        options_.public_url = fmt::format("http://{}:{}", name, bound);
    }
    return bound;
}

void HttpServer::stop() {
    if (server_) soup_server_disconnect(server_.get());
}

Response HttpServer::handle(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    auto match = router_.match(request.method, request.path);
    std::string route = match.handler ? match.pattern : "unmatched";
    Response response;
    if (!match.handler) {
        response = match.path_known
                       ? error_response(core::ErrorCode::MethodNotAllowed,
                                        fmt::format("{} is not allowed on {}", request.method, request.path))
                       : error_response(core::ErrorCode::NotFound, fmt::format("nothing at {}", request.path));
    } else {
        request.params = std::move(match.params);
        try {
            response = (*match.handler)(request);
        } catch (const std::exception& e) {
            spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
            response = error_response(core::ErrorCode::Internal, "the server could not complete the request");
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    metrics_.record(request.method, route, response.status, took);
    spdlog::info("{} {} {} {:.1f}ms", request.method, request.path, response.status, took.count() * 1000);
    return response;
}

}  // namespace openhall::web
