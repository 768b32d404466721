#include "commands.hpp"
#include "output_files.hpp"

#include <clearance/snapshot.hpp>

#include <iostream>

namespace clearance::cli {

void add_snapshot(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("snapshot", "Save a model (JSON or snapshot) as a snapshot, written atomically");
  auto model_path = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("binary");
  command->add_option("MODEL", *model_path, "Model file (JSON or snapshot)")->required();
  command->add_option("OUT", *out_path, "Snapshot file to write")->required();
  command->add_option("--format", *format, "Archive kind: binary (fast, this platform), text or xml (portable)")
      ->check(CLI::IsMember({"binary", "text", "xml"}));
  command->callback([model_path, out_path, format, &status] {
    refuse_overwriting_inputs(*out_path, "OUT", {*model_path});
    const Model model = load_any_model(*model_path);
    const SnapshotFormat kind = *format == "xml"    ? SnapshotFormat::xml
                                : *format == "text" ? SnapshotFormat::text
                                                    : SnapshotFormat::binary;
    save_snapshot(model, *out_path, kind);
    status = 0;
  });
}

}  // namespace clearance::cli
