#include "report/compare.hpp"

#include "report/console_table.hpp"
#include "report/format.hpp"
#include "report/json_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace chatbench::report {
namespace {

using nlohmann::json;

std::optional<double> value_at(const json *target, const std::string &pointer) {
  if (target == nullptr) {
    return std::nullopt;
  }
  const json::json_pointer p(pointer);
  if (!target->contains(p) || !target->at(p).is_number()) {
    return std::nullopt;
  }
  return target->at(p).get<double>();
}

std::string percent_change(double relative) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.1f%%", relative * 100);
  return buffer;
}

bool better(const CompareMetric &m, double a, double b) {
  return m.lower_is_better ? a < b : a > b;
}

// Cells of one metric row as text: the best marked, the change in parentheses.
std::vector<std::string> row_cells(const CompareMetric &m, const std::vector<Column> &columns,
                                   bool markdown) {
  std::vector<std::string> cells;
  for (const CompareCell &c : compare_cells(m, columns)) {
    std::string cell = c.text;
    if (c.best) {
      cell = markdown ? "**" + cell + "**" : "*" + cell;
    }
    if (!c.change.empty()) {
      cell += " (" + c.change + ")";
    }
    cells.push_back(std::move(cell));
  }
  return cells;
}

Table comparison_table(const std::vector<Column> &columns, bool markdown) {
  std::vector<std::string> headers;
  for (const Column &c : columns) {
    headers.push_back(c.label);
  }
  Table table(std::move(headers));
  for (const CompareMetric &m : compare_metrics()) {
    if (shown(m, columns)) {
      table.add_row(m.name, row_cells(m, columns, markdown));
    }
  }
  std::vector<std::string> sources;
  std::vector<std::string> providers;
  for (const Column &c : columns) {
    sources.push_back(c.target->value("/tokens/source"_json_pointer, std::string("-")));
    providers.push_back(c.target->value("provider", std::string("-")));
  }
  table.add_row("provider", std::move(providers));
  table.add_row("token source", std::move(sources));
  return table;
}

const char *const k_legend_text =
    "* marks the better value; (+x%) is the change against the first column.\n";
const char *const k_legend_markdown =
    "The better value is in bold; (+x%) is the change against the first column. Output tokens "
    "come from each target's `usage` when it reports one, else from counting token-bearing "
    "chunks (the token source row), so token rates compare like for like only when the sources "
    "agree.\n";

} // namespace

Result<ReportFile> read_report_file(const std::string &path) {
  Result<std::string> text = read_text_file(path);
  if (!text) {
    return Unexpected(text.error());
  }
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(ErrorCode::invalid_argument, path + ": not a JSON object");
  }
  if (doc.value("schema", "") != "chatbench.report/1") {
    return make_error(ErrorCode::invalid_argument,
                      path + ": not a chatbench report (\"schema\" is not \"chatbench.report/1\")");
  }
  if (!doc.contains("targets") || !doc["targets"].is_array()) {
    return make_error(ErrorCode::invalid_argument, path + ": no targets array");
  }
  return ReportFile{path, std::move(doc)};
}

const std::vector<CompareMetric> &compare_metrics() {
  using U = CompareMetric::Unit;
  static const std::vector<CompareMetric> metrics{
      {"ttft.p50", "/metrics/ttft_ms/p50", true, U::ms, false},
      {"ttft.p95", "/metrics/ttft_ms/p95", true, U::ms, false},
      {"ttft.p99", "/metrics/ttft_ms/p99", true, U::ms, false},
      {"itl.p50", "/metrics/itl_ms/p50", true, U::ms, false},
      {"itl.p99", "/metrics/itl_ms/p99", true, U::ms, false},
      {"tpot.p50", "/metrics/tpot_ms/p50", true, U::ms, false},
      {"e2e.p50", "/metrics/e2e_ms/p50", true, U::ms, false},
      {"e2e.p99", "/metrics/e2e_ms/p99", true, U::ms, false},
      {"error_rate", "/error_rate", true, U::fraction, false},
      {"throughput.requests_per_s", "/throughput/requests_per_s", false, U::rate, false},
      {"throughput.output_tokens_per_s", "/throughput/output_tokens_per_s", false, U::rate, false},
      {"throughput.output_bytes_per_s", "/throughput/output_bytes_per_s", false, U::rate, false},
      {"goodput", "/goodput/per_s", false, U::rate, false},
      {"conformance.failures", "/conformance/failures", true, U::count, false},
      {"capacity.knee_rate", "/capacity/knee/achieved_rate", false, U::rate, true},
  };
  return metrics;
}

bool shown(const CompareMetric &metric, const std::vector<Column> &columns) {
  return !metric.only_when_present ||
         std::any_of(columns.begin(), columns.end(),
                     [&](const Column &c) { return value_at(c.target, metric.pointer); });
}

std::string format_metric(const CompareMetric &metric, double value) {
  switch (metric.unit) {
  case CompareMetric::Unit::ms:
    return format_duration_ns(value * 1e6);
  case CompareMetric::Unit::fraction:
    return format_percent(value);
  case CompareMetric::Unit::rate:
    return format_number(value);
  case CompareMetric::Unit::count:
    return format_count(static_cast<std::uint64_t>(std::llround(std::max(0.0, value))));
  }
  return format_number(value);
}

