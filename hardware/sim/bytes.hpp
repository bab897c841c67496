#pragma once

// Byte strings as the simulators see them. Device traffic here is mostly ASCII, so a
// std::string holds it; these helpers move between raw bytes and the text forms used
// in captures, scripts and test failure messages.

#include <string>
#include <string_view>

namespace stationd::sim {

// C-style escaping: printable ASCII stays, `\r \n \t \\ \"` and `\xNN` for the rest.
std::string escape_bytes(std::string_view data);

// Inverse of escape_bytes (also accepts `\0`, `\e` and `\xN`). Throws std::invalid_argument.
std::string unescape_bytes(std::string_view text);

// Script notation for device data: `<GS>`, `<CR>`, `<LF>`, `<STX>`, `<ETX>`, `<EOT>`,
// `<TAB>`, `<SP>`, `<NUL>`, `<ESC>`, `<RS>`, `<FS>` name control characters (case-insensitive)
// and C escapes as in unescape_bytes work too; anything else is taken literally.
// Throws std::invalid_argument on a malformed escape.
std::string decode_markup(std::string_view text);

// "53 20 58 0d" or "0x53,0x20": tokens separated by spaces, commas or colons, each one or
// two hex digits with an optional 0x. Throws std::invalid_argument.
std::string parse_hex(std::string_view text);

// "53 20 58 0d".
std::string to_hex(std::string_view data);

} // namespace stationd::sim
