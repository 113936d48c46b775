#include "report/json_report.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace chatbench::report {
namespace {

Unexpected io_error(const std::string &what, const std::string &path, int error) {
  return make_error(ErrorCode::io, what + " " + path + ": " + std::strerror(error));
}

} // namespace

Result<std::string> read_text_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) { // libstdc++ opens with open(2): errno says why
    return io_error("cannot read", path, errno);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<void> write_json_file(const std::string &path, const nlohmann::json &document) {
  // Details carry server and libcurl text, which need not be valid UTF-8: replace, never throw.
  return write_text_file(
      path, document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Result<void> write_text_file(const std::string &path, std::string_view text) {
  // The temporary file lives beside the target so the rename stays within one file system
  // (atomic); the pid keeps two processes writing reports to one folder apart.
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  std::FILE *file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return io_error("cannot create", temporary, errno);
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size() &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    const int error = written ? errno : write_errno;
    std::remove(temporary.c_str());
    return io_error("cannot write", temporary, error);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return io_error("cannot rename " + temporary + " to", path, error);
  }
  return {};
}

} // namespace chatbench::report
