#include "openhall/admin/outbox_sender.hpp"

#include <cctype>
#include <cstring>
#include <ctime>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/notifications/outbox.hpp"
#include "openhall/core/store/database.hpp"
#include "openhall/web/calendar_ics.hpp"

namespace openhall::admin {
namespace {

std::string base64(std::string_view data) {
    std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Base64 in lines of 76 characters, as MIME wants.
std::string base64_lines(std::string_view data) {
    const auto encoded = base64(data);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

// A header value in UTF-8 (RFC 2047): encoded words of at most 75 characters (§2), each of whole characters
// (§5), on folded lines, so a long subject (a question's words) keeps within RFC 5322's line limits.
std::string encoded_words(std::string_view text) {
    constexpr std::size_t kBytesPerWord = 45;  // 60 characters of base64, 72 with "=?UTF-8?B?" and "?="
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(start + kBytesPerWord, text.size());
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not mid-character
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// A MIME boundary of `kind` for the message with outbox key `key`: short (RFC 2046 §5.1.1 allows 70 characters,
// and a key holds a venue) and never found in base64 content, which has no '-' or '_'.
std::string boundary(std::string_view kind, std::string_view key) {
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
    char hex[2 * sizeof hash + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return fmt::format("openhall_{}_{}", kind, hex);
}

std::string rfc5322_date(core::Timestamp t) {
    const std::time_t seconds = t.time_since_epoch().count();
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return text;
}

// A calendar part: a plain entry (no method) or an iTIP message whose METHOD is `method`.
struct CalendarPart {
    std::string text;
    std::string method;
};

std::string mime_message(const core::OutboxMessage& m, const SmtpSettings& settings, core::Timestamp now,
                         const std::optional<CalendarPart>& ics) {
    std::string domain = settings.from.substr(settings.from.find('@') + 1);
    std::string key;
    for (char c : m.dedupe_key) key += std::isalnum(static_cast<unsigned char>(c)) ? c : '.';
    std::string out = fmt::format(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{}@{}>\r\nMIME-Version: 1.0\r\n", settings.from,
        m.recipient, encoded_words(m.subject), rfc5322_date(now), key, domain);
    // The text as plain text and as HTML (RFC 2046 §5.1.4: the preferred alternative last).
    const std::string alternatives_boundary = boundary("alt", m.dedupe_key);
    const std::string alternatives = fmt::format(
        "Content-Type: multipart/alternative; boundary=\"{0}\"\r\n\r\n"
        "--{0}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{1}"
        "--{0}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{2}--{0}--\r\n",
        alternatives_boundary, base64_lines(m.body),
        base64_lines(core::mail_html(m.body, core::language_from_tag(m.language), settings.public_url)));
    if (!ics) return out + alternatives;
    const std::string mixed_boundary = boundary("mixed", m.dedupe_key);
    // RFC 6047 §2.4: an iTIP message travels as text/calendar with the method parameter equal to its METHOD, shown
    // inline so mail clients offer to accept or decline; a plain entry has no method and is an attachment.
    const std::string calendar_type =
        ics->method.empty() ? "text/calendar; charset=UTF-8\r\nContent-Disposition: attachment; filename=\"event.ics\""
                            : fmt::format("text/calendar; charset=UTF-8; method={}\r\nContent-Disposition: inline; "
                                          "filename=\"invite.ics\"",
                                          ics->method);
    return out + fmt::format("Content-Type: multipart/mixed; boundary=\"{0}\"\r\n\r\n--{0}\r\n{1}--{0}\r\n"
                             "Content-Type: {3}\r\n"
                             "Content-Transfer-Encoding: base64\r\n\r\n{2}--{0}--\r\n",
                             mixed_boundary, alternatives, base64_lines(ics->text), calendar_type);
}

struct Upload {
    std::string data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const auto n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

// Empty on success, else what went wrong (the server's reply when there was one).
std::string send_mail(const SmtpSettings& settings, const std::string& recipient, std::string message) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return "libcurl could not start";
    Upload upload{std::move(message), 0};
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl.get(), CURLOPT_URL, settings.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, ("<" + settings.from + ">").c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    if (!settings.username.empty()) {
        curl_easy_setopt(curl.get(), CURLOPT_USERNAME, settings.username.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, settings.password.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));  // never a password in clear
    }
    const auto result = curl_easy_perform(curl.get());
    curl_slist_free_all(recipients);
    if (result == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply);
    const std::string what = error[0] ? error : curl_easy_strerror(result);
    return reply ? fmt::format("SMTP {}: {}", reply, what) : what;
}

}  // namespace

OutboxSender::OutboxSender(const std::filesystem::path& db_file, const core::Clock& clock, SmtpSettings settings)
    : db_file_(db_file), clock_(clock), settings_(std::move(settings)), thread_([this] { run(); }) {}

OutboxSender::~OutboxSender() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void OutboxSender::run() {
    core::Database db(db_file_);
    core::OutboxRepository outbox(db);
    core::EventRepository events(db);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            for (const auto& m : outbox.due(clock_.now(), 50)) {
                std::optional<CalendarPart> ics;
                if (m.ics_event_id)
                    if (auto e = events.find(core::EventId{*m.ics_event_id})) {
                        const web::CalendarSite site{settings_.public_url, e->title};
                        ics = m.itip ? CalendarPart{web::itip_ics(*e, *m.itip, {settings_.from, "", m.recipient}, site,
                                                                  clock_.now()),
                                                    m.itip->method}
                                     : CalendarPart{web::calendar_ics({*e}, site, clock_.now()), ""};
                    }
                const auto failure = send_mail(settings_, m.recipient, mime_message(m, settings_, clock_.now(), ics));
                if (failure.empty()) {
                    outbox.mark_sent(m.id, clock_.now());
                    spdlog::info("outbox: sent {} to {}", m.kind, m.recipient);
                } else {
                    const auto delay = std::min<std::chrono::seconds>(settings_.retry_delay * (1LL << std::min(m.attempts, 12)),
                                                                      std::chrono::hours{1});
                    outbox.mark_failed(m.id, failure, clock_.now() + delay);
                    spdlog::warn("outbox: {} to {} failed (retry in {} s): {}", m.kind, m.recipient, delay.count(), failure);
                }
                std::lock_guard stop_check(mutex_);
                if (stopping_) break;
            }
        } catch (const std::exception& e) {
            spdlog::error("outbox: {}", e.what());
        }
        lock.lock();
        wake_.wait_for(lock, settings_.interval, [this] { return stopping_; });
    }
}

}  // namespace openhall::admin
