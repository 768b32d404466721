// The one exception hierarchy of the library. Input errors carry every diagnostic found
// (file, JSON pointer, line:column, what was expected), so a caller can show them all.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

enum class ErrorKind {
  input,     // the model, a placement or a marking is malformed
  usage,     // an API was called with arguments that make no sense
  io,        // a file could not be read or written
  not_found, // a named entity does not exist
  internal,  // a bug in clearance
};

// One problem in an input: where it is and what was expected there.
struct CLEARANCE_API Diagnostic {
  std::string file;     // empty when the input did not come from a file
  std::string pointer;  // RFC 6901 JSON pointer; "" is the whole document
  std::uint32_t line = 0;    // 1-based; 0 when unknown (e.g. built through the C++ API)
  std::uint32_t column = 0;  // 1-based, in characters
  std::string message;

  // "file:line:column: pointer: message", leaving out the parts that are unknown.
  std::string to_string() const;
};

class CLEARANCE_API error : public std::runtime_error {
 public:
  // A NUL in `message` is kept as `\0` (what() is a C string and would end there).
  error(ErrorKind kind, const std::string& message, std::string pointer = {});
  ErrorKind kind() const noexcept { return kind_; }
  const std::string& pointer() const noexcept { return pointer_; }

 private:
  ErrorKind kind_;
  std::string pointer_;
};

// Thrown when an input is invalid; what() lists every diagnostic, one a line.
class CLEARANCE_API input_error : public error {
 public:
  explicit input_error(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace v1
}  // namespace clearance
