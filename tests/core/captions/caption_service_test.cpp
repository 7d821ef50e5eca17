// Live caption lines: who may send them when, the checks on a line, its place on the recording's timeline, the
// correction of the newest line with its audit entry, and the transcript's order.
#include <gtest/gtest.h>

#include "openhall/core/captions/caption_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class CaptionServiceTest : public ::testing::Test {
protected:
    CaptionServiceTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        db_.migrate();
        EventDraft d{EventKind::PressConference, "新闻发布会：冬季供暖", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events_.create(staff_, d)->id;
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Scheduled).ok());
    }

    void go_live() { ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Live).ok()); }
    WallMillis now() const { return time_point_cast<milliseconds>(clock_.now()); }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    EventService events_{db_, clock_};
    CaptionService captions_{db_, clock_};
    const Actor staff_{"scheduler1"};
    const Actor captioner_{"captioner1"};
    EventId event_;
};

}  // namespace

TEST_F(CaptionServiceTest, LinesAreSentOnlyWhileTheEventIsLive) {
    auto early = captions_.send(captioner_, event_, "各位记者朋友，上午好。", now());
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::IllegalTransition);
    go_live();
    auto line = captions_.send(captioner_, event_, "各位记者朋友，上午好。", now());
    ASSERT_TRUE(line) << line.error().message;
    EXPECT_EQ(line->text, "各位记者朋友，上午好。");
    EXPECT_EQ(line->source, CaptionSource::Person);
    EXPECT_EQ(line->author, "captioner1");
    EXPECT_EQ(line->revision, 1);
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());
    auto late = captions_.send(captioner_, event_, "谢谢大家。", now());
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(captions_.transcript(event_).size(), 1u);
    auto missing = captions_.send(captioner_, EventId{999}, "你好", now());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(CaptionServiceTest, ALineIsTrimmedAndBlankControlOrTooLongLinesAreRefused) {
    go_live();
    auto trimmed = captions_.send(captioner_, event_, "  供暖将于11月15日开始。 \t", now());
    ASSERT_TRUE(trimmed);
    EXPECT_EQ(trimmed->text, "供暖将于11月15日开始。");
    const std::string longest(kCaptionMaxChars, 'a');
    for (const std::string& bad : {std::string(""), std::string("   "), std::string("\u3000"), std::string("a\x01z"),
                                   std::string("two\nlines"), std::string("\xff\xfe"), longest + "b"}) {
        auto refused = captions_.send(captioner_, event_, bad, now());
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput) << bad;
    }
    EXPECT_TRUE(captions_.send(captioner_, event_, longest, now()));
    // 300 Chinese characters are 900 bytes: the limit counts code points.
    std::string chinese;
    for (std::size_t i = 0; i < kCaptionMaxChars; ++i) chinese += "字";
    EXPECT_TRUE(captions_.send(captioner_, event_, chinese, now()));
    EXPECT_EQ(captions_.transcript(event_).size(), 3u);
}

TEST_F(CaptionServiceTest, ALineIsPlacedOnTheRecordingsTimelineAndNeverBeforeTheLineBefore) {
    go_live();
    // Before the first segment the position is unknown: the start of the recording.
    EXPECT_EQ(captions_.send(captioner_, event_, "测试一", now())->start_ms, 0);
    MediaSegmentRepository media(db_);
    const auto start = now() - seconds{20};
    for (int i = 0; i < 10; ++i)
        media.insert(event_, MediaSegment{i, "seg.ts", seconds{2 * i}, seconds{2}, start + seconds{2 * i}, false});
    // Inside segment 3 (media 6 s, shown from start + 6 s): 1.25 s into it.
    EXPECT_EQ(captions_.send(captioner_, event_, "测试二", start + milliseconds{7250})->start_ms, 7250);
    // The live edge: 20 s after the first frame.
    EXPECT_EQ(captions_.send(captioner_, event_, "测试三", now())->start_ms, 20000);
    // Sent with an earlier clock (a second captioner's request that waited): kept after the newest line.
    EXPECT_EQ(captions_.send(captioner_, event_, "测试四", start + seconds{1})->start_ms, 20000);
    std::vector<std::string> order;
    for (const auto& line : captions_.transcript(event_)) order.push_back(line.text);
    EXPECT_EQ(order, (std::vector<std::string>{"测试一", "测试二", "测试三", "测试四"}));
}

