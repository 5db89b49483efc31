#pragma once
// Redis's command flags, as the command table declares them and COMMAND INFO
// reports them.

#include <cstdint>

namespace not_redis::detail {

enum CommandFlag : std::uint32_t {
  kWrite = 1u << 0,
  kReadonly = 1u << 1,
  kDenyOom = 1u << 2,
  kAdmin = 1u << 3,
  kPubsub = 1u << 4,
  kNoscript = 1u << 5,
  kBlocking = 1u << 6,
  kLoading = 1u << 7,
  kStale = 1u << 8,
  kSkipMonitor = 1u << 9,
  kSkipSlowlog = 1u << 10,
  kFast = 1u << 11,
  kNoAuth = 1u << 12,
  kMayReplicate = 1u << 13,
  kSentinel = 1u << 14,
  kOnlySentinel = 1u << 15,
  kNoMandatoryKeys = 1u << 16,
  kProtected = 1u << 17,
  kNoAsyncLoading = 1u << 18,
  kNoMulti = 1u << 19,
  kMovableKeys = 1u << 20,
  kAllowBusy = 1u << 21,
};

} // namespace not_redis::detail
