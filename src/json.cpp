#include "json.hpp"
#include "json_pointer.hpp"
#include "json_scan.hpp"
#include "keyed_hash.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace clearance::detail {

namespace {
constexpr std::size_t max_depth = 256;

bool is_ws(char c) { return is_json_ws(c); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Failure {
  std::uint32_t offset;
  std::string message;
};

}  // namespace

class JsonParser {
 public:
  JsonParser(std::string_view text, JsonDocument& doc) : text_(text), doc_(doc) {}

  bool run(JsonSyntaxError& error) {
    try {
      if (text_.size() >= 0xFFFFFFF0u) throw Failure{0, "the document is larger than 4 GiB"};
      if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte-order mark is ignored
      doc_.values_.reserve(text_.size() / 12 + 16);
      doc_.values_.emplace_back();  // the root's slot
      skip_ws();
      parse_value(0, 0);
      skip_ws();
      if (pos_ != text_.size()) throw Failure{offset(), "expected the end of the document after the top-level value"};
      return true;
    } catch (const Failure& failure) {
      error.offset = failure.offset;
      error.message = failure.message;
      error.pointer = current_pointer();
      return false;
    }
  }

 private:
  std::uint32_t offset() const { return static_cast<std::uint32_t>(pos_); }

  [[noreturn]] void fail(std::string message) const { throw Failure{offset(), std::move(message)}; }

