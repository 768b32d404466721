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
#include "json_scan.hpp"
#include "keyed_hash.hpp"

#include <array>
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

  // for_each_member for an object whose builder refuses a key given twice (the placement:
  // a workload placed twice is an error of meaning). JsonDocument refuses them anyway;
  // FastReader leaves them to the builder, to spare a hash per key.
  template <typename F>
  void for_each_entry(const JsonValue& object, F&& f) {
    for_each_member(object, std::forward<F>(f));
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

// The fast path of Reader: the same reads, straight from the text as a JsonScanner
// meets it, for a caller that accepts only a document without problems. Where Reader
// would report anything (invalid JSON, an unknown or missing key, a value of the wrong
// type, an unknown enum value) it throws JsonScanner::Rejected instead, and the caller
// reads the document again with Reader to say what is wrong. A Value is where a value
// starts; each must be read exactly once, in document order (as the readers written for
// Reader do: one read per member).
class FastReader {
 public:
  struct Value {
    std::size_t pos;
  };

  explicit FastReader(std::string_view text) : scan_(text) {}

  // The document's value, and after reading it, the end of the document.
  Value root() {
    scan_.skip_ws();
    return {scan_.pos()};
  }
  void finish() { scan_.expect_end(); }

  bool expect(const Value& value, JsonType type, std::string_view) {
    at(value);
    if (scan_.type() != type) reject();
    return true;
  }
  [[noreturn]] void fail(const Value&, const std::string&) { reject(); }

  bool read(const Value& value, std::string& out) {
    at(value);
    scan_.string(out);
    return true;
  }
  // A string as a view of the document: one with escapes is rejected (ids have none;
  // the precise path reads it).
  bool read(const Value& value, std::string_view& out) {
    at(value);
    out = scan_.plain_string();
    return true;
  }
  bool read(const Value& value, double& out) {
    at(value);
    out = scan_.real();
    return true;
  }
  bool read(const Value& value, std::int64_t& out) {
    at(value);
    out = scan_.integer();
    return true;
  }
  template <typename T>
  bool read(const Value& value, std::optional<T>& out) {
    T inner{};
    read(value, inner);
    out = std::move(inner);
    return true;
  }
  bool read(const Value& value, std::vector<std::string>& out) {
    out.clear();
    out.reserve(4);  // a workload's uses, a node's access: mostly a few
    read_array(value, {}, [&](std::uint32_t, const Value& item) {
      at(item);
      scan_.string(out.emplace_back());
    });
    return true;
  }
  bool read(const Value& value, std::vector<std::string_view>& out) {
    out.clear();
    read_array(value, {}, [&](std::uint32_t, const Value& item) {
      at(item);
      out.push_back(scan_.plain_string());
    });
    return true;
  }
  bool read(const Value& value, std::vector<std::pair<std::string_view, double>>& out) {
    out.clear();
    for_each_member(value, [&](std::string_view key, const Value& item) {
      double amount = 0;
      read(item, amount);
      out.emplace_back(key, amount);
    });
    return true;
  }
  bool read(const Value& value, NamedAmounts& out) {
    out.clear();
    out.reserve(4);  // resources: mostly a few
    for_each_member(value, [&](std::string_view key, const Value& item) {
      double amount = 0;
      read(item, amount);
      out.emplace_back(std::string(key), amount);
    });
    return true;
  }
  bool read(const Value& value, std::vector<std::pair<std::string, std::string>>& out) {
    out.clear();
    for_each_member(value, [&](std::string_view key, const Value& item) {
      std::string text;
      read(item, text);
      out.emplace_back(std::string(key), std::move(text));
    });
    return true;
  }

  template <typename Enum>
  bool read_enum(const Value& value, std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out) {
    at(value);
    const std::string_view text = scan_.string_view(scratch_);
    for (const auto& [name, choice] : choices) {
      if (name == text) {
        out = choice;
        return true;
      }
    }
    reject();
  }

  // How many objects the array at `array` holds, by a look at its bytes that minds only
  // strings and brackets, for the stream to size its collections before it reads them
  // (the reading that follows refuses an invalid array all the same).
  std::size_t text_size() const { return scan_.text().size(); }
  std::size_t count_objects(const Value& array) const { return count_array_objects(scan_.text(), array.pos); }

  // Calls f(key, value) for each member. Keys are checked for duplicates as JsonDocument
  // checks them: pairwise in a small object, with a keyed hash in a large one.
  template <typename F>
  void for_each_member(const Value& object, F&& f) {
    at(object);
    scan_.expect('{');
    scan_.skip_ws();
    if (scan_.consume('}')) return;
    KeySet keys;
    while (true) {
      const std::string_view key = scan_.plain_string();
      if (!keys.insert(key)) reject();
      member_value(key, f);
      if (!next_member()) return;
    }
  }

  // As Reader::for_each_entry: a key given twice is left to the builder to refuse.
  template <typename F>
  void for_each_entry(const Value& object, F&& f) {
    at(object);
    scan_.expect('{');
    scan_.skip_ws();
    if (scan_.consume('}')) return;
    do member_value(scan_.plain_string(), f);
    while (next_member());
  }

  template <typename F>
  void read_object(const Value& object, std::initializer_list<std::string_view> known, std::uint32_t required, F&& f) {
    at(object);
    scan_.expect('{');
    scan_.skip_ws();
    std::uint32_t seen = 0;
    if (!scan_.consume('}')) {
      while (true) {
        const std::string_view key = scan_.plain_string();
        std::uint32_t index = 0;
        for (auto name : known) {  // the first byte first: most names differ in it
          if (name.size() == key.size() && !key.empty() && name[0] == key[0] && name == key) break;
          ++index;
        }
        if (index == known.size() || (seen & (1u << index)) != 0) reject();  // unknown, or a duplicate
        seen |= 1u << index;
        member_value(index, f);
        if (!next_member()) break;
      }
    }
    if ((required & ~seen) != 0) reject();
  }

  template <typename F>
  void read_array(const Value& array, std::string_view, F&& f) {
    at(array);
    scan_.expect('[');
    scan_.skip_ws();
    if (scan_.consume(']')) return;
    for (std::uint32_t index = 0;; ++index) {
      const Value item{scan_.pos()};
      f(index, item);
      if (scan_.pos() == item.pos) reject();  // not read: nothing may be skipped unchecked
      scan_.skip_ws();
      if (scan_.consume(',')) {
        scan_.skip_ws();
        continue;
      }
      scan_.expect(']');
      return;
    }
  }

 private:
  [[noreturn]] static void reject() { JsonScanner::reject(); }

  // Each value is read where it starts.
  void at(const Value& value) const {
    if (scan_.pos() != value.pos) reject();
  }

  template <typename Key, typename F>
  void member_value(const Key& key, F& f) {
    scan_.skip_ws();
    scan_.expect(':');
    scan_.skip_ws();
    const Value value{scan_.pos()};
    f(key, value);
    if (scan_.pos() == value.pos) reject();
  }

  // After a member: true at a comma (and the next key), false at the closing brace.
  bool next_member() {
    scan_.skip_ws();
    if (scan_.consume(',')) {
      scan_.skip_ws();
      return true;
    }
    scan_.expect('}');
    return false;
  }

  // The keys of one object, for duplicates: up to 16 compared pairwise, then hashed
  // (keyed, as JsonDocument's table: chosen keys must not collide).
  class KeySet {
   public:
    bool insert(std::string_view key) {
      if (count_ < small_.size()) {
        for (std::size_t i = 0; i < count_; ++i)
          if (small_[i] == key) return false;
        small_[count_++] = key;
        return true;
      }
      if (slots_.empty()) {
        slots_.assign(64, {});
        for (std::string_view k : small_) place(k, keyed_hash(k));
      }
      if ((count_ + 1) * 2 > slots_.size()) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.size() * 2, {});
        for (const Slot& slot : old)
          if (slot.key.data() != nullptr) place(slot.key, slot.hash);
      }
      const std::uint64_t hash = keyed_hash(key);
      const std::size_t mask = slots_.size() - 1;
      for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
        if (slots_[i].key.data() == nullptr) {
          slots_[i] = {key, hash};
          ++count_;
          return true;
        }
        if (slots_[i].hash == hash && slots_[i].key == key) return false;
      }
    }

   private:
    struct Slot {
      std::string_view key;  // data() null: empty (a key's view is into the document)
      std::uint64_t hash = 0;
    };
    void place(std::string_view key, std::uint64_t hash) {
      const std::size_t mask = slots_.size() - 1;
      std::size_t i = static_cast<std::size_t>(hash) & mask;
      while (slots_[i].key.data() != nullptr) i = (i + 1) & mask;
      slots_[i] = {key, hash};
    }
    std::array<std::string_view, 16> small_{};
    std::size_t count_ = 0;
    std::vector<Slot> slots_;
  };

  JsonScanner scan_;
  std::string scratch_;
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
