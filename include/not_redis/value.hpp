#pragma once
/// @file
/// not_redis::Value, the RESP3 reply model.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace not_redis {

/// One reply, as RESP3 models it. Every command answers with a Value; typed
/// calls convert it (see convert.hpp), the generic `Client::command()` returns
/// it as is, errors included.
///
/// A map keeps its entries as a flat list `k1, v1, k2, v2, ...` so replies keep
/// Redis's order and may carry any Value as key.
///
/// ```
/// auto v = client.command("MGET", "a", "b").get();
/// for (const auto& e : v.elements()) if (!e.is_nil()) use(e.string());
/// ```
class Value {
public:
  enum class Type : std::uint8_t {
    nil,
    integer,
    double_number,
    boolean,
    simple_string,
    bulk_string,
    verbatim_string,
    big_number,
    error,
    array,
    map,
    set,
    push,
  };

  using Array = std::vector<Value>;

  /// A nil value.
  Value() noexcept = default;

  static Value nil() noexcept { return {}; }
  /// A nil that RESP2 writes as a null array (`*-1`) rather than a null bulk
  /// string (`$-1`), as Redis does for e.g. a BLPOP timeout. It equals nil().
  static Value null_array() noexcept {
    Value v;
    v.null_array_ = true;
    return v;
  }
  static Value integer(long long v) { return Value(Type::integer, v); }
  static Value number(double v) { return Value(Type::double_number, v); }
  /// A double that the wire shows as Redis's addReplyHumanLongDouble does
  /// ("%.17Lf" without trailing zeros: GEOPOS's coordinates) rather than
  /// "%.17g". It equals number(v).
  static Value human_number(double v) {
    Value out(Type::double_number, v);
    out.human_ = true;
    return out;
  }
  static Value boolean(bool v) { return Value(Type::boolean, v); }
  static Value simple(std::string s) { return Value(Type::simple_string, std::move(s)); }
  static Value bulk(std::string s) { return Value(Type::bulk_string, std::move(s)); }
  static Value bulk(std::string_view s) { return Value(Type::bulk_string, std::string(s)); }
  static Value bulk(const char* s) { return bulk(std::string_view(s)); }
  /// A RESP3 verbatim string; `format` is three characters such as "txt".
  static Value verbatim(std::string_view format, std::string text);
  static Value big_number(std::string digits) { return Value(Type::big_number, std::move(digits)); }
  /// An error reply; `text` starts with the error code, e.g. "ERR syntax error".
  static Value error(std::string text) { return Value(Type::error, std::move(text)); }
  static Value array(Array elements = {}) { return Value(Type::array, std::move(elements)); }
  /// A map from a flat list of keys and values; the list must have even size.
  static Value map(Array flat);
  static Value set(Array elements = {}) { return Value(Type::set, std::move(elements)); }
  static Value push(Array elements) { return Value(Type::push, std::move(elements)); }
  /// The simple string "OK".
  static Value ok() { return simple("OK"); }

  Type type() const noexcept { return type_; }
  bool is_nil() const noexcept { return type_ == Type::nil; }
  /// True for a nil made by null_array().
  bool is_null_array() const noexcept { return type_ == Type::nil && null_array_; }
  /// True for a double made by human_number().
  bool is_human_number() const noexcept { return type_ == Type::double_number && human_; }
  bool is_error() const noexcept { return type_ == Type::error; }
  bool is_integer() const noexcept { return type_ == Type::integer; }
  /// True for simple, bulk and verbatim strings.
  bool is_string() const noexcept;
  /// True for array, map, set and push.
  bool is_aggregate() const noexcept;

  /// The integer; throws not_redis::Error unless type() is integer.
  long long integer_value() const;
  /// The double; throws not_redis::Error unless type() is double_number.
  double double_value() const;
  /// The boolean; throws not_redis::Error unless type() is boolean.
  bool bool_value() const;
  /// The text of a string, error or big number; throws otherwise.
  const std::string& string() const;
  /// Moves the text out; same types as string().
  std::string take_string();
  /// The three-letter format of a verbatim string ("txt", "mkd").
  std::string_view verbatim_format() const noexcept { return {format_, type_ == Type::verbatim_string ? 3u : 0u}; }
  /// The elements of an aggregate (a map's are flat); throws otherwise.
  const Array& elements() const;
  Array& elements();
  /// Number of elements of an aggregate (a map counts pairs); 0 otherwise.
  std::size_t size() const noexcept;
  const Value& operator[](std::size_t i) const { return elements().at(i); }

  friend bool operator==(const Value& a, const Value& b) noexcept;

  /// The name of a type, as used in messages ("bulk string", "array", ...).
  static std::string_view type_name(Type type) noexcept;

private:
  Value(Type t, long long v) : type_(t), data_(v) {}
  Value(Type t, double v) : type_(t), data_(v) {}
  Value(Type t, bool v) : type_(t), data_(v) {}
  Value(Type t, std::string v) : type_(t), data_(std::move(v)) {}
  Value(Type t, Array v) : type_(t), data_(std::move(v)) {}

  [[noreturn]] void wrong_access(std::string_view wanted) const;

  Type type_ = Type::nil;
  char format_[3] = {};
  bool null_array_ = false;  // only meaningful for nil; RESP2 framing only
  bool human_ = false;       // only meaningful for a double; wire text only
  std::variant<std::monostate, long long, double, bool, std::string, Array> data_;
};

} // namespace not_redis
