// A request as handlers see it and the response they give back, independent of libsoup.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace openhall::web {

struct Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> params;   // from the route pattern, e.g. {"id": "12"}
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string remote_address;
    std::string public_url;  // the site's public address (HttpServerOptions::public_url), never from a header

    std::optional<std::string> header(const std::string& lower_case_name) const;
    std::optional<std::string> cookie(const std::string& name) const;
    std::optional<std::string> query_value(const std::string& name) const;
    // What every absolute link begins with (e-mail, QR codes, feeds, calendars, RSVP and registration links): the
    // configured public address, never the Host header, which a client can forge (issue 14). "http://localhost"
    // for a request that did not come through HttpServer.
    std::string base_url() const;
    bool changes_state() const { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }
};

// A response body taken from a file (mapped, not copied): `length` bytes from `offset`.
struct FileBody {
    std::filesystem::path path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::optional<FileBody> file;  // when set, the body comes from here instead
    std::vector<std::pair<std::string, std::string>> headers;

    static Response json(int status, const nlohmann::json& value);
    static Response no_content();
    static Response text(int status, std::string content_type, std::string body);
    Response& with_header(std::string name, std::string value);
};

}  // namespace openhall::web
