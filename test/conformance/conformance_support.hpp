#pragma once
// What the conformance headers share: printing for doctest, key names, and a
// way to catch an error reply with its text. Nothing here is store specific.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <map>
#include <optional>
#include <ranges>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <not_redis/argv.hpp>
#include <not_redis/batch.hpp>
#include <not_redis/commands/all.hpp>
#include <not_redis/error.hpp>
#include <not_redis/future.hpp>
#include <not_redis/value.hpp>
#include <not_redis/when.hpp>

namespace conformance {

using namespace std::chrono_literals;
using not_redis::Value;

/// Text for a failure message: strings quoted with their bytes escaped,
/// containers and optionals spelled out.
inline std::string show(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') out += {'\\', static_cast<char>(c)};
    else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
  }
  return out + "\"";
}
inline std::string show(const std::string& s) { return show(std::string_view(s)); }
inline std::string show(const char* s) { return show(std::string_view(s)); }
inline std::string show(bool b) { return b ? "true" : "false"; }
template <class T>
  requires std::is_arithmetic_v<T>
std::string show(const T& n) {
  return std::to_string(n);
}
/// Anything else (a time point, a TTL...): not spelled out.
template <class T>
std::string show(const T&) {
  return "{?}";
}
std::string show(const Value& v);
template <class T>
std::string show(const std::optional<T>& o);
template <class A, class B>
std::string show(const std::pair<A, B>& p);
template <class... Ts>
std::string show(const std::tuple<Ts...>& t);
template <class R>
  requires(std::ranges::input_range<const R> && !std::is_convertible_v<const R&, std::string_view>)
std::string show(const R& range);
inline std::string show(const not_redis::StreamEntry& e) { return "{" + show(e.id) + ": " + show(e.fields) + "}"; }

template <class T>
std::string show(const std::optional<T>& o) {
  return o ? show(*o) : std::string("nullopt");
}
template <class A, class B>
std::string show(const std::pair<A, B>& p) {
  return "(" + show(p.first) + ", " + show(p.second) + ")";
}
template <class... Ts>
std::string show(const std::tuple<Ts...>& t) {
  std::string out = "(";
  std::apply([&](const auto&... e) { ((out += (out.size() > 1 ? ", " : "") + show(e)), ...); }, t);
  return out + ")";
}
template <class R>
  requires(std::ranges::input_range<const R> && !std::is_convertible_v<const R&, std::string_view>)
std::string show(const R& range) {
  std::string out = "[";
  bool first = true;
  for (const auto& e : range) {
    out += (first ? "" : ", ") + show(e);
    first = false;
  }
  return out + "]";
}
inline std::string show(const Value& v) {
  using T = Value::Type;
  const std::string name(Value::type_name(v.type()));
  switch (v.type()) {
  case T::nil: return "nil";
  case T::integer: return "(integer) " + std::to_string(v.integer_value());
  case T::double_number: return "(double) " + std::to_string(v.double_value());
  case T::boolean: return v.bool_value() ? "(boolean) true" : "(boolean) false";
  case T::array:
  case T::map:
  case T::set:
  case T::push: return "(" + name + ") " + show(v.elements());
  default: return "(" + name + ") " + show(v.string());
  }
}

/// The type of a raw reply by name ("map", "double", ...), which reads well
/// in a failed CHECK.
inline std::string type_of(const Value& v) { return std::string(Value::type_name(v.type())); }

/// A raw reply that doctest prints (through show()) when a CHECK fails:
/// `CHECK(raw(s.command("GET", k).get()) == Value::bulk("v"))`.
struct Raw {
  Value value;
  friend bool operator==(const Raw& a, const Value& b) { return a.value == b; }
};
inline Raw raw(Value v) { return Raw{std::move(v)}; }

/// Runs `f`, expecting it to throw not_redis::Error of Kind::reply; returns
/// its text (Redis's exact error reply), or a marker saying what happened
/// instead, so `CHECK(reply_error([&] { ... }) == "ERR ...")` shows both.
template <class F>
std::string reply_error(F&& f) {
  try {
    f();
  } catch (const not_redis::Error& e) {
    if (e.kind() != not_redis::Error::Kind::reply) return std::string("<not a reply error: ") + e.what() + ">";
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<not a not_redis::Error: ") + e.what() + ">";
  }
  return "<no error>";
}

inline const std::string wrongtype = "WRONGTYPE Operation against a key holding the wrong kind of value";
inline const std::string not_an_integer = "ERR value is not an integer or out of range";

/// A key name under the family's prefix: `key(p, "str:", "a")`.
inline std::string key(std::string_view prefix, std::string_view family, std::string_view name) {
  std::string out;
  out.reserve(prefix.size() + family.size() + name.size());
  out.append(prefix).append(family).append(name);
  return out;
}

/// Sorted copies, to compare replies whose order Redis does not define.
template <class R>
std::vector<std::ranges::range_value_t<R>> sorted(R range) {
  std::vector<std::ranges::range_value_t<R>> out(std::ranges::begin(range), std::ranges::end(range));
  std::sort(out.begin(), out.end());
  return out;
}
inline std::vector<std::string> strings(std::initializer_list<std::string_view> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

/// Every byte, 0 to 255: NUL, CR and LF included.
inline std::string all_bytes() {
  std::string out(256, '\0');
  for (std::size_t i = 0; i < 256; ++i) out[i] = static_cast<char>(i);
  return out;
}

/// FLUSHALL: for the families that count keys (DBSIZE).
template <class Store>
void flush(Store& s) {
  s.flushall().get();
}

} // namespace conformance

// doctest prints these through show() (never Value itself: test/harness.hpp
// has its own StringMaker<Value>, and a test may include both).
namespace doctest {
template <class T>
struct StringMaker<std::optional<T>> {
  static String convert(const std::optional<T>& v) { return conformance::show(v).c_str(); }
};
template <class T, class A>
struct StringMaker<std::vector<T, A>> {
  static String convert(const std::vector<T, A>& v) { return conformance::show(v).c_str(); }
};
template <class A, class B>
struct StringMaker<std::pair<A, B>> {
  static String convert(const std::pair<A, B>& v) { return conformance::show(v).c_str(); }
};
template <class... Ts>
struct StringMaker<std::tuple<Ts...>> {
  static String convert(const std::tuple<Ts...>& v) { return conformance::show(v).c_str(); }
};
template <class K, class C, class A>
struct StringMaker<std::set<K, C, A>> {
  static String convert(const std::set<K, C, A>& v) { return conformance::show(v).c_str(); }
};
template <class K, class V, class C, class A>
struct StringMaker<std::map<K, V, C, A>> {
  static String convert(const std::map<K, V, C, A>& v) { return conformance::show(v).c_str(); }
};
template <>
struct StringMaker<conformance::Raw> {
  static String convert(const conformance::Raw& v) { return conformance::show(v.value).c_str(); }
};
template <>
struct StringMaker<not_redis::StreamEntry> {
  static String convert(const not_redis::StreamEntry& v) { return conformance::show(v).c_str(); }
};
} // namespace doctest
