#include "commands.hpp"

#include <clearance/load.hpp>
#include <clearance/save.hpp>
#include <clearance/snapshot.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace clearance::cli {

void add_fmt(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "fmt", "Rewrite a JSON model in canonical form, atomically (with --check: change nothing, exit 1 if it would)");
  auto path = std::make_shared<std::string>();
  auto check_only = std::make_shared<bool>(false);
  command->add_option("MODEL", *path, "Model file (JSON)")->required();
  command->add_flag("--check", *check_only, "Change nothing; exit 1 when the file is not in canonical form");
  command->callback([path, check_only, &status] {
    std::ifstream in(*path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || is_snapshot(text.str())) {
      // load_model names the file and the reason; a snapshot is not rewritten as JSON.
      if (!in) (void)load_model(*path);
      throw error(ErrorKind::usage, *path + " is a snapshot; fmt rewrites JSON models (clearance snapshot writes snapshots)");
    }
    const Model model = load_model_json(text.str(), *path);
    const std::string canonical = to_canonical_json(model);
    if (*check_only) {
      status = text.str() == canonical ? 0 : 1;
      if (status == 1) std::cerr << *path << ": not in canonical form (clearance fmt rewrites it)\n";
      return;
    }
    if (text.str() != canonical) save_json(model, *path);
    status = 0;
  });
}

}  // namespace clearance::cli
