#include "capacity/step_figures.hpp"

namespace chatbench::capacity {
namespace {

constexpr double k_ns_per_s = 1e9;

Latency latency(const metrics::Histogram &h) {
  if (h.count() == 0) {
    return {};
  }
  return {h.value_at_percentile(50), h.value_at_percentile(90), h.value_at_percentile(95),
          h.value_at_percentile(99)};
}

double mean_in_flight(const metrics::Timeline &timeline, std::int64_t from_ns, std::int64_t to_ns) {
  const std::vector<metrics::TimelineBucket> buckets = timeline.buckets();
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const std::int64_t start =
        timeline.start_ns() + static_cast<std::int64_t>(i) * timeline.bucket_ns();
    if (start >= from_ns && start < to_ns) {
      sum += static_cast<double>(buckets[i].in_flight);
      ++n;
    }
  }
  return n == 0 ? 0 : sum / static_cast<double>(n);
}

} // namespace

StepFigures step_figures(const metrics::Recorder &recorder, const metrics::Timeline &timeline,
                         std::int64_t measure_start_ns, std::int64_t measure_end_ns,
                         double offered_rate, const WindowTotals &windows) {
  const metrics::Counts &c = recorder.counts();
  StepFigures f;
  const std::int64_t span = c.span_ns();
  f.measured_s = span > 0 ? static_cast<double>(span) / k_ns_per_s : 0;
  const auto per_s = [&](std::uint64_t n) {
    return f.measured_s > 0 ? static_cast<double>(n) / f.measured_s : 0;
  };
  f.requests = c.records;
  f.ok = c.ok();
  f.failed = c.failed();
  f.error_rate = c.error_rate();
  f.offered_rate = offered_rate;
  f.mean_in_flight = mean_in_flight(timeline, measure_start_ns, measure_end_ns);
  if (windows.seconds > 0) {
    f.achieved_rate = static_cast<double>(windows.ok) / windows.seconds;
    f.output_tokens_per_s = static_cast<double>(windows.output_tokens) / windows.seconds;
    f.goodput_per_s = static_cast<double>(windows.good) / windows.seconds;
  } else {
    f.achieved_rate = per_s(f.ok);
    f.output_tokens_per_s = per_s(c.tokens);
    f.goodput_per_s = per_s(timeline.good_requests());
  }
  f.ttft = latency(recorder.histogram(metrics::Metric::ttft_intended));
  f.e2e = latency(recorder.histogram(metrics::Metric::e2e_intended));
  f.itl = latency(recorder.histogram(metrics::Metric::itl));
  return f;
}

} // namespace chatbench::capacity
