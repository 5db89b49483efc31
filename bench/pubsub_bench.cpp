#include "pubsub_bench.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include <not_redis/not_redis.hpp>
#include <not_redis/server.hpp>
#include <not_redis/subscriber.hpp>

#include "process.hpp"
#include "workload.hpp"
#if NOT_REDIS_BENCH_HIREDIS
#include "redis_baseline.hpp"
#endif

namespace not_redis::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kBatch = 1000;  // PUBLISHes in flight
constexpr auto kGiveUpAfter = 10s;    // without progress
constexpr std::string_view kFanoutChannel = "fanout";
constexpr std::string_view kPayload = "payload:00000000";  // 16 bytes
constexpr std::string_view kBenchChannel = "chan";
constexpr std::string_view kBenchPayload = "payload";
constexpr int kBenchClients = 50;

void progress(std::string_view what) { fmt::print(stderr, "not_redis-bench: {}...\n", what); }

/// Relaxed increment by the only thread that writes `n` (no locked instruction).
void bump(std::atomic<std::uint64_t>& n) { n.store(n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

/// PUBLISHes `messages` times from this thread, kBatch futures in flight;
/// returns how many replies said `receivers`.
std::size_t publish_pipelined(Client& store, std::size_t messages, long long receivers) {
  std::vector<Future<long long>> batch;
  batch.reserve(kBatch);
  std::size_t right = 0;
  for (std::size_t first = 0; first < messages; first += kBatch) {
    const std::size_t end = std::min(messages, first + kBatch);
    for (std::size_t i = first; i < end; ++i) batch.push_back(store.publish(kFanoutChannel, kPayload));
    for (auto& f : batch) right += f.get() == receivers;
    batch.clear();
  }
  return right;
}

/// kFanoutSubscribers callback subscribers of one channel, `messages`
/// PUBLISHes from this thread: messages delivered per second.
std::optional<double> fanout_callbacks(std::size_t messages, PubSubFigures& f) {
  progress(fmt::format("pub/sub fan-out: {} PUBLISHes to {} callback subscribers", messages, kFanoutSubscribers));
  Client store;
  std::atomic<std::uint64_t> delivered{0}, wrong{0};  // written on the loop thread only
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  for (std::size_t i = 0; i < kFanoutSubscribers; ++i) {
    subscribers.push_back(std::make_unique<Subscriber>(store, [&](Message&& m) {
      if (m.channel != kFanoutChannel || m.payload != kPayload) bump(wrong);
      bump(delivered);
    }));
    subscribers.back()->subscribe(kFanoutChannel).get();
  }
  const std::uint64_t expected = messages * kFanoutSubscribers;
  const auto start = SteadyClock::now();
  const std::size_t right = publish_pipelined(store, messages, kFanoutSubscribers);
  store.execute({"PING"}).get();  // after the hand-out of every earlier PUBLISH's messages
  const double seconds = seconds_since(start);
  const std::uint64_t after_ping = delivered.load();
  if (right != messages) f.notes.push_back(fmt::format("fan-out: {} of {} PUBLISHes replied {}", messages - right, messages, kFanoutSubscribers));
  if (wrong.load() != 0) f.notes.push_back(fmt::format("fan-out: {} messages had the wrong channel or payload", wrong.load()));
  std::uint64_t dropped = 0;
  for (const auto& s : subscribers) dropped += s->dropped();
  if (after_ping != expected || dropped != 0) {
    f.notes.push_back(fmt::format("fan-out: {} of {} messages delivered once PING returned, {} dropped", after_ping,
                                  expected, dropped));
    return std::nullopt;
  }
  return ops_per_s(seconds, expected);
}

/// As fanout_callbacks, with pull subscribers (queues of `messages`, so none
/// is dropped) drained by kPullThreads threads, each owning a share of them.
std::optional<double> fanout_pull(std::size_t messages, PubSubFigures& f) {
  progress(fmt::format("pub/sub fan-out: {} pull subscribers drained by {} threads", kFanoutSubscribers, kPullThreads));
  Client store;
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  for (std::size_t i = 0; i < kFanoutSubscribers; ++i) {
    subscribers.push_back(std::make_unique<Subscriber>(store, SubscriberOptions{.max_queued = messages}));
    subscribers.back()->subscribe(kFanoutChannel).get();
  }
  std::vector<std::size_t> got(kFanoutSubscribers);
  std::atomic<std::size_t> wrong{0}, stuck{0};
  const auto drain = [&](std::size_t first, std::size_t last) {
    std::size_t left = (last - first) * messages;
    auto last_progress = SteadyClock::now();
    const auto take = [&](std::size_t i, Message&& m) {
      if (m.payload != kPayload) ++wrong;
      ++got[i];
      --left;
    };
    while (left > 0) {
      bool any = false;
      for (std::size_t i = first; i < last; ++i) {
        while (std::optional<Message> m = subscribers[i]->try_next()) {
          take(i, std::move(*m));
          any = true;
        }
      }
      if (!any) {  // wait on one still expecting messages
        std::size_t i = first;
        while (got[i] == messages) ++i;
        if (std::optional<Message> m = subscribers[i]->wait_for(1ms)) take(i, std::move(*m));
        else if (SteadyClock::now() - last_progress > kGiveUpAfter) {
          stuck += left;
          return;
        } else continue;
      }
      last_progress = SteadyClock::now();
    }
  };
  const auto start = SteadyClock::now();
  std::vector<std::thread> drainers;
  for (std::size_t t = 0; t < kPullThreads; ++t)
    drainers.emplace_back(drain, kFanoutSubscribers * t / kPullThreads, kFanoutSubscribers * (t + 1) / kPullThreads);
  const std::size_t right = publish_pipelined(store, messages, kFanoutSubscribers);
  for (auto& d : drainers) d.join();
  const double seconds = seconds_since(start);
  const std::uint64_t expected = messages * kFanoutSubscribers;
  if (right != messages) f.notes.push_back(fmt::format("pull fan-out: {} of {} PUBLISHes replied {}", messages - right, messages, kFanoutSubscribers));
  if (wrong != 0) f.notes.push_back(fmt::format("pull fan-out: {} messages had the wrong payload", wrong.load()));
  std::uint64_t dropped = 0;
  for (const auto& s : subscribers) dropped += s->dropped();
  if (stuck != 0 || dropped != 0) {
    f.notes.push_back(fmt::format("pull fan-out: {} of {} messages never came ({} dropped)", stuck.load(), expected, dropped));
    return std::nullopt;
  }
  return ops_per_s(seconds, expected);
}

// ---------------------------------------------------------------------------
// Raw RESP over TCP, for the network subscribers (no hiredis needed)

std::string resp_command(std::initializer_list<std::string_view> args) {
  std::string out = fmt::format("*{}\r\n", args.size());
  for (std::string_view a : args) out += fmt::format("${}\r\n{}\r\n", a.size(), a);
  return out;
}

/// What a subscriber of `channel` receives for one PUBLISH of `payload` (RESP2).
std::string message_frame(std::string_view channel, std::string_view payload) {
  return fmt::format("*3\r\n$7\r\nmessage\r\n${}\r\n{}\r\n${}\r\n{}\r\n", channel.size(), channel, payload.size(), payload);
}

int connect_tcp(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot connect to 127.0.0.1:{}", port));
  }
  return fd;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) throw std::runtime_error("write to a server failed");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// Reads from a blocking socket until `expected.size()` bytes came; true if they are `expected`.
bool read_exactly(int fd, std::string_view expected, std::string& got) {
  got.clear();
  char buffer[256];
  while (got.size() < expected.size()) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    const ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, expected.size() - got.size()));
    if (n <= 0) return false;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  return got == expected;
}

