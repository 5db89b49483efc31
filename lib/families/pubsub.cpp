// The pub/sub family: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and
// PUBSUB (Redis's pubsub.c). Subscriptions live in Store::pubsub and in the
// session; confirmations go out through the session's sink, one per channel,
// as Redis writes them.

#include <string>
#include <vector>

#include "cmd/pubsub.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

constexpr std::string_view kNoSink =
    "ERR pub/sub needs a session of its own to deliver messages to: in process, use a not_redis::Subscriber";

/// [kind, name, count]: a (un)subscribe confirmation; an UNSUBSCRIBE from
/// nothing names no channel (nil), as Redis's addReplyPubsubUnsubscribed(c, NULL).
Value confirmation(std::string_view kind, const std::string* name, std::size_t count) {
  return Value::push({Value::bulk(std::string(kind)), name ? Value::bulk(*name) : Value{},
                      Value::integer(static_cast<long long>(count))});
}

std::size_t count_for(const Session& session, SubscriptionKind kind) noexcept {
  return kind == SubscriptionKind::shard ? session.shard_channels.size() : session.subscriptions();
}

/// Sends the confirmations through the session's sink, as Redis writes one
/// reply per channel. Inside EXEC they are the command's reply instead: one
/// confirmation, or all of them.
Value confirm(Context& ctx, Value::Array&& confirmations) {
  Session& session = ctx.session();
  if (ctx.denies_blocking()) {
    if (confirmations.size() == 1) return std::move(confirmations.front());
    return Value::array(std::move(confirmations));
  }
  for (const Value& c : confirmations) session.sink->deliver(c);
  session.replied_through_sink = true;
  return Value::array(std::move(confirmations));
}

Outcome subscribe_generic(Context& ctx, SubscriptionKind kind, std::string_view verb) {
  Session& session = ctx.session();
  if (!session.sink) return error_reply(kNoSink);
  Value::Array confirmations;
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    const std::string name(ctx.argv[i]);
    ctx.store.pubsub.subscribe(session, kind, name);
    confirmations.push_back(confirmation(verb, &name, count_for(session, kind)));
  }
  return confirm(ctx, std::move(confirmations));
}

Outcome unsubscribe_generic(Context& ctx, SubscriptionKind kind, std::string_view verb) {
  Session& session = ctx.session();
  if (!session.sink) return error_reply(kNoSink);
  std::vector<std::string> names;
  if (ctx.argv.size() > 1) {
    for (std::size_t i = 1; i < ctx.argv.size(); ++i) names.emplace_back(ctx.argv[i]);
  } else {
    // From everything: what the session has, in the order it subscribed.
    const SubscriptionNames& mine = kind == SubscriptionKind::channel   ? session.channels
                                    : kind == SubscriptionKind::pattern ? session.patterns
                                                                        : session.shard_channels;
    names.assign(mine.begin(), mine.end());
  }
  Value::Array confirmations;
  for (const std::string& name : names) {
    ctx.store.pubsub.unsubscribe(session, kind, name);
    confirmations.push_back(confirmation(verb, &name, count_for(session, kind)));
  }
  if (names.empty()) confirmations.push_back(confirmation(verb, nullptr, count_for(session, kind)));
  return confirm(ctx, std::move(confirmations));
}

// SUBSCRIBE channel [channel ...]
Outcome subscribe(Context& ctx) { return subscribe_generic(ctx, SubscriptionKind::channel, "subscribe"); }
// UNSUBSCRIBE [channel ...]
Outcome unsubscribe(Context& ctx) { return unsubscribe_generic(ctx, SubscriptionKind::channel, "unsubscribe"); }
// PSUBSCRIBE pattern [pattern ...]
Outcome psubscribe(Context& ctx) { return subscribe_generic(ctx, SubscriptionKind::pattern, "psubscribe"); }
// PUNSUBSCRIBE [pattern ...]
Outcome punsubscribe(Context& ctx) { return unsubscribe_generic(ctx, SubscriptionKind::pattern, "punsubscribe"); }
// SSUBSCRIBE shardchannel [shardchannel ...]
Outcome ssubscribe(Context& ctx) { return subscribe_generic(ctx, SubscriptionKind::shard, "ssubscribe"); }
// SUNSUBSCRIBE [shardchannel ...]
Outcome sunsubscribe(Context& ctx) { return unsubscribe_generic(ctx, SubscriptionKind::shard, "sunsubscribe"); }

// PUBLISH channel message: how many subscribers (channel and pattern) got it.
Outcome publish(Context& ctx) {
  return Value::integer(static_cast<long long>(ctx.store.pubsub.publish(ctx.argv[1], ctx.argv[2])));
}

// SPUBLISH shardchannel message
Outcome spublish(Context& ctx) {
  return Value::integer(static_cast<long long>(ctx.store.pubsub.publish(ctx.argv[1], ctx.argv[2], true)));
}

