// RESTORE: a value from Redis 7.0's RDB object serialization (rdb.c's
// rdbLoadObjectType and rdbLoadObject), for a payload verify_dump_payload
// accepted.
//
// Every length is checked against the bytes left before anything is
// allocated for it, and every blob (listpack, intset, stream node) is fully
// validated, whatever sanitize-dump-payload says: Redis 7.0's default
// ("no") checks only their headers, trusting the payload's content, which an
// embedded store cannot afford. So some payloads Redis accepts are refused
// here (Bad data format):
//  - duplicate hash fields, set or sorted set members in any encoding (Redis
//    rejects those in hashtable encodings always, in compact ones only under
//    deep checks), an intset not sorted ascending, a NaN score;
//  - a stream whose nodes are not in id order, whose entries do not match
//    their node's counts, whose length or last id disagree with its entries,
//    a PEL entry owned by no consumer or by two, a node of more than 65535
//    entries;
//  - a value that reads into the 10-byte trailer (Redis reads on into it);
//  - empty values (Redis too: "Bad data format").
// Also read: Redis <= 6.2's ziplist-based types (10, 12, 13, 14), as 7.0
// converts them. Not read: zipmaps (9), streams before 7.0 (15), modules.

#include <bit>
#include <cmath>
#include <limits>

#include "db/list.hpp"
#include "db/listpack.hpp"
#include "db/rdb.hpp"
#include "db/set.hpp"
#include "util/lzf.hpp"
#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

constexpr unsigned kContainerPlain = 1;
constexpr unsigned kContainerPacked = 2;
// Redis's RDB_ENC_* after a 0b11 length prefix.
constexpr unsigned kEncInt8 = 0;
constexpr unsigned kEncInt16 = 1;
constexpr unsigned kEncInt32 = 2;
constexpr unsigned kEncLzf = 3;

/// A bounded cursor over the payload's body. Every read fails (and keeps
/// failing) rather than go past the end.
class RdbReader {
public:
  explicit RdbReader(std::string_view body) noexcept : p_(body.data()), left_(body.size()) {}

  std::size_t left() const noexcept { return left_; }

  bool byte(unsigned& out) noexcept {
    if (left_ < 1) return false;
    out = static_cast<unsigned char>(*p_++);
    --left_;
    return true;
  }
  bool raw(std::size_t n, std::string_view& out) noexcept {
    if (left_ < n) return false;
    out = {p_, n};
    p_ += n;
    left_ -= n;
    return true;
  }
  bool little_endian(int bytes, std::uint64_t& out) noexcept {
    std::string_view b;
    if (!raw(static_cast<std::size_t>(bytes), b)) return false;
    out = 0;
    for (int i = 0; i < bytes; ++i) out |= std::uint64_t{static_cast<unsigned char>(b[i])} << (8 * i);
    return true;
  }
  bool big_endian(int bytes, std::uint64_t& out) noexcept {
    std::string_view b;
    if (!raw(static_cast<std::size_t>(bytes), b)) return false;
    out = 0;
    for (int i = 0; i < bytes; ++i) out = (out << 8) | static_cast<unsigned char>(b[i]);
    return true;
  }

  /// rdbLoadLenByRef: a length, or (is_encoded) a RDB_ENC_* tag.
  bool length(std::uint64_t& out, bool* is_encoded = nullptr) noexcept {
    unsigned b;
    if (!byte(b)) return false;
    if (is_encoded) *is_encoded = false;
    switch (b >> 6) {
      case 0: out = b & 0x3f; return true;
      case 1: {
        unsigned next;
        if (!byte(next)) return false;
        out = ((b & 0x3fu) << 8) | next;
        return true;
      }
      case 2:
        if (b == 0x80) return big_endian(4, out);
        if (b == 0x81) return big_endian(8, out);
        return false;
      default:
        if (!is_encoded) return false;
        *is_encoded = true;
        out = b & 0x3f;
        return true;
    }
  }
  /// A count of things that each take at least `min_bytes` bytes: bounded
  /// by what is left, so no count can make us allocate beyond the payload.
  bool count(std::size_t& out, std::size_t min_bytes = 1) noexcept {
    std::uint64_t n;
    if (!length(n) || n > left_ / min_bytes) return false;
    out = static_cast<std::size_t>(n);
    return true;
  }

