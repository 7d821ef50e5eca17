#include "openhall/core/notifications/mail_catalogue.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include <fmt/args.h>
#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

struct Text {
    const char* subject;
    const char* body;
};

// One message kind: the fields its texts use, and the texts in the order of Language.
struct Entry {
    const char* kind;
    std::vector<std::string> fields;
    std::array<Text, 3> texts;
};

// The catalogue. Simplified Chinese first (the default reader), then Traditional Chinese, then English. Every text
// says what happened in the object's own words and ends with what to do and where.
const std::vector<Entry>& catalogue() {
    static const std::vector<Entry> entries{
        {"registration.confirmed",
         {"title", "starts_at", "venue", "code", "link"},
         {{{"报名成功：{title}",
            "您已报名参加“{title}”。\n\n时间：{starts_at}\n地点：{venue}\n登记码：{code}\n\n入场时请出示登记码或二维码。查看或取消报名：\n{link}\n"},
           {"報名成功：{title}",
            "您已報名參加「{title}」。\n\n時間：{starts_at}\n地點：{venue}\n登記碼：{code}\n\n入場時請出示登記碼或二維碼。查看或取消報名：\n{link}\n"},
           {"You are registered: {title}",
            "You are registered for \"{title}\".\n\nWhen: {starts_at}\nWhere: {venue}\nCode: {code}\n\nShow the code or "
            "its QR code at the door. To see or cancel your registration:\n{link}\n"}}}},
        {"registration.waitlisted",
         {"title", "starts_at", "venue", "code", "position", "link"},
         {{{"已列入候补：{title}",
            "“{title}”的座位已满，您在候补名单第 {position} 位。有人取消时按顺序递补，递补后会再通知您。\n\n时间：{starts_at}\n地点：{venue}\n登记码：{code}\n\n查看或取消：\n{link}\n"},
           {"已列入候補：{title}",
            "「{title}」的座位已滿，您在候補名單第 {position} 位。有人取消時依序遞補，遞補後會再通知您。\n\n時間：{starts_at}\n地點：{venue}\n登記碼：{code}\n\n查看或取消：\n{link}\n"},
           {"On the waiting list: {title}",
            "\"{title}\" is full; you are number {position} on the waiting list. Seats that are given up go to the "
            "list in order, and we will write again if one is yours.\n\nWhen: {starts_at}\nWhere: {venue}\nCode: "
            "{code}\n\nTo see or cancel:\n{link}\n"}}}},
        {"registration.applied",
         {"title", "starts_at", "venue", "code", "link"},
         {{{"申请已收到：{title}",
            "您对“{title}”的申请已收到。名额按事先公布的种子抽签决定，抽签结果公布后可在下面的页面查看。\n\n时间：{starts_at}\n地点：{venue}\n登记码：{code}\n\n查看申请和抽签结果：\n{link}\n"},
           {"申請已收到：{title}",
            "您對「{title}」的申請已收到。名額依事先公布的種子抽籤決定，抽籤結果公布後可在下面的頁面查看。\n\n時間：{starts_at}\n地點：{venue}\n登記碼：{code}\n\n查看申請和抽籤結果：\n{link}\n"},
           {"Your application is in: {title}",
            "Your application for \"{title}\" has been received. Places are drawn by lot from a seed announced "
            "beforehand; once the draw is published, its result is on the page below.\n\nWhen: {starts_at}\nWhere: "
            "{venue}\nCode: {code}\n\nYour application and the draw:\n{link}\n"}}}},
        {"registration.promoted",
         {"title", "starts_at", "venue", "code", "link"},
         {{{"候补转正，您有座位了：{title}",
            "“{title}”有人取消报名，您已从候补转为正式报名。\n\n时间：{starts_at}\n地点：{venue}\n登记码：{code}\n\n不能出席请及时取消，把座位留给别人：\n{link}\n"},
           {"候補轉正，您有座位了：{title}",
            "「{title}」有人取消報名，您已從候補轉為正式報名。\n\n時間：{starts_at}\n地點：{venue}\n登記碼：{code}\n\n不能出席請及時取消，把座位留給別人：\n{link}\n"},
           {"A seat is yours: {title}",
            "A seat at \"{title}\" was given up and is now yours.\n\nWhen: {starts_at}\nWhere: {venue}\nCode: "
            "{code}\n\nIf you cannot come, please cancel so someone else can:\n{link}\n"}}}},
        {"invitation.invited",
         {"name", "title", "starts_at", "venue", "link"},
         {{{"列席邀请：{title}",
            "尊敬的{name}：\n\n诚邀您列席“{title}”。\n\n时间：{starts_at}\n地点：{venue}\n\n请告知是否出席：\n{link}\n\n所附日历邀请可直接加入您的日历，之后的变更会自动更新。\n"},
           {"列席邀請：{title}",
            "尊敬的{name}：\n\n誠邀您列席「{title}」。\n\n時間：{starts_at}\n地點：{venue}\n\n請告知是否出席：\n{link}\n\n所附日曆邀請可直接加入您的日曆，之後的變更會自動更新。\n"},
           {"Invitation: {title}",
            "Dear {name},\n\nYou are invited to attend \"{title}\".\n\nWhen: {starts_at}\nWhere: {venue}\n\nPlease "
            "let us know whether you will come:\n{link}\n\nThe attached calendar invitation adds it to your calendar "
            "and follows every later change.\n"}}}},
        {"invitation.withdrawn",
         {"name", "title", "starts_at", "link"},
         {{{"邀请撤回：{title}",
            "尊敬的{name}：\n\n您列席“{title}”（原定{starts_at}）的邀请已撤回，无需回复；您日历中的这一项会随之取消。\n\n活动页面：\n{link}\n"},
           {"邀請撤回：{title}",
            "尊敬的{name}：\n\n您列席「{title}」（原定{starts_at}）的邀請已撤回，無需回覆；您日曆中的這一項會隨之取消。\n\n活動頁面：\n{link}\n"},
           {"Invitation withdrawn: {title}",
            "Dear {name},\n\nThe invitation to \"{title}\" ({starts_at}) has been withdrawn; there is no need to "
            "answer, and the entry in your calendar is cancelled with it.\n\nThe event's page:\n{link}\n"}}}},
        {"event.reminder",
         {"title", "starts_at", "venue", "link"},
         {{{"活动提醒：{title}", "“{title}”即将举行。\n\n时间：{starts_at}\n地点：{venue}\n\n活动页面（议程、直播）：\n{link}\n"},
           {"活動提醒：{title}", "「{title}」即將舉行。\n\n時間：{starts_at}\n地點：{venue}\n\n活動頁面（議程、直播）：\n{link}\n"},
           {"Reminder: {title}",
            "\"{title}\" is coming up.\n\nWhen: {starts_at}\nWhere: {venue}\n\nThe event's page (agenda, live "
            "stream):\n{link}\n"}}}},
        {"event.postponed",
         {"title", "starts_at", "link"},
         {{{"活动延期：{title}", "原定{starts_at}举行的“{title}”延期，新时间另行通知。\n\n活动页面：\n{link}\n"},
           {"活動延期：{title}", "原定{starts_at}舉行的「{title}」延期，新時間另行通知。\n\n活動頁面：\n{link}\n"},
           {"Postponed: {title}",
            "\"{title}\", planned for {starts_at}, is postponed; the new date will follow.\n\nThe event's page:\n{link}\n"}}}},
        {"event.cancelled",
         {"title", "starts_at", "link"},
         {{{"活动取消：{title}", "原定{starts_at}举行的“{title}”已取消。\n\n活动页面：\n{link}\n"},
           {"活動取消：{title}", "原定{starts_at}舉行的「{title}」已取消。\n\n活動頁面：\n{link}\n"},
           {"Cancelled: {title}", "\"{title}\", planned for {starts_at}, is cancelled.\n\nThe event's page:\n{link}\n"}}}},
        {"event.moved",
         {"title", "old_starts_at", "starts_at", "old_venue", "venue", "link"},
         {{{"时间或地点变更：{title}",
            "“{title}”的时间或地点有变更。\n\n时间：{starts_at}（原为{old_starts_at}）\n地点：{venue}（原为{old_venue}）\n\n活动页面：\n{link}\n"},
           {"時間或地點變更：{title}",
            "「{title}」的時間或地點有變更。\n\n時間：{starts_at}（原為{old_starts_at}）\n地點：{venue}（原為{old_venue}）\n\n活動頁面：\n{link}\n"},
           {"New time or place: {title}",
            "The time or place of \"{title}\" has changed.\n\nWhen: {starts_at} (was {old_starts_at})\nWhere: {venue} "
            "(was {old_venue})\n\nThe event's page:\n{link}\n"}}}},
        {"escalation.reminder",
         {"department", "what", "what_short", "event", "due_at", "link"},
         {{{"办理提醒：“{what_short}”已逾期",
            "{department}：\n\n群众在“{event}”上提出的“{what}”交由贵单位办理，应于{due_at}前答复，至今未答复。请尽快办理：\n{link}\n"},
           {"辦理提醒：「{what_short}」已逾期",
            "{department}：\n\n民眾在「{event}」上提出的「{what}」交由貴單位辦理，應於{due_at}前答覆，至今未答覆。請儘快辦理：\n{link}\n"},
           {"Overdue: \"{what_short}\"",
            "To {department}:\n\n\"{what}\", raised at \"{event}\", was assigned to you with an answer due by {due_at}; "
            "no answer has been given. Please answer it:\n{link}\n"}}}},
        {"escalation.notice",
         {"department", "what", "what_short", "event", "due_at", "link"},
         {{{"逾期通报：{department}未答复“{what_short}”",
            "群众在“{event}”上提出的“{what}”交由{department}办理，应于{due_at}前答复，提醒后仍未答复，特此通报。\n\n办理情况：\n{link}\n"},
           {"逾期通報：{department}未答覆「{what_short}」",
            "民眾在「{event}」上提出的「{what}」交由{department}辦理，應於{due_at}前答覆，提醒後仍未答覆，特此通報。\n\n辦理情況：\n{link}\n"},
           {"Notice: {department} has not answered \"{what_short}\"",
            "\"{what}\", raised at \"{event}\", was assigned to {department} with an answer due by {due_at}, and is "
            "still unanswered after a reminder.\n\nWhere it stands:\n{link}\n"}}}},
        {"escalation.accountability",
         {"department", "what", "what_short", "event", "due_at", "link"},
         {{{"追责记录：{department}逾期未答复“{what_short}”",
            "群众在“{event}”上提出的“{what}”交由{department}办理，应于{due_at}前答复，经提醒和通报仍未答复，已记入问责记录。\n\n办理情况：\n{link}\n"},
           {"追責記錄：{department}逾期未答覆「{what_short}」",
            "民眾在「{event}」上提出的「{what}」交由{department}辦理，應於{due_at}前答覆，經提醒和通報仍未答覆，已記入問責記錄。\n\n辦理情況：\n{link}\n"},
           {"Accountability record: {department} has not answered \"{what_short}\"",
            "\"{what}\", raised at \"{event}\", was assigned to {department} with an answer due by {due_at}, and is "
            "still unanswered after a reminder and a notice; this is now on the accountability record.\n\nWhere it "
            "stands:\n{link}\n"}}}},
    };
    return entries;
}

