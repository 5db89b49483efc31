#pragma once
// What other families and the engine need of transactions.

#include "cmd/session.hpp"
#include "cmd/store.hpp"

namespace not_redis::detail {

/// Leaves MULTI (dropping what was queued) and unwatches every key: DISCARD,
/// EXEC when done, RESET, and a connection that closes (Redis's discardTransaction).
void discard_transaction(Store& store, Session& session) noexcept;

} // namespace not_redis::detail
