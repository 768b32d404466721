// What the commands that write a file (--output, --out, a snapshot's OUT) share: they never
// replace one of their own inputs, and a signal that ends the tool mid-write leaves no
// hidden partial temporary file behind.
#pragma once

#include <string>
#include <vector>

namespace clearance::cli {

// Throws error (ErrorKind::usage) when `output` is the same file as one of `inputs` (the
// same device and inode, so other spellings, hard links and symbolic links count), since
// writing it would destroy the input. Empty paths and missing files are skipped, and so is
// an output that is not a regular file (/dev/null is written, never replaced).
void refuse_overwriting_inputs(const std::string& output, const char* option, const std::vector<std::string>& inputs);

// Installs handlers for SIGTERM, SIGINT and SIGHUP that remove the temporary files being
// written (remove_temporary_files) and then end the process by the same signal, as if
// there had been no handler.
void remove_temporary_files_on_signals();

}  // namespace clearance::cli
