#include "cli/compare_command.hpp"

#include "cli/app.hpp"
#include "cli/scenario_flags.hpp"
#include "report/compare.hpp"
#include "report/compare_html.hpp"
#include "report/json_report.hpp"
#include "report/saved_run.hpp"
#include "util/units.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace chatbench::cli {
namespace {

struct CompareFlags {
  std::vector<std::string> reports;
  std::string baseline;
  std::string tolerance = "10%";
  std::string out;
};

// Writes `text` as DIR/`name` (nothing without --out) and says so.
Result<void> write_output(const std::string &dir, std::string_view name, const std::string &text) {
  if (dir.empty()) {
    return {};
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create " + dir + ": " + error.message());
  }
  const std::string path = (std::filesystem::path(dir) / name).string();
  Result<void> written = report::write_text_file(path, text);
  if (written) {
    std::cout << "report: " << path << '\n';
  }
  return written;
}

// compare.html: the columns' saved runs give the overlaid distributions.
Result<void> write_html(const std::string &dir, const std::vector<report::ReportFile> &files,
                        const std::vector<report::Column> &columns) {
  if (dir.empty()) {
    return {};
  }
  std::vector<report::SavedRun> runs;
  for (const report::ReportFile &file : files) {
    Result<report::SavedRun> run = report::saved_run_from_json(file.document, file.path);
    if (!run) {
      return Unexpected(run.error());
    }
    runs.push_back(std::move(*run));
  }
  std::vector<report::ChartTarget> charts;
  std::size_t column = 0;
  for (const report::SavedRun &run : runs) {
    for (const run::TargetRun &target : run.output.targets) {
      if (target.error.empty() && column < columns.size()) {
        charts.push_back({columns[column].label, &target});
      }
      ++column;
    }
  }
  return write_output(dir, "compare.html", report::comparison_html(columns, charts));
}

int fail(const Error &error) {
  std::cerr << "chatbench compare: " << error.message << '\n';
  return k_exit_bad_input;
}

int compare_command(const CompareFlags &flags) {
  std::vector<report::ReportFile> files;
  for (const std::string &path : flags.reports) {
    Result<report::ReportFile> file = report::read_report_file(path);
    if (!file) {
      return fail(file.error());
    }
    files.push_back(std::move(*file));
  }
  if (flags.baseline.empty()) {
    const std::vector<report::Column> columns = report::columns_of(files);
    if (columns.empty()) {
      return fail({ErrorCode::invalid_argument, "the reports have no targets"});
    }
    std::cout << report::comparison_text(
        columns, static_cast<std::size_t>(std::max(60, console_options().width)));
    if (Result<void> md =
            write_output(flags.out, "compare.md", report::comparison_markdown(columns));
        !md) {
      return fail(md.error());
    }
    const Result<void> html = write_html(flags.out, files, columns);
    return html ? k_exit_ok : fail(html.error());
  }
  if (files.size() != 1) {
    return fail({ErrorCode::invalid_argument, "--baseline compares one new report with it; got " +
                                                  std::to_string(files.size())});
  }
  Result<double> tolerance = util::parse_fraction(flags.tolerance);
  if (!tolerance) {
    return fail({ErrorCode::invalid_argument, "--tolerance: " + tolerance.error().message});
  }
  Result<report::ReportFile> baseline = report::read_report_file(flags.baseline);
  if (!baseline) {
    return fail(baseline.error());
  }
  const std::vector<report::Change> changes =
      report::regressions(*baseline, files.front(), *tolerance);
  std::cout << report::regression_text(changes, *tolerance);
  if (Result<void> written =
          write_output(flags.out, "compare.md", report::regression_markdown(changes, *tolerance));
      !written) {
    return fail(written.error());
  }
  const bool regressed =
      std::any_of(changes.begin(), changes.end(), [](const auto &c) { return c.regressed; });
  return regressed ? k_exit_failed : k_exit_ok;
}

} // namespace

void add_compare_command(CLI::App &app, std::function<int()> &action) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App *cmd = app.add_subcommand("compare", "Compare runs side by side, or gate on a baseline");
  cmd->add_option("reports", flags->reports, "report.json files")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--baseline", flags->baseline,
                  "A baseline report.json: fail when a metric got worse than --tolerance")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tolerance", flags->tolerance,
                  "How much worse a metric may get, e.g. 10% (default), 0.05");
  cmd->add_option("-o,--out", flags->out,
                  "Folder for compare.md (and, side by side, compare.html)");
  cmd->footer("Exit codes: 0 no regression (or side by side), 1 a metric regressed, 2 bad input.");
  cmd->callback([&action, flags] {
    action = [flags] {
      return compare_command(*flags);
    };
  });
}

} // namespace chatbench::cli
