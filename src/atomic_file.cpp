// write_file_atomically: the temporary file lives beside the target so that rename(2)
// replaces it in one step (a rename across file systems would not be atomic).
#include <clearance/atomic_file.hpp>
#include <clearance/error.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <fcntl.h>
#include <ostream>
#include <streambuf>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace clearance {
inline namespace v1 {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw error(ErrorKind::io, "cannot write " + path + ": " + reason);
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Removes the temporary file unless released (after a successful rename).
class TemporaryFile {
 public:
  TemporaryFile() = default;
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  // Creates a new file with a fresh name in `directory`; returns errno on failure.
  int create(const std::string& directory, const std::string& base) {
    static std::atomic<unsigned> counter{0};
    const auto now = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string candidate = directory + "/." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
                              std::to_string(now % 1000000007ull) + "-" + std::to_string(counter++);
      const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) {
        fd_ = fd;
        path_ = std::move(candidate);
        return 0;
      }
      if (errno != EEXIST) return errno;
    }
    return EEXIST;
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // Closes the descriptor; returns errno on failure.
  int close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }
  void release() { path_.clear(); }

 private:
  int fd_ = -1;
  std::string path_;
};

// A stream buffer writing straight to a descriptor in blocks; a failed write throws (the
// caller's temporary file is then removed).
class DescriptorBuffer : public std::streambuf {
 public:
  DescriptorBuffer(int fd, const std::string& path) : fd_(fd), path_(path) { setp(block_, block_ + sizeof block_); }

  void flush_all() {
    write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(block_, block_ + sizeof block_);
  }

 protected:
  int_type overflow(int_type c) override {
    flush_all();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    if (size > epptr() - pptr()) {
      flush_all();
      if (size >= static_cast<std::streamsize>(sizeof block_)) {
        write_all(data, static_cast<std::size_t>(size));
        return size;
      }
    }
    traits_type::copy(pptr(), data, static_cast<std::size_t>(size));
    pbump(static_cast<int>(size));
    return size;
  }

 private:
  void write_all(const char* data, std::size_t left) {
    while (left > 0) {
      const ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        fail(path_, std::strerror(errno));
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
  }

  int fd_;
  const std::string& path_;
  char block_[64 * 1024];
};

}  // namespace

void write_file_atomically(const std::string& given_path, const std::function<void(std::ostream&)>& write) {
  if (given_path.empty()) fail(given_path, "empty file name");
  std::string path = given_path;
  // Replace what a symbolic link points to rather than the link itself.
  char resolved[4096];
  for (int depth = 0; depth < 16; ++depth) {
    struct stat link_info {};
    if (::lstat(path.c_str(), &link_info) != 0 || !S_ISLNK(link_info.st_mode)) break;
    const ssize_t size = ::readlink(path.c_str(), resolved, sizeof resolved - 1);
    if (size < 0) break;
    std::string target(resolved, static_cast<std::size_t>(size));
    path = (!target.empty() && target[0] == '/') ? target : directory_of(path) + "/" + target;
  }

  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) fail(given_path, "it is a directory");
  if (exists && !S_ISREG(info.st_mode)) fail(given_path, "it is not a regular file");

  const std::string directory = directory_of(path);
  TemporaryFile temporary;
  if (const int code = temporary.create(directory, base_name_of(path)))
    fail(given_path, "cannot create a temporary file in " + directory + ": " + std::strerror(code));

  {
    auto buffer = std::make_unique<DescriptorBuffer>(temporary.fd(), given_path);
    std::ostream stream(buffer.get());
    stream.exceptions(std::ios::badbit);  // a write error thrown by the buffer reaches the caller
    write(stream);
    buffer->flush_all();
  }
  if (exists && ::fchmod(temporary.fd(), info.st_mode & 07777) != 0) fail(given_path, std::strerror(errno));
  if (::fsync(temporary.fd()) != 0) fail(given_path, std::string("fsync: ") + std::strerror(errno));
  if (const int code = temporary.close()) fail(given_path, std::string("close: ") + std::strerror(code));
  if (::rename(temporary.path().c_str(), path.c_str()) != 0) fail(given_path, std::strerror(errno));
  temporary.release();

  // Make the rename itself durable. Some file systems cannot sync a directory (EINVAL).
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    const int synced = ::fsync(directory_fd);
    const int code = errno;
    ::close(directory_fd);
    if (synced != 0 && code != EINVAL)
      fail(given_path, "the file was replaced, but syncing " + directory + " failed: " + std::strerror(code));
  }
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  write_file_atomically(path, [&](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

}  // namespace v1
}  // namespace clearance