TEST_F(CaptionServiceTest, ACorrectionRewritesTheNewestLineRaisesItsRevisionAndIsAudited) {
    go_live();
    auto none = captions_.correct_newest(captioner_, event_, "更正");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    auto first = captions_.send(captioner_, event_, "第一行", now());
    auto second = captions_.send(captioner_, event_, "供暖费每平方米二十一元", now());
    auto corrected = captions_.correct_newest(captioner_, event_, "供暖费每平方米二十二元");
    ASSERT_TRUE(corrected);
    EXPECT_TRUE(corrected->changed);
    EXPECT_EQ(corrected->line.id, second->id);
    EXPECT_EQ(corrected->line.revision, 2);
    EXPECT_EQ(corrected->line.start_ms, second->start_ms);
    const auto lines = captions_.transcript(event_);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "第一行");  // only the newest line is corrected
    EXPECT_EQ(lines[1].text, "供暖费每平方米二十二元");
    const auto audit = AuditLog(db_).for_object("caption_line", second->id.value);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[1].action, "caption.correct");
    EXPECT_EQ(audit[1].actor, "captioner1");
    EXPECT_EQ(audit[1].before["text"], "供暖费每平方米二十一元");
    EXPECT_EQ(audit[1].after["text"], "供暖费每平方米二十二元");

    auto same = captions_.correct_newest(captioner_, event_, " 供暖费每平方米二十二元 ");
    ASSERT_TRUE(same);
    EXPECT_FALSE(same->changed);
    EXPECT_EQ(same->line.revision, 2);
    EXPECT_EQ(AuditLog(db_).for_object("caption_line", second->id.value).size(), 2u);
    auto blank = captions_.correct_newest(captioner_, event_, " ");
    ASSERT_FALSE(blank);
    EXPECT_EQ(blank.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(captions_.transcript(event_)[1].text, "供暖费每平方米二十二元");  // nothing lost to a bad correction
    (void)first;
}

TEST_F(CaptionServiceTest, AnImportReplacesTheTranscriptOfAnEndedEventAndKeepsWhatItReplaced) {
    const std::string srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\n会议现在开始\r\n\r\n2\r\n00:00:05,500 --> 00:00:06,000\r\n谢谢\r\n";
    auto early = captions_.import_transcript(staff_, event_, srt);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::IllegalTransition);
    go_live();
    ASSERT_TRUE(captions_.send(captioner_, event_, "现场打的字幕", now()));
    EXPECT_EQ(captions_.import_transcript(staff_, event_, srt).error().code, ErrorCode::IllegalTransition);
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());

    auto bad = captions_.import_transcript(staff_, event_, "1\n00:00:09,000 --> 00:00:02,000\nA\n");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(captions_.transcript(event_).size(), 1u) << "a refused file changes nothing";

    auto imported = captions_.import_transcript(staff_, event_, srt);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(*imported, 2u);
    const auto lines = captions_.transcript(event_);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "会议现在开始");
    EXPECT_EQ(lines[0].start_ms, 1000);
    EXPECT_EQ(lines[0].end_ms, 4000);
    EXPECT_EQ(lines[1].source, CaptionSource::Import);
    EXPECT_EQ(lines[1].author, "scheduler1");
    const auto audit = AuditLog(db_).for_event(event_.value);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back().action, "transcript.import");
    ASSERT_EQ(audit.back().before["lines"].size(), 1u);
    EXPECT_EQ(audit.back().before["lines"][0]["text"], "现场打的字幕");
    EXPECT_EQ(audit.back().after["lines"], 2);
    EXPECT_TRUE(audit.back().before["lines"][0]["revisions"].empty());

    // New ids (never the replaced lines'), and the replaced line's own entry stays in the event's trail.
    EXPECT_GT(lines[0].id, CaptionLineId{1});
    std::size_t sends = 0;
    for (const auto& entry : audit)
        sends += entry.action == "caption.send" && entry.object_id == 1;
    EXPECT_EQ(sends, 1u);

    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Archived).ok());
    EXPECT_EQ(captions_.import_transcript(staff_, event_, srt).error().code, ErrorCode::EventLocked);
    EXPECT_EQ(captions_.import_transcript(staff_, EventId{999}, srt).error().code, ErrorCode::NotFound);
}

