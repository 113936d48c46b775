#include "report/html.hpp"

#include "report/capacity_charts.hpp"
#include "report/capacity_table.hpp"
#include "report/figures.hpp"
#include "report/format.hpp"
#include "report/junit.hpp"
#include "report/run_charts.hpp"
#include "report/summary_table.hpp"
#include "report/svg_chart.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace chatbench::report {
namespace {

constexpr std::size_t k_findings_per_target = 200;

std::string esc(std::string_view text) {
  return xml_escape(text);
}

std::string cell(std::string_view text, std::string_view cls = "") {
  return cls.empty() ? "<td>" + esc(text) + "</td>"
                     : "<td class=\"" + std::string(cls) + "\">" + esc(text) + "</td>";
}

std::string section(std::string_view id, std::string_view title, const std::string &body) {
  return "<section id=\"" + std::string(id) + "\">\n<h2>" + esc(title) + "</h2>\n" + body +
         "</section>\n";
}

bool has_capacity(const run::RunOutput &run) {
  return std::any_of(run.targets.begin(), run.targets.end(),
                     [](const run::TargetRun &t) { return t.capacity.has_value(); });
}

std::string header(const run::RunOutput &run, std::span<const Verdict> verdicts,
                   std::string_view summary) {
  const std::string_view status = run_status(run, verdicts);
  const run::Manifest &m = run.manifest;
  std::string out = "<header>\n<h1>chatbench";
  out += m.scenario_name.empty() ? "" : " · " + esc(m.scenario_name);
  out += "</h1>\n<p class=\"verdict\"><span class=\"status " + std::string(status) + "\">" +
         esc(status) + "</span> " + esc(status_reasons(run, verdicts)) + "</p>\n";
  out += "<p class=\"meta\">" + std::to_string(run.targets.size()) +
         (run.targets.size() == 1 ? " target" : " targets") + " · " +
         esc(format_duration_ns(static_cast<double>(m.duration_ns))) + " · started " +
         esc(iso8601_utc(m.started)) + "</p>\n";
  if (!summary.empty()) {
    out += "<p class=\"meta\">" + esc(summary) + "</p>\n";
  }
  out += "<nav><a href=\"#summary\">summary</a> <a href=\"#thresholds\">thresholds</a> ";
  out += has_capacity(run) ? "<a href=\"#capacity\">capacity</a> " : "";
  out += "<a href=\"#latency\">latency</a> <a href=\"#over-time\">over time</a> "
         "<a href=\"#failures\">failures</a> <a href=\"#conformance\">conformance</a> "
         "<a href=\"#targets\">targets</a> <a href=\"#manifest\">manifest</a></nav>\n";
  return out + "</header>\n";
}

std::string summary(const run::RunOutput &run, const std::vector<Figures> &figures) {
  std::string body =
      run.targets.empty() ? "<p>No target ran.</p>\n" : summary_table(run, figures).render_html();
  for (const run::TargetRun &t : run.targets) {
    if (!t.error.empty()) {
      body +=
          "<p class=\"error\"><b>" + esc(t.name) + "</b> did not run: " + esc(t.error) + "</p>\n";
    }
  }
  return section("summary", "Summary", body);
}

std::string thresholds(std::span<const Verdict> verdicts) {
  if (verdicts.empty()) {
    return section("thresholds", "Thresholds", "<p>No thresholds were set.</p>\n");
  }
  std::string body = "<table>\n<thead><tr><th></th><th>threshold</th><th>target</th>"
                     "<th>result</th></tr></thead>\n<tbody>\n";
  for (const Verdict &v : verdicts) {
    body += std::string("<tr class=\"") + (v.passed ? "pass" : "fail") + "\">" +
            cell(v.passed ? "pass" : "FAIL", "mark") + "<td><code>" + esc(v.expression) +
            "</code></td>" + cell(v.target) + cell(v.detail) + "</tr>\n";
  }
  return section("thresholds", "Thresholds", body + "</tbody>\n</table>\n");
}

std::string charts(std::string_view id, std::string_view title,
                   const std::vector<svg::Chart> &list) {
  std::string body = "<div class=\"charts\">\n";
  for (const svg::Chart &chart : list) {
    body += svg::render(chart) + "\n";
  }
  return section(id, title, body + "</div>\n");
}

// Each sweep's or search's steps and findings, then the charts that overlay the targets.
std::string capacity_section(const run::RunOutput &run, const std::vector<svg::Chart> &list) {
  if (!has_capacity(run)) {
    return "";
  }
  std::string body;
  for (const run::TargetRun &t : run.targets) {
    if (!t.capacity) {
      continue;
    }
    body += "<h3>" + esc(t.name) + " · " + esc(capacity::to_string(t.capacity->mode)) + " over " +
            esc(capacity::to_string(t.capacity->over)) + "</h3>\n" +
            capacity_table(*t.capacity).render_html();
    for (const std::string &line : capacity_lines(*t.capacity)) {
      body += "<p class=\"capacity-line\">" + esc(line) + "</p>\n";
    }
  }
  body += "<p class=\"meta\">Hollow points: steps that were not stable (unstable, over-saturated "
          "or interrupted), whose figures are less certain.</p>\n<div class=\"charts\">\n";
  for (const svg::Chart &chart : list) {
    body += svg::render(chart) + "\n";
  }
  return section("capacity", "Capacity", body + "</div>\n");
}

std::string failures(const run::RunOutput &run, const std::vector<Figures> &figures) {
  std::vector<std::string> kinds;
  for (const Figures &figure : figures) {
    for (const FailureCount &f : figure.failures) {
      if (f.count > 0 && std::find(kinds.begin(), kinds.end(), f.kind) == kinds.end()) {
        kinds.push_back(f.kind);
      }
    }
  }
  if (kinds.empty()) {
    return section("failures", "Failures", "<p>No request failed.</p>\n");
  }
  std::string body = "<table>\n<thead><tr><th>kind</th>";
  for (const run::TargetRun &t : run.targets) {
    body += "<th>" + esc(t.name) + "</th>";
  }
  body += "</tr></thead>\n<tbody>\n";
  for (const std::string &kind : kinds) {
    body += "<tr><th><code>" + esc(kind) + "</code></th>";
    for (const Figures &f : figures) {
      body += cell(format_count(f.failure(kind)), "num");
    }
    body += "</tr>\n";
  }
  return section("failures", "Failures", body + "</tbody>\n</table>\n");
}

std::string findings_table(const run::TargetRun &t) {
  const std::vector<conformance::Finding> all = t.conformance.sorted_findings();
  if (all.empty()) {
    return "";
  }
  std::string out = "<table class=\"findings\">\n<thead><tr><th></th><th>check</th><th>where</th>"
                    "<th>responses</th><th>what</th><th>example</th><th>first request</th></tr>"
                    "</thead>\n<tbody>\n";
  for (std::size_t i = 0; i < all.size() && i < k_findings_per_target; ++i) {
    const conformance::Finding &f = all[i];
    const bool fail = f.severity == conformance::Severity::fail;
    out += std::string("<tr class=\"") + (fail ? "fail" : "warn") + "\">" +
           cell(fail ? "fail" : "warn", "mark") + "<td><code>" +
           esc(conformance::to_string(f.check)) + "</code></td><td><code>" +
           esc(f.pointer.empty() ? "(response)" : f.pointer) + "</code></td>" +
           cell(format_count(f.count), "num") + cell(f.message) +
           (f.example.empty() ? "<td></td>" : "<td><code>" + esc(f.example) + "</code></td>") +
           cell(std::to_string(f.request_id), "num") + "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (all.size() > k_findings_per_target) {
    out +=
        "<p>" + std::to_string(all.size() - k_findings_per_target) + " more in report.json.</p>\n";
  }
  return out;
}

std::string conformance_section(const run::RunOutput &run) {
  std::string body;
  for (const run::TargetRun &t : run.targets) {
    body += "<h3>" + esc(t.name) + "</h3>\n<p>";
    if (t.conformance_level == conformance::Severity::off) {
      body += "Checks were off.</p>\n";
      continue;
    }
    body += "Profile <code>" + esc(t.profile) + "</code>, level " +
            esc(conformance::to_string(t.conformance_level)) + ": " +
            format_count(t.conformance.checked()) + " responses checked, " +
            format_count(t.conformance.failures()) + " failed, " +
            format_count(t.conformance.warnings()) + " with warnings";
    if (t.conformance.dropped() > 0) {
      body += ", " + format_count(t.conformance.dropped()) + " findings not kept";
    }
    body += ".</p>\n" + findings_table(t);
  }
  return section("conformance", "Conformance", body);
}

std::string row(std::string_view label, std::string_view value) {
  return "<tr><th>" + esc(label) + "</th><td>" + esc(value) + "</td></tr>\n";
}

std::string targets_section(const run::RunOutput &run) {
  std::string body;
  for (const run::TargetRun &t : run.targets) {
    body += "<h3>" + esc(t.name) + "</h3>\n<table class=\"keys\">\n<tbody>\n";
    body += row("URL", t.url + (t.mock ? " (embedded mock)" : ""));
    body += row("provider profile", t.profile);
    body += row("model", t.model);
    body += row("streaming", t.stream ? (t.include_usage ? "yes, with usage" : "yes") : "no");
    body += row("token limit field", t.token_limit_field);
    body += row("workers", std::to_string(t.workers));
    for (const std::string &note : t.notes) {
      body += row("note", note);
    }
    if (t.mock) {
      const run::MockFigures &m = t.mock_figures;
      body += row("mock answered", format_count(m.completions) + " completions, " +
                                       format_count(m.rejected) + " rejected, " +
                                       format_count(m.faulted) + " with a fault");
      body += row("mock timing lag",
                  "p50 " + format_duration_ns(static_cast<double>(m.emission_lag_p50_ns)) +
                      ", p99 " + format_duration_ns(static_cast<double>(m.emission_lag_p99_ns)) +
                      ", max " + format_duration_ns(static_cast<double>(m.emission_lag_max_ns)));
    }
    if (!t.error.empty()) {
      body += row("error", t.error);
    }
    body += "</tbody>\n</table>\n";
  }
  return section("targets", "Targets", body);
}

std::string joined(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items) {
    out += (out.empty() ? "" : " ") + item;
  }
  return out;
}

