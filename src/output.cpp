#include "output.hpp"

#include <algorithm>
#include <ostream>

namespace clearance {
inline namespace v1 {
namespace detail {

Output::Output(std::string& target) : string_(&target), block_(new char[block_size]) {
  begin_ = cursor_ = block_.get();
  end_ = begin_ + block_size;
}

Output::Output(std::ostream& target) : stream_(&target), block_(new char[block_size]) {
  begin_ = cursor_ = block_.get();
  end_ = begin_ + block_size;
}

void Output::write_block(const char* data, std::size_t size) {
  // A string grows geometrically and touches only the pages it fills (writing into its
  // resized storage instead would zero twice the memory first).
  if (string_ != nullptr)
    string_->append(data, size);
  else
    stream_->write(data, static_cast<std::streamsize>(size));
}

void Output::append_slowly(const char* data, std::size_t size) {
  // Fill the block, write it, and write what is left of a large piece straight through.
  const std::size_t head = static_cast<std::size_t>(end_ - cursor_);
  std::memcpy(cursor_, data, head);
  cursor_ += head;
  finish();
  data += head;
  size -= head;
  if (size >= block_size) {
    write_block(data, size);
    return;
  }
  std::memcpy(cursor_, data, size);
  cursor_ += size;
}

void Output::append(std::size_t count, char c) {
  while (count > 0) {
    if (cursor_ == end_) finish();
    const std::size_t piece = std::min(count, static_cast<std::size_t>(end_ - cursor_));
    std::memset(cursor_, c, piece);
    cursor_ += piece;
    count -= piece;
  }
}

void Output::finish() {
  if (cursor_ != begin_) write_block(begin_, static_cast<std::size_t>(cursor_ - begin_));
  cursor_ = begin_;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
