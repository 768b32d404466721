#include "waiver_options.hpp"

#include <clearance/date.hpp>
#include <clearance/error.hpp>
#include <clearance/waivers.hpp>

#include <memory>

namespace clearance::cli {

void add_waiver_options(CLI::App& command, WaiverArguments& arguments) {
  command.add_option("--waivers", arguments.file,
                                     "Waivers file (JSON, spec waivers-v1): accepted findings, with a reason, an "
                                     "approver and an end date; waived findings are reported but do not fail");
  command.add_flag("--no-waivers", arguments.ignore,
                   "Ignore the --waivers file (not even read): report as if nothing were waived");
  command.add_option("--today", arguments.today,
                     "The date waivers are judged on, YYYY-MM-DD (default: the current UTC date)");
  command
      .add_option("--warn-expiring", arguments.warn_expiring_days,
                  "Warn about waivers that expire within this many days")
      ->check(CLI::Range(0, 36500))
      ->capture_default_str();
}

LoadedWaivers load_waiver_arguments(const WaiverArguments& arguments, const Model& model) {
  LoadedWaivers loaded;
  loaded.options.warn_expiring_days = arguments.warn_expiring_days;
  if (!arguments.today.empty()) {
    std::string why;
    if (!parse_date(arguments.today, loaded.options.today, &why))
      throw error(ErrorKind::usage, "--today \"" + arguments.today + "\": " + why);
  }
  if (!arguments.file.empty() && !arguments.ignore)
    loaded.waivers = std::make_shared<const Waivers>(load_waivers(arguments.file, model));
  return loaded;
}

}  // namespace clearance::cli
