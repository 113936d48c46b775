#include "cli/report_command.hpp"

#include "cli/app.hpp"
#include "cli/report_files.hpp"
#include "cli/scenario_flags.hpp"
#include "report/console.hpp"
#include "report/json_report.hpp"
#include "report/saved_run.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

namespace chatbench::cli {
namespace {

namespace fs = std::filesystem;

struct ReportFlags {
  std::string run;
  std::vector<std::string> formats;
  std::string out;
};

// What --format accepts: json (a copy of the saved report.json, only when asked), the views, csv
// and console. Without --format: everything but json.
std::vector<std::string_view> known_formats() {
  std::vector<std::string_view> known{"json"};
  for (const ReportView &view : report_views()) {
    known.push_back(view.format);
  }
  known.insert(known.end(), {"csv", "console"});
  return known;
}

Result<std::vector<std::string>> chosen_formats(const std::vector<std::string> &given) {
  const std::vector<std::string_view> known = known_formats();
  if (given.empty()) {
    return std::vector<std::string>(known.begin() + 1, known.end());
  }
  for (const std::string &format : given) {
    if (std::find(known.begin(), known.end(), format) != known.end()) {
      continue;
    }
    return make_error(ErrorCode::invalid_argument,
                      "--format: unknown format " + util::quoted(format) +
                          util::did_you_mean(format, known, "; expected " + util::one_of(known)));
  }
  return given;
}

// RUN_DIR is a run's folder or its report.json.
Result<std::string> report_path(const std::string &run) {
  std::error_code error;
  if (fs::is_directory(run, error)) {
    const fs::path path = fs::path(run) / "report.json";
    if (!fs::exists(path, error)) {
      return make_error(ErrorCode::io, run + ": no report.json in this folder");
    }
    return path.string();
  }
  if (!fs::exists(run, error)) {
    return make_error(ErrorCode::io, run + ": no such folder or file");
  }
  return run;
}

// requests.csv's source: requests.jsonl beside report.json first (the folder may have been moved
// or copied since), else the path the run recorded (relative to where it was started); "" when
// the run kept none or neither exists.
std::string requests_source(const report::SavedRun &saved) {
  const std::string &recorded = saved.output.requests_file;
  if (recorded.empty()) {
    return "";
  }
  std::error_code error;
  const fs::path beside = fs::path(saved.path).parent_path() / fs::path(recorded).filename();
  if (fs::is_regular_file(beside, error)) {
    return beside.string();
  }
  return fs::is_regular_file(recorded, error) ? recorded : "";
}

int bad_input(const Error &error) {
  std::cerr << "chatbench report: " << error.message << '\n';
  return k_exit_bad_input;
}

int report_command(const ReportFlags &flags) {
  Result<std::vector<std::string>> formats = chosen_formats(flags.formats);
  if (!formats) {
    return bad_input(formats.error());
  }
  Result<std::string> path = report_path(flags.run);
  if (!path) {
    return bad_input(path.error());
  }
  Result<report::SavedRun> saved = report::load_saved_run(*path);
  if (!saved) {
    return bad_input(saved.error());
  }
  const std::string out = !flags.out.empty()               ? flags.out
                          : !saved->output.out_dir.empty() ? saved->output.out_dir
                                                           : ".";
  std::error_code error;
  fs::create_directories(out, error);
  if (error) {
    return bad_input({ErrorCode::io, "cannot create " + out + ": " + error.message()});
  }
  ReportFiles files{out,
                    *formats,
                    {},
                    requests_source(*saved),
                    saved->document.value("/scenario/summary"_json_pointer, std::string())};
  if (wants_format(files.formats, "csv") && files.requests_jsonl.empty()) {
    const std::string why =
        "requests.csv needs the run's requests.jsonl, and there is none " +
        std::string(saved->output.requests_file.empty()
                        ? "(the run kept no request log)"
                        : "beside " + *path + " or at " + saved->output.requests_file);
    if (!flags.formats.empty()) {
      return bad_input({ErrorCode::invalid_argument, "--format csv: " + why});
    }
    std::cerr << "chatbench report: " << why << '\n';
  }
  if (wants_format(files.formats, "json")) {
    files.write_json = [&saved](const std::string &json_path) {
      return report::write_json_file(json_path, saved->document);
    };
  }
  Result<std::vector<std::string>> written =
      write_report_files(files, saved->output, saved->verdicts);
  if (!written) {
    return bad_input(written.error());
  }
  if (wants_format(files.formats, "console")) {
    report::print_summary(std::cout, saved->output, saved->verdicts, console_options());
  }
  std::cout << written_line(*written);
  return k_exit_ok;
}

} // namespace

void add_report_command(CLI::App &app, std::function<int()> &action) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App *cmd = app.add_subcommand(
      "report", "Render a finished run's reports again from its report.json, without re-running");
  cmd->add_option("run_dir", flags->run,
                  "The run's folder (holding report.json), or its report.json")
      ->required();
  cmd->add_option("--format", flags->formats,
                  "What to render, comma-separated or repeated: md (summary.md), junit "
                  "(junit.xml), html (report.html), csv (requests.csv, from requests.jsonl), "
                  "console (the summary on stdout), json (a copy of report.json). Default: all "
                  "but json")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("-o,--out", flags->out, "Folder for the files (default: the run's folder)");
  cmd->footer("Exit codes: 0 the files were written, whatever the run's status (re-rendering is "
              "not a verdict; the status is in the files), 2 bad input (a missing or invalid "
              "report.json, an unknown format, a folder that cannot be written).");
  cmd->callback([&action, flags] {
    action = [flags] {
      return report_command(*flags);
    };
  });
}

} // namespace chatbench::cli
