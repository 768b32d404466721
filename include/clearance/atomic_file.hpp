// Replacing a file so that readers see the old content or the new, never a mix: write a
// temporary file in the same directory, fsync it, rename it over the target, fsync the
// directory. Every file clearance writes goes through here.
#pragma once

#include <clearance/config.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// Writes `bytes` to `path` atomically. On failure the temporary file is removed, the old
// file (if any) is left intact, and error (ErrorKind::io) is thrown naming the file and
// the reason. A new file gets mode 0666 less the umask; a replaced file keeps its mode.
// A path that exists and is neither a regular file nor a directory (/dev/null, a FIFO, a
// terminal) is written directly, as a shell redirection would: there is nothing to replace.
CLEARANCE_API void write_file_atomically(const std::string& path, std::string_view bytes);

// The same, with the bytes `write` writes to the stream it is given, which goes to the
// temporary file as they come (a report of tens of megabytes is never held whole). An
// exception from `write` (or a failed write) removes the temporary file and propagates.
CLEARANCE_API void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);
// Unlinks every temporary file write_file_atomically has open at this moment, for a
// program's SIGTERM or SIGINT handler (a killed write would leave its hidden partial file
// beside the target). Async-signal-safe: it reads a fixed table and calls unlink(2). The
// library installs no handler itself; the clearance tool does. Files beyond the 64 written
// at once by one process, or with paths longer than 4,095 bytes, are not in the table.
CLEARANCE_API void remove_temporary_files() noexcept;

}  // namespace v1
}  // namespace clearance
