// Internal: how text is spelled wherever clearance writes it (messages, reports, the
// model writer): numbers, quoted ids, UTF-8 and JSON strings. Depends on nothing of the
// model, so every layer may use it. Not installed.
#pragma once

#include "output.hpp"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {
namespace detail {

// The shortest decimal that reads back as `value` ("16", "0.25", "1e+20"); "unlimited"
// for infinity.
std::string format_number(double value);

// "`id`": how messages quote an id, its control characters escaped (append_terminal_safe)
// so that a message quoting a hostile id stays one line whoever prints it.
std::string quoted(std::string_view id);
// Appends quoted(id) to `out`, without a string of its own.
void append_quoted(std::string& out, std::string_view id);

// The parts joined into one string, allocated once: messages are made of many short
// pieces, and joining them with + reallocated at most of them.
std::string concat(std::initializer_list<std::string_view> parts);

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0 when it is
// not valid (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Appends `text` to `out` with control characters escaped for a terminal (see
// clearance/terminal_text.hpp); the one place that decides how.
void append_terminal_safe(std::string& out, std::string_view text);
void append_terminal_safe(Output& out, std::string_view text);

// `message` with each NUL spelled `\0`, as append_terminal_safe spells it: what() is a C
// string, so a raw NUL would cut every message (C ABI and Python included) where it stands.
std::string nul_spelled_out(std::string message);

// Appends `text` to `out` as the body of a JSON string: quotes, backslashes and control
// characters escaped, valid UTF-8 passed through, invalid bytes replaced by U+FFFD.
// Runs of bytes that need no escaping are copied whole.
void append_json_escaped(std::string& out, std::string_view text);
void append_json_escaped(Output& out, std::string_view text);

// Appends `text` as a whole JSON string, quotes included.
inline void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  append_json_escaped(out, text);
  out += '"';
}
inline void append_json_string(Output& out, std::string_view text) {
  out += '"';
  append_json_escaped(out, text);
  out += '"';
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
