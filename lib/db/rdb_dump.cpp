// DUMP: a value in Redis 7.0's RDB object serialization (rdb.c's
// rdbSaveObjectType and rdbSaveObject).
//
// Strings are written uncompressed: Redis compresses those longer than 20
// bytes with LZF when rdbcompression is on, but reads both forms, so the
// payloads restore alike (they are just not byte-identical to Redis's).

#include <bit>
#include <cmath>
#include <cstring>

#include "db/list.hpp"
#include "db/listpack.hpp"
#include "db/rdb.hpp"
#include "db/set.hpp"
#include "util/crc64.hpp"
#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

// Redis's RDB_ENC_* integer encodings, after the 0b11 length prefix.
constexpr unsigned char kEncInt8 = 0xc0;
constexpr unsigned char kEncInt16 = 0xc1;
constexpr unsigned char kEncInt32 = 0xc2;
// RDB_TYPE_LIST_QUICKLIST_2's node containers.
constexpr unsigned kContainerPacked = 2;

class RdbWriter {
public:
  void byte(unsigned char b) { out_.push_back(static_cast<char>(b)); }
  void raw(std::string_view bytes) { out_.append(bytes); }

  // rdbSaveLen: 6 bits, 14 bits, or a 32/64-bit big-endian length.
  void length(std::uint64_t n) {
    if (n < 64) {
      byte(static_cast<unsigned char>(n));
    } else if (n < 16384) {
      byte(static_cast<unsigned char>(0x40 | (n >> 8)));
      byte(static_cast<unsigned char>(n & 0xff));
    } else if (n <= UINT32_MAX) {
      byte(0x80);
      for (int shift = 24; shift >= 0; shift -= 8) byte(static_cast<unsigned char>((n >> shift) & 0xff));
    } else {
      byte(0x81);
      for (int shift = 56; shift >= 0; shift -= 8) byte(static_cast<unsigned char>((n >> shift) & 0xff));
    }
  }

  // rdbEncodeInteger: false if `v` needs more than 32 bits.
  bool small_integer(long long v) {
    if (v >= INT8_MIN && v <= INT8_MAX) {
      byte(kEncInt8);
      byte(static_cast<unsigned char>(v & 0xff));
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      byte(kEncInt16);
      little_endian(static_cast<std::uint64_t>(v), 2);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      byte(kEncInt32);
      little_endian(static_cast<std::uint64_t>(v), 4);
    } else {
      return false;
    }
    return true;
  }

  // rdbSaveRawString: canonical integers of up to 11 characters in their
  // integer encodings (rdbTryIntegerEncoding), anything else as length+bytes.
  void string(std::string_view s) {
    if (s.size() <= 11) {
      if (const std::optional<long long> v = parse_integer(s); v && small_integer(*v)) return;
    }
    length(s.size());
    raw(s);
  }

  // rdbSaveLongLongAsStringObject.
  void integer_string(long long v) {
    if (small_integer(v)) return;
    char scratch[24];
    const std::string_view digits = format_integer(v, scratch);
    length(digits.size());
    raw(digits);
  }

  void little_endian(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) byte(static_cast<unsigned char>((v >> (8 * i)) & 0xff));
  }
  // rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian.
  void binary_double(double d) { little_endian(std::bit_cast<std::uint64_t>(d), 8); }
  // A stream id as a rax key: ms then seq, both big-endian.
  void stream_id_key(StreamId id) {
    for (int shift = 56; shift >= 0; shift -= 8) byte(static_cast<unsigned char>((id.ms >> shift) & 0xff));
    for (int shift = 56; shift >= 0; shift -= 8) byte(static_cast<unsigned char>((id.seq >> shift) & 0xff));
  }

  std::string& out() noexcept { return out_; }

private:
  std::string out_;
};

/// The bytes a quicklist node may reach under list-max-listpack-size (its
/// negative values), or 0 when the limit counts entries.
std::size_t node_byte_limit(int fill) noexcept {
  static constexpr std::size_t kLevels[] = {4096, 8192, 16384, 32768, 65536};
  if (fill >= 0) return 0;
  const int level = std::min(-fill, 5) - 1;
  return kLevels[level];
}

// Redis's quicklist never lets a packed node grow past 8 KiB when the fill
// counts entries (SIZE_SAFETY_LIMIT).
constexpr std::size_t kNodeSafetyLimit = 8192;

