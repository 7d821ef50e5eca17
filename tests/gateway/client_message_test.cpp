#include <gtest/gtest.h>

#include "openhall/gateway/client_message.hpp"

using namespace openhall::gateway;
using openhall::core::ModerationAction;

namespace {

std::string code_of(std::string_view frame) {
    auto m = parse_client_message(frame);
    auto* e = std::get_if<MessageError>(&m);
    return e ? e->code : "";
}

}  // namespace

TEST(ClientMessage, AnAskCarriesItsIdTextAndName) {
    auto m = parse_client_message(R"({"type":"ask","id":"a1","text":"请问？","name":"王"})");
    auto* ask = std::get_if<AskMessage>(&m);
    ASSERT_NE(ask, nullptr);
    EXPECT_EQ(ask->id, "a1");
    EXPECT_EQ(ask->text, "请问？");
    EXPECT_EQ(ask->name, "王");
    auto unnamed = parse_client_message(R"({"type":"ask","id":"a2","text":"x","name":null})");
    EXPECT_EQ(std::get<AskMessage>(unnamed).name, "");
}

TEST(ClientMessage, VotesAndModerationAreRead) {
    EXPECT_EQ(std::get<VoteMessage>(parse_client_message(R"({"type":"vote","question":7})")).question.value, 7);
    auto m = std::get<ModerateMessage>(
        parse_client_message(R"({"type":"moderate","question":4,"action":"merge","into":2,"reason":"同"})"));
    EXPECT_EQ(m.question.value, 4);
    EXPECT_EQ(m.action, ModerationAction::Merge);
    ASSERT_TRUE(m.into);
    EXPECT_EQ(m.into->value, 2);
    EXPECT_EQ(m.reason, "同");
}

TEST(ClientMessage, EachMalformedMessageHasItsCode) {
    EXPECT_EQ(code_of("{"), "bad_json");
    EXPECT_EQ(code_of("\xff\xfe"), "bad_json");
    EXPECT_EQ(code_of("42"), "bad_json");
    EXPECT_EQ(code_of(R"({"no":"type"})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":5})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"dance"})"), "unknown_type");
    EXPECT_EQ(code_of(R"({"type":"ask","text":"x"})"), "invalid_message");            // no id
    EXPECT_EQ(code_of(R"({"type":"ask","id":"","text":"x"})"), "invalid_message");    // empty id
    EXPECT_EQ(code_of(R"({"type":"ask","id":")" + std::string(65, 'i') + R"(","text":"x"})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"ask","id":"a","text":7})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"ask","id":"a","text":"x","name":3})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"vote","question":0})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"vote","question":1.5})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"moderate","question":1,"action":"delete"})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"moderate","question":1,"action":"merge","into":"2"})"), "invalid_message");
    EXPECT_EQ(code_of(std::string(kMaxFrameBytes + 1, ' ')), "too_large");
}

TEST(ClientMessage, AnErrorNamesTheAsksIdWhenItHasOne) {
    auto m = parse_client_message(R"({"type":"ask","id":"q-9"})");
    auto& e = std::get<MessageError>(m);
    ASSERT_TRUE(e.id);
    EXPECT_EQ(*e.id, "q-9");
}
