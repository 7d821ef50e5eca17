#include "openhall/web/router.hpp"

#include <string_view>

namespace openhall::web {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) parts.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Matches segments; "{name}" captures one segment, a final "*" captures the rest (at least one segment).
bool match_segments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto& p = pattern[i];
        if (p == "*") {
            if (i >= path.size()) return false;
            std::string rest;
            for (std::size_t k = i; k < path.size(); ++k) rest += (k > i ? "/" : "") + path[k];
            params["*"] = rest;
            return true;
        }
        if (i >= path.size()) return false;
        if (p.size() > 2 && p.front() == '{' && p.back() == '}')
            params[p.substr(1, p.size() - 2)] = path[i];
        else if (p != path[i])
            return false;
    }
    return pattern.size() == path.size();
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
    auto segments = split_path(pattern);
    routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    const auto parts = split_path(path);
    RouteMatch result;
    for (const auto& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match_segments(route.segments, parts, params)) continue;
        const bool method_ok = route.method == method || (method == "HEAD" && route.method == "GET");
        if (!method_ok) {
            result.path_known = true;
            continue;
        }
        result.handler = &route.handler;
        result.pattern = route.pattern;
        result.params = std::move(params);
        return result;
    }
    return result;
}

}  // namespace openhall::web
