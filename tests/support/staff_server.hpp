// A fixture with a real server on a temporary data directory and one staff user of every role.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "openhall/core/accounts/role.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace openhall::testing {

inline constexpr const char* kTestPassword = "correct horse battery";

// A valid body for POST /api/v1/events (2026-12-07, 09:00 to 11:30 in +08:00).
nlohmann::json event_body(const std::string& title = "政府开放日：走进县自来水厂", const std::string& kind = "open_day");

class StaffServerTest : public ::testing::Test {
public:
    // Creates the users (name = role name) in the store, as `openhall user add` would, before the server starts.
    static void add_staff_users(const std::filesystem::path& data_dir);

protected:
    void SetUp() override;
    void TearDown() override;

    void restart_server();
    // Extra `openhall serve` arguments a suite needs.
    virtual std::vector<std::string> server_args() const { return {}; }
    // The server's clock held at `rfc3339` (a file it reads), so tests that depend on "before the event" do not
    // depend on the day they run; returns the arguments to pass.
    std::vector<std::string> fixed_clock(const std::string& rfc3339) const;

    // A client signed in with the role's user; nullopt role: a client without a session.
    std::unique_ptr<HttpClient> client_as(std::optional<core::Role> role);
    std::unique_ptr<HttpClient> public_client() { return client_as(std::nullopt); }

    TempDir data_;
    std::unique_ptr<ServerProcess> server_;
};

}  // namespace openhall::testing
