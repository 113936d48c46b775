#pragma once
// Errors as values. `Result<T>` has the interface of C++23's std::expected<T, Error> (the subset
// chatbench uses), because libstdc++ 12 offers std::expected to GCC only and clang (clang-tidy,
// libFuzzer) must build this code too. Swap in std::expected once both compilers have it.
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace chatbench {

/// The family of a failure; the message carries the specifics a user needs.
enum class ErrorCode {
  invalid_argument, ///< a flag, unit string or expression that does not parse
  invalid_scenario, ///< a scenario that does not decode; the message names file, place and cause
  io,               ///< a file that could not be read or written
  unsupported,      ///< a request this build or its libraries cannot honour
  internal,         ///< a broken invariant inside chatbench
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
};

/// Thrown by Result::value() on an error, as std::bad_expected_access is.
class BadResultAccess : public std::logic_error {
public:
  explicit BadResultAccess(const Error &e) : std::logic_error(e.message) {}
};

/// Wraps an Error for construction of a failed Result, as std::unexpected does.
class Unexpected {
public:
  explicit Unexpected(Error e) : m_error(std::move(e)) {}
  const Error &error() const &noexcept { return m_error; }
  Error &&error() &&noexcept { return std::move(m_error); }

private:
  Error m_error;
};

inline Unexpected make_error(ErrorCode code, std::string message) {
  return Unexpected(Error{code, std::move(message)});
}

template <class T> class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

public:
  Result(const T &value) : m_state(std::in_place_index<0>, value) {}
  Result(T &&value) : m_state(std::in_place_index<0>, std::move(value)) {}
  template <class U>
  requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Unexpected>) Result(U &&value)
      : m_state(std::in_place_index<0>, std::forward<U>(value)) {}
  Result(Unexpected e) : m_state(std::in_place_index<1>, std::move(e).error()) {}

  bool has_value() const noexcept { return m_state.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T &value() & { return checked(), std::get<0>(m_state); }
  const T &value() const & { return checked(), std::get<0>(m_state); }
  T &&value() && { return checked(), std::get<0>(std::move(m_state)); }
  T &operator*() &noexcept { return *std::get_if<0>(&m_state); }
  const T &operator*() const &noexcept { return *std::get_if<0>(&m_state); }
  T *operator->() noexcept { return std::get_if<0>(&m_state); }
  const T *operator->() const noexcept { return std::get_if<0>(&m_state); }
  template <class U> T value_or(U &&fallback) const & {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

  const Error &error() const &noexcept { return *std::get_if<1>(&m_state); }
  Error &&error() &&noexcept { return std::move(*std::get_if<1>(&m_state)); }

private:
  void checked() const {
    if (!has_value()) {
      throw BadResultAccess(error());
    }
  }
  std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Unexpected e) : m_error(std::move(e).error()), m_failed(true) {}

  bool has_value() const noexcept { return !m_failed; }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (m_failed) {
      throw BadResultAccess(m_error);
    }
  }
  const Error &error() const &noexcept { return m_error; }
  Error &&error() &&noexcept { return std::move(m_error); }

private:
  Error m_error;
  bool m_failed = false;
};

} // namespace chatbench
