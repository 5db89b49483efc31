#pragma once
// Redis's listpack format (listpack.c), as DUMP writes and RESTORE reads it:
//   [total bytes: u32 LE][element count: u16 LE, 65535 = unknown]
//   entries...  [0xFF]
// Each entry is an encoding byte (an integer of 7, 13, 16, 24, 32 or 64 bits,
// or a string with a 6, 12 or 32-bit length), its data, then its own length
// stored backwards ("backlen") so the list can be walked from the end.
// Redis's in-memory lists, small hashes, small sorted sets and stream nodes
// are listpacks, and their DUMP payloads carry them verbatim.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace not_redis::detail {

/// Builds a listpack. Strings that are canonical integers are stored as
/// integers, as Redis's lpAppend does, so the bytes match Redis's.
class ListpackWriter {
public:
  ListpackWriter() { bytes_.assign(6, '\0'); }
  void append(std::string_view value);
  void append_integer(long long value);
  std::size_t count() const noexcept { return count_; }
  /// The size finish() would return.
  std::size_t size() const noexcept { return bytes_.size() + 1; }
  /// The finished listpack; the writer is left empty.
  std::string finish();
  /// The bytes an entry for `value` takes (with its backlen).
  static std::size_t entry_size(std::string_view value) noexcept;

private:
  void append_backlen(std::size_t encoded_size);
  std::string bytes_;
  std::size_t count_ = 0;
};

/// One decoded entry: an integer, or a view of the listpack's bytes.
struct ListpackEntry {
  bool is_integer = false;
  long long integer = 0;
  std::string_view string;
  /// The entry as text (an integer is formatted into `scratch`, >= 21 bytes).
  std::string_view text(char* scratch) const noexcept;
};

/// Decodes and fully validates `blob` (every header, length and backlen,
/// the count unless 65535, the total bytes and the end byte, as Redis's
/// lpValidateIntegrity with deep checks); false if anything is wrong.
/// The entries view `blob`.
bool parse_listpack(std::string_view blob, std::vector<ListpackEntry>& out);

/// The same for a ziplist, the compact encoding of Redis 6.2 and older
/// (ziplist.c): [total bytes: u32][offset of the last entry: u32][count: u16,
/// 65535 = unknown], entries each [previous entry's size: 1 or 5 bytes]
/// [encoding][data], then 0xFF. Every size, the tail offset and each entry's
/// previous size must agree.
bool parse_ziplist(std::string_view blob, std::vector<ListpackEntry>& out);

} // namespace not_redis::detail