  /// rdbGenericLoadStringObject: plain, integer-encoded or LZF-compressed.
  bool string(std::string& out) {
    std::uint64_t n;
    bool encoded;
    if (!length(n, &encoded)) return false;
    if (!encoded) {
      std::string_view bytes;
      if (n > left_ || !raw(static_cast<std::size_t>(n), bytes)) return false;
      out.assign(bytes);
      return true;
    }
    std::uint64_t v;
    char scratch[24];
    switch (n) {
      case kEncInt8:
        if (!little_endian(1, v)) return false;
        out.assign(format_integer(static_cast<std::int8_t>(v), scratch));
        return true;
      case kEncInt16:
        if (!little_endian(2, v)) return false;
        out.assign(format_integer(static_cast<std::int16_t>(v), scratch));
        return true;
      case kEncInt32:
        if (!little_endian(4, v)) return false;
        out.assign(format_integer(static_cast<std::int32_t>(v), scratch));
        return true;
      case kEncLzf: {
        std::uint64_t compressed_size;
        std::uint64_t size;
        std::string_view compressed;
        if (!length(compressed_size) || !length(size) || compressed_size > left_ ||
            !raw(static_cast<std::size_t>(compressed_size), compressed))
          return false;
        // As Redis: an empty result is an error too.
        if (size == 0 || size > lzf_max_expansion(compressed.size())) return false;
        out.resize(static_cast<std::size_t>(size));
        return lzf_decompress(compressed, out.data(), out.size());
      }
      default: return false;
    }
  }

  bool binary_double(double& out) noexcept {
    std::uint64_t bits;
    if (!little_endian(8, bits)) return false;
    out = std::bit_cast<double>(bits);
    return true;
  }
  /// rdbLoadDoubleValue (RDB_TYPE_ZSET's scores): a length byte, 253-255
  /// for nan, inf and -inf, else that many characters of text.
  bool text_double(double& out) {
    unsigned n;
    if (!byte(n)) return false;
    if (n == 253) return false;  // NaN
    if (n == 254 || n == 255) {
      out = n == 254 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      return true;
    }
    std::string_view text;
    if (!raw(n, text)) return false;
    const std::optional<double> v = parse_double(text);
    if (!v) return false;
    out = *v;
    return true;
  }
  bool stream_id(StreamId& out) noexcept { return big_endian(8, out.ms) && big_endian(8, out.seq); }
  bool length_id(StreamId& out) noexcept { return length(out.ms) && length(out.seq); }

private:
  const char* p_;
  std::size_t left_;
};

using Value = std::optional<Object>;

/// Redis <= 6.2 wrote ziplists where 7.0 writes listpacks; both decode to
/// the same entries.
enum class Compact : std::uint8_t { listpack, ziplist };

bool parse_compact(Compact format, std::string_view blob, std::vector<ListpackEntry>& entries) {
  return format == Compact::listpack ? parse_listpack(blob, entries) : parse_ziplist(blob, entries);
}

Value read_string(RdbReader& r) {
  std::string s;
  if (!r.string(s)) return std::nullopt;
  return Object::string(s);
}

bool append_list_node(List& list, Compact format, std::string_view blob, std::vector<ListpackEntry>& entries) {
  if (!parse_compact(format, blob, entries)) return false;
  char scratch[24];
  for (const ListpackEntry& e : entries) list.push(List::End::tail, e.text(scratch));
  return true;
}

