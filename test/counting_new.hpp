#pragma once
// Replaces the program's global operator new and delete to count every
// allocation (test::allocations) and, for out-of-memory tests, to throw
// std::bad_alloc from a chosen one (test::allocations_before_failure: the
// allocation after that many more successful ones fails, once; -1 = never).
// Include it in exactly one source file of a test program.

#include <atomic>
#include <cstdlib>
#include <new>

namespace test {
inline std::atomic<long> allocations{0};
inline std::atomic<long> allocations_before_failure{-1};
} // namespace test

void* operator new(std::size_t n) {
  test::allocations.fetch_add(1, std::memory_order_relaxed);
  if (test::allocations_before_failure.load() >= 0 && test::allocations_before_failure.fetch_sub(1) == 0)
    throw std::bad_alloc();
  if (void* p = std::malloc(n != 0 ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
// The standard library's nothrow forms (std::stable_sort's buffer) must come
// from the same malloc as the deletes below.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(n);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return ::operator new(n, tag); }
// Not inlined: g++ 12 would then see malloc's pointer reach free through the
// sized delete and warn of a mismatch.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
