#pragma once
// LatencyHistogram: the per-command latency distribution behind INFO
// latencystats, laid out as the HdrHistogram Redis 7.0 records into (values
// in ns from 1 to 10^9, 2 significant digits: 23 buckets of 128 sub-buckets),
// so the percentiles it reports are the values Redis would print for the same
// durations. Counts are allocated at the first record: a command never called
// costs nothing.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <new>
#include <vector>

namespace not_redis::detail {

class LatencyHistogram {
public:
  static constexpr std::int64_t kLowest = 1;
  static constexpr std::int64_t kHighest = 1'000'000'000;

  /// Records one duration (clamped into [kLowest, kHighest], as Redis does).
  /// Without memory for the counts the sample is dropped: a statistic must
  /// never fail the command it measures.
  void record(std::int64_t ns) noexcept {
    if (counts_.empty()) {
      try {
        counts_.assign(kCountsLength, 0);
      } catch (const std::bad_alloc&) {
        return;
      }
    }
    const std::int64_t v = std::clamp(ns, kLowest, kHighest);
    const int bucket = bucket_index(v);
    const int sub_bucket = static_cast<int>(v >> bucket);
    ++counts_[static_cast<std::size_t>(((bucket + 1) << kSubBucketHalfCountMagnitude) + (sub_bucket - kSubBucketHalfCount))];
    ++total_;
  }

  std::uint64_t total() const noexcept { return total_; }

  /// hdr_value_at_percentile: the highest value equivalent to the one at
  /// `percentile` (0..100) of the recorded counts; 0 when empty.
  std::int64_t value_at_percentile(double percentile) const noexcept {
    if (total_ == 0) return 0;
    const double requested = std::min(percentile, 100.0);
    auto wanted = static_cast<std::int64_t>(requested / 100 * static_cast<double>(total_) + 0.5);
    wanted = std::max<std::int64_t>(wanted, 1);
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += static_cast<std::int64_t>(counts_[i]);
      if (seen >= wanted) {
        const std::int64_t value = value_at_index(static_cast<int>(i));
        return percentile == 0.0 ? lowest_equivalent(value) : highest_equivalent(value);
      }
    }
    return 0;
  }

private:
  // hdr_init(1, 10^9, 2): single-unit resolution up to 2 * 10^2, so 256
  // sub-buckets (half of them per bucket past the first), and as many
  // buckets as doubling 256 takes to pass 10^9.
  static constexpr int kSubBucketCountMagnitude = 8;
  static constexpr int kSubBucketHalfCountMagnitude = kSubBucketCountMagnitude - 1;
  static constexpr std::int64_t kSubBucketCount = std::int64_t{1} << kSubBucketCountMagnitude;
  static constexpr int kSubBucketHalfCount = 1 << kSubBucketHalfCountMagnitude;
  static constexpr std::int64_t kSubBucketMask = kSubBucketCount - 1;
  static constexpr int kBucketCount = 23;  // 256 << 22 is the first power past 10^9
  static constexpr std::size_t kCountsLength = static_cast<std::size_t>(kBucketCount + 1) * kSubBucketHalfCount;

  static int bucket_index(std::int64_t v) noexcept {
    const int pow2_ceiling = 64 - std::countl_zero(static_cast<std::uint64_t>(v | kSubBucketMask));
    return pow2_ceiling - (kSubBucketHalfCountMagnitude + 1);
  }
  static std::int64_t value_at_index(int index) noexcept {
    int bucket = (index >> kSubBucketHalfCountMagnitude) - 1;
    int sub_bucket = (index & (kSubBucketHalfCount - 1)) + kSubBucketHalfCount;
    if (bucket < 0) {
      sub_bucket -= kSubBucketHalfCount;
      bucket = 0;
    }
    return std::int64_t{sub_bucket} << bucket;
  }
  static std::int64_t lowest_equivalent(std::int64_t v) noexcept {
    const int bucket = bucket_index(v);
    return (v >> bucket) << bucket;
  }
  static std::int64_t highest_equivalent(std::int64_t v) noexcept {
    const int bucket = bucket_index(v);
    const std::int64_t sub_bucket = v >> bucket;
    const int range_magnitude = sub_bucket >= kSubBucketCount ? bucket + 1 : bucket;
    return lowest_equivalent(v) + (std::int64_t{1} << range_magnitude) - 1;
  }

  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

static_assert((256LL << (23 - 2)) <= LatencyHistogram::kHighest && (256LL << (23 - 1)) > LatencyHistogram::kHighest,
              "hdr_init's bucket count for 1..10^9 at 2 significant digits");

} // namespace not_redis::detail
