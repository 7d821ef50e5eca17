// A small HTTP client over libcurl for tests: keeps cookies like a browser and sends the CSRF header once signed in.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

typedef void CURL;

namespace openhall::testing {

struct HttpResponse {
    long status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;  // names in lower case

    nlohmann::json json() const { return nlohmann::json::parse(body); }
    std::string header(const std::string& lower_name) const;
    std::string error_code() const;  // {"error":{"code":...}}, or "" when the body is not an error
};

class HttpClient {
public:
    explicit HttpClient(std::string base_url);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                         const std::vector<std::string>& extra_headers = {});
    HttpResponse get(const std::string& path) { return request("GET", path); }
    HttpResponse post(const std::string& path, const nlohmann::json& body) { return request("POST", path, body.dump()); }
    HttpResponse patch(const std::string& path, const nlohmann::json& body) { return request("PATCH", path, body.dump()); }
    HttpResponse del(const std::string& path) { return request("DELETE", path); }

    // Signs in; on success the session cookie is kept and the CSRF token is sent with every later request.
    HttpResponse sign_in(const std::string& username, const std::string& password);

    // Stop sending the CSRF header (the cookie stays), to test requests that lack it.
    void forget_csrf() { csrf_.clear(); }
    const std::string& csrf() const { return csrf_; }
    // A cookie the server set (for example the session, to open a staff WebSocket); "" when none.
    std::string cookie(const std::string& name) const;

private:
    std::string base_url_;
    std::string csrf_;
    CURL* curl_;
};

}  // namespace openhall::testing
