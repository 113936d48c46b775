#include "conformance/profile.hpp"

#include "conformance/embedded.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace chatbench::conformance {

// Reads one profile.json; every error names the file and the field.
struct ProfileReader {
  std::string dir;  // "fortytwo/"
  std::string file; // "fortytwo/profile.json"

  Error fail(std::string_view field, std::string_view what) const {
    return Error{ErrorCode::invalid_argument,
                 "schemas/" + file + ": " + std::string(field) + ": " + std::string(what)};
  }

  Result<std::shared_ptr<const Schema>> schema(const nlohmann::json &value,
                                               std::string_view field) const {
    if (!value.is_string()) {
      return Unexpected(fail(field, "expected a schema file name"));
    }
    const std::string path = dir + value.get<std::string>();
    const std::optional<std::string_view> text = embedded_file(path);
    if (!text) {
      return Unexpected(fail(field, "no file schemas/" + path));
    }
    return Schema::compile(*text, path);
  }

  Result<StatusSchemas> status_schemas(const nlohmann::json &media,
                                       const std::string &field) const {
    if (!media.is_object() || media.empty()) {
      return Unexpected(fail(field, "expected an object of media type -> schema file"));
    }
    StatusSchemas out;
    for (const auto &[type, schema_file] : media.items()) {
      Result<std::shared_ptr<const Schema>> compiled = schema(schema_file, field + "/" + type);
      if (!compiled) {
        return Unexpected(compiled.error());
      }
      if (type == "application/json") {
        out.json = std::move(*compiled);
      } else if (type == "text/event-stream") {
        out.event_stream = std::move(*compiled);
      } else {
        return Unexpected(
            fail(field + "/" + type, "expected application/json or text/event-stream"));
      }
      out.media_types.push_back(type);
    }
    return out;
  }

