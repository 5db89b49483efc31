#pragma once
// Stream: the value of a stream key (Redis's t_stream.c and stream.h).
//
// Entries live in blocks, as Redis's radix tree of listpacks: an ordered map
// from a block's master id (its first entry's id) to a byte buffer holding
// the block's master fields (the first entry's field names) and its entries,
// each with its id delta-encoded against the master id, and only its values
// when its fields are the master's. A block takes entries until it holds
// stream-node-max-entries (deleted ones count) or its Redis listpack would
// reach stream-node-max-bytes; the block's Redis size is kept alongside, so
// blocks split exactly where Redis's nodes split and `MAXLEN ~` trims the
// same entries. XDEL marks an entry deleted; a block whose entries are all
// deleted goes. Range reads are O(log blocks + block + m).
//
// Consumer groups are ordered by name (XINFO GROUPS), each with its pending
// entries list (PEL: id -> delivery time, count, consumer) and consumers
// ordered by name, each with its own PEL of ids.

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/object.hpp"

namespace not_redis::detail {

struct StreamId {
  std::uint64_t ms = 0;
  std::uint64_t seq = 0;

  auto operator<=>(const StreamId&) const = default;
  static constexpr StreamId min() noexcept { return {0, 0}; }
  static constexpr StreamId max() noexcept { return {UINT64_MAX, UINT64_MAX}; }
  bool is_zero() const noexcept { return ms == 0 && seq == 0; }
  /// The id right after this one (streamIncrID); nullopt past max().
  std::optional<StreamId> next() const noexcept;
  /// The id right before this one (streamDecrID); nullopt before min().
  std::optional<StreamId> prev() const noexcept;
  /// "ms-seq".
  std::string to_string() const;
};

/// Limits that decide where blocks split (stream-node-max-bytes and
/// stream-node-max-entries; 0 means no limit, as in Redis).
struct StreamNodeLimits {
  std::size_t max_bytes = 4096;
  std::size_t max_entries = 100;
};

/// One entry as read: views into the stream, valid until its next change.
struct StreamEntryView {
  StreamId id;
  std::vector<std::pair<std::string_view, std::string_view>> fields;
};

/// A consumer group's pending entry (Redis's streamNACK).
struct StreamConsumer;
struct PendingEntry {
  std::int64_t delivery_time_ms = 0;
  std::uint64_t delivery_count = 1;
  StreamConsumer* consumer = nullptr;
};

struct StreamConsumer {
  std::string name;
  std::int64_t seen_time_ms = 0;
  std::set<StreamId> pending;  ///< ids of the group's PEL owned by this consumer
};

struct StreamGroup {
  /// Redis's SCG_INVALID_ENTRIES_READ: the group's position is unknown.
  static constexpr long long kEntriesReadUnknown = -1;

  StreamId last_id;
  long long entries_read = kEntriesReadUnknown;
  std::map<StreamId, PendingEntry> pending;
  std::map<std::string, std::unique_ptr<StreamConsumer>, std::less<>> consumers;

  /// The consumer named `name`, made (seen now) if it does not exist.
  StreamConsumer& consumer(std::string_view name, std::int64_t now_ms, bool* created = nullptr);
  StreamConsumer* find_consumer(std::string_view name) noexcept;
  /// Deletes a consumer and its pending entries; returns how many it had.
  std::size_t delete_consumer(std::string_view name);
};

class Stream final : public Aggregate {
public:
  Stream() = default;
  Stream(const Stream& other);
  Stream& operator=(const Stream&) = delete;

  std::string_view encoding() const noexcept override { return "stream"; }
  std::size_t memory_usage() const noexcept override;
  std::unique_ptr<Aggregate> clone() const override { return std::make_unique<Stream>(*this); }
  std::size_t free_effort() const noexcept override;

  std::size_t size() const noexcept { return length_; }
  /// The last id ever added (or set by XSETID): the top an XADD must exceed.
  StreamId last_id() const noexcept { return last_id_; }
  void set_last_id(StreamId id) noexcept { last_id_ = id; }
  /// The first live entry's id, {0, 0} when empty (Redis's first_id).
  StreamId first_id() const noexcept { return first_id_; }
  StreamId max_deleted_id() const noexcept { return max_deleted_id_; }
  void set_max_deleted_id(StreamId id) noexcept { max_deleted_id_ = id; }
  std::uint64_t entries_added() const noexcept { return entries_added_; }
  void set_entries_added(std::uint64_t n) noexcept { entries_added_ = n; }
  /// Blocks in use (XINFO STREAM's radix-tree-keys).
  std::size_t blocks() const noexcept { return blocks_.size(); }

  /// Appends an entry with id > last_id() (the caller checks) and the
  /// field/value pairs `fields` (field, value, field, value...).
  void append(StreamId id, std::span<const std::string_view> fields, const StreamNodeLimits& limits);

