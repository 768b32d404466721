// A strict RFC 8259 JSON parser into a compact read-only tree that remembers where each
// value starts in the text, so that errors found after parsing (an unknown id, a bad
// marking) still point at line:column. Internal to the library.
//
// Why not simdjson or nlohmann-json: neither keeps source positions for values in a
// tree, both accept or silently merge duplicate keys, and the spec's rules (integers vs
// 2.0, unpaired surrogates, one error per duplicate key) need checks at the token level.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::detail {

enum class JsonType : std::uint8_t { null, boolean, number, string, array, object };

// 16 bytes: a large model has millions of values, and the tree is built and dropped on
// every load. A number keeps its 64 bits where a string's or container's begin and size go.
struct JsonValue {
  JsonType type = JsonType::null;
  bool boolean = false;
  bool is_integer = false;   // written without fraction or exponent, and fits int64
  bool string_in_arena = false;
  std::uint32_t offset = 0;  // byte offset of the value's first character in the text
  std::uint32_t begin = 0;   // string: start (text or arena); array/object: first child slot
  std::uint32_t size = 0;    // string: length; array/object: member count

  std::int64_t integer() const { return static_cast<std::int64_t>(bits()); }  // when is_integer
  double number() const {  // otherwise
    const std::uint64_t raw = bits();
    double value;
    std::memcpy(&value, &raw, sizeof value);
    return value;
  }
  double as_number() const { return is_integer ? static_cast<double>(integer()) : number(); }

  void set_integer(std::int64_t value) { set_bits(static_cast<std::uint64_t>(value)); }
  void set_number(double value) {
    std::uint64_t raw;
    std::memcpy(&raw, &value, sizeof raw);
    set_bits(raw);
  }

 private:
  std::uint64_t bits() const { return (static_cast<std::uint64_t>(size) << 32) | begin; }
  void set_bits(std::uint64_t raw) {
    begin = static_cast<std::uint32_t>(raw);
    size = static_cast<std::uint32_t>(raw >> 32);
  }
};
static_assert(sizeof(JsonValue) == 16, "the tree's values stay small");

struct JsonMember {
  std::uint32_t key_begin;
  std::uint32_t key_size;
  bool key_in_arena;
  std::uint32_t key_offset;  // byte offset of the key's opening quote
  std::uint32_t value;       // index into values
};

// Raised for text that is not strict JSON; offset is where the parser stopped.
struct JsonSyntaxError {
  std::uint32_t offset;
  std::string message;
  std::string pointer;  // where in the document the parser was
};

class JsonDocument {
 public:
  // Parses `text` (which must outlive the document). On failure returns false and
  // fills `error`.
  bool parse(std::string_view text, JsonSyntaxError& error);

  const JsonValue& root() const { return values_[0]; }
  const JsonValue& value(std::uint32_t index) const { return values_[index]; }

  std::string_view string(const JsonValue& v) const { return view(v.begin, v.size, v.string_in_arena); }
  std::string_view key(const JsonMember& m) const { return view(m.key_begin, m.key_size, m.key_in_arena); }

  // Children of an array (value indices) and members of an object.
  const std::uint32_t* array_items(const JsonValue& v) const { return items_.data() + v.begin; }
  const JsonMember* object_members(const JsonValue& v) const { return members_.data() + v.begin; }

  // 1-based line and column (in characters) of a byte offset.
  void locate(std::uint32_t offset, std::uint32_t& line, std::uint32_t& column) const;

  // The value a JSON pointer names, or the deepest value on its way when it goes
  // further than the document; nullptr never (the root at worst).
  const JsonValue& resolve(std::string_view pointer) const;

  std::string_view text() const { return text_; }

 private:
  std::string_view view(std::uint32_t begin, std::uint32_t size, bool in_arena) const {
    return in_arena ? std::string_view(arena_.data() + begin, size) : text_.substr(begin, size);
  }
  friend class JsonParser;
  std::string_view text_;
  std::vector<JsonValue> values_;
  std::vector<std::uint32_t> items_;
  std::vector<JsonMember> members_;
  std::string arena_;  // unescaped strings that had escapes
};

}  // namespace clearance::detail