void write_list(RdbWriter& w, const List& list, int fill) {
  const std::size_t byte_limit = node_byte_limit(fill);
  std::vector<std::string> nodes;
  ListpackWriter node;
  list.for_range(0, list.size(), [&](std::string_view element) {
    const std::size_t grown = node.size() + ListpackWriter::entry_size(element);
    const bool full = byte_limit ? grown > byte_limit
                                 : node.count() + 1 > static_cast<std::size_t>(fill) || grown > kNodeSafetyLimit;
    if (node.count() > 0 && full) nodes.push_back(node.finish());
    node.append(element);
  });
  if (node.count() > 0) nodes.push_back(node.finish());
  w.length(nodes.size());
  for (const std::string& blob : nodes) {
    w.length(kContainerPacked);
    w.string(blob);
  }
}

void write_set(RdbWriter& w, const Set& set) {
  char scratch[24];
  if (!set.is_intset()) {
    w.length(set.size());
    set.for_each([&](std::string_view member) { w.string(member); });
    return;
  }
  // An intset: [encoding: u32][length: u32][sorted integers], little-endian,
  // each as wide as the widest member needs.
  std::int64_t lowest = 0;
  std::int64_t highest = 0;
  const std::size_t n = set.size();
  std::vector<std::int64_t> ints(n);
  for (std::size_t i = 0; i < n; ++i) ints[i] = *parse_integer(set.at(i, scratch));
  if (n) lowest = ints.front(), highest = ints.back();
  int width = 2;
  if (lowest < INT16_MIN || highest > INT16_MAX) width = 4;
  if (lowest < INT32_MIN || highest > INT32_MAX) width = 8;
  RdbWriter blob;
  blob.little_endian(static_cast<std::uint64_t>(width), 4);
  blob.little_endian(n, 4);
  for (const std::int64_t v : ints) blob.little_endian(static_cast<std::uint64_t>(v), width);
  w.string(blob.out());
}

void write_hash(RdbWriter& w, const Hash& hash) {
  if (hash.is_listpack()) {
    ListpackWriter lp;
    hash.for_each([&](FieldValue fv) {
      lp.append(fv.first);
      lp.append(fv.second);
    });
    w.string(lp.finish());
    return;
  }
  w.length(hash.size());
  hash.for_each([&](FieldValue fv) {
    w.string(fv.first);
    w.string(fv.second);
  });
}

// Redis 7.0's d2string, which zzlInsertAt uses for a listpack's scores:
// integral values within +-2^52 as integers, others as "%.17g".
std::string score_text(double score) {
  if (std::isinf(score)) return score < 0 ? "-inf" : "inf";
  if (score == 0) return std::signbit(score) ? "-0" : "0";
  if (score > -4503599627370495.0 && score < 4503599627370496.0 && score == static_cast<double>(static_cast<long long>(score))) {
    char scratch[24];
    return std::string(format_integer(static_cast<long long>(score), scratch));
  }
  return format_double(score);
}

void write_zset(RdbWriter& w, const Zset& zset) {
  if (zset.is_listpack()) {
    ListpackWriter lp;
    zset.for_each_in_ranks(0, zset.size(), false, [&](ScoredMember e) {
      lp.append(e.member);
      lp.append(score_text(e.score));
      return true;
    });
    w.string(lp.finish());
    return;
  }
  // rdbSaveObject walks the skiplist from its tail, so a loader inserting
  // in order always inserts at the head.
  w.length(zset.size());
  zset.for_each_in_ranks(0, zset.size(), true, [&](ScoredMember e) {
    w.string(e.member);
    w.binary_double(e.score);
    return true;
  });
}