/// The list types: plain (1: strings), a single ziplist (10), a quicklist
/// of ziplists (14) or of containers with listpacks (18).
enum class ListFormat : std::uint8_t { plain, ziplist, quicklist, quicklist2 };

Value read_list(RdbReader& r, ListFormat format) {
  auto list = std::make_unique<List>();
  std::string blob;
  std::vector<ListpackEntry> entries;
  if (format == ListFormat::ziplist) {
    if (!r.string(blob) || !append_list_node(*list, Compact::ziplist, blob, entries)) return std::nullopt;
  } else {
    std::size_t n;
    if (!r.count(n)) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t container = kContainerPacked;
      if (format == ListFormat::quicklist2 && !r.length(container)) return std::nullopt;
      if (!r.string(blob)) return std::nullopt;
      if (format == ListFormat::plain || container == kContainerPlain) {
        list->push(List::End::tail, blob);
      } else if (container == kContainerPacked) {
        // Empty nodes are skipped, as Redis does.
        const Compact compact = format == ListFormat::quicklist2 ? Compact::listpack : Compact::ziplist;
        if (!append_list_node(*list, compact, blob, entries)) return std::nullopt;
      } else {
        return std::nullopt;
      }
    }
  }
  if (list->empty()) return std::nullopt;
  return Object::aggregate(ObjectType::list, std::move(list));
}

Value read_set(RdbReader& r, const RdbLimits& limits) {
  auto set = std::make_unique<Set>();
  std::size_t n;
  if (!r.count(n)) return std::nullopt;
  std::string member;
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.string(member) || !set->add(member, limits.set_max_intset_entries)) return std::nullopt;
  }
  if (set->empty()) return std::nullopt;
  return Object::aggregate(ObjectType::set, std::move(set));
}

Value read_intset(RdbReader& r, const RdbLimits& limits) {
  std::string blob;
  if (!r.string(blob) || blob.size() < 8) return std::nullopt;
  RdbReader b(blob);
  std::uint64_t width = 0;
  std::uint64_t n = 0;
  b.little_endian(4, width);
  b.little_endian(4, n);
  if ((width != 2 && width != 4 && width != 8) || n == 0 || n * width != b.left()) return std::nullopt;
  auto set = std::make_unique<Set>();
  char scratch[24];
  std::int64_t previous = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t raw = 0;
    b.little_endian(static_cast<int>(width), raw);
    const int bits = static_cast<int>(width * 8);
    const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
    const auto v = bits == 64 ? static_cast<std::int64_t>(raw) : static_cast<std::int64_t>((raw ^ sign) - sign);
    if (i > 0 && v <= previous) return std::nullopt;
    previous = v;
    set->add(format_integer(v, scratch), limits.set_max_intset_entries);
  }
  return Object::aggregate(ObjectType::set, std::move(set));
}

Value read_hash(RdbReader& r, const RdbLimits& limits) {
  auto hash = std::make_unique<Hash>();
  std::size_t n;
  if (!r.count(n, 2)) return std::nullopt;
  std::string field;
  std::string value;
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.string(field) || !r.string(value) || !hash->set(field, value, limits.hash)) return std::nullopt;
  }
  if (hash->empty()) return std::nullopt;
  return Object::aggregate(ObjectType::hash, std::move(hash));
}

Value read_hash_listpack(RdbReader& r, const RdbLimits& limits, Compact format) {
  std::string blob;
  std::vector<ListpackEntry> entries;
  if (!r.string(blob) || !parse_compact(format, blob, entries) || entries.empty() || entries.size() % 2) return std::nullopt;
  // Redis 7.0 keeps a listpack of long values (it converts past
  // hash-max-listpack-entries only); ours holds values up to 255 bytes.
  constexpr std::size_t kLongestPackedValue = 255;
  HashLimits packed = limits.hash;
  if (entries.size() / 2 <= packed.max_entries) packed.max_value = kLongestPackedValue;
  auto hash = std::make_unique<Hash>();
  char field_scratch[24];
  char value_scratch[24];
  for (std::size_t i = 0; i < entries.size(); i += 2) {
    if (!hash->set(entries[i].text(field_scratch), entries[i + 1].text(value_scratch), packed)) return std::nullopt;
  }
  return Object::aggregate(ObjectType::hash, std::move(hash));
}

