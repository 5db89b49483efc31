#pragma once
/// @file
/// not_redis::Argv (a command's arguments) and the ToArgs customization point.

#include <charconv>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace not_redis {

/// A command and its arguments: binary-safe byte strings packed back to back.
///
/// Small commands live entirely inside the object, so building one does not
/// touch the heap. Any thread may build one; it is moved to the loop thread.
class Argv {
public:
  Argv() noexcept = default;
  Argv(std::initializer_list<std::string_view> args);
  Argv(const Argv& other);
  Argv& operator=(const Argv& other);
  Argv(Argv&& other) noexcept;
  Argv& operator=(Argv&& other) noexcept;
  ~Argv() = default;

  void push_back(std::string_view arg);
  /// Appends the decimal text of `value`.
  void push_integer(long long value);
  /// Appends `value` as Redis reads doubles (shortest text that round-trips; "inf", "-inf").
  void push_double(double value);

  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  std::string_view operator[](std::size_t i) const noexcept {
    const std::uint32_t begin = i == 0 ? 0 : ends()[i - 1];
    return {bytes() + begin, ends()[i] - begin};
  }
  std::string_view front() const noexcept { return (*this)[0]; }

  class iterator {
  public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const Argv* argv, std::size_t i) : argv_(argv), i_(i) {}
    std::string_view operator*() const { return (*argv_)[i_]; }
    iterator& operator++() { ++i_; return *this; }
    iterator operator++(int) { auto old = *this; ++i_; return old; }
    bool operator==(const iterator& o) const { return i_ == o.i_; }
  private:
    const Argv* argv_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const noexcept { return {this, 0}; }
  iterator end() const noexcept { return {this, count_}; }

private:
  static constexpr std::size_t kInlineBytes = 64;
  static constexpr std::size_t kInlineArgs = 8;

  const char* bytes() const noexcept { return heap_bytes_ ? heap_bytes_.get() : inline_bytes_; }
  const std::uint32_t* ends() const noexcept { return heap_ends_ ? heap_ends_.get() : inline_ends_; }
  void grow_bytes(std::size_t needed);
  void grow_ends();

  std::uint32_t count_ = 0;
  std::uint32_t byte_size_ = 0;
  std::uint32_t byte_capacity_ = kInlineBytes;
  std::uint32_t end_capacity_ = kInlineArgs;
  std::unique_ptr<char[]> heap_bytes_;
  std::unique_ptr<std::uint32_t[]> heap_ends_;
  std::uint32_t inline_ends_[kInlineArgs];
  char inline_bytes_[kInlineBytes];
};

/// Customization point: teach not_redis to pass your type as arguments.
///
/// ```
/// struct Point { int x, y; };
/// template <> struct not_redis::ToArgs<Point> {
///   static void append(not_redis::Argv& out, const Point& p) {
///     out.push_integer(p.x);
///     out.push_integer(p.y);
///   }
/// };
/// client.command("RPUSH", "points", Point{1, 2});   // RPUSH points 1 2
/// ```
template <class T>
struct ToArgs;

namespace detail {

template <class T>
concept HasToArgs = requires(Argv& out, const T& v) { ToArgs<T>::append(out, v); };

template <class T>
concept StringLike = std::convertible_to<const T&, std::string_view>;

template <class T>
concept PairLike = requires(const T& p) {
  typename std::tuple_size<T>::type;
  requires std::tuple_size_v<T> == 2;
  p.first;
  p.second;
};

template <class T>
constexpr bool kAlwaysFalse = false;

template <class T>
concept Character = std::same_as<T, char> || std::same_as<T, char8_t> || std::same_as<T, wchar_t> ||
                    std::same_as<T, char16_t> || std::same_as<T, char32_t>;

// Mirrors append_arg's cases, so that a typed method can say in its signature
// what command() would accept.
template <class U>
consteval bool is_arg() {
  if constexpr (HasToArgs<U> || StringLike<U> || std::same_as<U, bool>) return true;
  else if constexpr (Character<U>) return false;
  else if constexpr (std::integral<U> || std::floating_point<U>) return true;
  else if constexpr (PairLike<U>)
    return is_arg<std::remove_cvref_t<decltype(std::declval<const U&>().first)>>() &&
           is_arg<std::remove_cvref_t<decltype(std::declval<const U&>().second)>>();
  else if constexpr (std::ranges::input_range<const U>)
    return is_arg<std::remove_cvref_t<std::ranges::range_reference_t<const U>>>();
  else return false;
}

/// Anything command() accepts as arguments: what typed methods take for values, members and fields.
/// The comment on the next line is what the compiler quotes when a typed method's argument does not fit.
template <class T>
concept Arg = is_arg<std::remove_cvref_t<T>>();  // not_redis: this type cannot be a command argument; use strings, numbers, ranges, pairs or maps of them, or specialize not_redis::ToArgs<T>

template <class T>
void append_arg(Argv& out, const T& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (HasToArgs<U>) {
    ToArgs<U>::append(out, value);
  } else if constexpr (StringLike<U>) {
    out.push_back(std::string_view(value));
  } else if constexpr (std::same_as<U, bool>) {
    out.push_back(value ? "1" : "0");
  } else if constexpr (Character<U>) {
    static_assert(kAlwaysFalse<U>, "not_redis: a single character is ambiguous as an argument; pass a "
                                   "std::string_view or an integer");
  } else if constexpr (std::integral<U>) {
    if constexpr (std::is_unsigned_v<U> && sizeof(U) >= sizeof(long long)) {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, value);
      out.push_back(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    } else {
      out.push_integer(static_cast<long long>(value));
    }
  } else if constexpr (std::floating_point<U>) {
    out.push_double(static_cast<double>(value));
  } else if constexpr (PairLike<U>) {
    append_arg(out, value.first);
    append_arg(out, value.second);
  } else if constexpr (std::ranges::input_range<const U>) {
    for (const auto& element : value) append_arg(out, element);
  } else {
    static_assert(kAlwaysFalse<U>,
                  "not_redis: this type cannot be a command argument; use strings, numbers, ranges, pairs "
                  "or maps of them, or specialize not_redis::ToArgs<T>");
  }
}

} // namespace detail

/// Builds an Argv from any mix of supported arguments:
/// `make_argv("SET", key, 42)`; ranges and maps are flattened.
template <class... Args>
Argv make_argv(const Args&... args) {
  Argv argv;
  (detail::append_arg(argv, args), ...);
  return argv;
}

} // namespace not_redis
