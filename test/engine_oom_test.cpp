// A std::bad_alloc inside a command becomes an error reply; the loop and the
// keyspace carry on. operator new is replaced in this program only, so the
// test can make one large allocation fail on demand.

#include <atomic>
#include <cstdlib>
#include <new>

#include "harness.hpp"

namespace {
std::atomic<bool> fail_large_allocations{false};
constexpr std::size_t kLarge = 1 << 20;
} // namespace

void* operator new(std::size_t n) {
  if (n >= kLarge && fail_large_allocations.load()) throw std::bad_alloc();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace test;

TEST_CASE("bad_alloc inside a command becomes an OOM error reply") {
  Store store;
  store.run({"SET", "k", "v"});
  const std::string big(2 * kLarge, 'x');
  not_redis::Argv argv{"SET", "big", big};  // built before the failure is armed
  fail_large_allocations = true;
  const Value reply = store->execute(std::move(argv)).get();
  fail_large_allocations = false;
  REQUIRE(reply.is_error());
  CHECK(reply.string().rfind("OOM ", 0) == 0);
  CHECK(store.run({"GET", "big"}) == nil());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
  CHECK(store.run({"SET", "big", big}) == ok());
  CHECK(store.run({"STRLEN", "big"}) == integer(static_cast<long long>(big.size())));
}

TEST_CASE("a command that cannot be queued for lack of memory fails the whole transaction") {
  Store store;
  const std::string big(2 * kLarge, 'x');
  not_redis::Transaction tx;
  tx.set("a", "1");
  tx.set("big", big);  // queuing copies it: the copy fails
  tx.set("b", "2");
  fail_large_allocations = true;
  auto done = store->execute(std::move(tx));
  fail_large_allocations = false;
  CHECK(reply_error([&] { (void)done.get(); }) == "EXECABORT Transaction discarded because of previous errors.");
  CHECK(store.run({"EXISTS", "a", "big", "b"}) == integer(0));
}
