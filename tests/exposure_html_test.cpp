// The exposure page (exposure_html.hpp) as the library writes it, without Graphviz; the page
// rendered in Chromium is tests/schema/check-exposure-page.py's.
#include <doctest/doctest.h>

#include <clearance/exposure_html.hpp>
#include <clearance/load.hpp>

#include <fstream>
#include <iterator>
#include <string>

using namespace clearance;

TEST_SUITE("exposure_html") {

TEST_CASE("the exposure page has a section per capture and its names as text") {
  std::ifstream in(std::string(CLEARANCE_SOURCE_DIR) + "/examples/edge-relay.json", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string name = "\"name\": \"edge-relay\"";
  REQUIRE(text.find(name) != std::string::npos);
  text.replace(text.find(name), name.size(), "\"name\": \"<script>alert(1)</script>\"");
  const Model model = load_model_json(text, "edge-relay.json");
  const std::string page = to_html(exposure(model), model);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("<section class=\"capture\" id=\"capture-0\" data-node=\"patrol-kit\">") != std::string::npos);
  CHECK(page.find("<section class=\"capture\" id=\"capture-2\" data-node=\"gbr-fob\">") != std::string::npos);
  CHECK(page.find("<span class=\"status exposed\">exposed</span>") != std::string::npos);
  CHECK(page.find("<span class=\"status protected\">protected</span>") != std::string::npos);
  CHECK(page.find("SECRET//REL TO USA, GBR") != std::string::npos);
  // Without html_embeds_svg the library runs no process: the diagram comes as its source,
  // with the routes drawn over it.
  CHECK(page.find("<pre class=\"diagram\">digraph") != std::string::npos);
  CHECK(page.find("route through patrol-kit over cds-release") != std::string::npos);
}

}  // TEST_SUITE
