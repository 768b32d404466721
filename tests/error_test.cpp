// Tests of error.hpp: the one exception hierarchy, and what its what() keeps of a message.
#include <doctest/doctest.h>

#include <clearance/error.hpp>

#include <string>

using namespace clearance;

TEST_SUITE("error") {

TEST_CASE("an error whose message holds a NUL keeps the whole message in what(), the NUL as \\0") {
  const error e(ErrorKind::usage, std::string("before\0after", 12));
  CHECK(std::string(e.what()) == "before\\0after");
}

TEST_CASE("an input error keeps the text after a NUL of a diagnostic") {
  const input_error e({Diagnostic{"m.json", "/data/0", 3, 4, std::string("unknown \0 tail", 14)}});
  CHECK(std::string(e.what()) == "m.json:3:4: /data/0: unknown \\0 tail");
}

}  // TEST_SUITE
