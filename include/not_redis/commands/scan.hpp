#pragma once
/// @file
/// SCAN, HSCAN and SSCAN's options, and ScanRange: a whole iteration as a
/// C++20 input range (Client only).

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/error.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// SCAN's options (HSCAN's and SSCAN's without `type`); unset fields are not sent.
///
/// ```
/// store.scan(0, {.match = "user:*", .count = 100}).get();
/// ```
struct ScanOptions {
  std::optional<std::string> match = {};  ///< MATCH: a glob pattern on the key
  std::optional<long long> count = {};    ///< COUNT: a hint of the work per call (>= 1)
  std::optional<std::string> type = {};   ///< TYPE: only keys of this type ("string", "hash", ...)
};

template <>
struct ToArgs<ScanOptions> {
  static void append(Argv& out, const ScanOptions& o) {
    if (o.match) {
      out.push_back("MATCH");
      out.push_back(*o.match);
    }
    if (o.count) {
      out.push_back("COUNT");
      out.push_integer(*o.count);
    }
    if (o.type) {
      out.push_back("TYPE");
      out.push_back(*o.type);
    }
  }
};

namespace detail {
/// A backend whose typed methods return futures a caller can block on, and
/// that can tell its loop thread: Client.
template <class Self>
concept Waitable = std::same_as<typename ReplyOf<Self>::template type<int>, Future<int>> &&
                   requires(const Self& s) { { s.on_loop_thread() } -> std::same_as<bool>; };
} // namespace detail

/// A whole SCAN-family iteration as an input range (single pass): it fetches
/// one page when the previous one is used up, waiting on its future, and ends
/// when the cursor comes back to 0. It yields every element the server
/// returned, so, as with Redis, an element may come twice (the keyspace
/// grew or shrank meanwhile) and one added or removed during the iteration
/// may or may not come; one present throughout always comes.
///
/// Thread rules: make and iterate it on any thread but the store's loop
/// thread; there it throws Error(Kind::usage) at once, because on the loop
/// thread every page runs inline and the walk would hold the loop for the
/// whole keyspace (use the page form, `scan(cursor, options)`, with then()).
/// It refers to its store: do not let it outlive it. Errors (WRONGTYPE...)
/// throw from begin() or ++.
///
/// ```
/// for (const std::string& key : store.scan({.match = "user:*"})) use(key);
/// ```
template <class Page, auto Items>
class ScanRange {
public:
  using value_type = typename std::remove_cvref_t<decltype(std::declval<Page&>().*Items)>::value_type;
  using Fetch = std::function<Future<Page>(std::uint64_t cursor)>;

  ScanRange(bool on_loop_thread, Fetch fetch) : fetch_(std::move(fetch)) {
    if (on_loop_thread)
      throw Error(Error::Kind::usage, "not_redis: a scan range waits for each page, which the store's loop thread "
                                      "cannot do; use the page form, scan(cursor, options)");
  }

  class iterator {
  public:
    using value_type = ScanRange::value_type;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(ScanRange* range) noexcept : range_(range) {}
    /// The element, valid until the next ++ (it may be moved from).
    value_type& operator*() const { return (range_->page_.*Items)[range_->index_]; }
    iterator& operator++() {
      ++range_->index_;
      range_->fill();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept { return it.at_end(); }

  private:
    bool at_end() const noexcept { return range_->done(); }
    ScanRange* range_ = nullptr;
  };

  /// Fetches the first page (once: the range is single pass).
  iterator begin() {
    fill();
    return iterator(this);
  }
  std::default_sentinel_t end() const noexcept { return {}; }

private:
  // Fetches pages until one has an element left or the cursor is back at 0.
  void fill() {
    while (index_ >= (page_.*Items).size() && !last_) {
      page_ = fetch_(page_.cursor).get();
      index_ = 0;
      last_ = page_.cursor == 0;
    }
  }
  bool done() const noexcept { return last_ && index_ >= (page_.*Items).size(); }

  Fetch fetch_;
  Page page_{};  // cursor 0: the first fetch starts the iteration
  std::size_t index_ = 0;
  bool last_ = false;
};

} // namespace not_redis