std::string manifest_section(const run::RunOutput &run) {
  const run::Manifest &m = run.manifest;
  std::string body = "<table class=\"keys\">\n<tbody>\n";
  body += row("chatbench", m.version + (m.git_revision.empty() ? "" : " (" + m.git_revision + ")"));
  body += row("libcurl", m.libcurl + (m.tls.empty() ? "" : ", " + m.tls) +
                             (m.nghttp2.empty() ? "" : ", nghttp2 " + m.nghttp2));
  body += row("cores", std::to_string(m.cores));
  body += row("scenario", m.scenario_file.empty() ? "(from flags)" : m.scenario_file);
  body += row("scenario hash", m.scenario_hash);
  body += row("seed", std::to_string(m.seed));
  body += row("overrides", joined(m.overrides));
  body += row("command line", joined(m.command_line));
  body += row("started", iso8601_utc(m.started));
  body += row("duration", format_duration_ns(static_cast<double>(m.duration_ns)));
  return section("manifest", "Run manifest", body + "</tbody>\n</table>\n");
}

} // namespace

std::string_view page_style() {
  return R"(:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;
--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:24px 32px;font:14px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;padding-bottom:4px;
border-bottom:1px solid var(--line)}h3{font-size:15px;margin:20px 0 8px}
.meta{color:var(--muted);margin:2px 0}nav{margin-top:10px}nav a{margin-right:12px;color:#0969da;
text-decoration:none}
.status{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;
text-transform:uppercase;font-size:12px;margin-right:6px}
.status.passed{background:var(--pass)}.status.failed{background:var(--fail)}
.status.interrupted{background:var(--warn)}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--panel)}td.num{text-align:right}table.summary td{text-align:right}
tr.section th{background:var(--panel);font-size:12px;text-transform:uppercase;color:var(--muted)}
tr.fail td.mark{color:var(--fail);font-weight:600}tr.pass td.mark{color:var(--pass)}
tr.warn td.mark{color:var(--warn)}td.best{font-weight:600;color:var(--pass)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--panel);
padding:1px 4px;border-radius:4px;word-break:break-all}
.error{color:var(--fail)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:16px}
figure.chart{margin:0;padding:8px;border:1px solid var(--line);border-radius:6px}
figure.chart svg{width:100%;height:auto;display:block}
figure.chart figcaption{font-weight:600;margin:0 0 4px}
footer{margin-top:40px;color:var(--muted);font-size:12px}
)";
}