TEST_F(CaptionServiceTest, AnEnginesPartialWordsAreShownOnlyWhileLiveAndWhereNoPersonCaptions) {
    EXPECT_FALSE(captions_.engine_may_caption(event_, 0, 1000)) << "not live yet";
    go_live();
    EXPECT_TRUE(captions_.engine_may_caption(event_, 0, 1000));
    MediaSegmentRepository media(db_);
    const auto start = now() - seconds{60};
    media.insert(event_, MediaSegment{0, "seg.ts", seconds{0}, seconds{60}, start, false});
    ASSERT_EQ(captions_.send(captioner_, event_, "现场字幕", start + seconds{30})->start_ms, 30000);
    EXPECT_FALSE(captions_.engine_may_caption(event_, 33000, 36000)) << "a person captions here";
    EXPECT_FALSE(captions_.engine_may_caption(event_, 20000, 25000)) << "within 5 s before the person's line";
    EXPECT_TRUE(captions_.engine_may_caption(event_, 36000, 40000));
    EXPECT_TRUE(captions_.engine_may_caption(event_, 10000, 24000));
    EXPECT_FALSE(captions_.engine_may_caption(EventId{999}, 0, 1000));
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());
    EXPECT_FALSE(captions_.engine_may_caption(event_, 50000, 51000));
}

