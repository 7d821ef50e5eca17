// What the e-mails say: each message kind's subject and body in Simplified Chinese (the default), Traditional
// Chinese and English, filled with the object's own words (the event's title, the question or topic), times in the
// display zone with the weekday, and absolute links to act on. Services compose a message when they queue it; the
// sender adds the HTML alternative.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openhall/core/base/time.hpp"

namespace openhall::core {

enum class Language { SimplifiedChinese, TraditionalChinese, English };

// "zh-Hans", "zh-Hant", "en".
std::string_view wire_name(Language language);

// A BCP 47 tag as browsers send it (navigator.language, Accept-Language's first entry): zh-Hant, zh-TW, zh-HK and
// zh-MO are Traditional; en and en-* are English; everything else, and nothing, is Simplified Chinese (the office's
// default reader). Case-insensitive; "_" taken for "-".
Language language_from_tag(std::string_view tag);

// Where links point and which zone times are shown in: the public address (`--public-url`, else the listener's
// own, no trailing slash) and the display zone's UTC offset at an instant. Set once at start-up, before the
// first message is composed; read on any thread after that.
struct MailSite {
    std::string public_url;
    UtcOffsetAt offset_at;

    // No address (links are paths) and UTC: for tools and tests that mail nobody.
    static const MailSite& unconfigured();
    // `path` ("/events/3") made absolute.
    std::string link(std::string_view path) const { return public_url + std::string(path); }
    // An instant as the reader says it, in the display zone: "2027年3月14日 星期日 09:00" (both Chinese scripts),
    // "Sunday 14 March 2027, 09:00" (English).
    std::string local_time(Timestamp t, Language language) const;
};

struct MailText {
    std::string subject;
    std::string body;  // plain text, lines ending in "\n"
};

// Named values for a message's placeholders (title, starts_at, link and the others its kind declares), already in
// the reader's words.
using MailFields = std::vector<std::pair<std::string, std::string>>;

// The message `kind` (e.g. "registration.confirmed", "event.moved", "escalation.notice") in `language` with its
// fields. Throws std::out_of_range for a kind the catalogue does not have and std::logic_error naming a field the
// kind needs but `fields` lacks (both programming errors, caught by the catalogue's test). Any thread.
MailText compose_mail(std::string_view kind, Language language, const MailFields& fields);

// Every kind the catalogue has, with the fields its texts name (for the catalogue's own test).
std::vector<std::pair<std::string, std::vector<std::string>>> mail_catalogue_kinds();

// The HTML alternative of a composed body: paragraphs at blank lines, line breaks kept, text escaped, a line that is
// one address beginning with `site` (the public address) a link; `lang` on the document so readers pick the right
// font and voice. Any thread.
std::string mail_html(std::string_view body, Language language, std::string_view site);

// `text` on one line (white space runs made one space) and at most `max_characters` characters, "…" ending what
// was cut: a question or topic in a subject line.
std::string one_line(std::string_view text, std::size_t max_characters);

}  // namespace openhall::core