/// Builds a sorted set from (member, score) pairs; `limits` decides the
/// encoding as Redis's loader does.
template <class Pairs>
Value build_zset(const Pairs& pairs, std::size_t longest, const ZsetLimits& limits) {
  auto zset = Zset::create(pairs.size(), longest, limits);
  for (const auto& [member, score] : pairs) {
    if (std::isnan(score) || !zset->insert_or_assign(member, score, limits)) return std::nullopt;
  }
  if (zset->empty()) return std::nullopt;
  return Object::aggregate(ObjectType::zset, std::move(zset));
}

Value read_zset(RdbReader& r, const RdbLimits& limits, bool binary_scores) {
  std::size_t n;
  if (!r.count(n, 2)) return std::nullopt;
  std::vector<std::pair<std::string, double>> pairs(n);
  std::size_t longest = 0;
  for (auto& [member, score] : pairs) {
    if (!r.string(member)) return std::nullopt;
    if (!(binary_scores ? r.binary_double(score) : r.text_double(score))) return std::nullopt;
    longest = std::max(longest, member.size());
  }
  // Redis converts after loading, on the entry count and longest member.
  return build_zset(pairs, longest, limits.zset);
}

Value read_zset_listpack(RdbReader& r, const RdbLimits& limits, Compact format) {
  std::string blob;
  std::vector<ListpackEntry> entries;
  if (!r.string(blob) || !parse_compact(format, blob, entries) || entries.empty() || entries.size() % 2) return std::nullopt;
  std::vector<std::pair<std::string_view, double>> pairs;
  pairs.reserve(entries.size() / 2);
  std::vector<std::string> integer_members;  // members stored as integers need text of their own
  integer_members.reserve(entries.size() / 2);
  for (std::size_t i = 0; i < entries.size(); i += 2) {
    char scratch[24];
    std::string_view member = entries[i].string;
    if (entries[i].is_integer) member = integer_members.emplace_back(entries[i].text(scratch));
    double score;
    if (entries[i + 1].is_integer) {
      score = static_cast<double>(entries[i + 1].integer);
    } else {
      const std::optional<double> v = parse_double(entries[i + 1].string);
      if (!v) return std::nullopt;
      score = *v;
    }
    pairs.emplace_back(member, score);
  }
  // Redis 7.0 converts a listpack past zset-max-listpack-entries only, not
  // for long members.
  ZsetLimits keep = limits.zset;  // (dropped below when too many entries)
  keep.max_value = std::numeric_limits<std::size_t>::max();
  return build_zset(pairs, 0, pairs.size() > limits.zset.max_entries ? limits.zset : keep);
}

