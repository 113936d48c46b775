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
    ReportView{"md", "summary.md", false,
               [](const ReportInputs &in) {
                 return report::summary_markdown(in.run, in.verdicts);
               }},
    ReportView{"junit", "junit.xml", false,
               [](const ReportInputs &in) {
                 return report::run_junit(in.run, in.verdicts);
               }},
    ReportView{"html", "report.html", true,
               [](const ReportInputs &in) {
                 return report::run_html(in.run, in.verdicts, in.points, in.scenario_summary);
               }},
};

// requests.jsonl's text, read once when a wanted output uses it; nullopt without one (or, when
// only report.html wants it, when it cannot be read: the page then says what is missing).
Result<std::optional<std::string>> requests_text(const ReportFiles &files) {
  const bool csv = wants_format(files.formats, "csv");
  const bool points = std::any_of(k_views.begin(), k_views.end(), [&](const ReportView &v) {
    return v.uses_points && wants_format(files.formats, v.format);
  });
  if (files.requests_jsonl.empty() || (!csv && !points)) {
    return std::optional<std::string>();
  }
  Result<std::string> text = report::read_text_file(files.requests_jsonl);
  if (!text) {
    if (csv) {
      return Unexpected(text.error());
    }
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::move(*text));
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
  const auto write = [&written](const std::filesystem::path &path,
                                std::string_view text) -> Result<void> {
    if (Result<void> r = report::write_text_file(path.string(), text); !r) {
      return r;
    }
    written.push_back(path.string());
    return {};
  };
  if (files.write_json) {
    const std::filesystem::path path = dir / "report.json";
    if (Result<void> r = files.write_json(path.string()); !r) {
      return Unexpected(r.error());
    }
    written.push_back(path.string());
  }
  Result<std::optional<std::string>> jsonl = requests_text(files);
  if (!jsonl) {
    return Unexpected(jsonl.error());
  }
  std::optional<report::RequestPoints> points;
  ReportInputs inputs{run, verdicts, nullptr, files.scenario_summary};
  for (const ReportView &view : report_views()) {
    if (!wants_format(files.formats, view.format)) {
      continue;
    }
    if (view.uses_points && *jsonl && !points) {
      points = report::parse_request_points(**jsonl);
      inputs.points = &*points;
    }
    if (Result<void> r = write(dir / view.file, view.render(inputs)); !r) {
      return Unexpected(r.error());
    }
  }
  if (wants_format(files.formats, "csv") && *jsonl) {
    if (Result<void> r = write(dir / "requests.csv", report::jsonl_to_csv(**jsonl)); !r) {
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
