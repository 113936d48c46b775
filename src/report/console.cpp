#include "report/console.hpp"

#include "report/console_table.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"

#include <algorithm>
#include <functional>
#include <ostream>
#include <set>
#include <string_view>

namespace chatbench::report {
namespace {

constexpr std::size_t k_min_width = 60;
constexpr std::size_t k_max_expression = 36;
constexpr std::string_view k_detail_indent = "        "; // under the expression

// The targets and their figures, side by side.
struct Columns {
  const run::RunOutput &run;
  std::vector<Figures> figures;
};

std::string ms_cell(const Stats &stats, double Stats::*field) {
  return stats.count == 0 ? "-" : format_duration_ns(stats.*field * 1e6);
}

using Cell = std::function<std::string(const Figures &)>;

Cell latency(Latency which, double Stats::*field) {
  return [which, field](const Figures &f) {
    return ms_cell(f.latency(which), field);
  };
}

void add_row(Table &table, const Columns &cols, std::string label, const Cell &cell) {
  std::vector<std::string> cells;
  for (std::size_t i = 0; i < cols.figures.size(); ++i) {
    cells.push_back(cols.run.targets[i].error.empty() ? cell(cols.figures[i]) : "-");
  }
  table.add_row(std::move(label), std::move(cells));
}

void add_figure_rows(Table &table, const Columns &cols) {
  std::vector<std::string> requests;
  for (std::size_t i = 0; i < cols.figures.size(); ++i) {
    const Figures &f = cols.figures[i];
    requests.push_back(cols.run.targets[i].error.empty()
                           ? format_count(f.ok) + " / " + format_count(f.failed)
                           : "error");
  }
  table.add_row("requests ok / failed", std::move(requests));
  add_row(table, cols, "error rate", [](const Figures &f) { return format_percent(f.error_rate); });
  add_row(table, cols, "TTFT p50", latency(Latency::ttft, &Stats::p50));
  add_row(table, cols, "TTFT p90", latency(Latency::ttft, &Stats::p90));
  add_row(table, cols, "TTFT p99", latency(Latency::ttft, &Stats::p99));
  add_row(table, cols, "ITL p50", latency(Latency::itl, &Stats::p50));
  add_row(table, cols, "ITL p99", latency(Latency::itl, &Stats::p99));
  add_row(table, cols, "TPOT p50", latency(Latency::tpot, &Stats::p50));
  add_row(table, cols, "E2E p50", latency(Latency::e2e, &Stats::p50));
  add_row(table, cols, "E2E p99", latency(Latency::e2e, &Stats::p99));
  add_row(table, cols, "requests/s",
          [](const Figures &f) { return format_number(f.requests_per_s); });
  add_row(table, cols, "output tokens/s",
          [](const Figures &f) { return format_number(f.output_tokens_per_s); });
  const bool slo = std::any_of(cols.figures.begin(), cols.figures.end(),
                               [](const Figures &f) { return f.goodput.slo.any(); });
  if (slo) {
    add_row(table, cols, "goodput/s",
            [](const Figures &f) { return format_number(f.goodput.per_s); });
  }
  add_row(table, cols, "late sends", [](const Figures &f) { return format_count(f.late_sends); });
  add_row(table, cols, "token source",
          [](const Figures &f) { return std::string(to_string(f.tokens.source)); });
  add_row(table, cols, "measured for",
          [](const Figures &f) { return format_duration_ns(f.measured_s * 1e9); });
}

// Failure kinds that occurred on any target, in FailureKind order with the statuses of
// http_status failures ("http_429") right after it.
void add_failure_rows(Table &table, const Columns &cols) {
  std::set<int> statuses;
  for (const run::TargetRun &target : cols.run.targets) {
    for (const auto &entry : target.recorder.counts().http_failures) {
      statuses.insert(entry.first);
    }
  }
  std::vector<std::string> kinds;
  for (std::size_t i = 1; i < metrics::k_failure_kind_count; ++i) {
    const auto kind = static_cast<metrics::FailureKind>(i);
    kinds.emplace_back(metrics::to_string(kind));
    if (kind == metrics::FailureKind::http_status) {
      for (const int status : statuses) {
        kinds.push_back("http_" + std::to_string(status));
      }
    }
  }
  bool any = false;
  for (const std::string &kind : kinds) {
    if (std::none_of(cols.figures.begin(), cols.figures.end(),
                     [&](const Figures &f) { return f.failure(kind) > 0; })) {
      continue;
    }
    if (!any) {
      table.add_section("failures");
      any = true;
    }
    add_row(table, cols, kind, [&kind](const Figures &f) { return format_count(f.failure(kind)); });
  }
}

// Responses checked against each target's profile, and how many failed or warned.
void add_conformance_rows(Table &table, const Columns &cols) {
  const auto &targets = cols.run.targets;
  if (std::all_of(targets.begin(), targets.end(), [](const run::TargetRun &t) {
        return t.conformance_level == conformance::Severity::off;
      })) {
    return;
  }
  table.add_section("conformance");
  const auto row = [&](std::string label, auto cell) {
    std::vector<std::string> cells;
    for (const run::TargetRun &t : targets) {
      cells.push_back(t.conformance_level == conformance::Severity::off ? "off" : cell(t));
    }
    table.add_row(std::move(label), std::move(cells));
  };
  row("profile", [](const run::TargetRun &t) { return t.profile; });
  row("checked", [](const run::TargetRun &t) { return format_count(t.conformance.checked()); });
  row("failing", [](const run::TargetRun &t) { return format_count(t.conformance.failures()); });
  row("warning", [](const run::TargetRun &t) { return format_count(t.conformance.warnings()); });
}

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
  const auto failed = static_cast<std::size_t>(
      std::count_if(verdicts.begin(), verdicts.end(), [](const Verdict &v) { return !v.passed; }));
  const auto errored = static_cast<std::size_t>(std::count_if(
      run.targets.begin(), run.targets.end(), [](const auto &t) { return !t.error.empty(); }));
  std::string reasons;
  if (verdicts.empty()) {
    reasons = "no thresholds set";
  } else if (failed == 0) {
    reasons = "all " + std::to_string(verdicts.size()) + " threshold checks held";
  } else {
    reasons = std::to_string(failed) + " of " + std::to_string(verdicts.size()) +
              " threshold checks failed";
  }
  std::uint64_t nonconformant = 0;
  for (const run::TargetRun &t : run.targets) {
    nonconformant += t.conformance.failures();
  }
  if (nonconformant > 0) {
    reasons += "; " + std::to_string(nonconformant) +
               (nonconformant == 1 ? " response failed" : " responses failed") +
               " conformance checks";
  }
  if (errored > 0) {
    reasons +=
        "; " + std::to_string(errored) + (errored == 1 ? " target" : " targets") + " did not run";
  }
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
  Columns cols{run, {}};
  std::vector<std::string> names;
  for (const run::TargetRun &target : run.targets) {
    cols.figures.push_back(compute_figures(target));
    names.push_back(target.name);
  }
  out << style.bold(header_line(run)) << '\n';
  if (!run.targets.empty()) {
    Table table(std::move(names));
    add_figure_rows(table, cols);
    add_failure_rows(table, cols);
    add_conformance_rows(table, cols);
    out << table.render(width);
    out << slo_line(cols.figures);
  }
  print_target_notes(out, run, width, style);
  print_findings(out, run, width, style);
  print_verdicts(out, verdicts, width, style);
  out << status_line(run, verdicts, style) << '\n';
}

} // namespace chatbench::report
