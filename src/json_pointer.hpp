// RFC 6901 JSON pointer tokens: '~' is written "~0" and '/' is written "~1".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clearance::detail {

inline std::string escape_pointer_token(std::string_view token) {
  std::string result;
  result.reserve(token.size());
  for (char c : token) {
    if (c == '~') result += "~0";
    else if (c == '/') result += "~1";
    else result += c;
  }
  return result;
}

// A "did you mean" scans every candidate, so only the first problems of an input get one
// (a loader lists the first 100): a file of many broken names must not take quadratic time.
inline constexpr std::size_t hinted_diagnostics = 100;

}  // namespace clearance::detail
