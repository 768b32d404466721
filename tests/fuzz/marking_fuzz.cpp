// libFuzzer target for the marking parser (spec §3, markings-v1.1). Any bytes must
// either parse or throw clearance::error; anything else (another exception, a crash, a
// sanitizer report) is a bug. A marking that parses must print a canonical form that
// parses back to itself, with the same level and releasable set.
#include <clearance/marking.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

const clearance::Scheme& default_scheme() {
  static const clearance::Scheme scheme = clearance::Scheme::us_default();
  return scheme;
}

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "%s\ninput: %.*s\ndetail: %s\n", what, static_cast<int>(input.size()), input.data(),
               detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  clearance::Scheme scheme = default_scheme();  // a fresh compartment table per input
  std::string canonical;
  clearance::Label label;
  try {
    const clearance::Marking marking = clearance::parse_marking(text, scheme);
    canonical = clearance::format_marking(marking, scheme, scheme.default_owner());
    label = clearance::label_of(marking, scheme.default_owner(), scheme);
  } catch (const clearance::marking_error& e) {
    if (e.offset() > size) fail("marking_error offset past the end of the input", text, e.what());
    return 0;
  } catch (const clearance::error&) {
    return 0;
  }
  // The canonical form is a fixed point.
  clearance::Scheme again = default_scheme();
  try {
    const clearance::Marking reparsed = clearance::parse_marking(canonical, again);
    const std::string twice = clearance::format_marking(reparsed, again, again.default_owner());
    if (twice != canonical) fail("canonical form is not a fixed point", text, canonical + " -> " + twice);
    const clearance::Label again_label = clearance::label_of(reparsed, again.default_owner(), again);
    if (again_label.level != label.level || again_label.releasable != label.releasable ||
        again_label.compartments.size() != label.compartments.size())
      fail("the canonical form has another label", text, canonical);
  } catch (const clearance::error& e) {
    fail("canonical form does not parse", text, canonical + ": " + e.what());
  }
  return 0;
}