  std::string found() const {
    if (pos_ >= text_.size()) return "the end of the document";
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c < 0x20 || c >= 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "0x%02X", c);
      return std::string("byte ") + buffer;
    }
    return std::string("'") + static_cast<char>(c) + "'";
  }

  void skip_ws() {
    while (pos_ < text_.size() && is_ws(text_[pos_])) ++pos_;
  }

  void expect_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) fail("expected a JSON value, found " + found());
    pos_ += word.size();
  }

  // Parses the value at pos_ into values_[slot].
  void parse_value(std::uint32_t slot, std::size_t depth) {
    if (pos_ >= text_.size()) fail("expected a JSON value, found the end of the document");
    JsonValue value;
    value.offset = offset();
    switch (text_[pos_]) {
      case '{': parse_object(slot, depth); return;
      case '[': parse_array(slot, depth); return;
      case '"': {
        value.type = JsonType::string;
        parse_string(value.begin, value.size, value.string_in_arena);
        break;
      }
      case 't': expect_literal("true"); value.type = JsonType::boolean; value.boolean = true; break;
      case 'f': expect_literal("false"); value.type = JsonType::boolean; break;
      case 'n': expect_literal("null"); value.type = JsonType::null; break;
      default:
        if (text_[pos_] == '-' || is_digit(text_[pos_])) {
          parse_number(value);
          break;
        }
        if (text_.substr(pos_, 3) == "NaN" || text_.substr(pos_, 8) == "Infinity")
          fail("NaN and Infinity are not JSON numbers");
        fail("expected a JSON value, found " + found());
    }
    doc_.values_[slot] = value;
  }

  void parse_number(JsonValue& value) {
    const std::size_t start = pos_;
    bool integral = true;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && is_digit(text_[pos_])) fail("a JSON number has no leading zeros");
    } else if (pos_ < text_.size() && is_digit(text_[pos_])) {
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    } else {
      if (text_.substr(pos_, 8) == "Infinity") fail("NaN and Infinity are not JSON numbers");
      fail("expected a digit, found " + found());
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) fail("expected a digit after the decimal point, found " + found());
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) fail("expected a digit in the exponent, found " + found());
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    value.type = JsonType::number;
    if (integral) {
      std::int64_t integer = 0;
      auto [end, ec] = std::from_chars(first, last, integer);
      value.is_integer = ec == std::errc() && end == last;
      if (value.is_integer) {
        value.set_integer(integer);
        return;
      }
    }
    double number = 0;
    auto [end, ec] = std::from_chars(first, last, number);
    if (ec != std::errc() || end != last) {
      pos_ = start;
      fail("the number " + std::string(first, last) + " does not fit a double");
    }
    value.set_number(number);
  }

  // Validates one UTF-8 sequence starting at pos_ (a byte >= 0x80) and steps over it.
  void step_utf8() {
    const auto byte = [&](std::size_t i) -> unsigned { return static_cast<unsigned char>(text_[i]); };
    const Utf8Lead shape = utf8_lead(byte(pos_));
    const std::size_t length = shape.length;
    if (length == 0) fail("invalid UTF-8 in a string");
    if (pos_ + length > text_.size()) fail("invalid UTF-8 in a string (truncated sequence)");
    if (byte(pos_ + 1) < shape.min_second || byte(pos_ + 1) > shape.max_second) fail("invalid UTF-8 in a string");
    for (std::size_t i = 2; i < length; ++i)
      if (byte(pos_ + i) < 0x80 || byte(pos_ + i) > 0xBF) fail("invalid UTF-8 in a string");
    pos_ += length;
  }

  std::uint32_t read_hex4() {
    if (pos_ + 4 > text_.size()) fail("expected four hex digits after \\u");
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_value(text_[pos_ + static_cast<std::size_t>(i)]);
      if (digit < 0) fail("expected four hex digits after \\u");
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    pos_ += 4;
    return cp;
  }

  // Parses a string at pos_ (its opening quote); returns where its text lives.
  void parse_string(std::uint32_t& begin, std::uint32_t& size, bool& in_arena) {
    ++pos_;  // opening quote
    const std::size_t start = pos_;
    // Fast path: no escapes, the text is used in place.
    while (true) {
      // Eight bytes at a time to the first byte that needs a look.
      pos_ = skip_plain_string_bytes(text_, pos_);
      if (pos_ >= text_.size()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        begin = static_cast<std::uint32_t>(start);
        size = static_cast<std::uint32_t>(pos_ - start);
        in_arena = false;
        ++pos_;
        return;
      }
      if (c == '\\') break;
      if (c < 0x20) fail("control character " + found() + " in a string; escape it");
      if (c >= 0x80) step_utf8();
      else ++pos_;
    }
    // Slow path: unescape into the arena.
    std::string& arena = doc_.arena_;
    begin = static_cast<std::uint32_t>(arena.size());
    arena.append(text_.data() + start, pos_ - start);
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c < 0x20) fail("control character " + found() + " in a string; escape it");
      if (c >= 0x80) {
        const std::size_t from = pos_;
        step_utf8();
        arena.append(text_.data() + from, pos_ - from);
        continue;
      }
      if (c != '\\') {
        arena += static_cast<char>(c);
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) fail("unterminated string");
      const char e = text_[pos_++];
      if (const char plain = unescaped(e)) {
        arena += plain;
        continue;
      }
      switch (e) {
        case 'u': {
          std::uint32_t cp = read_hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            pos_ -= 6;
            fail("unpaired low surrogate \\u escape in a string");
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") {
              pos_ -= 6;
              fail("unpaired high surrogate \\u escape in a string");
            }
            pos_ += 2;
            std::uint32_t low = read_hex4();
            if (low < 0xDC00 || low > 0xDFFF) {
              pos_ -= 12;
              fail("unpaired high surrogate \\u escape in a string");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(arena, cp);
          break;
        }
        default:
          --pos_;
          fail("invalid escape \\" + std::string(1, e) + " in a string");
      }
    }
    size = static_cast<std::uint32_t>(arena.size() - begin);
    in_arena = true;
  }

  void parse_array(std::uint32_t slot, std::size_t depth) {
    if (depth >= max_depth) fail("nesting deeper than 256 levels");
    const std::uint32_t start = offset();
    ++pos_;
    const std::size_t scratch_start = item_scratch_.size();
    path_.push_back({false, false, 0});
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
    } else {
      while (true) {
        const auto child = static_cast<std::uint32_t>(doc_.values_.size());
        doc_.values_.emplace_back();
        item_scratch_.push_back(child);
        path_.back().index = item_scratch_.size() - scratch_start - 1;
        skip_ws();
        parse_value(child, depth + 1);
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          skip_ws();
          if (pos_ < text_.size() && text_[pos_] == ']') fail("trailing comma before ']'");
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          break;
        }
        fail("expected ',' or ']' in an array, found " + found());
      }
    }
    path_.pop_back();
    JsonValue value;
    value.type = JsonType::array;
    value.offset = start;
    value.begin = static_cast<std::uint32_t>(doc_.items_.size());
    value.size = static_cast<std::uint32_t>(item_scratch_.size() - scratch_start);
    doc_.items_.insert(doc_.items_.end(), item_scratch_.begin() + static_cast<std::ptrdiff_t>(scratch_start),
                       item_scratch_.end());
    item_scratch_.resize(scratch_start);
    doc_.values_[slot] = value;
  }

  void parse_object(std::uint32_t slot, std::size_t depth) {
    if (depth >= max_depth) fail("nesting deeper than 256 levels");
    const std::uint32_t start = offset();
    ++pos_;
    const std::size_t scratch_start = member_scratch_.size();
    path_.push_back({true, false, 0});
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
    } else {
      while (true) {
        if (pos_ >= text_.size() || text_[pos_] != '"') {
          if (pos_ < text_.size() && text_[pos_] == '}') fail("trailing comma before '}'");
          fail("expected a key (a string in double quotes), found " + found());
        }
        JsonMember member{};
        member.key_offset = offset();
        parse_string(member.key_begin, member.key_size, member.key_in_arena);
        member.value = static_cast<std::uint32_t>(doc_.values_.size());
        member_scratch_.push_back(member);
        path_.back().index = member_scratch_.size() - 1;
        path_.back().has_key = true;
        check_duplicate(scratch_start, member.key_offset);
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != ':') fail("expected ':' after a key, found " + found());
        ++pos_;
        skip_ws();
        doc_.values_.emplace_back();
        parse_value(member.value, depth + 1);
        skip_ws();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          skip_ws();
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '}') {
          ++pos_;
          break;
        }
        fail("expected ',' or '}' in an object, found " + found());
      }
    }
    path_.pop_back();
    while (!tables_.empty() && tables_.back().scratch_start >= scratch_start) tables_.pop_back();
    JsonValue value;
    value.type = JsonType::object;
    value.offset = start;
    value.begin = static_cast<std::uint32_t>(doc_.members_.size());
    value.size = static_cast<std::uint32_t>(member_scratch_.size() - scratch_start);
    doc_.members_.insert(doc_.members_.end(), member_scratch_.begin() + static_cast<std::ptrdiff_t>(scratch_start),
                         member_scratch_.end());
    member_scratch_.resize(scratch_start);
    doc_.values_[slot] = value;
  }

  // Duplicate keys are errors (spec §2). Small objects compare pairwise; large ones
  // (a placement of a million workloads) use an open-addressing table of member
  // positions, one per open large object. Positions, not views: the arena may move.
  void check_duplicate(std::size_t scratch_start, std::uint32_t key_offset) {
    const std::size_t newest = member_scratch_.size() - 1;
    const std::string_view key = key_of(newest);
    bool duplicate = false;
    if (newest - scratch_start < 16) {
      const std::uint32_t size = member_scratch_[newest].key_size;
      for (std::size_t i = scratch_start; i < newest && !duplicate; ++i)
        duplicate = member_scratch_[i].key_size == size && key_of(i) == key;
    } else {
      KeyTable& table = table_for(scratch_start);
      if (table.count == 0)
        for (std::size_t i = scratch_start; i < newest; ++i) table_insert(table, i);
      duplicate = !table_insert(table, newest);
    }
    if (duplicate) throw Failure{key_offset, "duplicate key \"" + std::string(key) + "\" in an object"};
  }

  std::string_view key_of(std::size_t scratch_index) const {
    const JsonMember& m = member_scratch_[scratch_index];
    return doc_.view(m.key_begin, m.key_size, m.key_in_arena);
  }

  struct KeyTable {
    std::size_t scratch_start = 0;
    std::size_t count = 0;
    // 0 empty; else (hash high bits << 32) | (position + 1). The high bits also choose the
    // slot, so that growing the table moves entries without hashing their keys again.
    std::vector<std::uint64_t> slots;
  };

  // Inserts the member at `position`; false when an equal key is already there.
  bool table_insert(KeyTable& table, std::size_t position) {
    if ((table.count + 1) * 2 > table.slots.size()) {
      std::vector<std::uint64_t> old = std::move(table.slots);
      table.slots.assign(std::max<std::size_t>(64, old.size() * 2), 0);
      table.count = 0;
      for (std::uint64_t entry : old)
        if (entry != 0) place(table, entry);
    }
    const std::string_view key = key_of(position);
    const std::uint64_t hash = keyed_hash(key);  // keyed: no chosen keys collide
    const std::uint64_t entry = (hash & 0xFFFFFFFF00000000ull) | (position + 1);
    const std::size_t mask = table.slots.size() - 1;
    for (std::size_t slot = static_cast<std::size_t>(hash >> 32) & mask;; slot = (slot + 1) & mask) {
      const std::uint64_t existing = table.slots[slot];
      if (existing == 0) {
        table.slots[slot] = entry;
        ++table.count;
        return true;
      }
      if ((existing >> 32) == (entry >> 32) && key_of((existing & 0xFFFFFFFFu) - 1) == key) return false;
    }
  }

  void place(KeyTable& table, std::uint64_t entry) {
    const std::size_t mask = table.slots.size() - 1;
    std::size_t slot = static_cast<std::size_t>(entry >> 32) & mask;
    while (table.slots[slot] != 0) slot = (slot + 1) & mask;
    table.slots[slot] = entry;
    ++table.count;
  }

  KeyTable& table_for(std::size_t scratch_start) {
    while (!tables_.empty() && tables_.back().scratch_start > scratch_start) tables_.pop_back();
    if (tables_.empty() || tables_.back().scratch_start != scratch_start) {
      tables_.emplace_back();
      tables_.back().scratch_start = scratch_start;
    }
    return tables_.back();
  }

  std::string current_pointer() const {
    std::string pointer;
    for (const auto& step : path_) {
      if (step.is_object && !step.has_key) break;  // before an object's first key: the object itself
      pointer += '/';
      pointer += step.is_object ? escape_pointer_token(key_of(step.index)) : std::to_string(step.index);
    }
    return pointer;
  }

  // Where the parser is, for a syntax error's pointer; an object's step names its current
  // key by its place in member_scratch_, which holds it until the object ends, so that no
  // key is copied unless an error needs it.
  struct PathStep {
    bool is_object;
    bool has_key;
    std::size_t index;  // array: the element's index; object: the key's scratch index
  };

  std::string_view text_;
  JsonDocument& doc_;
  std::size_t pos_ = 0;
  std::vector<std::uint32_t> item_scratch_;
  std::vector<JsonMember> member_scratch_;
  std::vector<PathStep> path_;
  std::vector<KeyTable> tables_;
};

