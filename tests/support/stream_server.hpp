// A fixture for stream tests: the real server with its SRT listeners on one free UDP port (so an encoder knows
// where to connect), and a scheduler signed in. The event under test is `id_`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/staff_server.hpp"
#include "support/subprocess.hpp"

namespace openhall::testing {

class StreamServerTest : public StaffServerTest {
protected:
    void SetUp() override {
        srt_port_ = free_udp_port();
        StaffServerTest::SetUp();
        staff_ = client_as(core::Role::Scheduler);
    }
    std::vector<std::string> server_args() const override {
        return {"--srt-ports", std::to_string(srt_port_) + "-" + std::to_string(srt_port_)};
    }
    std::string path(const std::string& rest = "") const { return "/api/v1/events/" + std::to_string(id_) + rest; }

    int srt_port_ = 0;
    int id_ = 0;
    std::unique_ptr<HttpClient> staff_;
};

}  // namespace openhall::testing
