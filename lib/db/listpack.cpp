#include "db/listpack.hpp"

#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

constexpr std::size_t kHeaderSize = 6;
constexpr unsigned char kEnd = 0xff;
constexpr std::size_t kUnknownCount = 65535;

std::size_t backlen_size(std::size_t encoded) noexcept {
  if (encoded <= 127) return 1;
  if (encoded < 16383) return 2;
  if (encoded < 2097151) return 3;
  if (encoded < 268435455) return 4;
  return 5;
}

std::size_t integer_encoded_size(long long v) noexcept {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648LL && v <= 2147483647LL) return 5;
  return 9;
}

std::size_t string_encoded_size(std::size_t length) noexcept {
  if (length < 64) return 1 + length;
  if (length < 4096) return 2 + length;
  return 5 + length;
}

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_le(const unsigned char* p, int bytes) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

/// Sign-extends the low `bits` bits of `v`.
long long sign_extend(std::uint64_t v, int bits) noexcept {
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  v &= (sign << 1) - 1;
  return static_cast<long long>((v ^ sign) - sign);
}

} // namespace

std::size_t ListpackWriter::entry_size(std::string_view value) noexcept {
  const std::optional<long long> v = parse_integer(value);
  const std::size_t encoded = v ? integer_encoded_size(*v) : string_encoded_size(value.size());
  return encoded + backlen_size(encoded);
}

void ListpackWriter::append_backlen(std::size_t l) {
  switch (backlen_size(l)) {
    case 1: bytes_.push_back(static_cast<char>(l)); break;
    case 2:
      bytes_.push_back(static_cast<char>(l >> 7));
      bytes_.push_back(static_cast<char>((l & 127) | 128));
      break;
    case 3:
      bytes_.push_back(static_cast<char>(l >> 14));
      bytes_.push_back(static_cast<char>(((l >> 7) & 127) | 128));
      bytes_.push_back(static_cast<char>((l & 127) | 128));
      break;
    case 4:
      bytes_.push_back(static_cast<char>(l >> 21));
      bytes_.push_back(static_cast<char>(((l >> 14) & 127) | 128));
      bytes_.push_back(static_cast<char>(((l >> 7) & 127) | 128));
      bytes_.push_back(static_cast<char>((l & 127) | 128));
      break;
    default:
      bytes_.push_back(static_cast<char>(l >> 28));
      bytes_.push_back(static_cast<char>(((l >> 21) & 127) | 128));
      bytes_.push_back(static_cast<char>(((l >> 14) & 127) | 128));
      bytes_.push_back(static_cast<char>(((l >> 7) & 127) | 128));
      bytes_.push_back(static_cast<char>((l & 127) | 128));
  }
}

void ListpackWriter::append_integer(long long v) {
  const auto u = static_cast<std::uint64_t>(v);
  const std::size_t encoded = integer_encoded_size(v);
  switch (encoded) {
    case 1: bytes_.push_back(static_cast<char>(v)); break;
    case 2:
      bytes_.push_back(static_cast<char>(((u >> 8) & 0x1f) | 0xc0));
      bytes_.push_back(static_cast<char>(u & 0xff));
      break;
    case 3: bytes_.push_back('\xf1'); put_le(bytes_, u, 2); break;
    case 4: bytes_.push_back('\xf2'); put_le(bytes_, u, 3); break;
    case 5: bytes_.push_back('\xf3'); put_le(bytes_, u, 4); break;
    default: bytes_.push_back('\xf4'); put_le(bytes_, u, 8);
  }
  append_backlen(encoded);
  ++count_;
}

void ListpackWriter::append(std::string_view value) {
  if (const std::optional<long long> v = parse_integer(value)) return append_integer(*v);
  const std::size_t n = value.size();
  if (n < 64) {
    bytes_.push_back(static_cast<char>(0x80 | n));
  } else if (n < 4096) {
    bytes_.push_back(static_cast<char>(0xe0 | (n >> 8)));
    bytes_.push_back(static_cast<char>(n & 0xff));
  } else {
    bytes_.push_back('\xf0');
    put_le(bytes_, n, 4);
  }
  bytes_.append(value);
  append_backlen(string_encoded_size(n));
  ++count_;
}

std::string ListpackWriter::finish() {
  bytes_.push_back(static_cast<char>(kEnd));
  const std::size_t total = bytes_.size();
  const std::size_t count = count_ < kUnknownCount ? count_ : kUnknownCount;
  for (int i = 0; i < 4; ++i) bytes_[i] = static_cast<char>((total >> (8 * i)) & 0xff);
  bytes_[4] = static_cast<char>(count & 0xff);
  bytes_[5] = static_cast<char>(count >> 8);
  std::string out = std::move(bytes_);
  bytes_.assign(6, '\0');
  count_ = 0;
  return out;
}

std::string_view ListpackEntry::text(char* scratch) const noexcept {
  return is_integer ? format_integer(integer, scratch) : string;
}

