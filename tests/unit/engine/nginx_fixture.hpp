#pragma once
// A real HTTP server on 127.0.0.1 for the engine tests: Debian's nginx started as a child process
// (`daemon off`) from a generated configuration in a temporary directory, with
// - static responses (JSON, SSE transcripts) served for POST through the `error_page 405` trick;
// - status locations (429 with Retry-After, 500);
// - timed SSE streams from the echo module (libnginx-mod-http-echo): echo_flush + echo_sleep;
// - optionally an `ssl http2` port with a throwaway self-signed certificate (openssl CLI).
// Tests skip (GTEST_SKIP) when nginx or the echo module is missing.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace chatbench::engine::testing {

inline constexpr const char *k_nginx = "/usr/sbin/nginx";
inline constexpr const char *k_echo_module = "/usr/lib/nginx/modules/ngx_http_echo_module.so";

/// A TCP port that was free a moment ago (bound to port 0, then closed).
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

inline bool port_accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

/// An SSE event line pair: "data: <data>\n\n".
inline std::string sse(std::string_view data) {
  return "data: " + std::string(data) + "\n\n";
}
inline std::string role_chunk() {
  return sse(R"({"choices":[{"delta":{"role":"assistant","content":""}}]})");
}
inline std::string token_chunk(std::string_view text = "tok") {
  return sse(R"({"choices":[{"delta":{"content":")" + std::string(text) + R"("}}]})");
}
inline std::string finish_chunk() {
  return sse(R"({"choices":[{"delta":{},"finish_reason":"stop"}]})");
}
inline std::string usage_chunk(int tokens) {
  return sse(R"({"choices":[],"usage":{"completion_tokens":)" + std::to_string(tokens) + "}}");
}
inline std::string done_marker() {
  return sse("[DONE]");
}

struct NginxOptions {
  bool tls = false; ///< also listen with `ssl http2` on tls_url()
};

class NginxServer {
public:
  /// Starts nginx; ok() says whether it runs, why_not() why not.
  explicit NginxServer(NginxOptions options = {}) {
    if (access(k_nginx, X_OK) != 0 || access(k_echo_module, R_OK) != 0) {
      m_why_not = "nginx or libnginx-mod-http-echo is not installed";
      return;
    }
    char dir_template[] = "/tmp/chatbench-engine-test-XXXXXX";
    if (mkdtemp(dir_template) == nullptr) {
      m_why_not = "mkdtemp failed";
      return;
    }
    m_dir = dir_template;
    chmod(m_dir.c_str(), 0755); // nginx's worker runs as another user
    std::filesystem::create_directories(m_dir + "/logs");
    std::filesystem::create_directories(m_dir + "/temp");
    m_port = free_port();
    if (options.tls) {
      m_tls_port = free_port();
      if (!make_certificate()) {
        m_why_not = "openssl could not make a certificate";
        return;
      }
    }
    write_files();
    write_config();
    start();
  }

  ~NginxServer() {
    stop();
    if (!m_dir.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_dir, ignored);
    }
  }

  NginxServer(const NginxServer &) = delete;
  NginxServer &operator=(const NginxServer &) = delete;

  bool ok() const { return m_pid > 0; }
  const std::string &why_not() const { return m_why_not; }
  std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
  }
  std::string tls_url(std::string_view path) const {
    return "https://127.0.0.1:" + std::to_string(m_tls_port) + std::string(path);
  }
  std::string certificate() const { return m_dir + "/cert.pem"; }

  /// The body of the SSE transcript at /sse (role, 3 tokens, finish, usage, [DONE]).
  static std::string ok_stream() {
    return role_chunk() + token_chunk("a") + token_chunk("b") + token_chunk("c") + finish_chunk() +
           usage_chunk(3) + done_marker();
  }

