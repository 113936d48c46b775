#include "report/console.hpp"

#include "report/capacity_table.hpp"
#include "report/console_table.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/summary_table.hpp"

#include <algorithm>
#include <ostream>
#include <string_view>

namespace chatbench::report {
namespace {

constexpr std::size_t k_min_width = 60;
constexpr std::size_t k_max_expression = 36;
constexpr std::string_view k_detail_indent = "        "; // under the expression

// The most frequent findings of each target, failures first.
void print_findings(std::ostream &out, const run::RunOutput &run, std::size_t width,
                    const Style &style) {
  constexpr std::size_t k_per_target = 8;
  bool header = false;
  for (const run::TargetRun &t : run.targets) {
    const std::vector<conformance::Finding> findings = t.conformance.sorted_findings();
    for (std::size_t i = 0; i < findings.size() && i < k_per_target; ++i) {
      const conformance::Finding &f = findings[i];
      if (!header) {
        out << style.bold("conformance findings") << '\n';
        header = true;
      }
      const bool fail = f.severity == conformance::Severity::fail;
      std::string text = t.name + "  " + std::string(conformance::to_string(f.check)) + " " +
                         (f.pointer.empty() ? "(response)" : f.pointer) + " in " +
                         std::to_string(f.count) + (f.count == 1 ? " response: " : " responses: ") +
                         f.message;
      if (!f.example.empty()) {
        text += " (" + f.example + ")";
      }
      const std::vector<std::string> lines = wrap(text, width - k_detail_indent.size());
      for (std::size_t j = 0; j < lines.size(); ++j) {
        out << (j == 0 ? "  " + (fail ? style.bad("FAIL") : std::string("warn")) + "  "
                       : k_detail_indent)
            << lines[j] << '\n';
      }
    }
    if (findings.size() > k_per_target) {
      out << k_detail_indent << t.name << ": " << findings.size() - k_per_target
          << " more in report.json\n";
    }
  }
}

std::string header_line(const run::RunOutput &run) {
  const run::Manifest &m = run.manifest;
  std::string line = "chatbench";
  line += m.version.empty() ? "" : " " + m.version;
  line += m.scenario_name.empty() ? "" : " · " + m.scenario_name;
  line += " · " + std::to_string(run.targets.size()) +
          (run.targets.size() == 1 ? " target" : " targets");
  line += " · " + format_duration_ns(static_cast<double>(m.duration_ns));
  return line;
}

std::string slo_line(const std::vector<Figures> &figures) {
  for (const Figures &f : figures) {
    const metrics::Slo &slo = f.goodput.slo;
    if (!slo.any()) {
      continue;
    }
    std::string limits;
    const auto add = [&limits](std::string_view name, std::int64_t ns) {
      if (ns >= 0) {
        limits += (limits.empty() ? "" : ", ") + std::string(name) +
                  " <= " + format_duration_ns(static_cast<double>(ns));
      }
    };
    add("TTFT", slo.ttft_ns);
    add("TPOT", slo.tpot_ns);
    add("ITL max", slo.itl_max_ns);
    add("E2E", slo.e2e_ns);
    return "goodput counts ok requests within " + limits + "\n";
  }
  return "";
}

// Each sweep's or search's steps, then its knee, answer and early stop, wrapped and indented.
void print_capacity(std::ostream &out, const run::RunOutput &run, std::size_t width,
                    const Style &style) {
  for (const run::TargetRun &t : run.targets) {
    if (!t.capacity) {
      continue;
    }
    const capacity::Result &result = *t.capacity;
    out << style.bold("capacity · " + t.name + " · " +
                      std::string(capacity::to_string(result.mode)) + " over " +
                      std::string(capacity::to_string(result.over)))
        << '\n';
    out << capacity_table(result).render_blocks(width);
    for (const std::string &text : capacity_lines(result)) {
      const std::vector<std::string> lines = wrap(text, width - 4);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        out << (i == 0 ? "  " : "    ") << lines[i] << '\n';
      }
    }
  }
}

void print_target_notes(std::ostream &out, const run::RunOutput &run, std::size_t width,
                        const Style &style) {
  for (const run::TargetRun &t : run.targets) {
    std::string_view label = "error";
    std::string text = t.name + ": " + t.error;
    if (t.error.empty()) {
      if (!t.interrupted) {
        continue;
      }
      label = "interrupted";
      text = t.name + ": stopped before its plan was done";
    }
    const std::string indent(label.size() + 2, ' ');
    const std::vector<std::string> lines = wrap(text, width - indent.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out << (i == 0 ? style.bad(label) + "  " : indent) << lines[i] << '\n';
    }
  }
}

void print_verdicts(std::ostream &out, std::span<const Verdict> verdicts, std::size_t width,
                    const Style &style) {
  if (verdicts.empty()) {
    return;
  }
  std::size_t expression_width = 0;
  std::size_t target_width = 0;
  for (const Verdict &v : verdicts) {
    expression_width = std::max(expression_width, display_width(v.expression));
    target_width = std::max(target_width, display_width(v.target));
  }
  expression_width = std::min(expression_width, k_max_expression);
  out << style.bold("thresholds") << '\n';
  for (const Verdict &v : verdicts) {
    std::string head = "  " + std::string(v.passed ? "PASS" : "FAIL") + "  " +
                       pad_right(truncate(v.expression, expression_width), expression_width);
    if (target_width > 0) {
      head += "  " + pad_right(v.target, target_width);
    }
    const std::string mark =
        v.passed ? style.good(head.substr(0, 6)) : style.bad(head.substr(0, 6));
    const std::string rest = head.substr(6);
    if (display_width(head) + 2 + display_width(v.detail) <= width) {
      out << mark << rest << "  " << v.detail << '\n';
      continue;
    }
    out << mark << rest << '\n';
    for (const std::string &line : wrap(v.detail, width - k_detail_indent.size())) {
      out << k_detail_indent << line << '\n';
    }
  }
}

std::string status_line(const run::RunOutput &run, std::span<const Verdict> verdicts,
                        const Style &style) {
  const std::string_view status = run_status(run, verdicts);
  const std::string reasons = status_reasons(run, verdicts);
  if (status == "interrupted") {
    return style.bad(style.bold("INTERRUPTED")) + "  stopped by a signal; " + reasons;
  }
  return status == "passed" ? style.good(style.bold("PASSED")) + "  " + reasons
                            : style.bad(style.bold("FAILED")) + "  " + reasons;
}

} // namespace

void print_summary(std::ostream &out, const run::RunOutput &run, std::span<const Verdict> verdicts,
                   const ConsoleOptions &options) {
  const std::size_t width =
      std::max(k_min_width, static_cast<std::size_t>(std::max(0, options.width)));
  const Style style{options.color};
  std::vector<Figures> figures;
  for (const run::TargetRun &target : run.targets) {
    figures.push_back(compute_figures(target));
  }
  out << style.bold(header_line(run)) << '\n';
  if (!run.targets.empty()) {
    out << summary_table(run, figures).render(width);
    out << slo_line(figures);
  }
  print_capacity(out, run, width, style);
  print_target_notes(out, run, width, style);
  print_findings(out, run, width, style);
  print_verdicts(out, verdicts, width, style);
  out << status_line(run, verdicts, style) << '\n';
}

} // namespace chatbench::report
