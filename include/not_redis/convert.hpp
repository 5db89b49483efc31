#pragma once
/// @file
/// Converting replies to C++ types, and the FromValue customization point.

#include <concepts>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <not_redis/error.hpp>
#include <not_redis/value.hpp>

namespace not_redis {

/// Customization point: teach not_redis to read your type from a reply.
///
/// `convert` receives a reply that is not an error (errors are thrown before);
/// it throws not_redis::Error (use conversion_error()) when the shape is wrong.
///
/// ```
/// template <> struct not_redis::FromValue<Point> {
///   static Point convert(not_redis::Value&& v) {
///     auto [x, y] = not_redis::from_value<std::pair<int, int>>(std::move(v));
///     return {x, y};
///   }
/// };
/// ```
template <class T>
struct FromValue;

/// The Error a failed conversion throws, naming both types.
[[noreturn]] void throw_conversion_error(const Value& from, std::string_view to);

namespace detail {

long long to_long_long(const Value& v);
unsigned long long to_unsigned_long_long(const Value& v);
double to_double(const Value& v);
bool to_bool(const Value& v);
std::string to_string(Value&& v);
/// Throws the reply's error as not_redis::Error (Kind::reply) if it is one.
void throw_if_error(const Value& v);
/// Elements of an array, set, push or map (flat); throws for other types.
Value::Array take_elements(Value&& v, std::string_view to);

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
concept Reservable = requires(T& c, std::size_t n) { c.reserve(n); };

/// Calls `f(key, value)` for each pair of a reply shaped as a RESP3 map, a flat
/// array `k1 v1 k2 v2` (RESP2's HGETALL) or an array of two-element aggregates
/// (RESP3's HRANDFIELD ... WITHVALUES), in order; nil has no pairs.
template <class F>
void for_each_pair(Value&& v, std::string_view to, F&& f) {
  if (v.is_nil()) return;
  const bool flat = v.type() == Value::Type::map ||
                    (v.is_aggregate() && !v.elements().empty() && !v.elements().front().is_aggregate());
  Value::Array elements = take_elements(std::move(v), to);
  if (!flat) {
    for (auto& e : elements) {
      Value::Array pair = take_elements(std::move(e), to);
      if (pair.size() != 2) throw Error(Error::Kind::conversion, "cannot convert an aggregate not of size 2 to a pair");
      f(std::move(pair[0]), std::move(pair[1]));
    }
    return;
  }
  if (elements.size() % 2 != 0) throw Error(Error::Kind::conversion, "cannot convert an array of odd length to pairs");
  for (std::size_t i = 0; i < elements.size(); i += 2) f(std::move(elements[i]), std::move(elements[i + 1]));
}

} // namespace detail

/// Converts `v` to `T`, throwing not_redis::Error for an error reply or a
/// value that does not fit `T`. Value itself passes through untouched.
template <class T>
T from_value(Value&& v) {
  if constexpr (std::same_as<T, Value>) {
    return std::move(v);
  } else {
    static_assert(requires(Value&& r) { FromValue<T>::convert(std::move(r)); },
                  "not_redis: cannot convert a reply to this type; use strings, numbers, bool, optional, "
                  "vectors, sets, maps, pairs or tuples of them, or specialize not_redis::FromValue<T>");
    detail::throw_if_error(v);
    return FromValue<T>::convert(std::move(v));
  }
}

template <>
struct FromValue<Value> {
  static Value convert(Value&& v) { return std::move(v); }
};

/// Ignores the reply (errors still throw).
template <>
struct FromValue<void> {
  static void convert(Value&&) {}
};

template <>
struct FromValue<std::string> {
  static std::string convert(Value&& v) { return detail::to_string(std::move(v)); }
};

template <>
struct FromValue<bool> {
  static bool convert(Value&& v) { return detail::to_bool(v); }
};

template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>)
struct FromValue<T> {
  static T convert(Value&& v) {
    if constexpr (std::is_signed_v<T>) {
      const long long n = detail::to_long_long(v);
      if (n < std::numeric_limits<T>::min() || n > std::numeric_limits<T>::max())
        throw_conversion_error(v, "a narrower integer");
      return static_cast<T>(n);
    } else {
      const unsigned long long n = detail::to_unsigned_long_long(v);
      if (n > std::numeric_limits<T>::max()) throw_conversion_error(v, "a narrower unsigned integer");
      return static_cast<T>(n);
    }
  }
};