/// One stream node's listpack, checked as Redis's
/// streamValidateListpackIntegrity does, its entries appended to `out`
/// (their views point into `blob`). `after` is the previous node's last id.
bool parse_stream_node(std::string_view blob, StreamId master, std::optional<StreamId>& after,
                       std::vector<std::string>& text, std::vector<std::string_view>& master_fields,
                       std::vector<Stream::LoadedEntry>& out) {
  std::vector<ListpackEntry> e;
  if (!parse_listpack(blob, e)) return false;
  std::size_t at = 0;
  auto integer = [&](long long& v) {
    if (at >= e.size() || !e[at].is_integer) return false;
    v = e[at++].integer;
    return true;
  };
  // Integers stored as such in the listpack get their text kept alongside
  // (reserved up front, so the views stay valid).
  text.clear();
  text.reserve(e.size());
  auto string = [&](std::string_view& v) {
    if (at >= e.size()) return false;
    char scratch[24];
    v = e[at].is_integer ? std::string_view(text.emplace_back(e[at].text(scratch))) : e[at].string;
    ++at;
    return true;
  };
  long long live, deleted, field_count, zero;
  if (!integer(live) || !integer(deleted) || !integer(field_count) || live < 0 || deleted < 0 || field_count < 0 ||
      static_cast<std::size_t>(field_count) > e.size())
    return false;
  master_fields.resize(static_cast<std::size_t>(field_count));
  for (std::string_view& f : master_fields)
    if (!string(f)) return false;
  if (!integer(zero) || zero != 0) return false;
  out.clear();
  std::size_t seen_live = 0;
  if (after && master <= *after) return false;
  while (at < e.size()) {
    long long flags, ms_delta, seq_delta, count;
    if (!integer(flags) || !integer(ms_delta) || !integer(seq_delta) || flags < 0 || flags > 3 || ms_delta < 0) return false;
    Stream::LoadedEntry entry;
    entry.deleted = flags & Stream::kEntryDeleted;
    entry.id = {master.ms + static_cast<std::uint64_t>(ms_delta), master.seq + static_cast<std::uint64_t>(seq_delta)};
    if (entry.id < master || (after && entry.id <= *after)) return false;
    after = entry.id;
    std::size_t pairs = master_fields.size();
    if (!(flags & Stream::kEntrySameFields)) {
      long long n;
      if (!integer(n) || n < 0 || static_cast<std::size_t>(n) > e.size()) return false;
      pairs = static_cast<std::size_t>(n);
    }
    entry.fields.resize(2 * pairs);
    for (std::size_t i = 0; i < pairs; ++i) {
      if (flags & Stream::kEntrySameFields) entry.fields[2 * i] = master_fields[i];
      else if (!string(entry.fields[2 * i])) return false;
      if (!string(entry.fields[2 * i + 1])) return false;
    }
    const long long expected = (flags & Stream::kEntrySameFields) ? static_cast<long long>(pairs) + 3
                                                                   : 2 * static_cast<long long>(pairs) + 4;
    if (!integer(count) || count != expected) return false;
    if (!entry.deleted) ++seen_live;
    out.push_back(std::move(entry));
  }
  return !out.empty() && out.size() <= UINT16_MAX && seen_live == static_cast<std::size_t>(live) &&
         out.size() - seen_live == static_cast<std::size_t>(deleted);
}

bool read_groups(RdbReader& r, Stream& stream) {
  std::size_t groups;
  if (!r.count(groups, 6)) return false;
  std::string name;
  for (std::size_t g = 0; g < groups; ++g) {
    StreamId last;
    std::uint64_t entries_read;
    if (!r.string(name) || !r.length_id(last) || !r.length(entries_read)) return false;
    const auto [it, inserted] = stream.groups().try_emplace(name);
    if (!inserted) return false;
    StreamGroup& group = it->second;
    group.last_id = last;
    group.entries_read = static_cast<long long>(entries_read);
    std::size_t pending;
    if (!r.count(pending, 25)) return false;
    for (std::size_t i = 0; i < pending; ++i) {
      StreamId id;
      std::uint64_t delivery_time;
      PendingEntry entry;
      if (!r.stream_id(id) || !r.little_endian(8, delivery_time) || !r.length(entry.delivery_count)) return false;
      entry.delivery_time_ms = static_cast<std::int64_t>(delivery_time);
      if (!group.pending.emplace(id, entry).second) return false;
    }
    std::size_t consumers;
    if (!r.count(consumers, 10)) return false;
    for (std::size_t c = 0; c < consumers; ++c) {
      std::uint64_t seen_time;
      std::size_t owned;
      if (!r.string(name) || !r.little_endian(8, seen_time) || !r.count(owned, 16)) return false;
      if (group.find_consumer(name)) return false;
      StreamConsumer& consumer = group.consumer(name, static_cast<std::int64_t>(seen_time));
      for (std::size_t i = 0; i < owned; ++i) {
        StreamId id;
        if (!r.stream_id(id)) return false;
        const auto nack = group.pending.find(id);
        // A consumer's entry must be in the group's PEL, owned by no one else.
        if (nack == group.pending.end() || nack->second.consumer) return false;
        nack->second.consumer = &consumer;
        consumer.pending.insert(id);
      }
    }
    for (const auto& [id, entry] : group.pending)
      if (!entry.consumer) return false;
  }
  return true;
}

