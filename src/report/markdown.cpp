#include "report/markdown.hpp"

#include "report/capacity_table.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/summary_table.hpp"

#include <string_view>

namespace chatbench::report {
namespace {

constexpr std::size_t k_findings_per_target = 10;

// Inline code that survives any text: backticks inside become quotes, '|' is escaped.
std::string code(std::string_view text) {
  std::string out = "`";
  for (const char c : text) {
    out += c == '`' ? '\'' : c;
  }
  out += "`";
  std::string escaped;
  for (const char c : out) {
    escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return escaped;
}

std::string text(std::string_view s) {
  std::string out;
  for (const char c : s) {
    out += c == '|' ? std::string("\\|") : (c == '\n' ? std::string(" ") : std::string(1, c));
  }
  return out;
}

std::string heading(const run::RunOutput &run, std::span<const Verdict> verdicts) {
  const std::string_view status = run_status(run, verdicts);
  const std::string mark = status == "passed"        ? "✅ PASSED"
                           : status == "interrupted" ? "⏹️ INTERRUPTED"
                                                     : "❌ FAILED";
  const run::Manifest &m = run.manifest;
  std::string out = "## chatbench";
  out += m.scenario_name.empty() ? "" : " · " + m.scenario_name;
  out += ": " + mark + "\n\n";
  out += status_reasons(run, verdicts) + " · " + std::to_string(run.targets.size()) +
         (run.targets.size() == 1 ? " target" : " targets") + " · " +
         format_duration_ns(static_cast<double>(m.duration_ns)) +
         (m.version.empty() ? "" : " · chatbench " + m.version) + "\n\n";
  return out;
}

// A section per sweep or search: its steps, then its knee, answer and early stop as a list.
std::string capacity_sections(const run::RunOutput &run) {
  std::string out;
  for (const run::TargetRun &t : run.targets) {
    if (!t.capacity) {
      continue;
    }
    const capacity::Result &result = *t.capacity;
    out += "### Capacity · " + text(t.name) + " (" + std::string(capacity::to_string(result.mode)) +
           " over " + std::string(capacity::to_string(result.over)) + ")\n\n";
    out += capacity_table(result).render_markdown() + "\n";
    std::string items;
    for (const std::string &line : capacity_lines(result)) {
      items += "- " + text(line) + "\n";
    }
    out += items.empty() ? "" : items + "\n";
  }
  return out;
}

std::string thresholds(std::span<const Verdict> verdicts) {
  if (verdicts.empty()) {
    return "";
  }
  std::string out = "### Thresholds\n\n| | threshold | target | result |\n|:-:|---|---|---|\n";
  for (const Verdict &v : verdicts) {
    out += std::string("| ") + (v.passed ? "✅" : "❌") + " | " + code(v.expression) + " | " +
           text(v.target) + " | " + text(v.detail) + " |\n";
  }
  return out + "\n";
}

std::string findings(const run::RunOutput &run) {
  std::string rows;
  std::size_t more = 0;
  for (const run::TargetRun &t : run.targets) {
    const std::vector<conformance::Finding> all = t.conformance.sorted_findings();
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (i >= k_findings_per_target) {
        more += all.size() - i;
        break;
      }
      const conformance::Finding &f = all[i];
      rows += std::string("| ") + (f.severity == conformance::Severity::fail ? "❌" : "⚠️") +
              " | " + text(t.name) + " | " + code(conformance::to_string(f.check)) + " | " +
              (f.pointer.empty() ? "(response)" : code(f.pointer)) + " | " +
              std::to_string(f.count) + " | " + text(f.message) +
              (f.example.empty() ? "" : " " + code(f.example)) + " |\n";
    }
  }
  if (rows.empty()) {
    return "";
  }
  std::string out = "### Conformance findings\n\n| | target | check | where | responses | what |\n"
                    "|:-:|---|---|---|---:|---|\n" +
                    rows;
  if (more > 0) {
    out += "\n" + std::to_string(more) + " more in report.json.\n";
  }
  return out + "\n";
}

} // namespace

std::string summary_markdown(const run::RunOutput &run, std::span<const Verdict> verdicts) {
  std::string out = heading(run, verdicts);
  if (!run.targets.empty()) {
    std::vector<Figures> figures;
    for (const run::TargetRun &target : run.targets) {
      figures.push_back(compute_figures(target));
    }
    out += summary_table(run, figures).render_markdown() + "\n";
  }
  for (const run::TargetRun &t : run.targets) {
    if (!t.error.empty()) {
      out += "**" + text(t.name) + "** did not run: " + text(t.error) + "\n\n";
    }
  }
  out += capacity_sections(run);
  out += thresholds(verdicts);
  out += findings(run);
  return out;
}

} // namespace chatbench::report
