// Internal: where reports write their bytes. Reports of hundreds of thousands of findings
// run to tens of megabytes, so they are streamed in blocks to a std::ostream instead of
// being assembled as one string first; the string-returning API writes through the same
// class, appending each block to the string. Either way appending a piece is a bounds
// check and a memcpy into the block. Not installed.
#pragma once

#include <cstddef>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {
namespace detail {

class Output {
 public:
  // Appends to `target` block by block: it holds every byte once finish() (or the
  // destructor) has run.
  explicit Output(std::string& target);
  // Writes to `target` in blocks of block_size; the stream's error state tells whether
  // every block was written.
  explicit Output(std::ostream& target);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { finish(); }

  Output& operator+=(char c) {
    if (cursor_ == end_) finish();
    *cursor_++ = c;
    return *this;
  }
  Output& operator+=(std::string_view text) {
    append(text.data(), text.size());
    return *this;
  }
  void append(const char* data, std::size_t size) {
    if (size > static_cast<std::size_t>(end_ - cursor_)) {
      append_slowly(data, size);
      return;
    }
    std::memcpy(cursor_, data, size);
    cursor_ += size;
  }
  void append(std::size_t count, char c);

  // Hands every byte written so far to the target.
  void finish();

  static constexpr std::size_t block_size = 64 * 1024;

 private:
  void write_block(const char* data, std::size_t size);
  void append_slowly(const char* data, std::size_t size);

  std::string* string_ = nullptr;
  std::ostream* stream_ = nullptr;
  std::unique_ptr<char[]> block_;
  char* begin_ = nullptr;
  char* cursor_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
