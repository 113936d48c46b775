#pragma once
// One client connection (internal to the mock): reads requests with Beast's parser, routes them,
// and runs a Generation's steps on a steady_timer, recording the emission lag of every timed
// write (and, with Config::stamp_emissions, writing the same instant into the step's stamp
// field, just before the write starts). Keep-alive and pipelining: requests are served one after
// the other. Lives in a shared_ptr kept by its pending operations (and by the admission queue while
// it waits there); used only from its own I/O thread.
#include "mock/generation.hpp"
#include "mock/server_state.hpp"
#include "mock/validation.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace chatbench::mock {

class Session : public std::enable_shared_from_this<Session> {
public:
  Session(boost::asio::ip::tcp::socket socket, ServerState &state, LagHistogram &lag);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  void start();

private:
  using Clock = std::chrono::steady_clock;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void read_request();
  void on_read(boost::system::error_code ec);
  void route(const Request &request);
  void chat(const Request &request);
  bool authorized(const Request &request, bool keep_alive);
  void simple_reply(const ErrorReply &reply, bool keep_alive,
                    std::optional<std::uint32_t> retry_after = std::nullopt);
  void begin_generation(GenerationSetup setup);
  void on_admitted();

  void run_step();
  void perform_step(bool timed);
  void on_written(boost::system::error_code ec);
  void finish(bool keep_alive);
  void reset_connection();
  void close();
  void release_slot();

  boost::asio::ip::tcp::socket m_socket;
  ServerState &m_state;
  LagHistogram &m_lag;
  boost::beast::flat_buffer m_buffer;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
  boost::asio::steady_timer m_timer;
  std::string m_out; ///< bytes of the write in flight

  std::optional<Generation> m_generation;
  Step m_step;
  Clock::time_point m_due;         ///< when the current step is (was) due
  Clock::time_point m_admitted_at; ///< when the slot was granted
  bool m_holds_slot = false;
  bool m_admitted = false;
  bool m_waiting_admission = false;
  bool m_keep_alive_after_write = true; ///< simple replies: what to do once written
};

} // namespace chatbench::mock
