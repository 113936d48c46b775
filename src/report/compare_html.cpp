#include "report/compare_html.hpp"

#include "report/format.hpp"
#include "report/html.hpp"
#include "report/junit.hpp"
#include "report/svg_chart.hpp"
#include "util/build_info.hpp"

#include <algorithm>
#include <map>

namespace chatbench::report {
namespace {

using nlohmann::json;

std::string esc(std::string_view text) {
  return xml_escape(text);
}

std::string head_row(const std::vector<Column> &columns, std::string_view first) {
  std::string out = "<thead><tr><th>" + esc(first) + "</th>";
  for (const Column &c : columns) {
    out += "<th>" + esc(c.label) + "</th>";
  }
  return out + "</tr></thead>\n";
}

std::string metrics_table(const std::vector<Column> &columns) {
  std::string out = "<table class=\"summary\">\n" + head_row(columns, "") + "<tbody>\n";
  for (const CompareMetric &m : compare_metrics()) {
    if (!shown(m, columns)) {
      continue;
    }
    out += "<tr><th>" + esc(m.name) + "</th>";
    for (const CompareCell &c : compare_cells(m, columns)) {
      out += std::string("<td class=\"num") + (c.best ? " best" : "") + "\">" + esc(c.text) +
             (c.change.empty() ? "" : " <small>(" + esc(c.change) + ")</small>") + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string text_of(const json &value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_float()) {
    return format_number(value.get<double>());
  }
  return value.is_null() ? "-" : value.dump();
}

// A row of values read at `pointer` in each column.
std::string value_row(const std::vector<Column> &columns, std::string_view label,
                      const std::string &pointer) {
  std::string out = "<tr><th>" + esc(label) + "</th>";
  const json::json_pointer p(pointer);
  for (const Column &c : columns) {
    out += "<td class=\"num\">" + esc(c.target->contains(p) ? text_of(c.target->at(p)) : "-") +
           "</td>";
  }
  return out + "</tr>\n";
}

std::string tokens_table(const std::vector<Column> &columns) {
  std::string out = "<table class=\"summary\">\n" + head_row(columns, "") + "<tbody>\n";
  out += value_row(columns, "provider profile", "/provider");
  out += value_row(columns, "model", "/model");
  out += value_row(columns, "streamed", "/stream");
  out += value_row(columns, "token source", "/tokens/source");
  out += value_row(columns, "output tokens", "/tokens/output_total");
  out += value_row(columns, "requests counted from usage", "/tokens/from_usage");
  out += value_row(columns, "requests counted from chunks", "/tokens/from_chunks");
  out += value_row(columns, "usage and chunk count disagree", "/tokens/mismatches");
  out += value_row(columns, "output text bytes", "/tokens/output_bytes");
  out += value_row(columns, "text bytes per token", "/tokens/bytes_per_token");
  return out + "</tbody>\n</table>\n";
}

// Rows of counts keyed by name, from an object (failures) or summed from an array (findings).
std::string count_table(const std::vector<Column> &columns, std::string_view first,
                        const std::vector<std::map<std::string, std::uint64_t>> &counts) {
  std::vector<std::string> keys;
  for (const auto &column : counts) {
    for (const auto &[key, n] : column) {
      if (n > 0 && std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(key);
      }
    }
  }
  if (keys.empty()) {
    return "";
  }
  std::sort(keys.begin(), keys.end());
  std::string out = "<table class=\"summary\">\n" + head_row(columns, first) + "<tbody>\n";
  for (const std::string &key : keys) {
    out += "<tr><th><code>" + esc(key) + "</code></th>";
    for (const auto &column : counts) {
      const auto it = column.find(key);
      out += "<td class=\"num\">" + format_count(it == column.end() ? 0 : it->second) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string failures_section(const std::vector<Column> &columns) {
  std::vector<std::map<std::string, std::uint64_t>> counts;
  for (const Column &c : columns) {
    std::map<std::string, std::uint64_t> column;
    if (const auto it = c.target->find("failures"); it != c.target->end() && it->is_object()) {
      for (const auto &[kind, n] : it->items()) {
        column[kind] = n.is_number_unsigned() ? n.get<std::uint64_t>() : 0;
      }
    }
    counts.push_back(std::move(column));
  }
  const std::string table = count_table(columns, "failure kind", counts);
  return "<section id=\"failures\">\n<h2>Failures</h2>\n" +
         (table.empty() ? std::string("<p>No request failed in any column.</p>\n") : table) +
         "</section>\n";
}

std::string conformance_section(const std::vector<Column> &columns) {
  std::string out =
      "<section id=\"conformance\">\n<h2>Conformance</h2>\n<table class=\"summary\">\n" +
      head_row(columns, "") + "<tbody>\n";
  out += value_row(columns, "level", "/conformance/level");
  out += value_row(columns, "responses checked", "/conformance/checked");
  out += value_row(columns, "responses failing", "/conformance/failures");
  out += value_row(columns, "responses with warnings", "/conformance/warnings");
  out += "</tbody>\n</table>\n";
  std::vector<std::map<std::string, std::uint64_t>> counts;
  for (const Column &c : columns) {
    std::map<std::string, std::uint64_t> column;
    const json::json_pointer p("/conformance/findings");
    if (c.target->contains(p) && c.target->at(p).is_array()) {
      for (const json &f : c.target->at(p)) {
        const std::string key = f.value("check", "?") + " (" + f.value("severity", "?") + ")";
        column[key] += f.value("count", std::uint64_t{0});
      }
    }
    counts.push_back(std::move(column));
  }
  const std::string table = count_table(columns, "findings by check (responses)", counts);
  return out + table + "</section>\n";
}

} // namespace

std::string comparison_html(const std::vector<Column> &columns,
                            std::span<const ChartTarget> charts) {
  const std::vector<svg::Chart> distributions = distribution_charts(charts);
  std::string out = page_start("chatbench compare", distributions.size());
  out += "<header>\n<h1>chatbench compare</h1>\n<p class=\"meta\">" +
         std::to_string(columns.size()) + " columns. The better value is in green and bold; " +
         "(+x%) is the change against the first column. Nothing is re-measured: every figure " +
         "comes from the report.json files.</p>\n</header>\n";
  out += "<section id=\"summary\">\n<h2>Headline metrics</h2>\n" + metrics_table(columns) +
         "</section>\n";
  out += "<section id=\"tokens\">\n<h2>Token accounting</h2>\n<p>Output tokens come from each "
         "target's <code>usage</code> when it reports one, else from counting token-bearing "
         "chunks. Token rates compare like for like only when the sources agree and the "
         "providers use the same tokenizer; <code>throughput.output_bytes_per_s</code> (decoded "
         "bytes of generated text per second) compares any two, and bytes per token shows how "
         "differently each one counts.</p>\n" +
         tokens_table(columns) + "</section>\n";
  out += "<section id=\"latency\">\n<h2>Latency distributions (overlaid)</h2>\n"
         "<div class=\"charts\">\n";
  for (const svg::Chart &chart : distributions) {
    out += svg::render(chart) + "\n";
  }
  out += "</div>\n</section>\n";
  out += failures_section(columns);
  out += conformance_section(columns);
  out += page_end(util::version());
  return out;
}

} // namespace chatbench::report
