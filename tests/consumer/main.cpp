// A user's program: load a model through the installed package and check it.
#include <clearance/check.hpp>
#include <clearance/load.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer MODEL\n";
    return 2;
  }
  try {
    const clearance::Model model = clearance::load_model(argv[1]);
    const clearance::Report report = clearance::check(model);
    std::cout << model.name() << ": " << model.nodes().size() << " nodes, " << report.findings.size()
              << " findings\n";
    return 0;
  } catch (const clearance::error& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
}
