#include "run/request_log.hpp"

#include "util/text.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace chatbench::run {

Result<std::unique_ptr<RequestLog>> RequestLog::open(const std::string &path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(ErrorCode::io, "cannot create " + path + ": " + std::strerror(errno));
  }
  return std::unique_ptr<RequestLog>(new RequestLog(path, fd));
}

RequestLog::~RequestLog() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

void RequestLog::append(std::string_view lines) noexcept {
  const std::lock_guard lock(m_mutex);
  while (!lines.empty() && m_errno == 0) {
    const ssize_t written = ::write(m_fd, lines.data(), lines.size());
    if (written < 0) {
      if (errno != EINTR) {
        m_errno = errno;
      }
      continue;
    }
    lines.remove_prefix(static_cast<std::size_t>(written));
  }
}

Result<void> RequestLog::status() const {
  const std::lock_guard lock(m_mutex);
  if (m_errno != 0) {
    return make_error(ErrorCode::io, "writing " + m_path + ": " + std::strerror(m_errno));
  }
  return {};
}

namespace {

void append_int(std::string &out, std::int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

class LineWriter {
public:
  explicit LineWriter(std::string &out) : m_out(out) {}

  void key(std::string_view name) {
    m_out += m_first ? "{\"" : ",\"";
    m_first = false;
    m_out += name;
    m_out += "\":";
  }
  void integer(std::string_view name, std::int64_t value) {
    key(name);
    append_int(m_out, value);
  }
  void time(std::string_view name, std::int64_t at_ns, std::int64_t start_ns) {
    key(name);
    if (at_ns < 0) {
      m_out += "null";
    } else {
      append_int(m_out, at_ns - start_ns);
    }
  }
  void optional(std::string_view name, std::int64_t value) {
    key(name);
    if (value < 0) {
      m_out += "null";
    } else {
      append_int(m_out, value);
    }
  }
  void boolean(std::string_view name, bool value) {
    key(name);
    m_out += value ? "true" : "false";
  }
  void string(std::string_view name, std::string_view value) {
    key(name);
    util::append_json_string(m_out, value);
  }
  std::string &out() { return m_out; }

private:
  std::string &m_out;
  bool m_first = true;
};

} // namespace

void append_record_line(std::string &out, const metrics::RequestRecord &r, std::string_view target,
                        std::int64_t start_ns) {
  LineWriter w(out);
  w.string("target", target);
  w.integer("id", static_cast<std::int64_t>(r.id));
  w.integer("worker", r.worker);
  w.string("phase", metrics::to_string(r.phase));
  w.boolean("stream", r.stream);
  w.string("outcome", metrics::to_string(r.outcome));
  w.string("detail", r.detail);
  w.integer("http_status", r.http_status);
  w.integer("http_version", r.http_version);
  w.boolean("reused", r.connection_reused);
  w.boolean("late", r.late);
  w.time("intended_ns", r.intended_ns, start_ns);
  w.time("sent_ns", r.sent_ns, start_ns);
  w.time("connected_ns", r.connected_ns, start_ns);
  w.time("tls_ns", r.tls_done_ns, start_ns);
  w.time("first_byte_ns", r.first_byte_ns, start_ns);
  w.time("first_event_ns", r.first_event_ns, start_ns);
  w.time("first_role_ns", r.first_role_ns, start_ns);
  w.time("first_token_ns", r.first_token_ns, start_ns);
  w.time("last_token_ns", r.last_token_ns, start_ns);
  w.time("done_ns", r.done_ns, start_ns);
  w.integer("events", r.events);
  w.integer("comments", r.comments);
  w.integer("token_events", r.token_events);
  w.integer("tokens", static_cast<std::int64_t>(r.tokens));
  w.optional("usage_completion_tokens", r.usage_completion_tokens);
  w.integer("output_tokens", static_cast<std::int64_t>(r.output_tokens()));
  w.integer("output_bytes", static_cast<std::int64_t>(r.output_bytes));
  w.integer("bytes_sent", static_cast<std::int64_t>(r.bytes_sent));
  w.integer("bytes_received", static_cast<std::int64_t>(r.bytes_received));
  w.optional("retry_after_s", r.retry_after_s);
  w.boolean("done_marker", r.done_marker);
  w.boolean("finish_seen", r.finish_seen);
  w.optional("longest_stall_ns", r.longest_stall_ns);
  w.key("itl_ns");
  out += '[';
  for (std::size_t i = 0; i < r.itl_ns.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    append_int(out, r.itl_ns[i]);
  }
  out += "]}\n";
}

} // namespace chatbench::run