void write_stream(RdbWriter& w, const Stream& stream) {
  // Each block becomes a node: a listpack whose master entry is
  // [count][deleted][field count][fields...][0], then for each entry
  // [flags][ms delta][seq delta]([field count][field value...] | [value...])
  // [count of the entry's listpack elements, to walk back].
  std::vector<std::pair<StreamId, std::string>> nodes;
  ListpackWriter lp;
  StreamId master;
  std::size_t master_field_count = 0;
  auto flush = [&] {
    if (lp.count()) nodes.emplace_back(master, lp.finish());
  };
  stream.visit_blocks(
      [&](StreamId id, const std::vector<std::string_view>& fields, std::size_t entries, std::size_t live) {
        flush();
        master = id;
        master_field_count = fields.size();
        lp.append_integer(static_cast<long long>(live));
        lp.append_integer(static_cast<long long>(entries - live));
        lp.append_integer(static_cast<long long>(fields.size()));
        for (std::string_view f : fields) lp.append(f);
        lp.append_integer(0);
      },
      [&](StreamId id, std::uint8_t flags, const StreamEntryView& entry) {
        lp.append_integer(flags);
        lp.append_integer(static_cast<long long>(id.ms - master.ms));
        lp.append_integer(static_cast<long long>(id.seq - master.seq));
        const bool same = flags & Stream::kEntrySameFields;
        if (!same) lp.append_integer(static_cast<long long>(entry.fields.size()));
        for (const auto& [field, value] : entry.fields) {
          if (!same) lp.append(field);
          lp.append(value);
        }
        const std::size_t n = entry.fields.size();
        lp.append_integer(static_cast<long long>(same ? master_field_count + 3 : 2 * n + 4));
      });
  flush();

  w.length(nodes.size());
  for (const auto& [id, blob] : nodes) {
    RdbWriter key;
    key.stream_id_key(id);
    w.string(key.out());
    w.string(blob);
  }
  w.length(stream.size());
  w.length(stream.last_id().ms);
  w.length(stream.last_id().seq);
  w.length(stream.first_id().ms);
  w.length(stream.first_id().seq);
  w.length(stream.max_deleted_id().ms);
  w.length(stream.max_deleted_id().seq);
  w.length(stream.entries_added());
  w.length(stream.groups().size());
  for (const auto& [name, group] : stream.groups()) {
    w.string(name);
    w.length(group.last_id.ms);
    w.length(group.last_id.seq);
    w.length(static_cast<std::uint64_t>(group.entries_read));
    w.length(group.pending.size());
    for (const auto& [id, pending] : group.pending) {
      w.stream_id_key(id);
      w.little_endian(static_cast<std::uint64_t>(pending.delivery_time_ms), 8);
      w.length(pending.delivery_count);
    }
    w.length(group.consumers.size());
    for (const auto& [consumer_name, consumer] : group.consumers) {
      w.string(consumer_name);
      w.little_endian(static_cast<std::uint64_t>(consumer->seen_time_ms), 8);
      w.length(consumer->pending.size());
      for (const StreamId& id : consumer->pending) w.stream_id_key(id);
    }
  }
}

} // namespace

std::string dump_payload(const Object& value, const RdbLimits& limits) {
  RdbWriter w;
  switch (value.type()) {
    case ObjectType::string:
      w.byte(kRdbString);
      if (value.is_int()) {
        w.integer_string(value.int_value());
      } else {
        char scratch[24];
        w.string(value.string_view(scratch));
      }
      break;
    case ObjectType::list:
      w.byte(kRdbListQuicklist2);
      write_list(w, value.as<List>(), limits.list_max_listpack_size);
      break;
    case ObjectType::set: {
      const Set& set = value.as<Set>();
      w.byte(set.is_intset() ? kRdbSetIntset : kRdbSet);
      write_set(w, set);
      break;
    }
    case ObjectType::hash: {
      const Hash& hash = value.as<Hash>();
      w.byte(hash.is_listpack() ? kRdbHashListpack : kRdbHash);
      write_hash(w, hash);
      break;
    }
    case ObjectType::zset: {
      const Zset& zset = value.as<Zset>();
      w.byte(zset.is_listpack() ? kRdbZsetListpack : kRdbZset2);
      write_zset(w, zset);
      break;
    }
    case ObjectType::stream:
      w.byte(kRdbStreamListpacks2);
      write_stream(w, value.as<Stream>());
      break;
  }
  w.little_endian(kRdbVersion, 2);
  w.little_endian(crc64(0, w.out()), 8);
  return std::move(w.out());
}

bool verify_dump_payload(std::string_view payload) noexcept {
  if (payload.size() < 10) return false;
  const auto* footer = reinterpret_cast<const unsigned char*>(payload.data() + payload.size() - 10);
  const unsigned version = footer[0] | (unsigned{footer[1]} << 8);
  if (version > kRdbVersion) return false;
  std::uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= std::uint64_t{footer[2 + i]} << (8 * i);
  return crc64(0, payload.substr(0, payload.size() - 8)) == stored;
}

} // namespace not_redis::detail
