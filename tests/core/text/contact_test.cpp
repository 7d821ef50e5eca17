// Contacts as people write them (issue 14): every common way of writing one e-mail address or one phone number
// folds to one form; what is neither is refused.
#include <gtest/gtest.h>

#include "openhall/core/text/contact.hpp"

using namespace openhall::core;

TEST(FoldContact, EveryWritingOfAnEmailAddressIsOne) {
    for (const char* typed : {"zhang.san@example.com", "Zhang.San@Example.com", "  ZHANG.SAN@EXAMPLE.COM\t",
                              "ｚｈａｎｇ．ｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "\xe3\x80\x80zhang.san@example.com\xe3\x80\x80"})
        EXPECT_EQ(fold_contact(typed), "zhang.san@example.com") << typed;
    EXPECT_EQ(fold_contact("王芳@政府.中国"), "王芳@政府.中国") << "an internationalised address keeps its letters";
}

TEST(FoldContact, EveryWritingOfAMainlandNumberIsOne) {
    for (const char* typed : {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+86-13800138000",
                              "008613800138000", "8613800138000", "(+86) 138.0013.8000", "１３８００１３８０００",
                              "＋８６　１３８　００１３　８０００"})
        EXPECT_EQ(fold_contact(typed), "+8613800138000") << typed;
    for (const char* typed : {"010-12345678", "(010) 1234 5678", "+86 10 1234 5678", "+86 (0)10 12345678", "0086-10-12345678"})
        EXPECT_EQ(fold_contact(typed), "+861012345678") << typed;
    EXPECT_EQ(fold_contact("0571-8765432"), "+865718765432") << "a four-digit area code with a seven-digit number";
}

TEST(FoldContact, AnotherCountrysNumberWithItsCodeIsKept) {
    EXPECT_EQ(fold_contact("+886 912 345 678"), "+886912345678");
    EXPECT_EQ(fold_contact("+852 9123 4567"), "+85291234567");
}

TEST(FoldContact, WhatIsNeitherIsRefused) {
    for (const char* typed : {"", "   ", "请打办公室电话", "zhang.san", "@example.com", "zhang@", "zhang@example",
                              "a@b@example.com", "zhang san@example.com", "zhang@example..com", "12345", "0912345678",
                              "23800138000", "+86 12345", "+1 23", "138 0013 8000 转 12", "zhang@example.com.",
                              "tel:13800138000"})
        EXPECT_FALSE(fold_contact(typed)) << typed;
}

TEST(FoldContact, AValidatorFoldsInPlaceAndNamesTheField) {
    std::string contact = "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ";
    EXPECT_TRUE(fold_contact_into("contact", contact, true));
    EXPECT_EQ(contact, "zhang@example.com");
    std::string blank = "  ";
    EXPECT_TRUE(fold_contact_into("contact", blank, false));
    EXPECT_EQ(blank, "") << "an optional contact may stay empty";
    EXPECT_FALSE(fold_contact_into("contact", blank, true));
    std::string wrong = "请打办公室电话";
    auto refused = fold_contact_into("supervisor_contact", wrong, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(refused.error().message.find("supervisor_contact"), std::string::npos);
}
