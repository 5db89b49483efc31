#pragma once
// A minimal RESP2/RESP3 reply framer for the parity harness: splits a raw
// byte stream into whole replies and parses one into a tree whose leaves keep
// their exact bytes, so normalisation can reorder elements and re-serialise
// without ever changing what a server wrote. Independent of lib/resp on
// purpose: the harness must not trust the code it checks.

#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parity {

struct Reply {
  char type = 0;          ///< '+', '-', ':', '$', '*', '%', '~', '>', '_', ',', '#', '(', '=', '|'
  std::string head;       ///< first line with its CRLF; for bulk types, the whole reply
  std::vector<Reply> children;  ///< aggregates only (a map's keys and values alternate)

  bool is_aggregate() const { return !children.empty() || type == '*' || type == '%' || type == '~' || type == '>' || type == '|'; }
  bool is_error() const { return type == '-' || type == '!'; }
  bool is_null() const { return type == '_' || head == "$-1\r\n" || head == "*-1\r\n"; }

  std::string serialize() const {
    std::string out = head;
    for (const Reply& c : children) out += c.serialize();
    return out;
  }
  /// The payload of a simple, error, integer or bulk reply.
  std::string_view text() const {
    std::string_view h = head;
    if (type == '$' || type == '=' || type == '!') {
      const auto nl = h.find("\r\n");
      return h.substr(nl + 2, h.size() - nl - 4);
    }
    return h.substr(1, h.size() - 3);
  }
};

namespace detail {

inline std::size_t find_line(std::string_view buf, std::size_t pos) {
  const auto nl = buf.find("\r\n", pos);
  return nl == std::string_view::npos ? 0 : nl + 2;
}

inline long long parse_len(std::string_view digits) {
  long long n = 0;
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || p != digits.data() + digits.size())
    throw std::runtime_error("bad RESP length: " + std::string(digits));
  return n;
}

/// Parses one reply at `pos`; returns the position after it, or 0 when the
/// buffer holds only part of it. `out` may be null (framing only).
inline std::size_t parse_at(std::string_view buf, std::size_t pos, Reply* out) {
  if (pos >= buf.size()) return 0;
  const std::size_t line_end = find_line(buf, pos);
  if (line_end == 0) return 0;
  const char type = buf[pos];
  const std::string_view line = buf.substr(pos + 1, line_end - pos - 3);
  switch (type) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      if (out) { out->type = type; out->head.assign(buf.substr(pos, line_end - pos)); }
      return line_end;
    case '$': case '=': case '!': {
      const long long len = parse_len(line);
      std::size_t end = line_end;
      if (len >= 0) {
        end = line_end + static_cast<std::size_t>(len) + 2;
        if (end > buf.size()) return 0;
        if (buf.substr(end - 2, 2) != "\r\n") throw std::runtime_error("bulk without CRLF");
      }
      if (out) { out->type = type; out->head.assign(buf.substr(pos, end - pos)); }
      return end;
    }
    case '*': case '%': case '~': case '>': case '|': {
      long long n = parse_len(line);
      if (out) { out->type = type; out->head.assign(buf.substr(pos, line_end - pos)); }
      if (n < 0) return line_end;
      if (type == '%' || type == '|') n *= 2;
      std::size_t p = line_end;
      if (out) out->children.resize(static_cast<std::size_t>(n));
      for (long long i = 0; i < n; ++i) {
        p = parse_at(buf, p, out ? &out->children[static_cast<std::size_t>(i)] : nullptr);
        if (p == 0) return 0;
      }
      // An attribute precedes the reply it annotates; keep them together.
      if (type == '|') {
        Reply annotated;
        p = parse_at(buf, p, out ? &annotated : nullptr);
        if (p == 0) return 0;
        if (out) out->children.push_back(std::move(annotated));
      }
      return p;
    }
    default:
      throw std::runtime_error(std::string("bad RESP type byte: ") + type);
  }
}

} // namespace detail

/// Length of the first whole reply in `buf`, or 0 when it is not complete yet.
inline std::size_t frame_reply(std::string_view buf) { return detail::parse_at(buf, 0, nullptr); }

/// Parses one whole raw reply.
inline Reply parse_reply(std::string_view raw) {
  Reply r;
  if (detail::parse_at(raw, 0, &r) != raw.size()) throw std::runtime_error("not exactly one reply");
  return r;
}

/// The multibulk encoding of one command, as a client sends it.
inline void append_command(std::string& out, const std::vector<std::string>& argv) {
  out += '*';
  out += std::to_string(argv.size());
  out += "\r\n";
  for (const auto& a : argv) {
    out += '$';
    out += std::to_string(a.size());
    out += "\r\n";
    out += a;
    out += "\r\n";
  }
}

} // namespace parity
