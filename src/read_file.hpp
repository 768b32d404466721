// Reading a whole file, with errors that name the file and the reason.
#pragma once

#include <clearance/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/stat.h>

namespace clearance::detail {

inline std::string read_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw error(ErrorKind::io, "cannot read " + path + ": " + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw error(ErrorKind::io, "cannot read " + path + ": it is a directory");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw error(ErrorKind::io, "cannot read " + path + ": " + std::strerror(errno));
  std::string text;
  if (S_ISREG(info.st_mode)) text.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) throw error(ErrorKind::io, "cannot read " + path + ": read error");
  return text;
}

}  // namespace clearance::detail
