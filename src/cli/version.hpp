#pragma once
// The text of `chatbench --version`: version, git revision, libcurl, TLS and HTTP/2 support.
#include <string>

namespace chatbench::cli {

std::string version_text();

} // namespace chatbench::cli
