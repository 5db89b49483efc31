// Must not compile: a then() callback gets the ready Future<T>, not its value.
#include <not_redis/future.hpp>

void chain(not_redis::Future<long long>& hits) {
  hits.then([](long long n) { return n + 1; });
}