TEST_F(CaptionServiceTest, AnEnginesLineIsKeptUnlessAPersonCaptionedThatMoment) {
    auto early = captions_.add_engine_line(event_, 0, 1000, "too early", "pocketsphinx");
    ASSERT_TRUE(early);
    EXPECT_FALSE(early->has_value()) << "not live yet";
    go_live();
    MediaSegmentRepository media(db_);
    const auto start = now() - seconds{60};
    media.insert(event_, MediaSegment{0, "seg.ts", seconds{0}, seconds{60}, start, false});
    ASSERT_TRUE(captions_.send(captioner_, event_, "人工字幕", start + seconds{20}));  // at 20 s
    // 10–14 s: a person's line 6 s later is not near enough to win; 16–19 s: it is.
    auto kept = captions_.add_engine_line(event_, 10'000, 14'000, "good morning", "pocketsphinx");
    ASSERT_TRUE(kept);
    ASSERT_TRUE(kept->has_value());
    EXPECT_EQ((*kept)->source, CaptionSource::Engine);
    EXPECT_EQ((*kept)->author, "pocketsphinx");
    EXPECT_EQ((*kept)->end_ms, 14'000);
    auto near_before = captions_.add_engine_line(event_, 16'000, 19'000, "the county", "pocketsphinx");
    ASSERT_TRUE(near_before);
    EXPECT_FALSE(near_before->has_value());
    auto near_after = captions_.add_engine_line(event_, 22'000, 24'000, "water plant", "pocketsphinx");
    ASSERT_TRUE(near_after);
    EXPECT_FALSE(near_after->has_value());
    // After the end, the engine's last result is still taken.
    // The engine first, a person at that moment next: the person's line still wins, and a correction is the
    // person's newest line, not the engine's.
    auto engine_first = captions_.add_engine_line(event_, 30'000, 33'000, "heating starts", "pocketsphinx");
    ASSERT_TRUE(engine_first && engine_first->has_value());
    auto person = captions_.send(captioner_, event_, "供暖十一月十五日开始", start + seconds{34});
    ASSERT_TRUE(person);
    auto later_engine = captions_.add_engine_line(event_, 45'000, 46'000, "thanks", "pocketsphinx");
    ASSERT_TRUE(later_engine && later_engine->has_value());
    auto fixed = captions_.correct_newest(captioner_, event_, "供暖11月15日开始", person->id);
    ASSERT_TRUE(fixed) << fixed.error().message;
    EXPECT_EQ(fixed->line.id, person->id);
    EXPECT_EQ(captions_.correct_newest(captioner_, event_, "旧行", CaptionLineId{1}).error().code, ErrorCode::Conflict)
        << "line 1 is no longer the newest person's line";
    std::vector<std::string> texts;
    for (const auto& line : captions_.transcript(event_)) texts.push_back(line.text);
    EXPECT_EQ(texts, (std::vector<std::string>{"good morning", "人工字幕", "供暖11月15日开始", "thanks"}));
    // After the end, the engine's last result is still taken.
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());
    auto last = captions_.add_engine_line(event_, 60'000, 62'000, "thank you", "pocketsphinx");
    ASSERT_TRUE(last);
    EXPECT_TRUE(last->has_value());
    EXPECT_EQ(captions_.add_engine_line(event_, 50'000, 51'000, " ", "pocketsphinx").error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(captions_.transcript(event_).size(), 5u);
}

TEST_F(CaptionServiceTest, AnEditorCorrectsAnyLineOfAnEndedEventAndEveryEarlierTextIsKept) {
    go_live();
    auto first = captions_.send(captioner_, event_, "供暖费每平方米二十一元", now());
    auto second = captions_.send(captioner_, event_, "下面请记者提问", now());
    ASSERT_TRUE(first && second);
    const Actor editor{"editor1"};
    // Live, the transcript is the captioners': an editor waits for the end.
    EXPECT_EQ(captions_.edit_line(editor, event_, first->id, "改", 1).error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(captions_.remove_line(editor, event_, first->id, 1).error().code, ErrorCode::IllegalTransition);
    // A live correction keeps the earlier text too (the trigger sees every change of text).
    ASSERT_TRUE(captions_.correct_newest(captioner_, event_, "下面请各位记者提问"));
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());

    clock_.advance(minutes{30});
    auto edited = captions_.edit_line(editor, event_, first->id, "供暖费每平方米二十二元", 1);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_TRUE(edited->changed);
    EXPECT_EQ(edited->line.revision, 2);
    EXPECT_EQ(edited->line.revised_by, "editor1");
    EXPECT_EQ(edited->line.start_ms, first->start_ms);
    EXPECT_EQ(edited->line.author, "captioner1") << "the author stays the captioner";
    // A second editor who loaded revision 1 is told, and nothing of theirs is written.
    auto stale = captions_.edit_line(Actor{"editor2"}, event_, first->id, "供暖费每平方米二十三元", 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::Conflict);
    EXPECT_EQ(captions_.find(first->id)->text, "供暖费每平方米二十二元");
    auto again = captions_.edit_line(Actor{"editor2"}, event_, first->id, "供暖费每平方米 22 元", 2);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->line.revision, 3);

    const auto history = captions_.revisions(first->id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0], (CaptionRevision{1, "供暖费每平方米二十一元", "captioner1", first->sent_at}));
    EXPECT_EQ(history[1].revision, 2);
    EXPECT_EQ(history[1].text, "供暖费每平方米二十二元");
    EXPECT_EQ(history[1].written_by, "editor1");
    EXPECT_EQ(history[1].written_at, time_point_cast<milliseconds>(clock_.now()));
    const auto live_history = captions_.revisions(second->id);
    ASSERT_EQ(live_history.size(), 1u);
    EXPECT_EQ(live_history[0].text, "下面请记者提问");

    const auto audit = AuditLog(db_).for_object("caption_line", first->id.value);
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[1].action, "caption.edit");
    EXPECT_EQ(audit[1].actor, "editor1");
    EXPECT_EQ(audit[1].before["text"], "供暖费每平方米二十一元");
    EXPECT_EQ(audit[1].after["revised_by"], "editor1");

    // The same text changes nothing; a bad text, another event's line, a line that does not exist are refused.
    auto same = captions_.edit_line(editor, event_, first->id, " 供暖费每平方米 22 元 ", 3);
    ASSERT_TRUE(same);
    EXPECT_FALSE(same->changed);
    EXPECT_EQ(captions_.revisions(first->id).size(), 2u);
    EXPECT_EQ(captions_.edit_line(editor, event_, first->id, "  ", 3).error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(captions_.edit_line(editor, EventId{999}, first->id, "改", 3).error().code, ErrorCode::NotFound);
    EXPECT_EQ(captions_.edit_line(editor, event_, CaptionLineId{999}, "改", 1).error().code, ErrorCode::NotFound);
    // A line is corrected only through its own event: another ended event's id does not reach it.
    EventDraft other{EventKind::PressConference, "另一场发布会", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
    const auto elsewhere = events_.create(staff_, other)->id;
    for (auto status : {EventStatus::Scheduled, EventStatus::Live, EventStatus::Ended})
        ASSERT_TRUE(events_.change_status(staff_, elsewhere, status).ok());
    EXPECT_EQ(captions_.edit_line(editor, elsewhere, first->id, "改", 3).error().code, ErrorCode::NotFound);
    EXPECT_EQ(captions_.remove_line(editor, elsewhere, first->id, 3).error().code, ErrorCode::NotFound);
    EXPECT_FALSE(captions_.find_in(elsewhere, first->id));
    EXPECT_TRUE(captions_.find_in(event_, first->id));
    EXPECT_EQ(captions_.find(first->id)->text, "供暖费每平方米 22 元");

    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Archived).ok());
    EXPECT_EQ(captions_.edit_line(editor, event_, first->id, "改", 3).error().code, ErrorCode::EventLocked);
}