private:
  // SIGTERM is nginx's fast shutdown (master and worker); SIGKILL to the whole group if it
  // lingers for 5 s.
  void stop() {
    if (m_pid <= 0) {
      return;
    }
    kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 500 && waitpid(m_pid, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (waitpid(m_pid, &status, WNOHANG) == 0) {
      kill(-m_pid, SIGKILL);
      waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
  }

  void write(const std::string &name, const std::string &content) const {
    std::ofstream(m_dir + "/" + name, std::ios::binary) << content;
  }

  void write_files() const {
    write("ok.sse", ok_stream());
    write("nodone.sse", role_chunk() + token_chunk() + token_chunk());
    write("finish_only.sse", role_chunk() + token_chunk() + finish_chunk());
    write("error.sse", role_chunk() + token_chunk() +
                           sse(R"({"error":{"message":"the model is overloaded"}})") +
                           done_marker());
    write("badjson.sse", role_chunk() + sse("this is not json") + finish_chunk() + done_marker());
    write("comments.sse", ": keep-alive\n\n" + role_chunk() + ": ping\n\n" + token_chunk() +
                              finish_chunk() + done_marker());
    write("bigevent.sse", role_chunk() + sse(std::string(10000, 'x')) + done_marker());
    std::string big = R"({"choices":[{"message":{"content":")";
    big += std::string(200000, 'y') + R"("},"finish_reason":"stop"}]})";
    write("big.json", big);
  }

  // A static file answered to POST: nginx's static handler refuses POST with 405, which
  // error_page turns into an internal GET redirect to a twin location.
  std::string static_location(const std::string &path, const std::string &file,
                              const std::string &type) const {
    return "location = " + path + " { default_type " + type + "; alias " + m_dir + "/" + file +
           "; error_page 405 =200 /_get" + path + "; }\n" + "location = /_get" + path +
           " { internal; default_type " + type + "; alias " + m_dir + "/" + file + "; }\n";
  }

  // An echo-module stream: each piece flushed, with a pause (seconds) before the next.
  static std::string timed_stream(const std::vector<std::pair<std::string, double>> &pieces) {
    std::string body = "default_type text/event-stream; echo_read_request_body; ";
    for (const auto &[piece, pause] : pieces) {
      std::string escaped;
      for (const char c : piece) {
        escaped += c == '\n'   ? std::string("\\n")
                   : c == '\'' ? std::string("\\'")
                               : std::string(1, c);
      }
      body += "echo -n '" + escaped + "'; echo_flush; ";
      if (pause > 0) {
        char seconds[32]; // echo_sleep takes at most three decimals
        std::snprintf(seconds, sizeof seconds, "%.3f", pause);
        body += "echo_sleep " + std::string(seconds) + "; ";
      }
    }
    return body;
  }

  void write_config() const {
    const std::string json =
        R"({"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],)"
        R"("usage":{"completion_tokens":5}})";
    std::string http = "access_log off; keepalive_requests 1000000; keepalive_timeout 60s;\n";
    for (const char *temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      http += std::string(temp) + "_temp_path " + m_dir + "/temp/" + temp + ";\n";
    }
    std::string locations;
    locations += "location = /json { default_type application/json; return 200 '" + json + "'; }\n";
    locations += static_location("/sse", "ok.sse", "text/event-stream");
    locations += static_location("/sse_nodone", "nodone.sse", "text/event-stream");
    locations += static_location("/sse_finish_only", "finish_only.sse", "text/event-stream");
    locations += static_location("/sse_error", "error.sse", "text/event-stream");
    locations += static_location("/sse_badjson", "badjson.sse", "text/event-stream");
    locations += static_location("/sse_comments", "comments.sse", "text/event-stream");
    locations += static_location("/sse_as_json", "ok.sse", "application/json");
    locations += static_location("/sse_bigevent", "bigevent.sse", "text/event-stream");
    locations += static_location("/big", "big.json", "application/json");
    locations += "location = /429 { add_header Retry-After 7 always; default_type "
                 "application/json; return 429 '{\"error\":{\"message\":\"slow down\"}}'; }\n";
    char date[64];
    const std::time_t later = std::time(nullptr) + 120;
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&later));
    locations += "location = /429date { add_header Retry-After '" + std::string(date) +
                 "' always; return 429; }\n";
    locations += "location = /500 { return 500; }\n";
    locations += "location = /slow { " +
                 timed_stream({{role_chunk(), 0.2},
                               {token_chunk(), 0.05},
                               {token_chunk(), 0.05},
                               {token_chunk() + finish_chunk() + done_marker(), 0}}) +
                 "}\n";
    locations += "location = /stall_first { " +
                 timed_stream({{role_chunk(), 3}, {token_chunk() + done_marker(), 0}}) + "}\n";
    locations += "location = /stall_mid { " +
                 timed_stream({{role_chunk() + token_chunk(), 3}, {done_marker(), 0}}) + "}\n";
    // Reads the request body before answering, as a real server would (nginx's static and
    // `return` locations answer first and reset an HTTP/2 stream, which libcurl 7.88.1 mishandles).
    locations += "location = /sse_read { " + timed_stream({{ok_stream(), 0}}) + "}\n";
    locations += "location = /hold { default_type application/json; echo_read_request_body; "
                 "echo_sleep 0.2; echo -n '" +
                 json + "'; }\n";
    locations +=
        "location = /hold_stream { " +
        timed_stream(
            {{role_chunk(), 0.1}, {token_chunk(), 0.1}, {finish_chunk() + done_marker(), 0}}) +
        "}\n";
    std::string servers =
        "server { listen 127.0.0.1:" + std::to_string(m_port) + ";\n" + locations + "}\n";
    if (m_tls_port > 0) {
      servers += "server { listen 127.0.0.1:" + std::to_string(m_tls_port) + " ssl http2;\n" +
                 "ssl_certificate " + m_dir + "/cert.pem; ssl_certificate_key " + m_dir +
                 "/key.pem;\n" + locations + "}\n";
    }
    write("nginx.conf", "load_module " + std::string(k_echo_module) + ";\n" +
                            "daemon off; master_process on; worker_processes 1;\n" +
                            "worker_rlimit_nofile 8192;\n" + "pid " + m_dir + "/nginx.pid;\n" +
                            "error_log " + m_dir + "/logs/error.log warn;\n" +
                            "events { worker_connections 4096; }\n" + "http {\n" + http + servers +
                            "}\n");
  }

  bool make_certificate() const {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
        m_dir + "/key.pem -out " + m_dir + "/cert.pem >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }

  void start() {
    const std::string conf = m_dir + "/nginx.conf";
    const std::string log = m_dir + "/logs/error.log";
    m_pid = fork();
    if (m_pid == 0) {
      // Its own process group (so that stopping it reaches its worker too) and no inherited
      // stdout: a test runner reading our output through a pipe must not wait for nginx.
      setpgid(0, 0);
      const int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      execl(k_nginx, "nginx", "-p", m_dir.c_str(), "-c", conf.c_str(), "-e", log.c_str(),
            static_cast<char *>(nullptr));
      _exit(127);
    }
    if (m_pid < 0) {
      m_why_not = "fork failed";
      return;
    }
    for (int i = 0; i < 500; ++i) {
      if (port_accepts(m_port) && (m_tls_port < 0 || port_accepts(m_tls_port))) {
        return;
      }
      int status = 0;
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        std::ifstream in(log);
        m_why_not = "nginx exited: " + std::string(std::istreambuf_iterator<char>(in), {});
        m_pid = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_why_not = "nginx did not accept connections within 5 s";
    stop();
  }

  std::string m_dir;
  int m_port = -1;
  int m_tls_port = -1;
  pid_t m_pid = -1;
  std::string m_why_not;
};

/// A test suite sharing one nginx. Where nginx cannot start the tests are skipped, except under
/// CI (the CI variable set): CI installs nginx, so a skip there would hide every engine test.
template <bool Tls = false> class NginxSuite : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_server = std::make_unique<NginxServer>(NginxOptions{Tls}); }
  static void TearDownTestSuite() { s_server.reset(); }
  void SetUp() override {
    if (s_server->ok()) {
      return;
    }
    if (std::getenv("CI") != nullptr) {
      FAIL() << s_server->why_not();
    }
    GTEST_SKIP() << s_server->why_not();
  }

  static inline std::unique_ptr<NginxServer> s_server;
};

} // namespace chatbench::engine::testing