/// `count` connections SUBSCRIBEd to one channel, read continuously by a
/// thread (poll(), read() into a scratch buffer) that counts their bytes.
class NetworkSubscribers {
public:
  NetworkSubscribers(int port, std::size_t count, std::string_view channel) : bytes_(count) {
    const std::string subscribe = resp_command({"SUBSCRIBE", channel});
    const std::string confirmation =
        fmt::format("*3\r\n$9\r\nsubscribe\r\n${}\r\n{}\r\n:1\r\n", channel.size(), channel);
    std::string got;
    try {
      for (std::size_t i = 0; i < count; ++i) {
        fds_.push_back(connect_tcp(port));
        write_all(fds_.back(), subscribe);
        if (!read_exactly(fds_.back(), confirmation, got))
          throw std::runtime_error(fmt::format("SUBSCRIBE replied {:?}", got));
        ::fcntl(fds_.back(), F_SETFL, ::fcntl(fds_.back(), F_GETFL) | O_NONBLOCK);
      }
    } catch (...) {
      for (int fd : fds_) ::close(fd);
      throw;
    }
    reader_ = std::thread([this] { drain(); });
  }
  ~NetworkSubscribers() {
    stop_ = true;
    reader_.join();
    for (int fd : fds_) ::close(fd);
  }
  NetworkSubscribers(const NetworkSubscribers&) = delete;
  NetworkSubscribers& operator=(const NetworkSubscribers&) = delete;

