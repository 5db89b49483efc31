#pragma once
/// @file
/// Commands<Self>: every typed command family at once, for a backend that has
/// `command<T>(...)` (Client, Pipeline, Transaction, AtomicView).

#include <not_redis/commands/bitmaps.hpp>
#include <not_redis/commands/dump.hpp>
#include <not_redis/commands/geo.hpp>
#include <not_redis/commands/hashes.hpp>
#include <not_redis/commands/hyperloglog.hpp>
#include <not_redis/commands/keys.hpp>
#include <not_redis/commands/lists.hpp>
#include <not_redis/commands/pubsub.hpp>
#include <not_redis/commands/server.hpp>
#include <not_redis/commands/sets.hpp>
#include <not_redis/commands/sort.hpp>
#include <not_redis/commands/stream_groups.hpp>
#include <not_redis/commands/streams.hpp>
#include <not_redis/commands/strings.hpp>
#include <not_redis/commands/zsets.hpp>

namespace not_redis {

template <class Self>
class Commands : public StringCommands<Self>,
                 public KeyCommands<Self>,
                 public ServerCommands<Self>,
                 public HashCommands<Self>,
                 public ListCommands<Self>,
                 public SetCommands<Self>,
                 public SortedSetCommands<Self>,
                 public StreamCommands<Self>,
                 public StreamGroupCommands<Self>,
                 public PubSubCommands<Self>,
                 public BitmapCommands<Self>,
                 public HyperLogLogCommands<Self>,
                 public GeoCommands<Self>,
                 public SortCommands<Self>,
                 public DumpCommands<Self> {};

} // namespace not_redis
