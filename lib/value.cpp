#include <not_redis/value.hpp>

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include <not_redis/error.hpp>

namespace not_redis {

Value Value::verbatim(std::string_view format, std::string text) {
  Value v(Type::verbatim_string, std::move(text));
  std::memset(v.format_, ' ', sizeof v.format_);
  if (!format.empty()) std::memcpy(v.format_, format.data(), std::min(format.size(), sizeof v.format_));
  return v;
}

Value Value::map(Array flat) {
  if (flat.size() % 2 != 0) throw Error(Error::Kind::usage, "not_redis: a map needs an even number of elements");
  return Value(Type::map, std::move(flat));
}

bool Value::is_string() const noexcept {
  return type_ == Type::simple_string || type_ == Type::bulk_string || type_ == Type::verbatim_string;
}

bool Value::is_aggregate() const noexcept {
  return type_ == Type::array || type_ == Type::map || type_ == Type::set || type_ == Type::push;
}

void Value::wrong_access(std::string_view wanted) const {
  throw Error(Error::Kind::conversion, fmt::format("not_redis: reply is {} {}, not {}",
                                                   type_ == Type::integer || type_ == Type::array ? "an" : "a",
                                                   type_name(type_), wanted));
}

long long Value::integer_value() const {
  if (type_ != Type::integer) wrong_access("an integer");
  return std::get<long long>(data_);
}

double Value::double_value() const {
  if (type_ != Type::double_number) wrong_access("a double");
  return std::get<double>(data_);
}

bool Value::bool_value() const {
  if (type_ != Type::boolean) wrong_access("a boolean");
  return std::get<bool>(data_);
}

const std::string& Value::string() const {
  if (!std::holds_alternative<std::string>(data_)) wrong_access("a string");
  return std::get<std::string>(data_);
}

std::string Value::take_string() {
  if (!std::holds_alternative<std::string>(data_)) wrong_access("a string");
  return std::move(std::get<std::string>(data_));
}

const Value::Array& Value::elements() const {
  if (!is_aggregate()) wrong_access("an aggregate");
  return std::get<Array>(data_);
}

Value::Array& Value::elements() {
  if (!is_aggregate()) wrong_access("an aggregate");
  return std::get<Array>(data_);
}

std::size_t Value::size() const noexcept {
  if (!is_aggregate()) return 0;
  const std::size_t n = std::get<Array>(data_).size();
  return type_ == Type::map ? n / 2 : n;
}

bool operator==(const Value& a, const Value& b) noexcept {
  if (a.type_ != b.type_) return false;
  if (a.type_ == Value::Type::verbatim_string && std::memcmp(a.format_, b.format_, sizeof a.format_) != 0) return false;
  if (a.type_ == Value::Type::double_number) {
    const double x = std::get<double>(a.data_), y = std::get<double>(b.data_);
    return x == y || (std::isnan(x) && std::isnan(y));
  }
  return a.data_ == b.data_;
}

std::string_view Value::type_name(Type type) noexcept {
  switch (type) {
  case Type::nil: return "nil";
  case Type::integer: return "integer";
  case Type::double_number: return "double";
  case Type::boolean: return "boolean";
  case Type::simple_string: return "simple string";
  case Type::bulk_string: return "bulk string";
  case Type::verbatim_string: return "verbatim string";
  case Type::big_number: return "big number";
  case Type::error: return "error";
  case Type::array: return "array";
  case Type::map: return "map";
  case Type::set: return "set";
  case Type::push: return "push";
  }
  return "unknown";
}

} // namespace not_redis