  /// Waits until every connection has read `bytes` (after its confirmation);
  /// returns the smallest count read.
  std::uint64_t wait_for_bytes(std::uint64_t bytes) const {
    auto last_progress = SteadyClock::now();
    std::uint64_t least = 0;
    for (;;) {
      std::uint64_t now = UINT64_MAX;
      for (const auto& b : bytes_) now = std::min<std::uint64_t>(now, b.load());
      if (now >= bytes || SteadyClock::now() - last_progress > kGiveUpAfter) return now;
      if (now > least) last_progress = SteadyClock::now();
      least = now;
      std::this_thread::sleep_for(1ms);
    }
  }

private:
  void drain() {
    std::vector<pollfd> polled;
    for (int fd : fds_) polled.push_back({fd, POLLIN, 0});
    std::vector<char> scratch(1 << 16);
    while (!stop_) {
      if (::poll(polled.data(), polled.size(), 50) <= 0) continue;
      for (std::size_t i = 0; i < polled.size(); ++i) {
        if (!(polled[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = ::read(polled[i].fd, scratch.data(), scratch.size());
        if (n > 0) bytes_[i] += static_cast<std::uint64_t>(n);
        else if (n == 0) polled[i].events = 0;  // closed: stop polling it
      }
    }
  }

  std::vector<int> fds_;
  std::vector<std::atomic<std::uint64_t>> bytes_;
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

/// Runs redis-benchmark's PUBLISH against 127.0.0.1:`port`: its requests per second.
double redis_benchmark_publish(const std::filesystem::path& program, int port, std::size_t requests) {
  const std::string command =
      fmt::format("'{}' -h 127.0.0.1 -p {} -c {} -n {} -q --csv PUBLISH {} {} 2>&1", program.string(), port,
                  kBenchClients, requests, kBenchChannel, kBenchPayload);
  std::FILE* out = ::popen(command.c_str(), "r");
  if (!out) throw std::runtime_error("popen(redis-benchmark) failed");
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  const int status = ::pclose(out);
  // One CSV line for the command: "PUBLISH chan payload","<rps>",...
  const std::string label = fmt::format("\"PUBLISH {} {}\",\"", kBenchChannel, kBenchPayload);
  const auto at = text.find(label);
  double rps = 0;
  if (status != 0 || at == std::string::npos ||
      std::from_chars(text.data() + at + label.size(), text.data() + text.size(), rps).ec != std::errc{})
    throw std::runtime_error(fmt::format("redis-benchmark (exit status {}) printed {:?}", status, text));
  return rps;
}

/// redis-benchmark PUBLISHes `requests` times to a server on `port` while
/// kNetworkSubscribers subscribers read; checks that a final PUBLISH reaches
/// all of them and that each received every message.
std::optional<double> publish_over_network(const std::filesystem::path& benchmark, int port, std::size_t requests,
                                           std::string_view server, PubSubFigures& f) {
  try {
    NetworkSubscribers subscribers(port, kNetworkSubscribers, kBenchChannel);
    const double rps = redis_benchmark_publish(benchmark, port, requests);
    const int publisher = connect_tcp(port);
    write_all(publisher, resp_command({"PUBLISH", kBenchChannel, kBenchPayload}));
    std::string got;
    const std::string expected_reply = fmt::format(":{}\r\n", kNetworkSubscribers);
    const bool counted = read_exactly(publisher, expected_reply, got);
    ::close(publisher);
    if (!counted) f.notes.push_back(fmt::format("{}: the final PUBLISH replied {:?}, not {:?}", server, got, expected_reply));
    const std::uint64_t expected = (requests + 1) * message_frame(kBenchChannel, kBenchPayload).size();
    const std::uint64_t least = subscribers.wait_for_bytes(expected);
    if (least != expected)
      f.notes.push_back(fmt::format("{}: a subscriber read {} bytes, not the {} of {} messages", server, least,
                                    expected, requests + 1));
    return rps;
  } catch (const std::exception& e) {
    f.notes.push_back(fmt::format("{}: {}", server, e.what()));
    return std::nullopt;
  }
}

#if NOT_REDIS_BENCH_HIREDIS
/// kFanoutSubscribers hiredis connections SUBSCRIBEd to one channel, read by
/// one thread with poll(), and one publisher connection pipelining PUBLISHes
/// kBatch at a time, over the unix socket: messages delivered per second
/// until every subscriber has read all `messages`.
std::optional<double> redis_fanout(const RedisServer& server, std::size_t messages, PubSubFigures& f) {
  progress(fmt::format("redis-server fan-out: {} PUBLISHes to {} subscriber connections", messages, kFanoutSubscribers));
  const std::string channel(kFanoutChannel);
  std::vector<Connection> subscribers;
  std::vector<pollfd> polled;
  for (std::size_t i = 0; i < kFanoutSubscribers; ++i) {
    subscribers.push_back(server.connect());
    redisReply* r = static_cast<redisReply*>(redisCommand(subscribers.back().get(), "SUBSCRIBE %b", channel.data(), channel.size()));
    const bool ok = r && r->type == REDIS_REPLY_ARRAY;
    freeReplyObject(r);
    if (!ok) throw std::runtime_error("redis: SUBSCRIBE failed");
    polled.push_back({subscribers.back()->fd, POLLIN, 0});
  }
  const std::uint64_t expected = messages * kFanoutSubscribers;
  std::uint64_t delivered = 0, wrong = 0;
  std::string failure;
  std::thread reader([&] {
    auto last_progress = SteadyClock::now();
    while (delivered < expected) {
      if (::poll(polled.data(), polled.size(), 100) <= 0) {
        if (SteadyClock::now() - last_progress > kGiveUpAfter) return;
        continue;
      }
      for (std::size_t i = 0; i < polled.size(); ++i) {
        if (!polled[i].revents) continue;
        redisContext* c = subscribers[i].get();
        if (redisBufferRead(c) != REDIS_OK) {
          failure = c->errstr;
          return;
        }
        void* raw = nullptr;
        while (redisGetReplyFromReader(c, &raw) == REDIS_OK && raw) {
          const auto* m = static_cast<redisReply*>(raw);
          wrong += !(m->type == REDIS_REPLY_ARRAY && m->elements == 3 &&
                     std::string_view(m->element[0]->str, m->element[0]->len) == "message" &&
                     std::string_view(m->element[2]->str, m->element[2]->len) == kPayload);
          ++delivered;
          freeReplyObject(raw);
        }
      }
      last_progress = SteadyClock::now();
    }
  });
  Connection publisher = server.connect();
  std::size_t right = 0;
  const auto start = SteadyClock::now();
  for (std::size_t first = 0; first < messages; first += kBatch) {
    const std::size_t end = std::min(messages, first + kBatch);
    for (std::size_t i = first; i < end; ++i)
      redisAppendCommand(publisher.get(), "PUBLISH %b %b", channel.data(), channel.size(), kPayload.data(), kPayload.size());
    for (std::size_t i = first; i < end; ++i) {
      void* raw = nullptr;
      if (redisGetReply(publisher.get(), &raw) != REDIS_OK) break;
      const auto* r = static_cast<redisReply*>(raw);
      right += r->type == REDIS_REPLY_INTEGER && r->integer == static_cast<long long>(kFanoutSubscribers);
      freeReplyObject(raw);
    }
  }
  reader.join();
  const double seconds = seconds_since(start);
  if (right != messages) f.notes.push_back(fmt::format("redis fan-out: {} of {} PUBLISHes replied {}", messages - right, messages, kFanoutSubscribers));
  if (wrong != 0) f.notes.push_back(fmt::format("redis fan-out: {} messages were not the one published", wrong));
  if (delivered != expected) {
    f.notes.push_back(fmt::format("redis fan-out: {} of {} messages read{}", delivered, expected,
                                  failure.empty() ? "" : fmt::format(" ({})", failure)));
    return std::nullopt;
  }
  return ops_per_s(seconds, expected);
}
#endif

} // namespace

PubSubFigures measure_pubsub(std::size_t fanout_messages, std::size_t server_publishes) {
  PubSubFigures f;
  f.publish_fanout_msgs_per_s = fanout_callbacks(fanout_messages, f);
  f.publish_fanout_pull_msgs_per_s = fanout_pull(fanout_messages, f);

  const auto benchmark = find_on_path("redis-benchmark");
  if (!benchmark) f.notes.push_back("server PUBLISH: redis-benchmark is not on PATH");
  if (benchmark) {
    progress(fmt::format("redis-benchmark PUBLISH against not_redis::Server, {} subscribers", kNetworkSubscribers));
    Client store;
    Server server(store, {.port = 0});
    f.server_publish_ops_per_s = publish_over_network(*benchmark, server.port(), server_publishes, "not_redis server PUBLISH", f);
  }

#if NOT_REDIS_BENCH_HIREDIS
  const auto redis = find_on_path("redis-server");
  if (!redis) {
    f.notes.push_back("pub/sub redis baseline: redis-server is not on PATH");
    return f;
  }
  try {
    RedisServer server(*redis);
    f.redis_publish_fanout_msgs_per_s = redis_fanout(server, fanout_messages, f);
    if (benchmark) {
      progress(fmt::format("redis-benchmark PUBLISH against redis-server, {} subscribers", kNetworkSubscribers));
      f.redis_server_publish_ops_per_s = publish_over_network(*benchmark, server.port(), server_publishes, "redis-server PUBLISH", f);
    }
  } catch (const std::exception& e) {
    f.notes.push_back(fmt::format("pub/sub redis baseline: {}", e.what()));
  }
#else
  f.notes.push_back("pub/sub redis baseline: built without hiredis");
#endif
  return f;
}

} // namespace not_redis::bench