template <std::floating_point T>
struct FromValue<T> {
  static T convert(Value&& v) { return static_cast<T>(detail::to_double(v)); }
};

/// nil becomes std::nullopt; anything else converts to T.
template <class T>
struct FromValue<std::optional<T>> {
  static std::optional<T> convert(Value&& v) {
    if (v.is_nil()) return std::nullopt;
    return FromValue<T>::convert(std::move(v));
  }
};

/// Sequences: from an array, set or push (a map gives its flat key/value list).
template <class T, class A>
struct FromValue<std::vector<T, A>> {
  static std::vector<T, A> convert(Value&& v) {
    if (v.is_nil()) return {};
    Value::Array elements = detail::take_elements(std::move(v), "std::vector");
    std::vector<T, A> out;
    out.reserve(elements.size());
    for (auto& e : elements) out.push_back(from_value<T>(std::move(e)));
    return out;
  }
};

/// Pairs in the reply's order, from any of the shapes for_each_pair() reads,
/// so `hgetall<std::vector<std::pair<K, V>>>` keeps Redis's order whatever the protocol.
template <class K, class V, class A>
struct FromValue<std::vector<std::pair<K, V>, A>> {
  static std::vector<std::pair<K, V>, A> convert(Value&& v) {
    std::vector<std::pair<K, V>, A> out;
    detail::for_each_pair(std::move(v), "a vector of pairs", [&](Value&& key, Value&& value) {
      out.emplace_back(from_value<K>(std::move(key)), from_value<V>(std::move(value)));
    });
    return out;
  }
};

namespace detail {
template <class Set>
Set to_set(Value&& v) {
  Set out;
  if (v.is_nil()) return out;
  Value::Array elements = take_elements(std::move(v), "a set");
  if constexpr (Reservable<Set>) out.reserve(elements.size());
  for (auto& e : elements) out.insert(from_value<typename Set::value_type>(std::move(e)));
  return out;
}

template <class Map>
Map to_map(Value&& v) {
  Map out;
  for_each_pair(std::move(v), "a map", [&](Value&& key, Value&& value) {
    out.insert_or_assign(from_value<typename Map::key_type>(std::move(key)),
                         from_value<typename Map::mapped_type>(std::move(value)));
  });
  return out;
}

template <class Tuple, std::size_t... I>
Tuple to_tuple(Value::Array& elements, std::index_sequence<I...>) {
  return Tuple{from_value<std::tuple_element_t<I, Tuple>>(std::move(elements[I]))...};
}
} // namespace detail

template <class... Ts>
struct FromValue<std::set<Ts...>> {
  static std::set<Ts...> convert(Value&& v) { return detail::to_set<std::set<Ts...>>(std::move(v)); }
};
template <class... Ts>
struct FromValue<std::unordered_set<Ts...>> {
  static std::unordered_set<Ts...> convert(Value&& v) {
    return detail::to_set<std::unordered_set<Ts...>>(std::move(v));
  }
};

/// Maps: from any of the shapes for_each_pair() reads (a RESP3 map, a flat array...).
template <class... Ts>
struct FromValue<std::map<Ts...>> {
  static std::map<Ts...> convert(Value&& v) { return detail::to_map<std::map<Ts...>>(std::move(v)); }
};
template <class... Ts>
struct FromValue<std::unordered_map<Ts...>> {
  static std::unordered_map<Ts...> convert(Value&& v) {
    return detail::to_map<std::unordered_map<Ts...>>(std::move(v));
  }
};

/// Pairs and tuples: from an aggregate with exactly that many elements.
template <class A, class B>
struct FromValue<std::pair<A, B>> {
  static std::pair<A, B> convert(Value&& v) {
    Value::Array e = detail::take_elements(std::move(v), "std::pair");
    if (e.size() != 2) throw Error(Error::Kind::conversion, "cannot convert an aggregate not of size 2 to a pair");
    return {from_value<A>(std::move(e[0])), from_value<B>(std::move(e[1]))};
  }
};
template <class... Ts>
struct FromValue<std::tuple<Ts...>> {
  static std::tuple<Ts...> convert(Value&& v) {
    Value::Array e = detail::take_elements(std::move(v), "std::tuple");
    if (e.size() != sizeof...(Ts))
      throw Error(Error::Kind::conversion, "cannot convert an aggregate to a tuple of another size");
    return detail::to_tuple<std::tuple<Ts...>>(e, std::index_sequence_for<Ts...>{});
  }
};

} // namespace not_redis
