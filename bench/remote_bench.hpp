#pragma once
// RemoteClient figures: pipelined GET and round-trip time against a private
// redis-server over TCP, next to hiredis (synchronous context, the same
// server, the same keys) in the same run.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "workload.hpp"

namespace not_redis::bench {

struct RemoteFigures {
  std::optional<double> remote_pipelined_get_ops_per_s, hiredis_pipelined_get_ops_per_s;
  std::optional<double> remote_pipeline_batch_get_ops_per_s;  ///< execute(Pipeline) of 1000 GETs
  std::optional<double> remote_rtt_p50_ns, hiredis_rtt_p50_ns;
  std::vector<std::string> notes;  ///< why figures are missing, failed checks
};

/// Loads the workload's keys into a fresh redis-server, then: GET of every
/// key in the workload's order with 1000 futures in flight from one thread
/// (hiredis: 1000 appended commands, then their replies), the same as
/// Pipeline batches of 1000, and `rtt_samples` GETs one at a time (p50).
/// Three rounds, taking turns with hiredis; each figure is the median of its
/// rounds. Figures are left out (a note says why) without hiredis or redis-server.
RemoteFigures measure_remote(const Workload& w, std::size_t rtt_samples);

} // namespace not_redis::bench
