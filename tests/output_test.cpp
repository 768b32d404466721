// The buffered writer the reports stream through (src/output.hpp) and the escaping that
// copies safe runs whole (src/text.hpp): every byte arrives, in order, whether the pieces
// fit a block or not, and a byte that needs escaping is found at any offset.
#include <doctest/doctest.h>

#include <clearance/terminal_text.hpp>

#include "output.hpp"
#include "text.hpp"

#include <sstream>
#include <string>
#include <vector>

using namespace clearance;
using clearance::detail::Output;

namespace {

// Pieces of every size around the block size, written through an Output and appended to
// the expected text directly.
template <typename Write>
std::string pieces_of_every_size(Write write) {
  std::string expected;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{7}, Output::block_size - 3, Output::block_size,
                           Output::block_size + 5, 3 * Output::block_size + 11, std::size_t{100}}) {
    std::string piece(size, '\0');
    for (std::size_t i = 0; i < size; ++i) piece[i] = static_cast<char>('a' + (i * 7 + size) % 26);
    expected += piece;
    expected += '|';
    expected.append(size % 300, '.');
    write(piece, size % 300);
  }
  return expected;
}

// JSON escaping one byte at a time, as text.hpp specifies it, for ASCII input.
std::string json_escaped_bytewise(const std::string& text) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7F) out += std::string("\\u00") + hex[c >> 4] + hex[c & 0xF];
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

TEST_SUITE("output") {

TEST_CASE("an output into a string holds every byte in order, whatever the sizes of the pieces") {
  std::string text = "kept: ";
  std::string expected = "kept: ";
  {
    Output out(text);
    expected += pieces_of_every_size([&](const std::string& piece, std::size_t dots) {
      out += piece;
      out += '|';
      out.append(dots, '.');
    });
  }
  CHECK(text == expected);
}

TEST_CASE("an output into a stream writes the same bytes, in blocks") {
  std::ostringstream stream;
  std::string expected;
  {
    Output out(stream);
    expected = pieces_of_every_size([&](const std::string& piece, std::size_t dots) {
      out.append(piece.data(), piece.size());
      out += '|';
      out.append(dots, '.');
    });
    out.finish();
    CHECK(stream.str() == expected);  // finish() hands over everything so far
  }
  CHECK(stream.str() == expected);  // and the destructor adds nothing twice
}

TEST_CASE("JSON escaping finds a byte to escape at any offset of a long safe run") {
  for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\t'}) {
    for (std::size_t at = 0; at < 40; ++at) {
      std::string text(40, 'x');
      for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(' ' + (i * 5) % 90);
      for (char& c : text)
        if (c == '"' || c == '\\') c = '_';
      text[at] = special;
      std::string escaped;
      detail::append_json_escaped(escaped, text);
      CHECK(escaped == json_escaped_bytewise(text));
      std::ostringstream stream;
      {
        Output out(stream);
        detail::append_json_escaped(out, text);
      }
      CHECK(stream.str() == escaped);
    }
  }
}

TEST_CASE("JSON escaping passes UTF-8 through and replaces invalid bytes after a safe run") {
  std::string escaped;
  detail::append_json_escaped(escaped, "0123456789abcdef\xC3\xA9 caf\xC3\xA9 \xFF tail of eight");
  CHECK(escaped == "0123456789abcdef\xC3\xA9 caf\xC3\xA9 \xEF\xBF\xBD tail of eight");
}

TEST_CASE("terminal escaping finds a control byte at any offset of a long safe run") {
  for (std::size_t at = 0; at < 24; ++at) {
    std::string text(24, 'a');
    text[at] = '\x1b';
    std::string expected(24, 'a');
    expected.replace(at, 1, "\\x1b");
    CHECK(terminal_safe(text) == expected);
    text[at] = '\x7f';
    expected.replace(at, 4, "\\x7f");
    CHECK(terminal_safe(text) == expected);
  }
  CHECK(terminal_safe("abcdefgh\"\\quotes stay") == "abcdefgh\"\\quotes stay");
}

}  // TEST_SUITE("output")
