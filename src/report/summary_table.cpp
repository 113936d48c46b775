#include "report/summary_table.hpp"

#include "report/format.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

namespace chatbench::report {
namespace {

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

} // namespace

Table summary_table(const run::RunOutput &run, const std::vector<Figures> &figures) {
  std::vector<std::string> names;
  for (const run::TargetRun &target : run.targets) {
    names.push_back(target.name);
  }
  Table table(std::move(names));
  const Columns cols{run, figures};
  add_figure_rows(table, cols);
  add_failure_rows(table, cols);
  add_conformance_rows(table, cols);
  return table;
}

} // namespace chatbench::report
