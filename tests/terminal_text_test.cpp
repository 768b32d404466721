// Tests of terminal_text.hpp: text from a hostile model cannot forge lines or drive the
// terminal, in the text reports and in the CLI's messages; ordinary text is unchanged.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>
#include <clearance/terminal_text.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

using namespace clearance;

namespace {

// Ids are restricted to [A-Za-z0-9._:-]+ at load; the model's name is free text. It tries to
// forge a line, clear the screen, set the title and send a C1 CSI.
Model hostile_model() {
  return load_model_json(R"({"clearance": 1, "name": "m\r\nfake: 0 findings\u001b[2J\u001b]0;pwned\u0007\u009b31m",
    "nodes": [{"id": "uk", "jurisdiction": "GBR", "accredited": "SECRET"}],
    "data": [{"id": "isr", "marking": "SECRET//NOFORN"}],
    "workloads": [{"id": "w", "uses": ["isr"]}],
    "placement": {"w": ["uk"]}})");
}

// The first control character (C0 but newline, DEL or C1) in `text`, or none.
std::string first_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return text.substr(i, 1);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) return text.substr(i, 2);
  }
  return "";
}

bool has_line_starting(const std::string& text, const std::string& start) {
  return text.compare(0, start.size(), start) == 0 || text.find("\n" + start) != std::string::npos;
}

}  // namespace

TEST_SUITE("terminal_text") {

TEST_CASE("terminal_safe spells out NUL, the rest of C0, DEL, C1 and bytes that are not UTF-8") {
  CHECK(terminal_safe(std::string("a\x1b[2Jb\r\n\t\x7f", 10)) == "a\\x1b[2Jb\\x0d\\x0a\\x09\\x7f");
  CHECK(terminal_safe(std::string("\0z", 2)) == "\\0z");
  CHECK(terminal_safe("csi\xC2\x9B" "31m") == "csi\\u009b31m");
  CHECK(terminal_safe("bad\xff\x9b") == "bad\\xff\\x9b");
}

TEST_CASE("terminal_safe passes ordinary text through unchanged, UTF-8 and backslashes included") {
  const std::string text = "TOP SECRET//SI – Zürich \xC2\xA0\\x1b 東京 \xF0\x9F\x94\x92";
  CHECK(terminal_safe(text) == text);
}

TEST_CASE("the text report of a model with hostile names has no control character and no forged line") {
  Model model = hostile_model();
  Report report = check(model);
  REQUIRE_FALSE(report.findings.empty());
  for (bool colour : {false, true}) {
    std::string text = to_text(report, model, colour);
    if (colour) {
      // The report's own colours are the only escapes left.
      for (const char* sgr : {"\033[1;31m", "\033[31m", "\033[33m", "\033[36m", "\033[1m", "\033[0m", "\033[32m"})
        for (std::size_t at; (at = text.find(sgr)) != std::string::npos;) text.erase(at, std::strlen(sgr));
    }
    CHECK(first_control(text).empty());
    CHECK_FALSE(has_line_starting(text, "fake:"));
    CHECK_FALSE(has_line_starting(text, "clearance: model `x`"));
    CHECK(text.find("m\\x0d\\x0afake: 0 findings\\x1b[2J\\x1b]0;pwned\\x07\\u009b31m") != std::string::npos);
  }
}

TEST_CASE("the CLI escapes model names in its messages and errors") {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "clearance-terminal-text-test.json";
  auto run = [&](const std::string& json) {
    {
      std::ofstream out(path, std::ios::binary);
      out << json;
    }
    std::string command = std::string("'") + CLEARANCE_CLI + "' validate '" + path.string() + "' 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t read;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, read);
    pclose(pipe);
    return output;
  };
  SUBCASE("a valid model's name") {
    std::string output = run(R"({"clearance": 1, "name": "m\r\nfake\u001b[2J"})");
    CHECK(output.find("valid model \"m\\x0d\\x0afake\\x1b[2J\"") != std::string::npos);
    CHECK(first_control(output).empty());
  }
  SUBCASE("an error quoting an unknown id") {
    std::string output = run(R"({"clearance": 1, "name": "m", "placement": {"w\r\nerror: forged\u001b[2J": []}})");
    CHECK(output.find("error: ") == 0);
    CHECK(output.find("w\\x0d\\x0aerror: forged\\x1b[2J") != std::string::npos);
    CHECK(first_control(output).empty());
  }
  std::filesystem::remove(path);
}

}
