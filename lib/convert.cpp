#include <not_redis/convert.hpp>

#include <fmt/format.h>

#include "util/numbers.hpp"

namespace not_redis {

void throw_conversion_error(const Value& from, std::string_view to) {
  if (from.is_string() || from.type() == Value::Type::big_number) {
    std::string_view text = from.string();
    const bool clipped = text.size() > 64;
    throw Error(Error::Kind::conversion, fmt::format("not_redis: cannot convert {} \"{}{}\" to {}",
                                                     Value::type_name(from.type()), text.substr(0, 64),
                                                     clipped ? "..." : "", to));
  }
  throw Error(Error::Kind::conversion,
              fmt::format("not_redis: cannot convert {} to {}", Value::type_name(from.type()), to));
}

namespace detail {

void throw_if_error(const Value& v) {
  if (v.is_error()) throw Error(Error::Kind::reply, v.string());
}

long long to_long_long(const Value& v) {
  switch (v.type()) {
  case Value::Type::integer: return v.integer_value();
  case Value::Type::boolean: return v.bool_value() ? 1 : 0;
  case Value::Type::simple_string:
  case Value::Type::bulk_string:
  case Value::Type::verbatim_string:
  case Value::Type::big_number:
    if (auto n = parse_integer(v.string())) return *n;
    break;
  default: break;
  }
  throw_conversion_error(v, "an integer");
}

unsigned long long to_unsigned_long_long(const Value& v) {
  if (v.is_integer()) {
    if (v.integer_value() < 0) throw_conversion_error(v, "an unsigned integer");
    return static_cast<unsigned long long>(v.integer_value());
  }
  if (v.is_string() || v.type() == Value::Type::big_number) {
    if (auto n = parse_unsigned(v.string())) return *n;
  }
  throw_conversion_error(v, "an unsigned integer");
}

double to_double(const Value& v) {
  switch (v.type()) {
  case Value::Type::double_number: return v.double_value();
  case Value::Type::integer: return static_cast<double>(v.integer_value());
  case Value::Type::simple_string:
  case Value::Type::bulk_string:
  case Value::Type::verbatim_string:
  case Value::Type::big_number:
    if (auto d = parse_double(v.string())) return *d;
    break;
  default: break;
  }
  throw_conversion_error(v, "a double");
}

bool to_bool(const Value& v) {
  switch (v.type()) {
  case Value::Type::nil: return false;  // SET NX that did not set, ...
  case Value::Type::boolean: return v.bool_value();
  case Value::Type::integer: return v.integer_value() != 0;
  case Value::Type::simple_string:
    if (v.string() == "OK") return true;
    [[fallthrough]];
  case Value::Type::bulk_string:
    if (v.string() == "1") return true;
    if (v.string() == "0") return false;
    break;
  default: break;
  }
  throw_conversion_error(v, "a bool");
}

std::string to_string(Value&& v) {
  switch (v.type()) {
  case Value::Type::simple_string:
  case Value::Type::bulk_string:
  case Value::Type::verbatim_string:
  case Value::Type::big_number: return v.take_string();
  case Value::Type::integer: return std::to_string(v.integer_value());
  case Value::Type::double_number: return format_double(v.double_value());
  default: break;
  }
  throw_conversion_error(v, "std::string");
}

Value::Array take_elements(Value&& v, std::string_view to) {
  if (!v.is_aggregate()) throw_conversion_error(v, to);
  return std::move(v.elements());
}

} // namespace detail
} // namespace not_redis