std::vector<CompareCell> compare_cells(const CompareMetric &metric,
                                       const std::vector<Column> &columns) {
  std::vector<CompareCell> cells;
  std::optional<double> best;
  for (const Column &c : columns) {
    CompareCell cell;
    cell.value = value_at(c.target, metric.pointer);
    cell.text = cell.value ? format_metric(metric, *cell.value) : "-";
    if (cell.value && (!best || better(metric, *cell.value, *best))) {
      best = cell.value;
    }
    cells.push_back(std::move(cell));
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CompareCell &c = cells[i];
    c.best = columns.size() > 1 && c.value && *c.value == *best;
    if (i > 0 && c.value && cells[0].value && *cells[0].value != 0) {
      c.change = percent_change((*c.value - *cells[0].value) / *cells[0].value);
    }
  }
  return cells;
}

std::vector<Column> columns_of(const std::vector<ReportFile> &files) {
  std::map<std::string, int> seen;
  for (const ReportFile &f : files) {
    for (const json &t : f.document["targets"]) {
      ++seen[t.value("name", "")];
    }
  }
  std::vector<Column> out;
  for (const ReportFile &f : files) {
    for (const json &t : f.document["targets"]) {
      const std::string name = t.value("name", "");
      out.push_back(Column{seen[name] > 1 ? f.path + ":" + name : name, &t});
    }
  }
  return out;
}

std::string comparison_markdown(const std::vector<Column> &columns) {
  return "## chatbench compare\n\n" + comparison_table(columns, true).render_markdown() + "\n" +
         k_legend_markdown;
}

std::string comparison_text(const std::vector<Column> &columns, std::size_t width) {
  return comparison_table(columns, false).render(width) + k_legend_text;
}

std::vector<Change> regressions(const ReportFile &baseline, const ReportFile &current,
                                double tolerance) {
  std::vector<Change> out;
  for (const json &old_target : baseline.document["targets"]) {
    const std::string name = old_target.value("name", "");
    const json *new_target = nullptr;
    for (const json &t : current.document["targets"]) {
      if (t.value("name", "") == name) {
        new_target = &t;
      }
    }
    for (const CompareMetric &m : compare_metrics()) {
      Change c{name,  m.name, value_at(&old_target, m.pointer), value_at(new_target, m.pointer), 0,
               false, ""};
      if (m.only_when_present && !c.baseline && !c.current) {
        continue; // neither run has it (not a sweep): nothing to gate
      }
      if (new_target == nullptr) {
        c.verdict = "target missing";
        c.regressed = true;
      } else if (!c.baseline || !c.current) {
        c.verdict = c.baseline ? "no value now" : "no value";
        c.regressed = c.baseline.has_value(); // a metric that had a value and lost it
      } else {
        const double worse_by =
            m.lower_is_better ? *c.current - *c.baseline : *c.baseline - *c.current;
        if (*c.baseline != 0) {
          c.relative = (*c.current - *c.baseline) / std::fabs(*c.baseline);
          c.regressed = worse_by / std::fabs(*c.baseline) > tolerance;
        } else {
          c.regressed = worse_by > 0; // from zero, any worsening counts
        }
        c.verdict = c.regressed ? "regressed" : (worse_by < 0 ? "improved" : "ok");
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

namespace {

Table regression_table(const std::vector<Change> &changes) {
  Table table({"baseline", "current", "change", "verdict"});
  std::string target;
  for (const Change &c : changes) {
    if (c.target != target) {
      target = c.target;
      table.add_section(target);
    }
    const CompareMetric *m = nullptr;
    for (const CompareMetric &x : compare_metrics()) {
      m = x.name == c.metric ? &x : m;
    }
    table.add_row(c.metric,
                  {c.baseline ? format_metric(*m, *c.baseline) : "-",
                   c.current ? format_metric(*m, *c.current) : "-",
                   c.baseline && c.current && *c.baseline != 0 ? percent_change(c.relative) : "-",
                   c.regressed ? "REGRESSED" : c.verdict});
  }
  return table;
}

std::string regression_status(const std::vector<Change> &changes, double tolerance) {
  std::size_t regressed = 0;
  for (const Change &c : changes) {
    regressed += c.regressed ? 1 : 0;
  }
  return (regressed == 0
              ? "PASSED  no metric got worse by more than "
              : "FAILED  " + std::to_string(regressed) + (regressed == 1 ? " metric" : " metrics") +
                    " got worse by more than ") +
         format_percent(tolerance);
}

} // namespace

std::string regression_text(const std::vector<Change> &changes, double tolerance) {
  return regression_table(changes).render(100) + regression_status(changes, tolerance) + "\n";
}

std::string regression_markdown(const std::vector<Change> &changes, double tolerance) {
  return "## chatbench compare: regression gate\n\n" + regression_table(changes).render_markdown() +
         "\n" + regression_status(changes, tolerance) + "\n";
}

} // namespace chatbench::report
