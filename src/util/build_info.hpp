#pragma once
// Version and source revision of this build. The definitions are generated at build time
// (cmake/BuildInfo.cmake) so the revision follows the checkout without a reconfigure.
#include <string_view>

namespace chatbench::util {

/// The project version, e.g. "0.1.0".
std::string_view version() noexcept;
/// `git describe --always --dirty` of the source tree at build time, or "unknown".
std::string_view git_revision() noexcept;

} // namespace chatbench::util
