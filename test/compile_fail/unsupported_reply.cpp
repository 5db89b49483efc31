// Must not compile: a type with no FromValue is not a reply type.
#include <not_redis/convert.hpp>

struct Opaque {};

int main() {
  auto v = not_redis::from_value<Opaque>(not_redis::Value::integer(1));
  (void)v;
}
