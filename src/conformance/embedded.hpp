#pragma once
// The files under schemas/ (profiles and JSON Schemas), compiled into the binary at build time
// (cmake/EmbedFiles.cmake). Static data; thread-safe.
#include <optional>
#include <span>
#include <string_view>

namespace chatbench::conformance {

struct EmbeddedFile {
  std::string_view path; ///< relative to schemas/, e.g. "openai/chunk.schema.json"
  std::string_view text;
};

std::span<const EmbeddedFile> embedded_files() noexcept;

/// The file at `path` (relative to schemas/), or nullopt.
inline std::optional<std::string_view> embedded_file(std::string_view path) noexcept {
  for (const EmbeddedFile &file : embedded_files()) {
    if (file.path == path) {
      return file.text;
    }
  }
  return std::nullopt;
}

} // namespace chatbench::conformance
