// The e-mails' catalogue: every message in every language names every field it is given, the reader's language
// from the tags browsers send, times in the display zone with the weekday, and the HTML alternative.
#include <gtest/gtest.h>

#include "openhall/core/notifications/mail_catalogue.hpp"

using namespace openhall::core;

namespace {

constexpr Language kLanguages[] = {Language::SimplifiedChinese, Language::TraditionalChinese, Language::English};

Timestamp at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

MailSite shanghai() {
    return {"https://hall.example.gov", [](Timestamp) { return std::chrono::seconds{8 * 3600}; }};
}

}  // namespace

TEST(MailCatalogue, EveryMessageInEveryLanguageSaysEachOfItsFields) {
    const auto kinds = mail_catalogue_kinds();
    ASSERT_GE(kinds.size(), 13u);
    for (const auto& [kind, fields] : kinds) {
        MailFields values;
        for (const auto& f : fields) values.emplace_back(f, "<" + f + ">");
        for (auto language : kLanguages) {
            const auto mail = compose_mail(kind, language, values);
            EXPECT_FALSE(mail.subject.empty()) << kind;
            EXPECT_EQ(mail.subject.find('\n'), std::string::npos) << kind << ": a subject is one line";
            EXPECT_TRUE(mail.body.ends_with("\n")) << kind;
            for (const auto& f : fields)
                EXPECT_NE((mail.subject + mail.body).find("<" + f + ">"), std::string::npos)
                    << kind << " in " << wire_name(language) << " does not say " << f;
            // The words are the reader's: nothing of another language's template slips in.
            if (language == Language::English) {
                EXPECT_EQ(mail.body.find("：\n"), std::string::npos) << kind;
            }
        }
    }
}

TEST(MailCatalogue, AnUnknownKindOrAMissingFieldIsAnError) {
    EXPECT_THROW(compose_mail("registration.teleported", Language::English, {}), std::out_of_range);
    EXPECT_THROW(compose_mail("event.cancelled", Language::English, {{"title", "x"}}), std::logic_error);
}

TEST(MailCatalogue, TheReadersLanguageFromTheTagsBrowsersSend) {
    const std::pair<const char*, Language> rows[] = {
        {"zh-Hans", Language::SimplifiedChinese}, {"zh-CN", Language::SimplifiedChinese},
        {"zh", Language::SimplifiedChinese},      {"zh-SG", Language::SimplifiedChinese},
        {"zh-Hant", Language::TraditionalChinese}, {"zh-TW", Language::TraditionalChinese},
        {"zh-hk", Language::TraditionalChinese},  {"zh_Hant_TW", Language::TraditionalChinese},
        {"ZH-MO", Language::TraditionalChinese},  {"en", Language::English},
        {"en-GB", Language::English},             {"EN-us", Language::English},
        {"", Language::SimplifiedChinese},        {"fr-FR", Language::SimplifiedChinese},
        {"english", Language::SimplifiedChinese},  // not a tag for English
    };
    for (const auto& [tag, language] : rows) EXPECT_EQ(language_from_tag(tag), language) << tag;
}

TEST(MailCatalogue, TimesAreInTheDisplayZoneWithTheWeekday) {
    const auto site = shanghai();
    // 01:00 UTC is 09:00 in Shanghai on a Sunday.
    EXPECT_EQ(site.local_time(at("2027-03-14T01:00:00Z"), Language::SimplifiedChinese), "2027年3月14日 星期日 09:00");
    EXPECT_EQ(site.local_time(at("2027-03-14T01:00:00Z"), Language::TraditionalChinese), "2027年3月14日 星期日 09:00");
    EXPECT_EQ(site.local_time(at("2027-03-14T01:00:00Z"), Language::English), "Sunday 14 March 2027, 09:00");
    // The evening of Saturday in UTC is already Sunday morning there; the year turns over too.
    EXPECT_EQ(site.local_time(at("2027-03-13T20:30:00Z"), Language::English), "Sunday 14 March 2027, 04:30");
    EXPECT_EQ(site.local_time(at("2026-12-31T16:00:00Z"), Language::SimplifiedChinese), "2027年1月1日 星期五 00:00");
    EXPECT_EQ(MailSite::unconfigured().local_time(at("2026-12-31T16:00:00Z"), Language::English),
              "Thursday 31 December 2026, 16:00");
    EXPECT_EQ(site.link("/events/3"), "https://hall.example.gov/events/3");
}

TEST(MailCatalogue, TheHtmlAlternativeKeepsParagraphsEscapesAndLinksOnlyTheSitesOwnAddresses) {
    const auto html = mail_html("第一行 <b>&\n第二行\n\n请办理：\nhttps://hall.example.gov/staff/dashboard\n"
                                "“问题见 https://evil.example/x。”\nhttps://evil.example/login\n",
                                Language::SimplifiedChinese, "https://hall.example.gov");
    EXPECT_NE(html.find("<html lang=\"zh-Hans\">"), std::string::npos);
    EXPECT_NE(html.find("<p>第一行 &lt;b&gt;&amp;<br>\n第二行</p>"), std::string::npos) << html;
    EXPECT_NE(html.find("<p>请办理：<br>\n<a href=\"https://hall.example.gov/staff/dashboard\">"
                        "https://hall.example.gov/staff/dashboard</a><br>"),
              std::string::npos)
        << html;
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_EQ(html.find("href=\"https://evil.example"), std::string::npos) << "an address in someone's words stays text";
    EXPECT_NE(html.find("“问题见 https://evil.example/x。”"), std::string::npos) << html;
    EXPECT_NE(mail_html("x", Language::English, "").find("lang=\"en\""), std::string::npos);
}

TEST(MailCatalogue, AQuestionInASubjectIsOneShortLine) {
    EXPECT_EQ(one_line("阶梯水价\n第一档  能否\t提高？", 40), "阶梯水价 第一档 能否 提高？");
    EXPECT_EQ(one_line("  前后空白  ", 40), "前后空白");
    EXPECT_EQ(one_line("一二三四五六", 4), "一二三四…");
    EXPECT_EQ(one_line("一二三四", 4), "一二三四");
    EXPECT_EQ(one_line("ab cd", 3), "ab…");  // no space before the mark
    EXPECT_EQ(one_line("", 4), "");
}
