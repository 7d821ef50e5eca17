#include <gtest/gtest.h>

#include "openhall/core/events/event_validation.hpp"

using namespace openhall::core;
using namespace std::chrono;

namespace {

EventDraft valid_draft() {
    EventDraft d;
    d.kind = EventKind::Hearing;
    d.title = "城区居民生活用水价格调整听证会";
    d.description = "公开听取各方意见。";
    d.venue = "县政务服务中心三楼会议室";
    d.starts_at = *parse_rfc3339("2026-12-15T14:30:00+08:00");
    d.ends_at = *parse_rfc3339("2026-12-15T17:00:00+08:00");
    d.capacity = 25;
    return d;
}

std::string repeat(const std::string& unit, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += unit;
    return s;
}

struct DraftCase {
    const char* name;
    void (*mutate)(EventDraft&);
    bool valid;
    const char* field_in_message;
};

void PrintTo(const DraftCase& c, std::ostream* os) { *os << c.name; }

class EventDraftValidation : public ::testing::TestWithParam<DraftCase> {};

}  // namespace

TEST_P(EventDraftValidation, AcceptsOrRefusesNamingTheField) {
    auto draft = valid_draft();
    GetParam().mutate(draft);
    auto result = validate_event_draft(draft);
    EXPECT_EQ(result.ok(), GetParam().valid);
    if (!result.ok()) {
        EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
        EXPECT_NE(result.error().message.find(GetParam().field_in_message), std::string::npos) << result.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fields, EventDraftValidation,
    ::testing::Values(
        DraftCase{"valid", [](EventDraft&) {}, true, ""},
        DraftCase{"empty_title", [](EventDraft& d) { d.title = ""; }, false, "title"},
        // Lengths count characters, not bytes: 200 Chinese characters (600 bytes) are allowed.
        DraftCase{"title_200_chars", [](EventDraft& d) { d.title = repeat("听", 200); }, true, ""},
        DraftCase{"title_201_chars", [](EventDraft& d) { d.title = repeat("听", 201); }, false, "title"},
        DraftCase{"title_bad_utf8", [](EventDraft& d) { d.title = "\xC3\x28"; }, false, "title"},
        DraftCase{"description_5000", [](EventDraft& d) { d.description = repeat("a", 5000); }, true, ""},
        DraftCase{"description_5001", [](EventDraft& d) { d.description = repeat("a", 5001); }, false, "description"},
        DraftCase{"empty_venue", [](EventDraft& d) { d.venue = ""; }, true, ""},
        DraftCase{"venue_201", [](EventDraft& d) { d.venue = repeat("场", 201); }, false, "venue"},
        DraftCase{"ends_before_start", [](EventDraft& d) { d.ends_at = d.starts_at - minutes{1}; }, false, "ends_at"},
        DraftCase{"ends_at_start", [](EventDraft& d) { d.ends_at = d.starts_at; }, false, "ends_at"},
        DraftCase{"fourteen_days", [](EventDraft& d) { d.ends_at = d.starts_at + days{14}; }, true, ""},
        DraftCase{"fifteen_days", [](EventDraft& d) { d.ends_at = d.starts_at + days{15}; }, false, "14 days"},
        DraftCase{"year_1999", [](EventDraft& d) {
                      d.starts_at = *parse_rfc3339("1999-12-31T09:00:00Z");
                      d.ends_at = d.starts_at + hours{1};
                  }, false, "starts_at"},
        DraftCase{"no_capacity", [](EventDraft& d) { d.capacity.reset(); }, true, ""},
        DraftCase{"zero_capacity", [](EventDraft& d) { d.capacity = 0; }, true, ""},
        DraftCase{"negative_capacity", [](EventDraft& d) { d.capacity = -1; }, false, "capacity"},
        DraftCase{"huge_capacity", [](EventDraft& d) { d.capacity = 100001; }, false, "capacity"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(EventPatchValidation, ChecksTimesAsTheyWillBeAfterThePatch) {
    Event current;
    current.starts_at = *parse_rfc3339("2026-12-15T14:30:00+08:00");
    current.ends_at = *parse_rfc3339("2026-12-15T17:00:00+08:00");
    EventPatch moves_start_past_end;
    moves_start_past_end.starts_at = *parse_rfc3339("2026-12-15T18:00:00+08:00");
    EXPECT_FALSE(validate_event_patch(current, moves_start_past_end).ok());

    EventPatch moves_both;
    moves_both.starts_at = *parse_rfc3339("2026-12-16T18:00:00+08:00");
    moves_both.ends_at = *parse_rfc3339("2026-12-16T19:00:00+08:00");
    EXPECT_TRUE(validate_event_patch(current, moves_both).ok());
}

TEST(EventPatchValidation, EmptyTitleIsRefusedButOmittedTitleIsFine) {
    Event current;
    current.starts_at = *parse_rfc3339("2026-12-15T14:30:00+08:00");
    current.ends_at = current.starts_at + hours{1};
    EventPatch omitted;
    EXPECT_TRUE(validate_event_patch(current, omitted).ok());
    EventPatch empty;
    empty.title = "";
    EXPECT_FALSE(validate_event_patch(current, empty).ok());
}

TEST(AgendaValidation, TitleRequiredAndEveryFieldBounded) {
    EXPECT_TRUE(validate_agenda_item({"老旧小区改造三年行动方案", "县住房和城乡建设局", "涉及居民5200余户"}).ok());
    EXPECT_FALSE(validate_agenda_item({"", "县住建局", ""}).ok());
    EXPECT_FALSE(validate_agenda_item({"议题", repeat("局", 101), ""}).ok());
    EXPECT_TRUE(validate_agenda_item({"议题", repeat("局", 100), repeat("字", 4000)}).ok());
    EXPECT_FALSE(validate_agenda_item({"议题", "", repeat("字", 4001)}).ok());
}

TEST(AgendaValidation, PositionMustBePositive) {
    AgendaItemPatch p;
    p.position = 0;
    EXPECT_FALSE(validate_agenda_patch(p).ok());
    p.position = 1;
    EXPECT_TRUE(validate_agenda_patch(p).ok());
}