const Entry& entry_of(std::string_view kind) {
    for (const auto& e : catalogue())
        if (kind == e.kind) return e;
    throw std::out_of_range(fmt::format("no message \"{}\" in the mail catalogue", kind));
}

// A tag as compared: lower case, "_" as "-" (web/www/static/js/i18n.js's detectLanguage must agree).
std::string normalized_tag(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}


// One line of the body in HTML, escaped. A line that is one address on this site is a link; addresses elsewhere
// (in a citizen's question, say) stay text, so an official message never carries a link the office did not make.
std::string html_line(std::string_view line, std::string_view site) {
    const bool own_link = !site.empty() && line.starts_with(site) && line.find_first_of(" \t") == std::string_view::npos;
    if (!own_link) return escape_markup(line);
    const auto url = escape_markup(line);
    return "<a href=\"" + url + "\">" + url + "</a>";
}

}  // namespace

std::string_view wire_name(Language language) {
    switch (language) {
        case Language::SimplifiedChinese: return "zh-Hans";
        case Language::TraditionalChinese: return "zh-Hant";
        case Language::English: return "en";
    }
    return "zh-Hans";
}

Language language_from_tag(std::string_view tag) {
    const auto t = normalized_tag(tag);
    const auto is = [&](std::string_view prefix) { return t == prefix || t.starts_with(std::string(prefix) + "-"); };
    if (is("zh-hant") || is("zh-tw") || is("zh-hk") || is("zh-mo")) return Language::TraditionalChinese;
    if (is("en")) return Language::English;
    return Language::SimplifiedChinese;
}