bool parse_listpack(std::string_view blob, std::vector<ListpackEntry>& out) {
  out.clear();
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  const std::size_t size = blob.size();
  if (size < kHeaderSize + 1) return false;
  if (get_le(p, 4) != size || p[size - 1] != kEnd) return false;
  const std::size_t declared = get_le(p + 4, 2);
  std::size_t at = kHeaderSize;
  const std::size_t last = size - 1;  // the end byte
  while (at < last) {
    const unsigned char b = p[at];
    const std::size_t room = last - at;
    ListpackEntry e;
    std::size_t header = 1;
    std::size_t data = 0;
    if ((b & 0x80) == 0) {
      e.is_integer = true;
      e.integer = b & 0x7f;
    } else if ((b & 0xc0) == 0x80) {
      data = b & 0x3f;
    } else if ((b & 0xe0) == 0xc0) {
      if (room < 2) return false;
      e.is_integer = true;
      e.integer = sign_extend((std::uint64_t{b & 0x1fu} << 8) | p[at + 1], 13);
      header = 2;
    } else if ((b & 0xf0) == 0xe0) {
      if (room < 2) return false;
      data = (std::size_t{b & 0x0fu} << 8) | p[at + 1];
      header = 2;
    } else if (b == 0xf0) {
      if (room < 5) return false;
      data = get_le(p + at + 1, 4);
      header = 5;
    } else if (b >= 0xf1 && b <= 0xf4) {
      static constexpr int kBytes[] = {2, 3, 4, 8};
      const int n = kBytes[b - 0xf1];
      if (room < 1 + static_cast<std::size_t>(n)) return false;
      e.is_integer = true;
      e.integer = sign_extend(get_le(p + at + 1, n), 8 * n);
      header = 1 + n;
    } else {
      return false;  // 0xf5..0xfe are unused; 0xff ends the listpack only at its last byte
    }
    if (data > room - header) return false;
    const std::size_t encoded = header + data;
    const std::size_t back = backlen_size(encoded);
    if (room - encoded < back) return false;
    // The backlen must decode, right to left, to the entry's length.
    std::size_t decoded = 0;
    const unsigned char* q = p + at + encoded + back - 1;
    for (std::size_t i = 0; i < back; ++i, --q) {
      const bool more = *q & 128;
      if (more != (i + 1 < back)) return false;
      decoded |= std::size_t{*q & 127u} << (7 * i);
    }
    if (decoded != encoded) return false;
    if (!e.is_integer) e.string = std::string_view(blob.data() + at + header, data);
    out.push_back(e);
    at += encoded + back;
  }
  if (at != last) return false;
  return declared == kUnknownCount || out.size() == declared;
}

bool parse_ziplist(std::string_view blob, std::vector<ListpackEntry>& out) {
  out.clear();
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  const std::size_t size = blob.size();
  constexpr std::size_t kZiplistHeader = 10;
  if (size < kZiplistHeader + 1) return false;
  if (get_le(p, 4) != size || p[size - 1] != kEnd) return false;
  const std::size_t tail = get_le(p + 4, 4);
  const std::size_t declared = get_le(p + 8, 2);
  const std::size_t last = size - 1;
  std::size_t at = kZiplistHeader;
  std::size_t previous_size = 0;
  std::size_t last_entry = kZiplistHeader;  // an empty ziplist's tail points at its end byte
  while (at < last) {
    std::size_t room = last - at;
    std::size_t prevlen_size = 1;
    std::size_t prevlen = p[at];
    if (prevlen == 254) {
      if (room < 5) return false;
      prevlen = get_le(p + at + 1, 4);
      prevlen_size = 5;
    } else if (prevlen == 255) {
      return false;
    }
    if (prevlen != previous_size) return false;
    const std::size_t entry_start = at;
    at += prevlen_size;
    room -= prevlen_size;
    if (room < 1) return false;
    const unsigned char b = p[at];
    ListpackEntry e;
    std::size_t header = 1;
    std::size_t data = 0;
    switch (b >> 6) {
      case 0: data = b & 0x3f; break;
      case 1:
        if (room < 2) return false;
        data = (std::size_t{b & 0x3fu} << 8) | p[at + 1];
        header = 2;
        break;
      case 2:
        if (b != 0x80 || room < 5) return false;
        data = (std::size_t{p[at + 1]} << 24) | (std::size_t{p[at + 2]} << 16) | (std::size_t{p[at + 3]} << 8) | p[at + 4];
        header = 5;
        break;
      default: {
        e.is_integer = true;
        int n = 0;
        if (b == 0xc0) n = 2;
        else if (b == 0xd0) n = 4;
        else if (b == 0xe0) n = 8;
        else if (b == 0xf0) n = 3;
        else if (b == 0xfe) n = 1;
        else if (b >= 0xf1 && b <= 0xfd) e.integer = (b & 0x0f) - 1;
        else return false;
        if (room < 1 + static_cast<std::size_t>(n)) return false;
        if (n) e.integer = sign_extend(get_le(p + at + 1, n), 8 * n);
        header = 1 + static_cast<std::size_t>(n);
      }
    }
    if (data > room - header) return false;
    if (!e.is_integer) e.string = std::string_view(blob.data() + at + header, data);
    at += header + data;
    previous_size = at - entry_start;
    last_entry = entry_start;
    out.push_back(e);
  }
  if (at != last || tail != last_entry) return false;
  return declared == kUnknownCount || out.size() == declared;
}

} // namespace not_redis::detail
