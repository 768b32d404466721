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
CLEARANCE_API void write_file_atomically(const std::string& path, std::string_view bytes);

// The same, with the bytes `write` writes to the stream it is given, which goes to the
// temporary file as they come (a report of tens of megabytes is never held whole). An
// exception from `write` (or a failed write) removes the temporary file and propagates.
CLEARANCE_API void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace v1
}  // namespace clearance
