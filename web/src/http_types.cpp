#include "openhall/web/http_types.hpp"


#include "openhall/core/text/text.hpp"

namespace openhall::web {

std::string Request::base_url() const { return public_url.empty() ? "http://localhost" : public_url; }

std::optional<std::string> Request::header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Request::cookie(const std::string& name) const {
    auto all = header("cookie");
    if (!all) return std::nullopt;
    return core::cookie_value(*all, name);
}

std::optional<std::string> Request::query_value(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

Response Response::json(int status, const nlohmann::json& value) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    // Invalid UTF-8 cannot reach here (inputs are checked), but never let a dump throw mid-response.
    r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response Response::no_content() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

Response Response::text(int status, std::string content_type, std::string body) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

Response& Response::with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

}  // namespace openhall::web
