// Contacts (an e-mail address or a phone number) in one form, so that however a person writes theirs, it is
// compared, stored and mailed the same way (issue 14): "Zhang.San@Example.com" and its full-width twin
// "ｚｈａｎｇ．ｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ" are one person; "138 0013 8000", "+86-138-0013-8000" and
// "１３８００１３８０００" are one phone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "openhall/core/base/result.hpp"

namespace openhall::core {

// The folded form, or nullopt when the text is neither an e-mail address nor a phone number.
//  - E-mail: NFKC (full-width letters, digits, ＠ and ． become ASCII), trimmed, lower case (mail systems treat the
//    local part without regard to case in practice); one @, a local part, a domain with a dot, no spaces.
//  - Phone: NFKC, then spaces, dashes, dots, slashes and parentheses dropped. Mainland numbers (a mobile
//    1[3-9]XXXXXXXXX, a landline 0 + area code + number, 11 or 12 digits) with or without +86, 0086 or 86 become
//    E.164 ("+8613800138000", "+861012345678"); another country's number written with + stays "+" and its 7 to 15
//    digits (ITU-T E.164).
// Pure; any thread.
std::optional<std::string> fold_contact(std::string_view typed);

// For validators: `contact` replaced by its folded form, or InvalidInput naming `field` ("contact must be an e-mail
// address or a phone number …"). An empty (or blank) optional contact stays empty.
Status fold_contact_into(std::string_view field, std::string& contact, bool required);

}  // namespace openhall::core