  /// Visits the live entries with start <= id <= end in id order (descending
  /// with `reverse`) until `visit` returns false.
  void range(StreamId start, StreamId end, bool reverse,
             const std::function<bool(const StreamEntryView&)>& visit) const;
  /// The entry `id`, if it is live.
  std::optional<StreamEntryView> find(StreamId id) const;
  /// The last live entry (XINFO STREAM's last-entry), if any.
  std::optional<StreamEntryView> last_entry() const;
  /// Its id, kept up to date: nullopt when the stream is empty.
  std::optional<StreamId> last_entry_id() const noexcept {
    return length_ ? std::optional<StreamId>(last_entry_id_) : std::nullopt;
  }

  /// XDEL of one id: false if it was not a live entry.
  bool erase(StreamId id);

  /// streamTrim: removes entries from the head, whole blocks first; with
  /// `approx`, whole blocks only. `limit` caps the entries removed (0: no
  /// cap). Returns how many were removed.
  std::size_t trim_to_length(std::size_t maxlen, bool approx, std::size_t limit);
  std::size_t trim_before(StreamId minid, bool approx, std::size_t limit);

  // --- DUMP and RESTORE: the blocks as Redis's stream nodes -----------------
  /// Entry flags, the same bits as Redis's STREAM_ITEM_FLAG_*.
  static constexpr std::uint8_t kEntryDeleted = 1;
  static constexpr std::uint8_t kEntrySameFields = 2;
  /// Visits every block in id order: `block(master id, master fields,
  /// entries, live entries)`, then `entry(id, flags, entry)` for each of its
  /// entries, deleted ones included (a Redis node keeps them, flagged).
  void visit_blocks(const std::function<void(StreamId, const std::vector<std::string_view>&, std::size_t, std::size_t)>& block,
                    const std::function<void(StreamId, std::uint8_t, const StreamEntryView&)>& entry) const;
  /// One entry of a node being restored: field, value, field, value...
  struct LoadedEntry {
    StreamId id;
    bool deleted = false;
    std::vector<std::string_view> fields;
  };
  /// Appends a block decoded from a Redis node: master id `master`, master
  /// fields `master_fields`, `entries` in ascending id order above every
  /// entry already there (the caller checks), `redis_bytes` the node's
  /// listpack size. Updates the length and first/last entry ids; last_id,
  /// max_deleted_id and entries_added are the caller's to set.
  void load_block(StreamId master, std::span<const std::string_view> master_fields,
                  std::span<const LoadedEntry> entries, std::size_t redis_bytes);

  // --- consumer groups ------------------------------------------------------
  std::map<std::string, StreamGroup, std::less<>>& groups() noexcept { return groups_; }
  const std::map<std::string, StreamGroup, std::less<>>& groups() const noexcept { return groups_; }
  StreamGroup* find_group(std::string_view name) noexcept;

  /// Redis 7.0's streamRangeHasTombstones: whether an entry between `start`
  /// and `end` (inclusive) may have been deleted.
  bool range_has_tombstones(StreamId start, StreamId end) const noexcept;
  /// Redis 7.0's streamEstimateDistanceFromFirstEverEntry: the entries_read
  /// a group at `id` would have, or nullopt when it cannot be known.
  std::optional<long long> estimate_distance(StreamId id) const noexcept;
  /// Redis 7.0's streamCGLag (XINFO GROUPS' lag): nullopt for nil.
  std::optional<long long> lag(const StreamGroup& group) const noexcept;

private:
  struct Block {
    std::string data;               ///< master fields, then the entries
    std::uint16_t entries = 0;      ///< live and deleted
    std::uint16_t live = 0;
    std::uint32_t redis_bytes = 0;  ///< the size Redis's listpack for it would have
  };
  using Blocks = std::map<StreamId, Block>;

  void refresh_first_id() noexcept;
  /// Calls fn(offset, id, flags) for each entry of `block` (master id
  /// `master`) in order, deleted ones included, until it returns false.
  template <class Fn>
  static void walk(StreamId master, const Block& block, Fn&& fn);
  static StreamEntryView decode(const Block& block, std::size_t offset, StreamId id);
  /// streamTrim's walk from the head, for both strategies.
  template <class DropsBlock, class KeepsEntry>
  std::size_t trim_head(bool approx, std::size_t limit, DropsBlock&& drops_block, KeepsEntry&& keeps_entry);

  Blocks blocks_;
  std::size_t length_ = 0;
  StreamId last_id_;
  StreamId first_id_;
  StreamId last_entry_id_;  ///< the newest live entry's (valid while length_ > 0)
  StreamId max_deleted_id_;
  std::uint64_t entries_added_ = 0;
  std::map<std::string, StreamGroup, std::less<>> groups_;
};

} // namespace not_redis::detail