std::string page_start(std::string_view title, std::size_t chart_count) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>\n" + std::string(page_style()) +
         "</style>\n</head>\n<body data-chart-count=\"" + std::to_string(chart_count) + "\">\n";
}

std::string page_end(std::string_view version) {
  return "<footer>Written by chatbench " + esc(version) +
         ". Self-contained: no script, nothing fetched.</footer>\n</body>\n</html>\n";
}

std::string run_html(const run::RunOutput &run, std::span<const Verdict> verdicts,
                     const RequestPoints *points, std::string_view scenario_summary) {
  const std::vector<ChartTarget> targets = chart_targets(run);
  const std::vector<svg::Chart> latency = distribution_charts(targets);
  const std::vector<svg::Chart> over_time = timeline_charts(targets, points);
  const std::vector<svg::Chart> sweeps = capacity_charts(targets);
  const std::string name = run.manifest.scenario_name.empty() ? "run" : run.manifest.scenario_name;
  std::string out =
      page_start("chatbench · " + name + " · " + std::string(run_status(run, verdicts)),
                 latency.size() + over_time.size() + sweeps.size());
  out += header(run, verdicts, scenario_summary);
  std::vector<Figures> figures;
  for (const run::TargetRun &t : run.targets) {
    figures.push_back(compute_figures(t));
  }
  out += summary(run, figures);
  out += thresholds(verdicts);
  out += capacity_section(run, sweeps);
  out += charts("latency", "Latency distributions (measured phase, ok requests)", latency);
  out += charts("over-time", "Over time (every phase)", over_time);
  out += failures(run, figures);
  out += conformance_section(run);
  out += targets_section(run);
  out += manifest_section(run);
  out += page_end(run.manifest.version);
  return out;
}

} // namespace chatbench::report