TEST_F(CaptionServiceTest, AnEditorRemovesALineAndTheAuditKeepsItWithItsEarlierTexts) {
    go_live();
    auto noise = captions_.send(captioner_, event_, "嗯嗯嗯", now());
    auto kept = captions_.send(captioner_, event_, "会议开始", now());
    ASSERT_TRUE(captions_.correct_newest(captioner_, event_, "会议现在开始"));
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());
    const Actor editor{"editor1"};
    EXPECT_EQ(captions_.remove_line(editor, event_, kept->id, 1).error().code, ErrorCode::Conflict);
    EXPECT_EQ(captions_.remove_line(editor, EventId{999}, noise->id, 1).error().code, ErrorCode::NotFound);
    auto removed = captions_.remove_line(editor, event_, noise->id, 1);
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_EQ(removed->text, "嗯嗯嗯");
    ASSERT_EQ(captions_.transcript(event_).size(), 1u);
    EXPECT_FALSE(captions_.find(noise->id));
    EXPECT_EQ(captions_.remove_line(editor, event_, noise->id, 1).error().code, ErrorCode::NotFound);

    ASSERT_TRUE(captions_.remove_line(editor, event_, kept->id, 2));
    EXPECT_TRUE(captions_.revisions(kept->id).empty()) << "its earlier texts went with it";
    const auto audit = AuditLog(db_).for_object("caption_line", kept->id.value);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back().action, "caption.remove");
    EXPECT_EQ(audit.back().before["text"], "会议现在开始");
    ASSERT_EQ(audit.back().before["revisions"].size(), 1u);
    EXPECT_EQ(audit.back().before["revisions"][0]["text"], "会议开始");
    EXPECT_TRUE(audit.back().after.is_null());
    EXPECT_TRUE(captions_.transcript(event_).empty());
}

TEST_F(CaptionServiceTest, AnImportKeepsTheEarlierTextsOfTheLinesItReplacesInItsAuditEntry) {
    go_live();
    ASSERT_TRUE(captions_.send(captioner_, event_, "供暖费每平方米二十一元", now()));
    ASSERT_TRUE(captions_.correct_newest(captioner_, event_, "供暖费每平方米二十二元"));
    ASSERT_TRUE(events_.change_status(staff_, event_, EventStatus::Ended).ok());
    ASSERT_TRUE(captions_.import_transcript(staff_, event_, "1\n00:00:01,000 --> 00:00:02,000\n导入的字幕\n"));
    const auto audit = AuditLog(db_).for_event(event_.value);
    ASSERT_EQ(audit.back().action, "transcript.import");
    const auto replaced = audit.back().before["lines"];
    ASSERT_EQ(replaced.size(), 1u);
    EXPECT_EQ(replaced[0]["text"], "供暖费每平方米二十二元");
    ASSERT_EQ(replaced[0]["revisions"].size(), 1u);
    EXPECT_EQ(replaced[0]["revisions"][0]["text"], "供暖费每平方米二十一元") << "the earlier text is not lost with the line";
}
