// Folds Chinese text to one comparable form: Simplified characters (OpenCC), full-width forms to half-width
// (NFKC), lower case, letters and digits only. "敏 感-詞", "敏感词" and "ＡＢＣ" vs "abc" fold alike. Used to match
// sensitive words and to find questions that ask the same thing.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace opencc {
class SimpleConverter;
}

namespace openhall::core {

class ScriptFolder {
public:
    ScriptFolder();
    ~ScriptFolder();
    ScriptFolder(ScriptFolder&&) noexcept;
    ScriptFolder& operator=(ScriptFolder&&) noexcept;

    // Valid UTF-8 in; "" for invalid input.
    std::string fold(std::string_view text) const;

private:
    std::unique_ptr<opencc::SimpleConverter> to_simplified_;
};

}  // namespace openhall::core
