#include <not_redis/fmt.hpp>

#include "util/numbers.hpp"
#include "util/repr.hpp"

namespace not_redis {

namespace {


// A port of redis-cli's cliFormatReplyTTY: every line ends with '\n'.
void format_tty(std::string& out, const Value& v, const std::string& prefix) {
  switch (v.type()) {
  case Value::Type::nil: out += "(nil)\n"; return;
  case Value::Type::integer: fmt::format_to(std::back_inserter(out), "(integer) {}\n", v.integer_value()); return;
  case Value::Type::double_number:
    fmt::format_to(std::back_inserter(out), "(double) {}\n", detail::format_double(v.double_value()));
    return;
  case Value::Type::boolean: out += v.bool_value() ? "(true)\n" : "(false)\n"; return;
  case Value::Type::simple_string:
  case Value::Type::verbatim_string: out += v.string(); out += '\n'; return;
  case Value::Type::bulk_string: detail::append_repr(out, v.string()); out += '\n'; return;
  case Value::Type::big_number: fmt::format_to(std::back_inserter(out), "(big number) {}\n", v.string()); return;
  case Value::Type::error: fmt::format_to(std::back_inserter(out), "(error) {}\n", v.string()); return;
  case Value::Type::array:
  case Value::Type::map:
  case Value::Type::set:
  case Value::Type::push: break;
  }
  const auto& elements = v.elements();
  if (elements.empty()) {
    switch (v.type()) {
    case Value::Type::map: out += "(empty hash)\n"; break;
    case Value::Type::set: out += "(empty set)\n"; break;
    case Value::Type::push: out += "(empty push)\n"; break;
    default: out += "(empty array)\n"; break;
    }
    return;
  }
  const bool is_map = v.type() == Value::Type::map;
  const std::size_t count = is_map ? elements.size() / 2 : elements.size();
  const std::size_t width = fmt::formatted_size("{}", count);
  const std::string nested = prefix + std::string(width + 2, ' ');
  const char separator = v.type() == Value::Type::set ? '~' : is_map ? '#' : ')';
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const std::size_t human = (is_map ? i / 2 : i) + 1;
    fmt::format_to(std::back_inserter(out), "{}{:>{}}{} ", i == 0 ? std::string_view() : prefix, human, width,
                   separator);
    format_tty(out, elements[i], nested);
    if (is_map) {
      out.pop_back();
      out += " => ";
      format_tty(out, elements[++i], nested);
    }
  }
}

} // namespace

std::string to_cli_string(const Value& v) {
  std::string out;
  format_tty(out, v, "");
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

} // namespace not_redis
