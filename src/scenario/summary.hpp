#pragma once
// One-line human description of a loaded scenario, for `chatbench validate` and run headers:
// "2 targets (a: openai at mock, b: 8080 at https://api.8080.io), rate 50/s poisson for 30s,
//  streaming, synthetic prompts, 2 thresholds".
#include "scenario/scenario.hpp"

#include <string>

namespace chatbench::scenario {

std::string summarize(const Scenario &scenario);

} // namespace chatbench::scenario
