#pragma once
// Command sequences as text, one command a line, quoted as redis-cli quotes
// them: "double quotes" with \xHH \n \r \t \" \\ escapes, 'single quotes'
// with \' only. `#` starts a comment line.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parity {

using Command = std::vector<std::string>;

struct ScriptLine {
  int line = 0;
  Command argv;
};

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Splits one line the way redis-cli's sdssplitargs does.
inline Command split_line(std::string_view s) {
  Command out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) return out;
    std::string cur;
    bool in_dq = false, in_sq = false;
    while (true) {
      if (i >= s.size()) {
        if (in_dq || in_sq) throw std::runtime_error("unbalanced quotes: " + std::string(s));
        break;
      }
      const char c = s[i];
      if (in_dq) {
        if (c == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 && hex_digit(s[i + 3]) >= 0) {
          cur += static_cast<char>(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3]));
          i += 3;
        } else if (c == '\\' && i + 1 < s.size()) {
          ++i;
          switch (s[i]) {
            case 'n': cur += '\n'; break;
            case 'r': cur += '\r'; break;
            case 't': cur += '\t'; break;
            case 'b': cur += '\b'; break;
            case 'a': cur += '\a'; break;
            default: cur += s[i];
          }
        } else if (c == '"') {
          if (i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '\t')
            throw std::runtime_error("closing quote must be followed by a space: " + std::string(s));
          in_dq = false;
          ++i;
          break;
        } else {
          cur += c;
        }
      } else if (in_sq) {
        if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\'') {
          cur += '\'';
          ++i;
        } else if (c == '\'') {
          in_sq = false;
          ++i;
          break;
        } else {
          cur += c;
        }
      } else if (c == ' ' || c == '\t') {
        break;
      } else if (c == '"' && cur.empty()) {
        in_dq = true;
      } else if (c == '\'' && cur.empty()) {
        in_sq = true;
      } else {
        cur += c;
      }
      ++i;
    }
    out.push_back(std::move(cur));
  }
}

inline std::vector<ScriptLine> parse_script(std::string_view text) {
  std::vector<ScriptLine> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] != '#') {
      Command argv = split_line(line);
      if (!argv.empty()) out.push_back({line_no, std::move(argv)});
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

/// One argument as redis-cli would need it typed back.
inline std::string quote_arg(std::string_view a) {
  bool plain = !a.empty();
  for (unsigned char c : a)
    if (c <= ' ' || c >= 127 || c == '"' || c == '\'' || c == '\\') plain = false;
  if (plain) return std::string(a);
  std::string out = "\"";
  static const char* kHex = "0123456789abcdef";
  for (unsigned char c : a) {
    if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < ' ' || c >= 127) { out += "\\x"; out += kHex[c >> 4]; out += kHex[c & 15]; }
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

inline std::string format_command(const Command& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += quote_arg(a);
  }
  return out;
}

/// A raw reply made printable on one line (CRLF shown as \r\n).
inline std::string printable(std::string_view raw, std::size_t limit = 600) {
  std::string out;
  static const char* kHex = "0123456789abcdef";
  for (unsigned char c : raw) {
    if (out.size() >= limit) { out += "..."; break; }
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c < ' ' || c >= 127) { out += "\\x"; out += kHex[c >> 4]; out += kHex[c & 15]; }
    else out += static_cast<char>(c);
  }
  return out;
}

} // namespace parity
