// The string family: SET, GET and every command on string values (t_string.c).

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// GET key
Value get(Context& ctx) {
  auto [e, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  if (!e) return Value{};
  char scratch[24];
  return Value::bulk(e->second.string_view(scratch));
}

// SET key value
Value set(Context& ctx) {
  ctx.db().set(ctx.argv[1], Object::string(ctx.argv[2]));
  return Value::ok();
}

constexpr CommandSpec kCommands[] = {
    {"get", 2, kReadonly | kFast, 1, 1, 1, &get, "@read @string @fast"},
    {"set", -3, kWrite | kDenyOom, 1, 1, 1, &set, "@write @string @slow"},
};

} // namespace

std::span<const CommandSpec> string_commands() { return kCommands; }

} // namespace not_redis::detail
