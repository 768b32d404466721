// Text from a model (names, ids, messages that quote them) made safe to print in a
// terminal: a name like "\r\nfake: 0 findings" must not forge a line, nor ESC move the
// cursor. Every text writer and the CLI's messages go through this one function.
#pragma once

#include <clearance/config.hpp>

#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// `text` with every control character spelled out: NUL as `\0`, the rest of C0 (newline
// and tab included) and DEL as `\x1b`, C1 (U+0080 to U+009F) as `\u009b`, and bytes that are not UTF-8 as `\xff`.
// Other text, backslashes included, passes through unchanged. Never throws but bad_alloc.
CLEARANCE_API std::string terminal_safe(std::string_view text);

}  // namespace v1
}  // namespace clearance
