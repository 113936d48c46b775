#include "conformance/schema.hpp"

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <exception>

namespace chatbench::conformance {
namespace {

// RFC 6901: '~' -> "~0", '/' -> "~1".
void append_pointer_token(std::string &pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

// valijson's context is {"<root>", "[choices]", "[0]", ...}: one bracketed token per step.
std::string pointer_of(const std::vector<std::string> &context) {
  std::string pointer;
  for (const std::string &step : context) {
    if (step.size() >= 2 && step.front() == '[' && step.back() == ']') {
      append_pointer_token(pointer, std::string_view(step).substr(1, step.size() - 2));
    }
  }
  return pointer;
}

// "Missing required property 'created'." names a child of the context's object.
void point_at_missing_property(Violation &v) {
  constexpr std::string_view k_prefix = "Missing required property '";
  const std::string_view message = v.message;
  if (!message.starts_with(k_prefix)) {
    return;
  }
  const std::string_view rest = message.substr(k_prefix.size());
  const std::size_t end = rest.rfind('\'');
  if (end != std::string_view::npos) {
    append_pointer_token(v.pointer, rest.substr(0, end));
  }
}

struct Raw {
  std::vector<std::string> context;
  std::string description;
};

constexpr std::string_view k_branch_marker = "Failed to validate against child schema #";
constexpr std::string_view k_group_end = "Failed to validate against any ";

// "Failed to validate against child schema #3." -> 3; -1 for anything else.
int branch_index(const Raw &r) {
  const std::string_view d = r.description;
  if (!d.starts_with(k_branch_marker)) {
    return -1;
  }
  int k = 0;
  for (const char c : d.substr(k_branch_marker.size())) {
    if (c < '0' || c > '9') {
      break;
    }
    k = k * 10 + (c - '0');
  }
  return k;
}

bool descends_from(const std::vector<std::string> &context, const std::vector<std::string> &base) {
  return context.size() >= base.size() && std::equal(base.begin(), base.end(), context.begin());
}

// valijson reports a failed anyOf/oneOf as one flat block: each branch's errors followed by
// "...child schema #k.", then "...any ... constraint.", all at the group's context. Keeps only
// the branch with the fewest errors (the closest match) in place of the whole block, so a value
// that nearly matches one form is not also blamed for every field of the other forms.
// Returns false when `raw` has no group left.
bool reduce_first_group(std::vector<Raw> &raw) {
  const auto end = std::find_if(raw.begin(), raw.end(), [](const Raw &r) {
    return std::string_view(r.description).starts_with(k_group_end);
  });
  if (end == raw.end()) {
    return false;
  }
  const std::vector<std::string> context = end->context;
  // Branch boundaries, walking back: the markers #n-1 .. #0 at the group's context.
  std::vector<std::size_t> markers; // indexes, last branch first
  std::size_t i = static_cast<std::size_t>(end - raw.begin());
  int expected = -1;
  while (i > 0) {
    const Raw &r = raw[i - 1];
    const int k = branch_index(r);
    if (k >= 0 && r.context == context && (expected < 0 || k == expected)) {
      markers.push_back(i - 1);
      expected = k - 1;
      if (k == 0) {
        break;
      }
    } else if (!descends_from(r.context, context) && expected < 0) {
      break;
    }
    --i;
  }
  std::size_t start =
      markers.empty() ? static_cast<std::size_t>(end - raw.begin()) : markers.back();
  while (start > 0 && descends_from(raw[start - 1].context, context) &&
         branch_index(raw[start - 1]) < 0 &&
         !std::string_view(raw[start - 1].description).starts_with(k_group_end)) {
    --start; // branch 0's errors
  }
  // Branch ranges in order: [start, markers.back()), (markers[j+1], markers[j]) ...
  std::vector<std::pair<std::size_t, std::size_t>> branches;
  std::size_t from = start;
  for (auto it = markers.rbegin(); it != markers.rend(); ++it) {
    branches.emplace_back(from, *it);
    from = *it + 1;
  }
  std::vector<Raw> best;
  bool chosen = false;
  for (const auto &[b, e] : branches) {
    if (!chosen || e - b < best.size()) {
      best.assign(raw.begin() + static_cast<std::ptrdiff_t>(b),
                  raw.begin() + static_cast<std::ptrdiff_t>(e));
      chosen = true;
    }
  }
  if (!chosen || best.empty()) {
    best.assign(1, *end); // no branch detail: keep the summary
    best.front().description = "matches none of the allowed forms";
  }
  const auto first = raw.begin() + static_cast<std::ptrdiff_t>(start);
  raw.erase(first, end + 1);
  raw.insert(raw.begin() + static_cast<std::ptrdiff_t>(start), best.begin(), best.end());
  return true;
}

} // namespace

Schema::~Schema() = default;

Result<std::shared_ptr<const Schema>> Schema::compile(std::string_view text,
                                                      std::string_view name) {
  auto schema = std::shared_ptr<Schema>(new Schema());
  schema->m_name = std::string(name);
  try {
    const nlohmann::json document = nlohmann::json::parse(text);
    schema->m_schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, *schema->m_schema);
  } catch (const std::exception &e) {
    return make_error(ErrorCode::invalid_argument, "schema " + std::string(name) + ": " + e.what());
  }
  return std::shared_ptr<const Schema>(std::move(schema));
}

bool Schema::validate(const nlohmann::json &document, std::vector<Violation> &out) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  const valijson::adapters::NlohmannJsonAdapter adapter(document);
  if (validator.validate(*m_schema, adapter, &results)) {
    return true;
  }
  std::vector<Raw> raw;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    raw.push_back(Raw{std::move(error.context), std::move(error.description)});
  }
  while (reduce_first_group(raw)) {
  }
  std::vector<Violation> found;
  for (Raw &r : raw) {
    if (branch_index(r) >= 0) {
      continue; // allOf's per-branch markers: the errors themselves say more
    }
    Violation v{pointer_of(r.context), std::move(r.description)};
    point_at_missing_property(v);
    found.push_back(std::move(v));
  }
  // Deepest first: the most specific reason names the field; the enclosing anyOf/oneOf
  // summaries at shallower pointers add nothing once a deeper one is known.
  std::stable_sort(found.begin(), found.end(), [](const Violation &a, const Violation &b) {
    return a.pointer.size() > b.pointer.size();
  });
  for (Violation &v : found) {
    const bool covered = std::any_of(out.begin(), out.end(), [&v](const Violation &seen) {
      return seen.pointer == v.pointer ||
             (seen.pointer.starts_with(v.pointer) && seen.pointer.size() > v.pointer.size() &&
              seen.pointer[v.pointer.size()] == '/');
    });
    if (!covered) {
      out.push_back(std::move(v));
    }
  }
  return false;
}

} // namespace chatbench::conformance
