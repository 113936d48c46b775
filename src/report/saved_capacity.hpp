#pragma once
// targets[].capacity of a saved report.json back into a capacity::Result: the inverse of
// report/json_capacity.hpp's capacity_json, exact (latencies are whole nanoseconds there and
// rates are written as the shortest text that reads back as the same double).
//
// Problems go to `in` (report/json_reader.hpp) with the JSON pointer of the first bad field: a
// missing or mistyped field, an unknown mode, over, kind or status name, a latency below -1, a
// step index beyond 2^32 - 1. Not thread-safe (the Reader is not).
#include "capacity/result.hpp"
#include "report/json_reader.hpp"

namespace chatbench::report {

capacity::Result read_capacity(json_read::Reader &in, const json_read::Node &node);

} // namespace chatbench::report