const MailSite& MailSite::unconfigured() {
    static const MailSite site{"", [](Timestamp) { return std::chrono::seconds{0}; }};
    return site;
}

std::string MailSite::local_time(Timestamp t, Language language) const {
    const auto local = t + (offset_at ? offset_at(t) : std::chrono::seconds{0});
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss clock{local - day};
    const unsigned weekday = std::chrono::weekday{day}.c_encoding();  // 0 is Sunday
    static constexpr std::array<const char*, 7> kZhWeekdays{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
    static constexpr std::array<const char*, 7> kEnWeekdays{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static constexpr std::array<const char*, 12> kEnMonths{"January", "February", "March", "April", "May", "June", "July",
                                                          "August", "September", "October", "November", "December"};
    const int year = static_cast<int>(date.year());
    const unsigned month = static_cast<unsigned>(date.month()), dom = static_cast<unsigned>(date.day());
    const auto hours = clock.hours().count(), minutes = clock.minutes().count();
    if (language == Language::English)
        return fmt::format("{} {} {} {}, {:02}:{:02}", kEnWeekdays[weekday], dom, kEnMonths[month - 1], year, hours, minutes);
    return fmt::format("{}年{}月{}日 {} {:02}:{:02}", year, month, dom, kZhWeekdays[weekday], hours, minutes);
}

MailText compose_mail(std::string_view kind, Language language, const MailFields& fields) {
    const auto& entry = entry_of(kind);
    for (const auto& name : entry.fields)
        if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; }))
            throw std::logic_error(fmt::format("the mail \"{}\" needs the field \"{}\"", kind, name));
    const auto& text = entry.texts[static_cast<std::size_t>(language)];
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (const auto& [name, value] : fields) args.push_back(fmt::arg(name.c_str(), value));
    return {fmt::vformat(text.subject, args), fmt::vformat(text.body, args)};
}

std::string one_line(std::string_view text, std::size_t max_characters) {
    std::string out;
    std::size_t characters = 0;
    bool space = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  // UTF-8 lead byte
        if (std::isspace(c)) {
            space = !out.empty();
            ++i;
            continue;
        }
        if (characters + (space ? 1 : 0) >= max_characters) return out + "…";
        if (space) {
            out += ' ';
            ++characters;
            space = false;
        }
        out.append(text.substr(i, length));
        ++characters;
        i += length;
    }
    return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> mail_catalogue_kinds() {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& e : catalogue()) out.emplace_back(e.kind, e.fields);
    return out;
}

std::string mail_html(std::string_view body, Language language, std::string_view site) {
    std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"></head>\n<body>\n<p>",
                                  wire_name(language));
    std::size_t start = 0;
    bool fresh_paragraph = true;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        const auto line = body.substr(start, end - start);
        if (line.empty()) {
            if (!fresh_paragraph) out += "</p>\n<p>";
            fresh_paragraph = true;
        } else {
            if (!fresh_paragraph) out += "<br>\n";
            out += html_line(line, site);
            fresh_paragraph = false;
        }
        start = end + 1;
    }
    return out + "</p>\n</body></html>\n";
}

}  // namespace openhall::core
