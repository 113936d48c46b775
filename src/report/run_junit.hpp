#pragma once
// junit.xml of a run, for CI test reporters: one test suite "thresholds" with a test case per
// verdict, and per target whose responses were checked a suite with a test case per
// conformance check (failed when a response failed it, with the findings as the failure's text).
// A target that could not run is a failed test case of its own. Pure.
#include "report/thresholds.hpp"
#include "run/result.hpp"

#include <span>
#include <string>

namespace chatbench::report {

std::string run_junit(const run::RunOutput &run, std::span<const Verdict> verdicts);

} // namespace chatbench::report
