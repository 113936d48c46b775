#pragma once
// What `chatbench check` writes: check.json ("schema": "chatbench.check/1"; one object per
// target with its probes, each probe's status, verdict and findings), junit.xml (one test suite
// per target, one test case per probe) and a pass/fail table on the console. Pure functions of a
// run::CheckOutput.
#include "report/console.hpp"
#include "run/check_runner.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace chatbench::report {

inline constexpr std::string_view k_check_schema = "chatbench.check/1";

nlohmann::json check_json(const run::CheckOutput &check);
std::string check_junit(const run::CheckOutput &check);
void print_check(std::ostream &out, const run::CheckOutput &check, const ConsoleOptions &options);

} // namespace chatbench::report
