// libFuzzer target for the JSON model loader (spec §2-§3). Any bytes must either load
// or throw clearance::error; anything else (another exception, a crash, a hang, a
// sanitizer report) is a bug. Every diagnostic of a failed load names a place in the
// text (line and column >= 1) and says something. A load starts on the fast path (the
// text straight into the model) and falls back to the precise path for anything unusual;
// a load that asks for a source map takes the precise path alone. The two must agree on
// every input: the same model (snapshot bytes) or the same error.
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>
#include <clearance/source_map.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s\ndetail: %s\n", what, detail.c_str());
  std::abort();
}

void check_diagnostics(const clearance::input_error& e) {
  if (e.diagnostics().empty()) fail("input_error without diagnostics", e.what());
  if (e.diagnostics().size() > 100) fail("more than 100 diagnostics", std::to_string(e.diagnostics().size()));
  for (const auto& diagnostic : e.diagnostics()) {
    if (diagnostic.line == 0 || diagnostic.column == 0) fail("diagnostic without line:column", diagnostic.to_string());
    if (diagnostic.message.empty()) fail("diagnostic without a message", diagnostic.to_string());
    if (diagnostic.file != "fuzz.json") fail("diagnostic without the file name", diagnostic.to_string());
  }
}

}  // namespace

// The outcome of a load: the model's snapshot bytes, or the error's text.
struct Outcome {
  std::optional<std::string> snapshot;
  std::string error;
};

template <typename Load>
Outcome outcome_of(Load&& load) {
  Outcome outcome;
  try {
    outcome.snapshot = clearance::snapshot_bytes(load());
  } catch (const clearance::input_error& e) {
    check_diagnostics(e);
    outcome.error = e.what();
  } catch (const clearance::error& e) {
    outcome.error = e.what();
  }
  return outcome;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Outcome usual = outcome_of([&] { return clearance::load_model_json(text, "fuzz.json"); });
  const Outcome precise = outcome_of([&] {
    clearance::SourceMap map;
    return clearance::load_model_json(text, "fuzz.json", map);
  });
  if (usual.snapshot.has_value() != precise.snapshot.has_value())
    fail("the fast and precise paths disagree on whether the text is a model", usual.error + " | " + precise.error);
  if (usual.snapshot != precise.snapshot) fail("the fast and precise paths read different models", std::string(text));
  if (usual.error != precise.error) fail("the fast and precise paths report different errors", usual.error + " | " + precise.error);
  try {
    const clearance::Model model = clearance::load_model_json(text, "fuzz.json");
    // Exercise what a loaded model offers a caller.
    for (std::uint32_t d = 0; d < model.data().size(); ++d) (void)model.marking_of(d);
    for (std::uint32_t n = 0; n < model.nodes().size(); ++n) (void)model.accreditation_of(n);
    // The same bytes as a placement file for this model.
    try {
      (void)clearance::load_placement_json(text, model, "fuzz.json");
    } catch (const clearance::input_error& e) {
      check_diagnostics(e);
    }
  } catch (const clearance::error&) {
  }
  return 0;
}