Value read_stream(RdbReader& r, const RdbLimits& limits) {
  (void)limits;  // the nodes keep Redis's layout, whatever the limits now
  auto stream = std::make_unique<Stream>();
  std::size_t nodes;
  if (!r.count(nodes, 2)) return std::nullopt;
  std::string key;
  std::string blob;
  std::vector<std::string> text;
  std::vector<std::string_view> master_fields;
  std::vector<Stream::LoadedEntry> entries;
  std::optional<StreamId> after;
  for (std::size_t n = 0; n < nodes; ++n) {
    if (!r.string(key) || key.size() != 16 || !r.string(blob)) return std::nullopt;
    StreamId master;
    RdbReader k(key);
    k.stream_id(master);
    if (!parse_stream_node(blob, master, after, text, master_fields, entries)) return std::nullopt;
    // A node whose entries are all deleted adds nothing (Redis drops such
    // nodes as they empty).
    const bool any_live = std::any_of(entries.begin(), entries.end(), [](const auto& e) { return !e.deleted; });
    if (any_live) stream->load_block(master, master_fields, entries, blob.size());
  }
  std::uint64_t length;
  StreamId last_id, first_id, max_deleted;
  std::uint64_t entries_added;
  if (!r.length(length) || !r.length_id(last_id) || !r.length_id(first_id) || !r.length_id(max_deleted) ||
      !r.length(entries_added))
    return std::nullopt;
  if (length != stream->size()) return std::nullopt;
  if (const auto last_entry = stream->last_entry_id(); last_entry && last_id < *last_entry) return std::nullopt;
  stream->set_last_id(last_id);
  stream->set_max_deleted_id(max_deleted);
  stream->set_entries_added(entries_added);
  if (!read_groups(r, *stream)) return std::nullopt;
  return Object::aggregate(ObjectType::stream, std::move(stream));
}

} // namespace

std::optional<Object> restore_payload(std::string_view payload, const RdbLimits& limits) {
  if (payload.size() < 10) return std::nullopt;
  RdbReader r(payload.substr(0, payload.size() - 10));
  unsigned type;
  if (!r.byte(type)) return std::nullopt;
  switch (type) {
    case kRdbString: return read_string(r);
    case kRdbList: return read_list(r, ListFormat::plain);
    case kRdbListZiplist: return read_list(r, ListFormat::ziplist);
    case kRdbListQuicklist: return read_list(r, ListFormat::quicklist);
    case kRdbListQuicklist2: return read_list(r, ListFormat::quicklist2);
    case kRdbSet: return read_set(r, limits);
    case kRdbSetIntset: return read_intset(r, limits);
    case kRdbHash: return read_hash(r, limits);
    case kRdbHashZiplist: return read_hash_listpack(r, limits, Compact::ziplist);
    case kRdbHashListpack: return read_hash_listpack(r, limits, Compact::listpack);
    case kRdbZset: return read_zset(r, limits, false);
    case kRdbZset2: return read_zset(r, limits, true);
    case kRdbZsetZiplist: return read_zset_listpack(r, limits, Compact::ziplist);
    case kRdbZsetListpack: return read_zset_listpack(r, limits, Compact::listpack);
    case kRdbStreamListpacks2: return read_stream(r, limits);
    default: return std::nullopt;
  }
}

} // namespace not_redis::detail
