// The waiver options of every command that reports findings (spec waivers-v1): --waivers,
// --no-waivers, --today and --warn-expiring, added by one helper and read by another into
// the command's CheckOptions, so that each command spells and treats them alike.
#pragma once

#include <clearance/check.hpp>
#include <clearance/waivers.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace clearance::cli {

struct WaiverArguments {
  std::string file;            // empty: no waivers
  bool ignore = false;         // --no-waivers: the file is not even read
  std::string today;           // empty: the current UTC date
  int warn_expiring_days = 30;
};

// Adds the options to `command`; they write into `arguments`, which must outlive it.
void add_waiver_options(CLI::App& command, WaiverArguments& arguments);

// The waivers a command applies, read before it analyses so that a bad file fails fast.
struct LoadedWaivers {
  std::shared_ptr<const Waivers> waivers;  // null: none (no file, or --no-waivers)
  WaiverOptions options;
};

// Reads the waivers file for `model` (not with --no-waivers). Throws input_error for a bad
// file and error (usage) for a --today that is not a date.
LoadedWaivers load_waiver_arguments(const WaiverArguments& arguments, const Model& model);

}  // namespace clearance::cli