bool JsonDocument::parse(std::string_view text, JsonSyntaxError& error) {
  text_ = text;
  values_.clear();
  items_.clear();
  members_.clear();
  arena_.clear();
  return JsonParser(text, *this).run(error);
}

void JsonDocument::locate(std::uint32_t offset, std::uint32_t& line, std::uint32_t& column) const {
  line = 1;
  std::size_t line_start = 0;
  const std::size_t end = std::min<std::size_t>(offset, text_.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = 1;
  for (std::size_t i = line_start; i < end; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  if (line == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF" && column > 1) --column;  // the BOM is not a character
}

const JsonValue& JsonDocument::resolve(std::string_view pointer) const {
  const JsonValue* current = &values_[0];
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/') {
    std::size_t next = pointer.find('/', pos + 1);
    if (next == std::string_view::npos) next = pointer.size();
    std::string token;
    for (std::size_t i = pos + 1; i < next; ++i) {
      if (pointer[i] == '~' && i + 1 < next) {
        token += pointer[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    pos = next;
    const JsonValue* child = nullptr;
    if (current->type == JsonType::object) {
      const JsonMember* members = object_members(*current);
      for (std::uint32_t i = 0; i < current->size; ++i)
        if (key(members[i]) == token) child = &values_[members[i].value];
    } else if (current->type == JsonType::array) {
      std::uint32_t index = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec == std::errc() && end == token.data() + token.size() && index < current->size)
        child = &values_[array_items(*current)[index]];
    }
    if (child == nullptr) break;
    current = child;
  }
  return *current;
}

}  // namespace clearance::detail
