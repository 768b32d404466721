// write_file_atomically: the temporary file lives beside the target so that rename(2)
// replaces it in one step (a rename across file systems would not be atomic).
#include <clearance/atomic_file.hpp>
#include <clearance/error.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <memory>
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

// The temporary files being written now, for remove_temporary_files in a signal handler:
// fixed storage (a handler may not allocate) and a state per slot that the handler reads
// before it trusts the path. A slot is free, being filled, or live.
class LiveTemporaries {
 public:
  static constexpr std::size_t slots = 64;
  static constexpr std::size_t path_size = 4096;

  // The slot now holding `path`, or slots when the table is full or the path too long.
  std::size_t add(const std::string& path) {
    if (path.size() >= path_size) return slots;
    for (std::size_t k = 0; k < slots; ++k) {
      int expected = free_slot;
      if (!state_[k].compare_exchange_strong(expected, filling, std::memory_order_acquire)) continue;
      std::memcpy(paths_[k], path.c_str(), path.size() + 1);
      state_[k].store(live, std::memory_order_release);
      return k;
    }
    return slots;
  }
  void remove(std::size_t slot) {
    if (slot < slots) state_[slot].store(free_slot, std::memory_order_release);
  }
  void unlink_all() noexcept {
    for (std::size_t k = 0; k < slots; ++k)
      if (state_[k].load(std::memory_order_acquire) == live) ::unlink(paths_[k]);
  }

 private:
  static constexpr int free_slot = 0, filling = 1, live = 2;
  std::atomic<int> state_[slots] = {};
  char paths_[slots][path_size] = {};
};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler reads the slots' states");

LiveTemporaries live_temporaries;

// Holds off the signals whose handler removes temporary files (SIGTERM, SIGINT, SIGHUP)
// while a file and its entry in live_temporaries change together: between open(2) and
// the entry, a signal would leave the new file behind; between rename(2) and clearing the
// entry, it would remove the finished target. Microseconds, on this thread only.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t held;
    sigemptyset(&held);
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&held, signal_number);
    ::pthread_sigmask(SIG_BLOCK, &held, &previous_);
  }
  ~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t previous_;
};

// Removes the temporary file unless released (after a successful rename).
class TemporaryFile {
 public:
  TemporaryFile() = default;
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
    live_temporaries.remove(slot_);
  }

  // Creates a new file with a fresh name in `directory`; returns errno on failure.
  int create(const std::string& directory, const std::string& base) {
    static std::atomic<unsigned> counter{0};
    const auto now = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string candidate = directory + "/." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
                              std::to_string(now % 1000000007ull) + "-" + std::to_string(counter++);
      const SignalsHeld held;
      const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) {
        fd_ = fd;
        path_ = std::move(candidate);
        slot_ = live_temporaries.add(path_);
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
  // After the rename: the path now names the target, which stays.
  void release() {
    live_temporaries.remove(slot_);
    slot_ = LiveTemporaries::slots;
    path_.clear();
  }

 private:
  int fd_ = -1;
  std::string path_;
  std::size_t slot_ = LiveTemporaries::slots;
};

// Writes all of `bytes` to `fd`; returns errno on failure.
int write_all(int fd, std::string_view bytes) {
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return 0;
}

// A stream buffer writing straight to a descriptor in blocks; a failed write throws (the
// caller's temporary file is then removed).
class DescriptorBuffer : public std::streambuf {
 public:
  DescriptorBuffer(int fd, const std::string& path) : fd_(fd), path_(path) { setp(block_, block_ + sizeof block_); }

  void flush_all() {
    write_or_fail(pbase(), static_cast<std::size_t>(pptr() - pbase()));
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
        write_or_fail(data, static_cast<std::size_t>(size));
        return size;
      }
    }
    traits_type::copy(pptr(), data, static_cast<std::size_t>(size));
    pbump(static_cast<int>(size));
    return size;
  }

 private:
  void write_or_fail(const char* data, std::size_t size) {
    if (const int code = write_all(fd_, std::string_view(data, size))) fail(path_, std::strerror(code));
  }

  int fd_;
  const std::string& path_;
  char block_[64 * 1024];
};

// Streams what `write` writes to `fd`, in blocks.
void stream_to(int fd, const std::string& given_path, const std::function<void(std::ostream&)>& write) {
  auto buffer = std::make_unique<DescriptorBuffer>(fd, given_path);
  std::ostream stream(buffer.get());
  stream.exceptions(std::ios::badbit);  // a write error thrown by the buffer reaches the caller
  write(stream);
  buffer->flush_all();
}

// /dev/null, a FIFO or a terminal: opened as it is (never created, never truncated).
void write_directly(const std::string& given_path, const std::string& path,
                    const std::function<void(std::ostream&)>& write) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(given_path, std::strerror(errno));
  try {
    stream_to(fd, given_path, write);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) fail(given_path, std::string("close: ") + std::strerror(errno));
}

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
  if (exists && !S_ISREG(info.st_mode)) return write_directly(given_path, path, write);

  const std::string directory = directory_of(path);
  TemporaryFile temporary;
  if (const int code = temporary.create(directory, base_name_of(path)))
    fail(given_path, "cannot create a temporary file in " + directory + ": " + std::strerror(code));

  stream_to(temporary.fd(), given_path, write);
  if (exists && ::fchmod(temporary.fd(), info.st_mode & 07777) != 0) fail(given_path, std::strerror(errno));
  if (::fsync(temporary.fd()) != 0) fail(given_path, std::string("fsync: ") + std::strerror(errno));
  if (const int code = temporary.close()) fail(given_path, std::string("close: ") + std::strerror(code));
  {
    const SignalsHeld held;
    if (::rename(temporary.path().c_str(), path.c_str()) != 0) fail(given_path, std::strerror(errno));
    temporary.release();
  }

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

void remove_temporary_files() noexcept { live_temporaries.unlink_all(); }

}  // namespace v1
}  // namespace clearance
