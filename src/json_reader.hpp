// Internal: reading a parsed JSON document (json.hpp) into specs with the errors of spec
// model-v1 §2: JSON pointer, line:column, what was expected and, for unknown keys and enum
// values, the nearest known one. Shared by the model loader and the waivers loader so that
// both say the same things the same way. Not installed.
#pragma once

#include <clearance/builder.hpp>
#include <clearance/error.hpp>
#include <clearance/id_table.hpp>

#include "json.hpp"
#include "json_pointer.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clearance::detail {

// More diagnostics than this are not listed: the first ones say what is wrong.
constexpr std::size_t max_diagnostics = 100;

inline std::string_view type_name(JsonType type) {
  switch (type) {
    case JsonType::null: return "null";
    case JsonType::boolean: return "a boolean";
    case JsonType::number: return "a number";
    case JsonType::string: return "a string";
    case JsonType::array: return "an array";
    case JsonType::object: return "an object";
  }
  return "a value";
}

// A JSON pointer kept as the steps the reader took (keys as views into the document,
// indices as numbers) and written out only when an error needs its text, so that reading
// a valid model builds no pointers at all.
class PointerPath {
 public:
  class Scope {
   public:
    explicit Scope(PointerPath& path) : path_(path) {}
    ~Scope() { path_.steps_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PointerPath& path_;
  };

  // `key` must outlive the scope (a key of the document, or a literal).
  [[nodiscard]] Scope push(std::string_view key) {
    steps_.push_back({key, 0});
    return Scope(*this);
  }
  [[nodiscard]] Scope push(std::size_t index) {
    steps_.push_back({{}, index + 1});
    return Scope(*this);
  }
  std::string str() const {
    std::string text;
    for (const Step& step : steps_) {
      text += '/';
      if (step.index_plus_one != 0) text += std::to_string(step.index_plus_one - 1);
      else if (step.key.find_first_of("~/") == std::string_view::npos) text += step.key;
      else text += escape_pointer_token(step.key);
    }
    return text;
  }

 private:
  struct Step {
    std::string_view key;
    std::size_t index_plus_one;  // 0: a key
  };
  std::vector<Step> steps_;
};

class Reader {
 public:
  Reader(const JsonDocument& doc, std::string file, std::vector<Diagnostic>& diagnostics)
      : doc_(doc), file_(std::move(file)), diagnostics_(diagnostics) {}

  PointerPath& path() { return path_; }
  bool ok() const { return diagnostics_.empty(); }

  void fail_at(std::uint32_t offset, std::string message) {
    if (diagnostics_.size() >= max_diagnostics) return;
    Diagnostic diagnostic{file_, path_.str(), 0, 0, std::move(message)};
    doc_.locate(offset, diagnostic.line, diagnostic.column);
    diagnostics_.push_back(std::move(diagnostic));
  }
  void fail(const JsonValue& value, std::string message) { fail_at(value.offset, std::move(message)); }

  bool expect(const JsonValue& value, JsonType type, std::string_view what) {
    if (value.type == type) return true;
    fail(value, "expected " + std::string(what) + ", got " + std::string(type_name(value.type)));
    return false;
  }

  bool read(const JsonValue& value, std::string& out) {
    if (!expect(value, JsonType::string, "a string")) return false;
    out.assign(doc_.string(value));
    return true;
  }
  bool read(const JsonValue& value, double& out) {
    if (!expect(value, JsonType::number, "a number")) return false;
    out = value.as_number();
    return true;
  }
  bool read(const JsonValue& value, std::int64_t& out) {
    if (value.type == JsonType::number && value.is_integer) {
      out = value.integer();
      return true;
    }
    if (value.type == JsonType::number)
      fail(value, "expected an integer (no fraction or exponent, within 64 bits), got " +
                      std::string(doc_.text().substr(value.offset, number_length(value))));
    else
      expect(value, JsonType::number, "an integer");
    return false;
  }
  template <typename T>
  bool read(const JsonValue& value, std::optional<T>& out) {
    T inner{};
    if (!read(value, inner)) return false;
    out = std::move(inner);
    return true;
  }
  bool read(const JsonValue& value, std::vector<std::string>& out) {
    if (!expect(value, JsonType::array, "an array of strings")) return false;
    out.clear();
    out.reserve(value.size);
    const std::uint32_t* items = doc_.array_items(value);
    bool ok = true;
    for (std::uint32_t i = 0; i < value.size; ++i) {
      auto scope = path_.push(i);
      const JsonValue& item = doc_.value(items[i]);
      if (!expect(item, JsonType::string, "a string")) {
        ok = false;
        continue;
      }
      out.emplace_back(doc_.string(item));
    }
    return ok;
  }
  // {name: number} in document order.
  bool read(const JsonValue& value, NamedAmounts& out) {
    if (!expect(value, JsonType::object, "an object of numbers")) return false;
    out.clear();
    bool ok = true;
    for_each_member(value, [&](std::string_view key, const JsonValue& item) {
      double amount = 0;
      if (read(item, amount)) out.emplace_back(std::string(key), amount);
      else ok = false;
    });
    return ok;
  }
  // {name: string} in document order.
  bool read(const JsonValue& value, std::vector<std::pair<std::string, std::string>>& out) {
    if (!expect(value, JsonType::object, "an object of strings")) return false;
    out.clear();
    bool ok = true;
    for_each_member(value, [&](std::string_view key, const JsonValue& item) {
      std::string text;
      if (read(item, text)) out.emplace_back(std::string(key), std::move(text));
      else ok = false;
    });
    return ok;
  }

