#pragma once
// What the stream family's files share (streams.cpp: entries, XADD...XREAD;
// stream_groups.cpp: consumer groups): id parsing with Redis's rules and
// texts, and the reply shape of entries.

#include <optional>
#include <string_view>

#include "db/stream.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

inline constexpr std::string_view kInvalidStreamId = "ERR Invalid stream ID specified as stream command argument";

/// Redis's streamGenericParseIDOrReply: "ms" or "ms-seq" (a missing seq is
/// `missing_seq`), and unless `strict`, "-" (0-0) and "+" (max). With
/// `seq_given` non-null, "ms-*" is accepted and sets it false (XADD).
std::optional<StreamId> parse_stream_id(std::string_view arg, std::uint64_t missing_seq, bool strict,
                                        bool* seq_given = nullptr) noexcept;

/// [id, [field, value, ...]]: one entry as XRANGE and XREAD reply it.
Value entry_reply(const StreamEntryView& entry);

Stream& stream_of(Entry& entry);

/// stream-node-max-bytes and stream-node-max-entries.
StreamNodeLimits stream_limits(const Context& ctx) noexcept;

/// The consumer `name` of `group` at `key`, made (with its notification) if
/// new, and seen now: what XREADGROUP, XCLAIM and XAUTOCLAIM do to the
/// consumer they serve.
StreamConsumer& seen_consumer(Context& ctx, std::string_view key, StreamGroup& group, std::string_view name);

} // namespace not_redis::detail
