// libFuzzer target for the snapshot loader (issue 7). Any bytes must either load or throw
// clearance::error; anything else (another exception, a crash, a hang, a sanitizer
// report, an allocation beyond libFuzzer's limit) is a bug. A loaded model must save to
// canonical JSON and to a snapshot that loads back to the same JSON.
//
// The first byte picks the mode. Odd: the rest is a whole snapshot file, header and all;
// this fuzzes the header checks. Even: the second byte is the archive kind and the rest
// the archive, sealed here with a correct size and checksum, so that mutations reach
// Boost's archive readers and the model validation behind them (a corrupt file with a
// matching checksum is what a buggy or hostile writer produces).
#include <clearance/detail/snapshot_header.hpp>
#include <clearance/save.hpp>
#include <clearance/snapshot.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s\ndetail: %s\n", what, detail.c_str());
  std::abort();
}

void load(std::string_view bytes) {
  clearance::Model model = [&] {
    try {
      return clearance::load_snapshot_bytes(bytes);
    } catch (const clearance::error& e) {
      if (e.kind() != clearance::ErrorKind::input) fail("snapshot error of a kind other than input", e.what());
      if (std::string_view(e.what()).empty()) fail("snapshot error without a message", "");
      throw;
    }
  }();
  const std::string json = clearance::to_canonical_json(model);
  const clearance::Model again = clearance::load_snapshot_bytes(clearance::snapshot_bytes(model));
  if (clearance::to_canonical_json(again) != json) fail("snapshot round trip changed the model", json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    if (data[0] & 1) {
      load(input);
    } else if (!input.empty()) {
      const auto kind = static_cast<clearance::SnapshotFormat>(1 + static_cast<unsigned char>(input[0]) % 3);
      load(clearance::detail::seal_snapshot(kind, input.substr(1)));
    }
  } catch (const clearance::error&) {
  }
  return 0;
}
