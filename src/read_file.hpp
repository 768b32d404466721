// Reading a whole file, with errors that name the file and the reason.
#pragma once

#include <clearance/error.hpp>

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clearance::detail {

// A regular file is read straight into a string of its size (one read: a model of 250 MB
// is not copied through a small buffer); what is past that size (a pipe) in pieces.
inline std::string read_file(const std::string& path) {
  const auto failure = [&](const std::string& why) { return error(ErrorKind::io, "cannot read " + path + ": " + why); };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw failure(std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    throw failure(std::strerror(saved));
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw failure("it is a directory");
  }
  std::string text;
  std::size_t size = 0;
  if (S_ISREG(info.st_mode)) text.resize(static_cast<std::size_t>(info.st_size));
  char piece[1 << 16];  // past the size fstat gave (a file that grew, a pipe)
  while (true) {
    const bool in_place = size < text.size();
    const ssize_t got = in_place ? ::read(fd, text.data() + size, text.size() - size) : ::read(fd, piece, sizeof piece);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      throw failure("read error");
    }
    if (got == 0) break;
    if (!in_place) text.append(piece, static_cast<std::size_t>(got));
    size += static_cast<std::size_t>(got);
  }
  ::close(fd);
  text.resize(size);
  return text;
}

}  // namespace clearance::detail
