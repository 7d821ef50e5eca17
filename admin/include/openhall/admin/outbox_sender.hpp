// Delivers the outbox by e-mail over SMTP (libcurl) from a worker thread with its own database connection: each
// due message is sent, then marked sent at once; a failure is recorded and retried with back-off (doubling from
// the retry delay up to an hour). A message is marked sent only after the server accepted it, and each carries a
// Message-ID made from its outbox key, so a receiving system can drop the one copy a crash between the two could
// cause. Invitations carry the event's .ics.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "openhall/core/base/time.hpp"

namespace openhall::admin {

struct SmtpSettings {
    std::string url;   // smtp://host:587 or smtps://host:465
    std::string from;  // the sender's address
    std::string username;
    std::string password;
    std::chrono::seconds interval{5};      // how often the outbox is looked at
    std::chrono::seconds retry_delay{60};  // the first retry; doubled at each failure up to an hour
    std::string public_url;                // what the links in attached calendars begin with
};

class OutboxSender {
public:
    // Starts the worker.
    OutboxSender(const std::filesystem::path& db_file, const core::Clock& clock, SmtpSettings settings);
    // Finishes the message in hand, then stops.
    ~OutboxSender();
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

private:
    void run();

    std::filesystem::path db_file_;
    const core::Clock& clock_;
    SmtpSettings settings_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace openhall::admin
