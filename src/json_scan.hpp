// The fast path of reading JSON: a strict scanner that reads each value where its caller
// expects one, straight from the text, and says only whether the text is what the caller
// wants. It builds no tree and keeps no positions; anything it does not accept (invalid
// JSON, but also escapes in keys or a value of another type) throws Rejected, and the
// caller reads the text again with JsonDocument (json.hpp), which says exactly what is
// wrong and where. Accepting only what JsonDocument accepts, and reading it to the same
// values, is this scanner's whole contract. Internal to the library.
#pragma once

#include "json.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clearance::detail {

// Eight bytes of text at once, for scanning strings a word at a time.
inline std::uint64_t load8(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  word = __builtin_bswap64(word);  // the first byte in the lowest bits, as string_stops() counts
#endif
  return word;
}

// Where a string's scan must stop in this word: a quote, a backslash, a control character
// or a byte of a multi-byte UTF-8 sequence (to be validated). The lowest marked byte (as
// 0x80) is the first such byte (memory order, little-endian words); 0 when there is none.
// A borrow may mark bytes above a true one, never below, so only the lowest is exact.
constexpr std::uint64_t string_stops(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  const auto below = [](std::uint64_t w, std::uint64_t limit) { return (w - ones * limit) & ~w & highs; };
  return (word & highs) | below(word ^ (ones * '"'), 1) | below(word ^ (ones * '\\'), 1) | below(word, 0x20);
}

// From `pos` in a string's text, sixteen bytes at a time where SSE2 is (all x86-64),
// else eight, to the first byte that needs a look (string_stops), or to where fewer than
// eight bytes remain, or past `blocks` blocks without one (a first look at a short string).
inline std::size_t skip_plain_string_bytes(std::string_view text, std::size_t pos,
                                           std::size_t blocks = static_cast<std::size_t>(-1)) {
#if defined(__SSE2__)
  // As signed bytes, a control character (0x00-0x1F) and a byte of a multi-byte sequence
  // (0x80-0xFF) are both less than a space: one compare finds both.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(' ');
  for (; blocks > 0 && pos + 16 <= text.size(); --blocks) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                       _mm_cmplt_epi8(bytes, space));
    const auto marks = static_cast<unsigned>(_mm_movemask_epi8(stops));
    if (marks != 0) return pos + static_cast<std::size_t>(__builtin_ctz(marks));
    pos += 16;
  }
  if (blocks == 0) return pos;
#endif
  for (; blocks > 0 && pos + 8 <= text.size(); --blocks) {
    const std::uint64_t marks = string_stops(load8(text.data() + pos));
    if (marks != 0) return pos + static_cast<std::size_t>(__builtin_ctzll(marks)) / 8;
    pos += 8;
  }
  return pos;
}

// How many objects the array that opens at text[pos] holds at its top level, by a look
// that minds only strings, escapes and brackets: a hint for sizing collections before they
// are read (the reading refuses an invalid array all the same). A byte loop: visiting only
// the bytes SSE2 marks was slower, an estate's quotes and brackets being too dense for it.
inline std::size_t count_array_objects(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || text[pos] != '[') return 0;
  std::size_t depth = 0, objects = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    switch (text[i]) {
      case '"':  // to the closing quote, over escapes
        for (++i; i < text.size(); ++i) {
          i = skip_plain_string_bytes(text, i);
          if (i >= text.size() || text[i] == '"') break;
          if (text[i] == '\\') ++i;
        }
        break;
      case '{':
        if (depth == 1) ++objects;
        ++depth;
        break;
      case '[': ++depth; break;
      case '}':
      case ']':
        if (--depth == 0) return objects;
        break;
      default: break;
    }
  }
  return objects;
}

// The shape of a UTF-8 sequence by its first byte (RFC 3629, no surrogates, nothing
// above U+10FFFF): its length (0 when no sequence starts so) and the range of its second
// byte; later bytes are 0x80..0xBF.
struct Utf8Lead {
  std::size_t length;
  unsigned min_second;
  unsigned max_second;
};
constexpr Utf8Lead utf8_lead(unsigned lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};  // no UTF-16 surrogates
  if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

// Appends code point `cp` as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// What a one-character escape (the character after a backslash, other than 'u') stands
// for, or 0 when JSON has no such escape: one table for the fast and the precise reader.
inline char unescaped(char e) {
  switch (e) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return 0;
  }
}

// The value of a hex digit, or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool is_json_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

class JsonScanner {
 public:
  struct Rejected {};

