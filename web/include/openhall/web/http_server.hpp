// The libsoup 3 HTTP server on the GLib main loop: body size limits, routing, logging, metrics, security headers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/web/http_metrics.hpp"
#include "openhall/web/router.hpp"

typedef struct _SoupServer SoupServer;

namespace openhall::web {

struct HttpServerOptions {
    std::size_t max_body_bytes = 64 * 1024;
    // Uploads of files (a transcript of a long meeting is a few hundred kB): PUT to a path ending in one of these,
    // from a client whose Cookie header `may_upload` accepts (a staff session; checked before the body is read, so
    // nobody else can make the server hold more than max_body_bytes). No `may_upload`: nobody.
    std::size_t max_upload_bytes = 8 * 1024 * 1024;
    std::vector<std::string> upload_path_suffixes{"/transcript"};
    std::function<bool(std::string_view cookie_header)> may_upload;
    // The site's public address without a trailing slash ("https://hall.example.gov"), given to every request as
    // Request::public_url; empty: the address listen() binds (the host name for 0.0.0.0 or ::).
    std::string public_url;
};

class HttpServer {
public:
    HttpServer(const Router& router, HttpMetrics& metrics, HttpServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds host:port (port 0 picks a free one) and returns the port bound. Throws on failure (start-up).
    int listen(const std::string& host, int port);

    // Stops accepting and closes connections; requests already handled have been answered.
    void stop();

    // Handles one request; public so the soup callback (a free function) can reach it.
    Response handle(Request& request);

    std::size_t max_body_bytes() const { return options_.max_body_bytes; }
    // The limit for one request: max_upload_bytes for a PUT to an upload path with a cookie may_upload accepts,
    // else max_body_bytes. The HTTP loop.
    std::size_t body_limit(std::string_view method, std::string_view path, std::string_view cookie_header) const;
    // What absolute links begin with (HttpServerOptions::public_url); complete once listen() has returned.
    const std::string& public_url() const { return options_.public_url; }

private:
    struct SoupServerDeleter {
        void operator()(SoupServer* server) const;
    };
    const Router& router_;
    HttpMetrics& metrics_;
    HttpServerOptions options_;
    std::unique_ptr<SoupServer, SoupServerDeleter> server_;
};

}  // namespace openhall::web
