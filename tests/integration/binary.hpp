#pragma once
// Runs the real chatbench binary (path in CHATBENCH_BIN) as a user would and collects its exit
// code and output. Used by the integration tests; every run is bounded by a timeout.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace chatbench::integration {

struct Outcome {
  int exit_code = -1; ///< -1 when killed by the timeout
  std::string out;    ///< stdout
  std::string err;    ///< stderr
};

inline std::string slurp(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh folder per test, removed afterwards.
struct Workdir {
  std::filesystem::path path;
  explicit Workdir(const std::string &name)
      : path(std::filesystem::temp_directory_path() /
             ("chatbench_it_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~Workdir() { std::filesystem::remove_all(path); }
  std::string file(const std::string &name, const std::string &text) const {
    const auto p = path / name;
    std::ofstream(p) << text;
    return p.string();
  }
  nlohmann::json report(const std::string &dir = "out") const {
    return nlohmann::json::parse(slurp(path / dir / "report.json"));
  }
  std::vector<nlohmann::json> requests(const std::string &dir = "out") const {
    std::vector<nlohmann::json> lines;
    std::ifstream in(path / dir / "requests.jsonl");
    for (std::string line; std::getline(in, line);) {
      lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
  }
};

inline std::string binary() {
  const char *bin = std::getenv("CHATBENCH_BIN");
  return bin != nullptr ? bin : "chatbench";
}

/// Runs `chatbench ARGS` in `cwd`; `while_running` (optional) is called with the child's pid
/// after `delay`. Kills the child after `timeout`.
inline Outcome run(const std::vector<std::string> &args, const std::filesystem::path &cwd,
                   std::chrono::seconds timeout = std::chrono::seconds(60),
                   const std::function<void(pid_t)> &while_running = {},
                   std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
  const auto out_path = cwd / "stdout.txt";
  const auto err_path = cwd / "stderr.txt";
  std::vector<std::string> argv_strings{binary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (std::string &s : argv_strings) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Outcome outcome;
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << argv[0];
    return outcome;
  }
  const auto start = std::chrono::steady_clock::now();
  bool poked = !while_running;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (!poked && elapsed >= delay) {
      while_running(pid);
      poked = true;
    }
    if (elapsed > timeout) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "chatbench did not finish within " << timeout.count() << " s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = slurp(out_path);
  outcome.err = slurp(err_path);
  return outcome;
}

} // namespace chatbench::integration
