#include "cli/report_files.hpp"

#include "report/html.hpp"
#include "report/json_report.hpp"
#include "report/markdown.hpp"
#include "report/requests_csv.hpp"
#include "report/run_junit.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>

namespace chatbench::cli {
namespace {

constexpr std::array k_views{
    ReportView{"md", "summary.md", &report::summary_markdown},
    ReportView{"junit", "junit.xml", &report::run_junit},
};

// report.html, its per-request charts from requests.jsonl when it can be read.
Result<void> write_html(const ReportFiles &files, const run::RunOutput &run,
                        std::span<const report::Verdict> verdicts, const std::string &path) {
  std::optional<report::RequestPoints> points;
  if (!files.requests_jsonl.empty()) {
    if (Result<report::RequestPoints> read = report::read_request_points(files.requests_jsonl)) {
      points = std::move(*read);
    }
  }
  return report::write_text_file(
      path, report::run_html(run, verdicts, points ? &*points : nullptr, files.scenario_summary));
}

} // namespace

std::span<const ReportView> report_views() {
  return k_views;
}

bool wants_format(std::span<const std::string> formats, std::string_view format) {
  return formats.empty() || std::find(formats.begin(), formats.end(), format) != formats.end();
}

Result<std::vector<std::string>> write_report_files(const ReportFiles &files,
                                                    const run::RunOutput &run,
                                                    std::span<const report::Verdict> verdicts) {
  const std::filesystem::path dir(files.dir);
  std::vector<std::string> written;
  const auto keep = [&written](const auto &result, const std::filesystem::path &path) {
    if (result) {
      written.push_back(path.string());
    }
    return result.has_value();
  };
  if (files.write_json) {
    const std::filesystem::path path = dir / "report.json";
    if (Result<void> r = files.write_json(path.string()); !keep(r, path)) {
      return Unexpected(r.error());
    }
  }
  for (const ReportView &view : report_views()) {
    if (!wants_format(files.formats, view.format)) {
      continue;
    }
    const std::filesystem::path path = dir / view.file;
    if (Result<void> r = report::write_text_file(path.string(), view.render(run, verdicts));
        !keep(r, path)) {
      return Unexpected(r.error());
    }
  }
  if (wants_format(files.formats, "html")) {
    const std::filesystem::path path = dir / "report.html";
    if (Result<void> r = write_html(files, run, verdicts, path.string()); !keep(r, path)) {
      return Unexpected(r.error());
    }
  }
  if (wants_format(files.formats, "csv") && !files.requests_jsonl.empty()) {
    const std::filesystem::path path = dir / "requests.csv";
    if (Result<report::CsvCounts> r =
            report::write_requests_csv(files.requests_jsonl, path.string());
        !keep(r, path)) {
      return Unexpected(r.error());
    }
  }
  return written;
}

std::string written_line(std::span<const std::string> paths) {
  if (paths.empty()) {
    return "";
  }
  std::string line = "report: " + paths.front();
  for (std::size_t i = 1; i < paths.size(); ++i) {
    line += (i == 1 ? " (and " : ", ") + std::filesystem::path(paths[i]).filename().string();
  }
  return line + (paths.size() > 1 ? ")\n" : "\n");
}

} // namespace chatbench::cli
