// Maps a method and a path pattern ("/api/v1/events/{id}", "/static/*") to a handler.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "openhall/web/http_types.hpp"

namespace openhall::web {

using Handler = std::function<Response(const Request&)>;

struct RouteMatch {
    const Handler* handler = nullptr;  // null: no route for this path (or method, see method_allowed)
    std::string pattern;               // the route's pattern, used as the metrics label
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path, but not with this method
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler);
    RouteMatch match(const std::string& method, const std::string& path) const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace openhall::web
