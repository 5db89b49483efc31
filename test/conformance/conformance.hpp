#pragma once
// The typed-API conformance suite, written once over the store type: every
// function takes any backend with not_redis's typed methods (the embedded
// not_redis::Client, a client of a real redis-server...), runs commands
// through them and checks the replies against what redis-server 7.0 answers
// over RESP3. The same checks passing on two backends is what makes them
// interchangeable.
//
// Rules the functions keep, so that they run on a shared server too:
// - each deletes the keys it uses first, all under the prefix `p` (default
//   "c:"), and depends on no other function; only conformance_server assumes
//   an empty database, which it makes itself with FLUSHALL;
// - only behaviour redis-server 7.0 and the embedded store share: no
//   ManualClock, no run_until_idle(), no Client-only API (atomically(),
//   run_for(), the scan ranges unless the backend has them);
// - no sleeps: TTLs are read as PTTL ranges or set as absolute times; the
//   only waits are two blocking calls timing out (100 ms and 50 ms) and an
//   XREAD BLOCK of 50 ms.
//
// ```
// TEST_CASE("conformance: redis-server") { RemoteClient r(...); conformance::conformance_all(r); }
// ```

#include "conformance_data.hpp"
#include "conformance_more.hpp"

namespace conformance {

/// Every family, each named in a failure's context; one that throws
/// unexpectedly fails the check and lets the others run.
template <class Store>
void conformance_all(Store& s, std::string_view p = "c:") {
  const auto run = [&](const std::string family, auto&& fn) {
    INFO("conformance family: " << family);
    try {
      fn();
    } catch (const std::exception& e) {
      FAIL_CHECK("family " << family << " threw: " << e.what());
    }
  };
  run("strings", [&] { conformance_strings(s, p); });
  run("keys", [&] { conformance_keys(s, p); });
  run("hashes", [&] { conformance_hashes(s, p); });
  run("lists", [&] { conformance_lists(s, p); });
  run("sets", [&] { conformance_sets(s, p); });
  run("zsets", [&] { conformance_zsets(s, p); });
  run("zsets_multikey", [&] { conformance_zsets_multikey(s, p); });
  run("streams", [&] { conformance_streams(s, p); });
  run("stream_groups", [&] { conformance_stream_groups(s, p); });
  run("pipelines", [&] { conformance_pipelines(s, p); });
  run("transactions", [&] { conformance_transactions(s, p); });
  run("futures", [&] { conformance_futures(s, p); });
}

} // namespace conformance