  explicit JsonScanner(std::string_view text) : text_(text) {
    if (text_.size() >= 0xFFFFFFF0u) reject();  // JsonDocument's offsets are 32-bit
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  [[noreturn]] static void reject() { throw Rejected{}; }

  std::size_t pos() const { return pos_; }
  std::string_view text() const { return text_; }

  void skip_ws() {
    while (pos_ < text_.size() && is_json_ws(text_[pos_])) ++pos_;
  }
  // The next byte, or '\0' at the end (never a valid byte between tokens either).
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!consume(c)) reject();
  }
  // After the top-level value: only whitespace may follow.
  void expect_end() {
    skip_ws();
    if (pos_ != text_.size()) reject();
  }

  // The type of the value starting here; rejects where none can start.
  JsonType type() const {
    switch (peek()) {
      case '{': return JsonType::object;
      case '[': return JsonType::array;
      case '"': return JsonType::string;
      case 't':
      case 'f': return JsonType::boolean;
      case 'n': return JsonType::null;
      case '-':
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9': return JsonType::number;
      default: reject();
    }
  }

  // A string without escapes (an object key; the readers' keys have none): its text in
  // the document. A key with escapes is rejected, to be read by JsonDocument.
  std::string_view plain_string() {
    expect('"');
    const std::size_t start = pos_;
    // Most strings (keys, ids) end within the first block: found at once, without the
    // loop's setup.
    const std::size_t stop = skip_plain_string_bytes(text_, pos_, 1);
    if (stop < text_.size() && text_[stop] == '"') {
      pos_ = stop + 1;
      return text_.substr(start, stop - start);
    }
    return plain_string_rest(start);
  }

  // plain_string() past its first look, kept apart so that the first look stays small.
  __attribute__((noinline)) std::string_view plain_string_rest(std::size_t start) {
    if (!scan_unescaped()) reject();
    ++pos_;
    return text_.substr(start, pos_ - 1 - start);
  }

  // A string, unescaped into `out`.
  void string(std::string& out) {
    expect('"');
    const std::size_t start = pos_;
    if (scan_unescaped()) {
      out.assign(text_.data() + start, pos_ - start);
      ++pos_;
      return;
    }
    out.assign(text_.data() + start, pos_ - start);
    unescape_rest(out);
  }

  // A string as a view: of the document without escapes, else of `scratch`.
  std::string_view string_view(std::string& scratch) {
    expect('"');
    const std::size_t start = pos_;
    if (scan_unescaped()) {
      ++pos_;
      return text_.substr(start, pos_ - 1 - start);
    }
    scratch.assign(text_.data() + start, pos_ - start);
    unescape_rest(scratch);
    return scratch;
  }

  // A number as JsonDocument reads it: an integer when written without fraction or
  // exponent and within 64 bits, else a double (rejected when out of a double's range).
  struct Number {
    bool is_integer;
    std::int64_t integer;
    double value;
  };
  Number number() {
    const std::size_t start = pos_;
    bool integral = true;
    consume('-');
    const std::size_t first_digit = pos_;
    if (consume('0')) {
      if (is_digit(peek())) reject();  // a leading zero
    } else if (is_digit(peek())) {
      while (is_digit(peek())) ++pos_;
    } else {
      reject();
    }
    const std::size_t digits = pos_ - first_digit;
    if (consume('.')) {
      integral = false;
      if (!is_digit(peek())) reject();
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) reject();
      while (is_digit(peek())) ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    Number result{false, 0, 0};
    if (integral && digits <= 18) {  // exact in 64 bits: what from_chars would give
      std::int64_t value = 0;
      for (const char* c = text_.data() + first_digit; c != last; ++c) value = value * 10 + (*c - '0');
      result.is_integer = true;
      result.integer = first == text_.data() + first_digit ? value : -value;
      return result;
    }
    if (integral) {
      auto [end, ec] = std::from_chars(first, last, result.integer);
      result.is_integer = ec == std::errc() && end == last;
      if (result.is_integer) return result;
    }
    auto [end, ec] = std::from_chars(first, last, result.value);
    if (ec != std::errc() || end != last) reject();
    return result;
  }

  // Reader::read's views of a number: an integer field takes integers only.
  std::int64_t integer() {
    if (type() != JsonType::number) reject();
    const Number n = number();
    if (!n.is_integer) reject();
    return n.integer;
  }
  double real() {
    if (type() != JsonType::number) reject();
    const Number n = number();
    return n.is_integer ? static_cast<double>(n.integer) : n.value;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // Steps over a string's text from pos_ to its closing quote (true) or its first
  // backslash (false); rejects control characters, invalid UTF-8 and a missing quote.
  bool scan_unescaped() {
    while (true) {
      pos_ = skip_plain_string_bytes(text_, pos_);
      if (pos_ >= text_.size()) reject();
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') return true;
      if (c == '\\') return false;
      if (c < 0x20) reject();
      if (c >= 0x80) step_utf8();
      else ++pos_;
    }
  }

  void step_utf8() {
    const Utf8Lead lead = utf8_lead(byte(pos_));
    if (lead.length == 0 || pos_ + lead.length > text_.size()) reject();
    if (byte(pos_ + 1) < lead.min_second || byte(pos_ + 1) > lead.max_second) reject();
    for (std::size_t i = 2; i < lead.length; ++i)
      if (byte(pos_ + i) < 0x80 || byte(pos_ + i) > 0xBF) reject();
    pos_ += lead.length;
  }

  unsigned byte(std::size_t i) const { return static_cast<unsigned char>(text_[i]); }

  std::uint32_t hex4() {
    if (pos_ + 4 > text_.size()) reject();
    std::uint32_t cp = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_value(text_[pos_ + i]);
      if (digit < 0) reject();
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    pos_ += 4;
    return cp;
  }

  // From a backslash to the closing quote, appending the decoded text to `out`.
  void unescape_rest(std::string& out) {
    while (true) {
      if (pos_ >= text_.size()) reject();
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c < 0x20) reject();
      if (c >= 0x80) {
        const std::size_t from = pos_;
        step_utf8();
        out.append(text_.data() + from, pos_ - from);
        continue;
      }
      ++pos_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= text_.size()) reject();
      const char e = text_[pos_++];
      if (const char plain = unescaped(e)) {
        out += plain;
        continue;
      }
      switch (e) {
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) reject();  // an unpaired low surrogate
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") reject();
            pos_ += 2;
            const std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) reject();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: reject();
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace clearance::detail
