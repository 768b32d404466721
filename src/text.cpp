#include "text.hpp"

#include <clearance/terminal_text.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clearance {
inline namespace v1 {
namespace detail {

std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "unlimited" : "-unlimited";
  if (std::isnan(value)) return "nan";
  // std::to_chars gives the shortest text that reads back exactly, in plain or
  // scientific notation, whichever is shorter.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string quoted(std::string_view id) {
  std::string out;
  out.reserve(id.size() + 2);
  out += '`';
  append_terminal_safe(out, id);
  out += '`';
  return out;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  // Sized once and filled by copies: append() would check the capacity at every part.
  std::string out(size, '\0');
  char* cursor = out.data();
  for (std::string_view part : parts) {
    if (part.empty()) continue;  // an empty view may have no data
    std::memcpy(cursor, part.data(), part.size());
    cursor += part.size();
  }
  return out;
}

void append_quoted(std::string& out, std::string_view id) {
  out += '`';
  append_terminal_safe(out, id);
  out += '`';
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  std::size_t length;
  std::uint32_t code;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if (length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) return 0;
  if (length == 4 && (code < 0x10000 || code > 0x10FFFF)) return 0;
  return length;
}

namespace {
constexpr std::string_view nul_spelling = "\\0";

// Bytes a JSON string or a terminal takes as they are: printable ASCII (JSON also
// excludes the quote and the backslash); the table decides the bytes a word-wide scan
// (below) leaves over.
struct SafeBytes {
  bool json[256] = {};
  bool terminal[256] = {};
  constexpr SafeBytes() {
    for (int c = 0x20; c < 0x7F; ++c) {
      terminal[c] = true;
      json[c] = c != '"' && c != '\\';
    }
  }
};
constexpr SafeBytes safe_bytes;

// Whether any of the 8 bytes of `word` is unsafe: below 0x20 or above 0x7E, and for JSON
// a quote or a backslash (the classic "has a byte less than / equal to" bit tricks: exact
// on whether any byte matches, which is all the scan needs).
template <bool json>
inline bool has_unsafe_byte(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t found = ((word - ones * 0x20) & ~word) | (word + ones) | word;
  if (json) {
    const std::uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
    found |= ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
  }
  return (found & highs) != 0;
}

#if defined(__SSE2__)
// The positions of the unsafe bytes among the 16 at `from`, as the bits of a mask: bytes
// below 0x20 or from 0x7F (as signed bytes, 0x80 and above are below 0x20 too), and for
// JSON the quote and the backslash.
template <bool json>
inline unsigned unsafe_mask(const char* from) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
  __m128i unsafe = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x7F)));
  if (json)
    unsafe = _mm_or_si128(unsafe, _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                               _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(unsafe));
}
#endif

// The end of the run of safe bytes starting at `from`: sixteen bytes a step (SSE2; else
// eight, in a word) while none of them needs escaping. The last step reads the last
// sixteen (or eight) bytes of the text, overlapping bytes already found safe, so that a
// text's tail is one step rather than a byte at a time: most texts are short ids and one
// run, and the byte loop over their tails cost more than the rest of the scan.
template <bool json>
inline const char* end_of_safe_run(const char* from, const char* end) {
  const bool(&safe)[256] = json ? safe_bytes.json : safe_bytes.terminal;
#if defined(__SSE2__)
  if (end - from >= 16) {
    for (; end - from > 16; from += 16) {
      const unsigned mask = unsafe_mask<json>(from);
      if (mask != 0) return from + __builtin_ctz(mask);
    }
    // The bytes of the last sixteen before `from` are safe: their bits are clear.
    const unsigned mask = unsafe_mask<json>(end - 16);
    return mask != 0 ? end - 16 + __builtin_ctz(mask) : end;
  }
#endif
  if (end - from >= 8) {
    std::uint64_t word;
    for (; end - from > 8; from += 8) {
      std::memcpy(&word, from, 8);
      if (has_unsafe_byte<json>(word)) break;
    }
    if (end - from <= 8) {
      std::memcpy(&word, end - 8, 8);
      if (!has_unsafe_byte<json>(word)) return end;  // else an unsafe byte lies at or after `from`
    }
  }
  while (from != end && safe[static_cast<unsigned char>(*from)]) ++from;
  return from;
}

template <typename Out>
void append_terminal_safe_to(Out& out, std::string_view text) {
  static const char hex[] = "0123456789abcdef";
  auto escape = [&](const char* prefix, unsigned code) {
    out += prefix;
    out += hex[(code >> 4) & 0xF];
    out += hex[code & 0xF];
  };
  for (std::size_t i = 0; i < text.size();) {
    const char* run = text.data() + i;
    const char* run_end = end_of_safe_run<false>(run, text.data() + text.size());
    if (run_end != run) {
      out.append(run, static_cast<std::size_t>(run_end - run));
      i += static_cast<std::size_t>(run_end - run);
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == 0)
        out += nul_spelling;  // as C and Python spell it in a literal
      else if (c < 0x20 || c == 0x7F)
        escape("\\x", c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      escape("\\x", c);  // not UTF-8: a terminal in 8-bit mode may take 0x9B for CSI
      ++i;
    } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      escape("\\u00", static_cast<unsigned char>(text[i + 1]));  // C1: U+0080 to U+009F
      i += 2;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
}

template <typename Out>
void append_json_escaped_to(Out& out, std::string_view text) {
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < text.size();) {
    const char* run = text.data() + i;
    const char* run_end = end_of_safe_run<true>(run, text.data() + text.size());
    if (run_end != run) {
      out.append(run, static_cast<std::size_t>(run_end - run));
      i += static_cast<std::size_t>(run_end - run);
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
}

}  // namespace

std::string nul_spelled_out(std::string message) {
  if (message.find('\0') == std::string::npos) return message;
  std::string out;
  out.reserve(message.size() + 8);
  for (char c : message) {
    if (c == '\0')
      out += nul_spelling;
    else
      out += c;
  }
  return out;
}

void append_terminal_safe(std::string& out, std::string_view text) { append_terminal_safe_to(out, text); }
void append_terminal_safe(Output& out, std::string_view text) { append_terminal_safe_to(out, text); }
void append_json_escaped(std::string& out, std::string_view text) { append_json_escaped_to(out, text); }
void append_json_escaped(Output& out, std::string_view text) { append_json_escaped_to(out, text); }

}  // namespace detail

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  detail::append_terminal_safe(out, text);
  return out;
}

}  // namespace v1
}  // namespace clearance
