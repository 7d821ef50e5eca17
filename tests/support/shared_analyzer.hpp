// One QuestionAnalyzer for a whole test binary: loading friso's dictionary takes a few tenths of a second.
#pragma once

#include "openhall/core/live_questions/question_similarity.hpp"

namespace openhall::testing {

inline const core::QuestionAnalyzer& shared_analyzer() {
    static const core::QuestionAnalyzer analyzer;
    return analyzer;
}

}  // namespace openhall::testing
