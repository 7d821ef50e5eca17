#include "openhall/core/text/word_segmenter.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

extern "C" {  // friso.h declares C functions without saying so
#include <friso.h>
}

namespace openhall::core {

struct WordSegmenter::Friso {
    friso_t friso = nullptr;
    friso_config_t config = nullptr;
    ~Friso() {
        if (friso) friso_free(friso);  // frees the dictionary and every word in it
        if (config) friso_free_config(config);
    }
};

WordSegmenter::WordSegmenter(const std::vector<std::string>& extra_words, const std::string& dictionary_dir)
    : friso_(std::make_unique<Friso>()) {
    if (!std::filesystem::exists(std::filesystem::path(dictionary_dir) / "friso.lex.ini"))
        throw std::runtime_error("friso's dictionary is not in " + dictionary_dir + " (Debian package friso-dict)");
    friso_->friso = friso_new();
    friso_->config = friso_new_config();
    friso_init_config(friso_->config);
    friso_->config->max_len = kLongestWord;
    friso_->config->r_name = 0;     // person names: questions name few, and the guess splits county words
    friso_->config->add_syn = 0;    // friso's own 57 synonyms: ours come from the grouping lexicon
    friso_->config->clr_stw = 0;
    friso_->config->keep_urec = 1;  // unknown characters are kept, one a word: the character fallback
    friso_->config->en_sseg = 0;
    friso_set_mode(friso_->config, __FRISO_COMPLEX_MODE__);
    friso_->friso->dic = friso_dic_new();  // not friso_set_dic: its parameter is named like the member
    std::string dir = dictionary_dir;
    if (!dir.ends_with('/')) dir += '/';
    friso_dic_load_from_ifile(friso_->friso, friso_->config, dir.data(), kLongestWord * 3);
    for (const auto& word : extra_words) {
        if (word.empty() || friso_dic_match(friso_->friso->dic, __LEX_CJK_WORDS__, const_cast<char*>(word.c_str())))
            continue;
        // friso owns the word from here (friso_dic_free frees it with the entry).
        friso_dic_add(friso_->friso->dic, __LEX_CJK_WORDS__, strdup(word.c_str()), nullptr);
    }
}

WordSegmenter::~WordSegmenter() = default;

std::vector<std::string> WordSegmenter::words(std::string_view text) const {
    std::vector<std::string> out;
    std::string copy(text);
    // friso writes into the shared dictionary's entries as it goes (next_mmseg_token sets lex->offset): one call
    // at a time.
    std::lock_guard lock(mutex_);
    friso_task_t task = friso_new_task();
    friso_set_text(task, copy.data());
    // Every token is kept: friso types a character its dictionary lacks as punctuation, and such characters
    // (rare ones of place names) are often what tells two questions apart; callers drop what has no letter.
    while (friso_->config->next_token(friso_->friso, friso_->config, task) != nullptr) out.emplace_back(task->token->word);
    friso_free_task(task);
    return out;
}

}  // namespace openhall::core
