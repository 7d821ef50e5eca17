#include "support/staff_server.hpp"

#include <fstream>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::testing {

void StaffServerTest::add_staff_users(const std::filesystem::path& data_dir) {
    std::filesystem::create_directories(data_dir);
    core::Database db(data_dir / "openhall.db");
    db.migrate();
    core::SystemClock clock;
    core::AuthService auth(db, clock);
    for (auto role : core::kAllRoles) {
        auto user = auth.add_user(core::Actor::system("test"), std::string(core::wire_name(role)), role, kTestPassword);
        if (!user) throw std::runtime_error(user.error().message);
    }
}

void StaffServerTest::SetUp() {
    add_staff_users(data_.path());
    server_ = std::make_unique<ServerProcess>(data_.path(), server_args());
}

void StaffServerTest::TearDown() {
    if (server_ && HasFailure()) std::cerr << "--- server log ---\n" << server_->log();
    server_.reset();
}

std::vector<std::string> StaffServerTest::fixed_clock(const std::string& rfc3339) const {
    const auto file = data_.path() / "clock.txt";
    std::ofstream(file) << rfc3339 << "\n";
    return {"--clock-file", file.string()};
}

void StaffServerTest::restart_server() {
    server_->stop();
    server_ = std::make_unique<ServerProcess>(data_.path(), server_args());
}

std::unique_ptr<HttpClient> StaffServerTest::client_as(std::optional<core::Role> role) {
    auto client = std::make_unique<HttpClient>(server_->base_url());
    if (role) {
        auto r = client->sign_in(std::string(core::wire_name(*role)), kTestPassword);
        if (r.status != 200) throw std::runtime_error("sign-in failed: " + r.body);
    }
    return client;
}

nlohmann::json event_body(const std::string& title, const std::string& kind) {
    return {{"kind", kind},
            {"title", title},
            {"description", "市民可实地参观净水工艺流程。"},
            {"venue", "青溪县第二自来水厂"},
            {"starts_at", "2026-12-07T09:00:00+08:00"},
            {"ends_at", "2026-12-07T11:30:00+08:00"},
            {"capacity", 60}};
}

}  // namespace openhall::testing
