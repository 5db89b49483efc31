// Must not compile: a typed method's value must be something command() takes,
// and the compiler's note must say so (it quotes detail::Arg's line).
#include <not_redis/batch.hpp>

struct Opaque {};

int main() {
  not_redis::Pipeline batch;
  batch.set("k", Opaque{});
  return static_cast<int>(batch.size());
}
