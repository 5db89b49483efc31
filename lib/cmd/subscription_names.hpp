#pragma once
// A session's subscriptions of one kind (channels, patterns or shard
// channels): a set of names that remembers the order they were added. Redis
// keeps a dict per client; a set makes SUBSCRIBE of many channels linear, not
// quadratic, and the order makes an UNSUBSCRIBE from everything reproducible.

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace not_redis::detail {

class SubscriptionNames {
public:
  SubscriptionNames() = default;
  // The index views the list's strings: a copy would view the original's.
  SubscriptionNames(const SubscriptionNames&) = delete;
  SubscriptionNames& operator=(const SubscriptionNames&) = delete;
  // Moves keep the list's nodes, so the views stay valid.
  SubscriptionNames(SubscriptionNames&&) noexcept = default;
  SubscriptionNames& operator=(SubscriptionNames&&) noexcept = default;

  /// False if `name` is there already.
  bool insert(std::string_view name) {
    if (index_.contains(name)) return false;
    order_.emplace_back(name);
    try {
      index_.emplace(order_.back(), std::prev(order_.end()));
    } catch (...) {
      order_.pop_back();
      throw;
    }
    return true;
  }
  /// False if `name` was not there.
  bool erase(std::string_view name) noexcept {
    const auto it = index_.find(name);
    if (it == index_.end()) return false;
    const auto node = it->second;
    index_.erase(it);  // before the string it views
    order_.erase(node);
    return true;
  }
  bool contains(std::string_view name) const noexcept { return index_.contains(name); }
  std::size_t size() const noexcept { return order_.size(); }
  bool empty() const noexcept { return order_.empty(); }
  /// The names in the order they were added.
  auto begin() const noexcept { return order_.cbegin(); }
  auto end() const noexcept { return order_.cend(); }
  const std::string& back() const noexcept { return order_.back(); }

private:
  std::list<std::string> order_;
  std::unordered_map<std::string_view, std::list<std::string>::iterator> index_;
};

} // namespace not_redis::detail
