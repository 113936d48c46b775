// chatbench: load and conformance benchmark for chat-completions APIs.
// Exit codes: 0 success, 1 a check failed, 2 bad input or configuration, 3 interrupted.
#include "cli/app.hpp"

int main(int argc, char **argv) {
  return chatbench::cli::run_app(argc, argv);
}