  Result<void> responses(const nlohmann::json &doc, Profile &p) const {
    const auto it = doc.find("responses");
    if (it == doc.end() || !it->is_object()) {
      return Unexpected(fail("/responses", "expected an object of status -> media types"));
    }
    for (const auto &[key, media] : it->items()) {
      Result<StatusSchemas> s = status_schemas(media, "/responses/" + key);
      if (!s) {
        return Unexpected(s.error());
      }
      if (key == "default") {
        p.m_default = std::make_unique<StatusSchemas>(std::move(*s));
        continue;
      }
      int status = 0;
      const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), status);
      if (ec != std::errc() || end != key.data() + key.size() || status < 100 || status > 599) {
        return Unexpected(fail("/responses/" + key, "expected an HTTP status or \"default\""));
      }
      p.m_statuses.emplace(status, std::move(*s));
    }
    return {};
  }

  Result<void> severities(const nlohmann::json &doc, Profile &p) const {
    const auto it = doc.find("severity");
    if (it == doc.end()) {
      return {};
    }
    if (!it->is_object()) {
      return Unexpected(fail("/severity", "expected an object of check -> severity"));
    }
    for (const auto &[name, value] : it->items()) {
      const std::optional<Check> check = check_from_name(name);
      if (!check) {
        return Unexpected(fail("/severity/" + name, "not a check name"));
      }
      const std::optional<Severity> severity =
          value.is_string() ? severity_from_name(value.get<std::string>()) : std::nullopt;
      if (!severity) {
        return Unexpected(fail("/severity/" + name, "expected \"fail\", \"warn\" or \"off\""));
      }
      p.m_severity[static_cast<std::size_t>(*check)] = *severity;
    }
    return {};
  }

  Result<std::vector<std::string>> strings(const nlohmann::json &doc, const char *key) const {
    std::vector<std::string> out;
    const auto it = doc.find(key);
    if (it == doc.end()) {
      return out;
    }
    if (!it->is_array()) {
      return Unexpected(fail(std::string("/") + key, "expected an array of strings"));
    }
    for (const nlohmann::json &item : *it) {
      if (!item.is_string()) {
        return Unexpected(fail(std::string("/") + key, "expected an array of strings"));
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  Result<void> read(const nlohmann::json &doc, Profile &p) const {
    if (!doc.is_object()) {
      return Unexpected(fail("", "expected an object"));
    }
    p.m_title = doc.value("title", p.m_name);
    p.m_source = doc.value("source", "");
    Result<std::shared_ptr<const Schema>> request =
        schema(doc.value("request", nlohmann::json()), "/request");
    if (!request) {
      return Unexpected(request.error());
    }
    p.m_request = std::move(*request);
    const nlohmann::json request_doc =
        nlohmann::json::parse(*embedded_file(dir + doc.at("request").get<std::string>()));
    if (const auto props = request_doc.find("properties");
        props != request_doc.end() && props->is_object()) {
      for (const auto &[key, value] : props->items()) {
        p.m_request_properties.push_back(key);
      }
    }
    if (Result<void> r = responses(doc, p); !r) {
      return r;
    }
    if (Result<void> r = severities(doc, p); !r) {
      return r;
    }
    Result<std::vector<std::string>> reasons = strings(doc, "finish_reasons");
    Result<std::vector<std::string>> notes = strings(doc, "notes");
    if (!reasons || !notes) {
      return Unexpected(!reasons ? reasons.error() : notes.error());
    }
    p.m_finish_reasons = std::move(*reasons);
    p.m_notes = std::move(*notes);
    p.m_finish_reason_nullable = doc.value("finish_reason_nullable", false);
    const std::string integral = doc.value("integral_numbers", "require");
    if (integral != "require" && integral != "warn_fractional") {
      return Unexpected(fail("/integral_numbers", "expected \"require\" or \"warn_fractional\""));
    }
    p.m_integral =
        integral == "require" ? IntegralPolicy::require : IntegralPolicy::warn_fractional;
    return {};
  }
};

Result<std::shared_ptr<const Profile>> Profile::load(std::string_view name) {
  ProfileReader reader{std::string(name) + "/", std::string(name) + "/profile.json"};
  const std::optional<std::string_view> text = embedded_file(reader.file);
  if (!text) {
    return make_error(ErrorCode::invalid_argument,
                      "no conformance profile named " + std::string(name));
  }
  auto profile = std::shared_ptr<Profile>(new Profile());
  profile->m_name = std::string(name);
  try {
    const nlohmann::json doc = nlohmann::json::parse(*text);
    if (Result<void> read = reader.read(doc, *profile); !read) {
      return Unexpected(read.error());
    }
  } catch (const nlohmann::json::exception &e) {
    return Unexpected(reader.fail("", e.what()));
  }
  return std::shared_ptr<const Profile>(std::move(profile));
}

std::vector<std::string> Profile::names() {
  std::vector<std::string> out;
  constexpr std::string_view k_suffix = "/profile.json";
  for (const EmbeddedFile &file : embedded_files()) {
    if (file.path.ends_with(k_suffix) &&
        file.path.find('/') == file.path.size() - k_suffix.size()) {
      out.emplace_back(file.path.substr(0, file.path.size() - k_suffix.size()));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

const StatusSchemas *Profile::responses(int status) const noexcept {
  const auto it = m_statuses.find(status);
  return it != m_statuses.end() ? &it->second : m_default.get();
}

std::vector<int> Profile::documented_statuses() const {
  std::vector<int> out;
  for (const auto &[status, schemas] : m_statuses) {
    out.push_back(status);
  }
  return out;
}

bool Profile::streams() const noexcept {
  const StatusSchemas *ok = responses(200);
  return ok != nullptr && ok->event_stream != nullptr;
}

bool Profile::documents_request_property(std::string_view name) const noexcept {
  return std::find(m_request_properties.begin(), m_request_properties.end(), name) !=
         m_request_properties.end();
}

bool Profile::finish_reason_allowed(std::string_view reason) const noexcept {
  return std::find(m_finish_reasons.begin(), m_finish_reasons.end(), reason) !=
         m_finish_reasons.end();
}

} // namespace chatbench::conformance
