// Must not compile: a type with no ToArgs is not a command argument.
#include <not_redis/argv.hpp>

struct Opaque {};

int main() {
  auto argv = not_redis::make_argv("SET", "k", Opaque{});
  return static_cast<int>(argv.size());
}
