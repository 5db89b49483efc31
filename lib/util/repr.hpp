#pragma once
// Redis's sdscatrepr, used by redis-cli's output and MONITOR's lines.

#include <string>
#include <string_view>

namespace not_redis::detail {

/// Appends `s` double-quoted, with C escapes for quotes, backslashes, control
/// characters and every byte outside printable ASCII (`\xHH`), as Redis does.
inline void append_repr(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '\\': out += "\\\\"; break;
    case '"': out += "\\\""; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\a': out += "\\a"; break;
    case '\b': out += "\\b"; break;
    default:
      if (c >= ' ' && c <= '~') {  // isprint in the C locale, whatever the process's locale
        out += ch;
      } else {
        const char escape[] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out += '"';
}

} // namespace not_redis::detail
