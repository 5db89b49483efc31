#include "resp/reply_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace not_redis::detail::resp {

namespace {

// "<prefix><n>\r\n", the shape of every length and integer line.
void write_line(std::string& out, char prefix, long long n) {
  char buf[24];
  buf[0] = prefix;
  char* end = std::to_chars(buf + 1, buf + sizeof buf - 2, n).ptr;
  *end++ = '\r';
  *end++ = '\n';
  out.append(buf, static_cast<std::size_t>(end - buf));
}

void write_length(std::string& out, char prefix, std::size_t n) { write_line(out, prefix, static_cast<long long>(n)); }

// One-line replies (+status, -error) cannot hold CR or LF; Redis turns them
// into spaces (addReplyErrorFormat) so the stream stays parseable.
void write_one_line(std::string& out, char prefix, std::string_view s) {
  out += prefix;
  const std::size_t from = out.size();
  out.append(s);
  std::replace_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                  [](char c) { return c == '\r' || c == '\n'; }, ' ');
  out.append("\r\n", 2);
}

void write_aggregate(std::string& out, const Value& value, int resp) {
  const auto& elements = value.elements();
  switch (value.type()) {
  case Value::Type::map: write_map_header(out, elements.size() / 2, resp); break;
  case Value::Type::set: write_set_header(out, elements.size(), resp); break;
  case Value::Type::push: write_push_header(out, elements.size(), resp); break;
  default: write_array_header(out, elements.size()); break;
  }
  for (const Value& element : elements) write_reply(out, element, resp);
}

} // namespace

void write_integer(std::string& out, long long n) { write_line(out, ':', n); }

void write_bulk(std::string& out, std::string_view s) {
  write_length(out, '$', s.size());
  out.append(s);
  out.append("\r\n", 2);
}

void write_simple(std::string& out, std::string_view s) { write_one_line(out, '+', s); }

void write_error(std::string& out, std::string_view text) {
  // The text carries its code; one that already starts with '-' is not given a second dash.
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  write_one_line(out, '-', text);
}

void write_nil(std::string& out, int resp) { out.append(resp == 2 ? std::string_view("$-1\r\n") : "_\r\n"); }

void write_null_array(std::string& out, int resp) { out.append(resp == 2 ? std::string_view("*-1\r\n") : "_\r\n"); }

namespace {
// A double's text: a bulk string in RESP2, a double in RESP3.
void write_double_text(std::string& out, std::string_view text, int resp) {
  if (resp == 2) {
    write_bulk(out, text);
  } else {
    out += ',';
    out.append(text);
    out.append("\r\n", 2);
  }
}
} // namespace

// addReplyDouble in Redis 7.0: "%.17g", with infinities spelled out.
void write_double(std::string& out, double d, int resp) {
  char buf[64];
  std::string_view text;
  if (std::isinf(d)) {
    text = d > 0 ? "inf" : "-inf";
  } else {
    const int n = std::snprintf(buf, sizeof buf, "%.17g", d);
    text = std::string_view(buf, static_cast<std::size_t>(n));
  }
  write_double_text(out, text, resp);
}

// addReplyHumanLongDouble: a bulk string in RESP2, a double in RESP3.
void write_human_double(std::string& out, double d, int resp) {
  if (std::isinf(d)) {
    write_double(out, d, resp);
    return;
  }
  // The widest finite double takes 309 digits before the point and 17 after.
  char buf[400];
  const int n = std::snprintf(buf, sizeof buf, "%.17Lf", static_cast<long double>(d));
  auto length = static_cast<std::size_t>(n);
  while (buf[length - 1] == '0') --length;
  if (buf[length - 1] == '.') --length;
  write_double_text(out, std::string_view(buf, length), resp);
}

void write_boolean(std::string& out, bool b, int resp) {
  if (resp == 2) out.append(b ? ":1\r\n" : ":0\r\n");
  else out.append(b ? "#t\r\n" : "#f\r\n");
}

void write_array_header(std::string& out, std::size_t n) { write_length(out, '*', n); }

void write_map_header(std::string& out, std::size_t pairs, int resp) {
  if (resp == 2) write_length(out, '*', pairs * 2);
  else write_length(out, '%', pairs);
}

void write_set_header(std::string& out, std::size_t n, int resp) { write_length(out, resp == 2 ? '*' : '~', n); }

void write_push_header(std::string& out, std::size_t n, int resp) { write_length(out, resp == 2 ? '*' : '>', n); }

void write_reply(std::string& out, const Value& value, int resp) {
  switch (value.type()) {
  case Value::Type::nil:
    if (value.is_null_array()) write_null_array(out, resp);
    else write_nil(out, resp);
    return;
  case Value::Type::integer: write_integer(out, value.integer_value()); return;
  case Value::Type::double_number:
    if (value.is_human_number()) write_human_double(out, value.double_value(), resp);
    else write_double(out, value.double_value(), resp);
    return;
  case Value::Type::boolean: write_boolean(out, value.bool_value(), resp); return;
  case Value::Type::simple_string: write_simple(out, value.string()); return;
  case Value::Type::bulk_string: write_bulk(out, value.string()); return;
  case Value::Type::verbatim_string:
    if (resp == 2) {
      write_bulk(out, value.string());
    } else {
      const std::string& text = value.string();
      write_length(out, '=', text.size() + 4);
      out.append(value.verbatim_format());
      out += ':';
      out.append(text);
      out.append("\r\n", 2);
    }
    return;
  case Value::Type::big_number:
    if (resp == 2) {
      write_bulk(out, value.string());
    } else {
      out += '(';
      out.append(value.string());
      out.append("\r\n", 2);
    }
    return;
  case Value::Type::error: write_error(out, value.string()); return;
  case Value::Type::array:
  case Value::Type::map:
  case Value::Type::set:
  case Value::Type::push: write_aggregate(out, value, resp); return;
  }
}

} // namespace not_redis::detail::resp
