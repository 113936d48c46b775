#include "capacity/windows.hpp"

#include <algorithm>

namespace chatbench::capacity {
namespace {

std::int64_t median(std::vector<std::int64_t> values) {
  if (values.empty()) {
    return -1;
  }
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

} // namespace

WindowFolder::WindowFolder(std::int64_t measure_start_ns, std::int64_t window_ns, metrics::Slo slo)
    : m_start_ns(measure_start_ns), m_window_ns(std::max<std::int64_t>(window_ns, 1)), m_slo(slo) {}

void WindowFolder::add(const metrics::RequestRecord &record) {
  if (record.done_ns < m_start_ns) {
    return;
  }
  const auto index = static_cast<std::size_t>((record.done_ns - m_start_ns) / m_window_ns);
  if (index >= m_slots.size()) {
    m_slots.resize(index + 1);
  }
  Slot &slot = m_slots[index];
  if (!record.ok()) {
    ++slot.failed;
    return;
  }
  ++slot.ok;
  slot.good += metrics::meets_slo(record, m_slo) ? 1U : 0U;
  slot.output_tokens += record.output_tokens();
  if (record.first_token_ns >= 0 && record.intended_ns >= 0) {
    slot.ttft_ns.push_back(record.first_token_ns - record.intended_ns);
  }
}

std::vector<Window> WindowFolder::windows(std::size_t count) const {
  std::vector<Window> out(count);
  for (std::size_t i = 0; i < count && i < m_slots.size(); ++i) {
    const Slot &slot = m_slots[i];
    out[i] = Window{slot.ok, slot.failed, slot.output_tokens, median(slot.ttft_ns), 0, slot.good};
  }
  return out;
}

std::int64_t WindowFolder::window_end_ns(std::size_t index) const noexcept {
  return m_start_ns + static_cast<std::int64_t>(index + 1) * m_window_ns;
}

} // namespace chatbench::capacity
