#pragma once
// The engine's seams (engine/request.hpp) filled with OpenAI's wire format:
// - PromptSource: request i's body from the scenario's prompt generator and request options
//   (openai/request_body.hpp), deterministic in (seed, i), so every target of a comparison gets
//   the same prompts whatever the worker. A workload whose body never varies is built once and
//   shared, so a request costs no body copy.
// - ChunkClassifier: each SSE event through openai::classify_chunk (no DOM, no allocation on the
//   success path), each non-streamed body through openai::decode_response.
// Token rule per event: one token-bearing chunk counts 1 (usage.completion_tokens, when sent,
// replaces the count in RequestRecord::output_tokens()). A non-streamed body without usage is
// estimated at one token per 4 bytes of content and reasoning (OpenAI's rule of thumb for
// English), and the report says the count is an estimate (Counts::tokens_unknown).
// Thread-safety: a Workbench is immutable and shared by the workers; each worker has its own
// source and classifier.
#include "engine/request.hpp"
#include "openai/prompt.hpp"
#include "openai/request_body.hpp"
#include "scenario/scenario.hpp"
#include "util/result.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace chatbench::run {

/// What every worker's source reads: the body builder and the prompt generator of one target.
struct Workbench {
  openai::RequestBodyBuilder builder;
  std::unique_ptr<const openai::PromptGenerator> prompts;
  /// Set when every request has the same body (a fixed messages workload): built once.
  std::shared_ptr<const std::string> constant_body;
};

/// Builds the workbench for `target` (its provider and model) from the scenario's workload and
/// request options. ErrorCode::invalid_scenario naming the target when the body options are
/// rejected (openai::RequestBodyBuilder::create) or the workload has nothing to send.
Result<std::shared_ptr<const Workbench>> make_workbench(const scenario::Scenario &scenario,
                                                        const scenario::Target &target);

/// One request per call; counts the requests it made into `made` (relaxed, for progress).
class PromptSource final : public engine::RequestSource {
public:
  PromptSource(std::shared_ptr<const Workbench> bench, std::atomic<std::uint64_t> *made)
      : m_bench(std::move(bench)), m_made(made) {}
  Result<void> next(std::uint64_t id, engine::Request &request) override;

private:
  std::shared_ptr<const Workbench> m_bench;
  std::atomic<std::uint64_t> *m_made;
};

class ChunkClassifier final : public engine::EventClassifier {
public:
  engine::EventClass on_event(std::uint64_t id, std::string_view type,
                              std::string_view data) noexcept override;
  engine::EventClass on_body(std::uint64_t id, std::string_view body) noexcept override;

private:
  std::string m_detail; // backs EventClass::detail until the next call
};

} // namespace chatbench::run
