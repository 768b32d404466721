#include <clearance/error.hpp>

#include "text.hpp"

namespace clearance {
inline namespace v1 {

error::error(ErrorKind kind, const std::string& message, std::string pointer)
    : std::runtime_error(detail::nul_spelled_out(message)), kind_(kind), pointer_(std::move(pointer)) {}

std::string Diagnostic::to_string() const {
  std::string text;
  if (!file.empty()) text += file + ":";
  if (line != 0) text += std::to_string(line) + ":" + std::to_string(column) + ":";
  if (!text.empty()) text += " ";
  text += (pointer.empty() ? std::string("(document)") : pointer) + ": " + message;
  return text;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += diagnostic.to_string();
  }
  return text;
}
}  // namespace

input_error::input_error(std::vector<Diagnostic> diagnostics)
    : error(ErrorKind::input, join_diagnostics(diagnostics),
            diagnostics.empty() ? std::string() : diagnostics.front().pointer),
      diagnostics_(std::move(diagnostics)) {}

}  // namespace v1
}  // namespace clearance