Value channels_generic(Context& ctx, SubscriptionKind kind) {
  if (ctx.argv.size() > 3) return subcommand_syntax_error(ctx, "PUBSUB");
  Value::Array out;
  for (std::string_view channel : ctx.store.pubsub.active(kind))
    if (ctx.argv.size() == 2 || glob_match(ctx.argv[2], channel)) out.push_back(Value::bulk(std::string(channel)));
  return Value::array(std::move(out));
}

Value numsub_generic(Context& ctx, SubscriptionKind kind) {
  Value::Array out;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    out.push_back(Value::bulk(ctx.argv[i]));
    out.push_back(Value::integer(static_cast<long long>(ctx.store.pubsub.subscribers(kind, ctx.argv[i]))));
  }
  return Value::array(std::move(out));
}

// PUBSUB CHANNELS [pattern]
Outcome pubsub_channels(Context& ctx) { return channels_generic(ctx, SubscriptionKind::channel); }
// PUBSUB SHARDCHANNELS [pattern]
Outcome pubsub_shardchannels(Context& ctx) { return channels_generic(ctx, SubscriptionKind::shard); }
// PUBSUB NUMSUB [channel ...]
Outcome pubsub_numsub(Context& ctx) { return numsub_generic(ctx, SubscriptionKind::channel); }
// PUBSUB SHARDNUMSUB [shardchannel ...]
Outcome pubsub_shardnumsub(Context& ctx) { return numsub_generic(ctx, SubscriptionKind::shard); }

// PUBSUB NUMPAT
Outcome pubsub_numpat(Context& ctx) {
  return Value::integer(static_cast<long long>(ctx.store.pubsub.count(SubscriptionKind::pattern)));
}

// PUBSUB HELP
Outcome pubsub_help(Context&) {
  return help_reply("PUBSUB", {
                                  "CHANNELS [<pattern>]",
                                  "    Return the currently active channels matching a <pattern> (default: '*').",
                                  "NUMPAT",
                                  "    Return number of subscriptions to patterns.",
                                  "NUMSUB [<channel> ...]",
                                  "    Return the number of subscribers for the specified channels, excluding",
                                  "    pattern subscriptions(default: no channels).",
                                  "SHARDCHANNELS [<pattern>]",
                                  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                                  "SHARDNUMSUB [<shardchannel> ...]",
                                  "    Return the number of subscribers for the specified shard level channel(s)",
                              });
}

constexpr std::uint32_t kSubscribeFlags = kPubsub | kNoscript | kLoading | kStale;
constexpr std::uint32_t kIntrospectionFlags = kPubsub | kLoading | kStale;

constexpr CommandSpec kPubsubSubcommands[] = {
    {"pubsub|channels", -2, kIntrospectionFlags, 0, 0, 0, &pubsub_channels, "@pubsub @slow"},
    {"pubsub|help", 2, kLoading | kStale, 0, 0, 0, &pubsub_help, "@slow"},
    {"pubsub|numpat", 2, kIntrospectionFlags, 0, 0, 0, &pubsub_numpat, "@pubsub @slow"},
    {"pubsub|numsub", -2, kIntrospectionFlags, 0, 0, 0, &pubsub_numsub, "@pubsub @slow"},
    {"pubsub|shardchannels", -2, kIntrospectionFlags, 0, 0, 0, &pubsub_shardchannels, "@pubsub @slow"},
    {"pubsub|shardnumsub", -2, kIntrospectionFlags, 0, 0, 0, &pubsub_shardnumsub, "@pubsub @slow"},
};

constexpr CommandSpec kCommands[] = {
    {"subscribe", -2, kSubscribeFlags | kSentinel, 0, 0, 0, &subscribe, "@pubsub @slow"},
    {"unsubscribe", -1, kSubscribeFlags | kSentinel, 0, 0, 0, &unsubscribe, "@pubsub @slow"},
    {"psubscribe", -2, kSubscribeFlags | kSentinel, 0, 0, 0, &psubscribe, "@pubsub @slow"},
    {"punsubscribe", -1, kSubscribeFlags | kSentinel, 0, 0, 0, &punsubscribe, "@pubsub @slow"},
    {"ssubscribe", -2, kSubscribeFlags, 1, -1, 1, &ssubscribe, "@pubsub @slow"},
    {"sunsubscribe", -1, kSubscribeFlags, 1, -1, 1, &sunsubscribe, "@pubsub @slow"},
    {"publish", 3, kPubsub | kLoading | kStale | kFast | kMayReplicate | kSentinel, 0, 0, 0, &publish, "@pubsub @fast"},
    {"spublish", 3, kPubsub | kLoading | kStale | kFast | kMayReplicate, 1, 1, 1, &spublish, "@pubsub @fast"},
    {"pubsub", -2, 0, 0, 0, 0, nullptr, "@slow", kPubsubSubcommands},
};

} // namespace

std::span<const CommandSpec> pubsub_commands() { return kCommands; }

} // namespace not_redis::detail
