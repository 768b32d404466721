#include "output.hpp"

#include <algorithm>
#include <ostream>

namespace clearance {
inline namespace v1 {
namespace detail {

Output::Output(std::string& target) : string_(&target), string_start_(target.size()) {
  begin_ = cursor_ = end_ = target.data() + target.size();
}

Output::Output(std::ostream& target) : stream_(&target), block_(new char[block_size]) {
  begin_ = cursor_ = block_.get();
  end_ = begin_ + block_size;
}

void Output::make_room(std::size_t size) {
  if (stream_ != nullptr) {
    stream_->write(begin_, cursor_ - begin_);
    cursor_ = begin_;
    return;
  }
  // The string's storage is the buffer: grow it geometrically, as push_back would.
  const std::size_t used = static_cast<std::size_t>(cursor_ - string_->data());
  const std::size_t wanted = std::max({string_->capacity(), used + size, 2 * used, std::size_t{256}});
  string_->resize(wanted);
  begin_ = string_->data() + string_start_;
  cursor_ = string_->data() + used;
  end_ = string_->data() + string_->size();
}

void Output::append_slowly(const char* data, std::size_t size) {
  if (stream_ != nullptr) {
    // Fill the block, write it, and write what is left of a large piece straight through.
    const std::size_t head = static_cast<std::size_t>(end_ - cursor_);
    std::memcpy(cursor_, data, head);
    cursor_ += head;
    make_room(size - head);
    data += head;
    size -= head;
    if (size >= block_size) {
      stream_->write(data, static_cast<std::streamsize>(size));
      return;
    }
  } else {
    make_room(size);
  }
  std::memcpy(cursor_, data, size);
  cursor_ += size;
}

void Output::append(std::size_t count, char c) {
  while (count > 0) {
    if (cursor_ == end_) make_room(count);
    const std::size_t piece = std::min(count, static_cast<std::size_t>(end_ - cursor_));
    std::memset(cursor_, c, piece);
    cursor_ += piece;
    count -= piece;
  }
}

void Output::finish() {
  if (stream_ != nullptr) {
    if (cursor_ != begin_) stream_->write(begin_, cursor_ - begin_);
    cursor_ = begin_;
    return;
  }
  const std::size_t used = static_cast<std::size_t>(cursor_ - string_->data());
  string_->resize(used);
  begin_ = string_->data() + string_start_;
  cursor_ = end_ = string_->data() + used;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