  template <typename Enum>
  bool read_enum(const JsonValue& value, std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out) {
    if (!expect(value, JsonType::string, "a string")) return false;
    const std::string_view text = doc_.string(value);
    std::vector<std::string_view> names;
    for (const auto& [name, choice] : choices) {
      if (name == text) {
        out = choice;
        return true;
      }
      names.push_back(name);
    }
    std::string message = "unknown value \"" + std::string(text) + "\"";
    if (auto hint = nearest_name(text, names)) message += "; did you mean \"" + *hint + "\"?";
    message += "; expected one of";
    for (auto name : names) message += " \"" + std::string(name) + "\"";
    fail(value, message);
    return false;
  }

  // Calls f(key, value) for each member with the path pointing at it.
  template <typename F>
  void for_each_member(const JsonValue& object, F&& f) {
    const JsonMember* members = doc_.object_members(object);
    for (std::uint32_t i = 0; i < object.size; ++i) {
      const std::string_view key = doc_.key(members[i]);
      auto scope = path_.push(key);
      f(key, doc_.value(members[i].value));
    }
  }

  // Reads an object whose keys are `known`; f(index of the key in known, value). Reports
  // unknown keys with the nearest known one and missing required keys.
  template <typename F>
  void read_object(const JsonValue& object, std::initializer_list<std::string_view> known, std::uint32_t required,
                   F&& f) {
    if (!expect(object, JsonType::object, "an object")) return;
    std::uint32_t seen = 0;
    const JsonMember* members = doc_.object_members(object);
    for (std::uint32_t i = 0; i < object.size; ++i) {
      const std::string_view key = doc_.key(members[i]);
      std::uint32_t index = 0;
      for (auto name : known) {
        if (name == key) break;
        ++index;
      }
      auto scope = path_.push(key);
      if (index == known.size()) {
        std::string message = "unknown key \"" + std::string(key) + "\"";
        std::vector<std::string_view> names(known.begin(), known.end());
        if (auto hint = nearest_name(key, names)) message += "; did you mean \"" + *hint + "\"?";
        else {
          message += "; expected one of";
          for (auto name : known) message += " \"" + std::string(name) + "\"";
        }
        fail_at(members[i].key_offset, message);
        continue;
      }
      seen |= 1u << index;
      f(index, doc_.value(members[i].value));
    }
    std::uint32_t missing = required & ~seen;
    std::uint32_t index = 0;
    for (auto name : known) {
      if (missing & (1u << index)) fail(object, "missing required key \"" + std::string(name) + "\"");
      ++index;
    }
  }

  // Reads an array of objects; f(index, element).
  template <typename F>
  void read_array(const JsonValue& array, std::string_view what, F&& f) {
    if (!expect(array, JsonType::array, what)) return;
    const std::uint32_t* items = doc_.array_items(array);
    for (std::uint32_t i = 0; i < array.size; ++i) {
      auto scope = path_.push(i);
      f(i, doc_.value(items[i]));
    }
  }

  const JsonDocument& doc() const { return doc_; }

 private:
  std::size_t number_length(const JsonValue& value) const {
    std::size_t end = value.offset;
    const auto text = doc_.text();
    while (end < text.size() && std::string_view("+-.0123456789eE").find(text[end]) != std::string_view::npos) ++end;
    return end - value.offset;
  }

  const JsonDocument& doc_;
  std::string file_;
  std::vector<Diagnostic>& diagnostics_;
  PointerPath path_;
};

// The bit of key `index` in Reader::read_object's `required` mask.
constexpr std::uint32_t bit(std::uint32_t index) { return 1u << index; }

// Parses the text or throws input_error with the syntax error's position.
inline void parse_or_throw(JsonDocument& doc, std::string_view text, const std::string& file) {
  JsonSyntaxError syntax;
  if (doc.parse(text, syntax)) return;
  Diagnostic diagnostic{file, syntax.pointer, 0, 0, "invalid JSON: " + syntax.message};
  doc.locate(syntax.offset, diagnostic.line, diagnostic.column);
  throw input_error({std::move(diagnostic)});
}

}  // namespace clearance::detail
