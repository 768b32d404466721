#include "commands.hpp"

#include <clearance/country.hpp>
#include <clearance/marking.hpp>
#include <clearance/terminal_text.hpp>

#include <iostream>

namespace clearance::cli {

void add_marking(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "marking", "Print the canonical form of each marking, one a line (exit 2 at the first invalid one)");
  auto markings = std::make_shared<std::vector<std::string>>();
  auto owner = std::make_shared<std::string>("USA");
  command->add_option("MARKING", *markings, "Markings such as 's//si/tk//rel to usa, fvey'")->required();
  command->add_option("--owner", *owner, "Owner country listed first in REL TO (ISO 3166-1 alpha-3)")
      ->capture_default_str();
  command->callback([markings, owner, &status] {
    auto owner_id = find_country(*owner);
    if (!owner_id) {
      std::cerr << "error: --owner: unknown country \"" << *owner << "\"; expected an ISO 3166-1 alpha-3 code\n";
      status = 2;
      return;
    }
    Scheme scheme = Scheme::us_default();
    for (const auto& text : *markings) {
      try {
        std::cout << format_marking(parse_marking(text, scheme), scheme, *owner_id) << '\n';
      } catch (const marking_error& e) {
        std::cout.flush();
        std::cerr << "error: invalid marking \"" << terminal_safe(text) << "\": " << terminal_safe(e.what()) << '\n';
        status = 2;
        return;
      }
    }
    status = 0;
  });
}

}  // namespace clearance::cli
