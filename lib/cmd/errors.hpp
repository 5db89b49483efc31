#pragma once
// Every error text a command can reply with, in full ("CODE message"), as
// Redis 7.0 words it. Texts with a parameter are built by the functions below.

#include <string>
#include <string_view>

namespace not_redis::detail::errors {

inline constexpr std::string_view kWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kDecrementOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kLcsNotStrings = "ERR The specified keys must contain string values";
inline constexpr std::string_view kLcsLenAndIdx = "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kLcsTooLarge =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
inline constexpr std::string_view kLcsNoMemory = "ERR Insufficient memory, failed allocating transient memory for LCS";
inline constexpr std::string_view kNanOrInfinity = "ERR increment would produce NaN or Infinity";
// HINCRBY, HINCRBYFLOAT, HRANDFIELD.
inline constexpr std::string_view kHashNotInteger = "ERR hash value is not an integer";
inline constexpr std::string_view kHashNotFloat = "ERR hash value is not a float";
inline constexpr std::string_view kNanOrInfinityValue = "ERR value is NaN or Infinity";
inline constexpr std::string_view kOutOfRange = "ERR value is out of range";
/// getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): HRANDFIELD's and SRANDMEMBER's count.
inline constexpr std::string_view kCountOutOfLongRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kStreamIdTooSmall =
    "ERR The ID specified in XADD is equal or smaller than the target stream top item";
inline constexpr std::string_view kStringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kInvalidExpire = "ERR invalid expire time in '{}' command";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kIntOutOfRange =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
// Counts and numkeys (SPOP, SINTERCARD; Redis words LPOP's and LMPOP's alike).
inline constexpr std::string_view kNotPositive = "ERR value is out of range, must be positive";
inline constexpr std::string_view kNumkeysNotPositive = "ERR numkeys should be greater than 0";
inline constexpr std::string_view kNumkeysTooMany = "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";
// Lists: LSET, LPOS, LMPOP, and the blocking commands' timeout.
inline constexpr std::string_view kIndexOutOfRange = "ERR index out of range";
inline constexpr std::string_view kRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start "
    "from the end of the list";
inline constexpr std::string_view kCountNegative = "ERR COUNT can't be negative";
inline constexpr std::string_view kMaxlenNegative = "ERR MAXLEN can't be negative";
inline constexpr std::string_view kCountNotPositive = "ERR count should be greater than 0";
inline constexpr std::string_view kTimeoutNotFloat = "ERR timeout is not a float or out of range";
inline constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";
inline constexpr std::string_view kTimeoutOutOfRange = "ERR timeout is out of range";
inline constexpr std::string_view kSameObject = "ERR source and destination objects are the same";
inline constexpr std::string_view kExpireNxConflict =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kExpireGtLtConflict = "ERR GT and LT options at the same time are not compatible";
/// Followed by the option as given (EXPIRE's option parser).
inline constexpr std::string_view kUnsupportedOptionPrefix = "ERR Unsupported option ";
inline constexpr std::string_view kSelectNotAllowed = "ERR SELECT is not allowed in cluster mode";
// COMMAND GETKEYS.
inline constexpr std::string_view kGetKeysInvalidCommand = "ERR Invalid command specified";
inline constexpr std::string_view kGetKeysInvalidArity = "ERR Invalid number of arguments specified for command";
inline constexpr std::string_view kGetKeysNoKeys = "ERR The command has no key arguments";
inline constexpr std::string_view kGetKeysInvalidArguments = "ERR Invalid arguments specified for command";
// CONFIG SET: the two frames ({} = the argument as given, {} = the reason),
// then the reasons, as Redis's config.c words them.
inline constexpr std::string_view kConfigSetUnknown = "ERR Unknown option or number of arguments for CONFIG SET - '{}'";
inline constexpr std::string_view kConfigSetFailed = "ERR CONFIG SET failed (possibly related to argument '{}') - {}";
inline constexpr std::string_view kConfigNotInteger = "argument couldn't be parsed into an integer";
inline constexpr std::string_view kConfigNotMemory = "argument must be a memory value";
inline constexpr std::string_view kConfigOutOfBounds = "argument must be between {} and {} inclusive";
inline constexpr std::string_view kConfigNotYesNo = "argument must be 'yes' or 'no'";
inline constexpr std::string_view kConfigNotInEnum = "argument(s) must be one of the following: {}";
inline constexpr std::string_view kConfigImmutable = "can't set immutable config";
inline constexpr std::string_view kConfigDuplicate = "duplicate parameter";
inline constexpr std::string_view kConfigInvalidSave = "Invalid save parameters";
inline constexpr std::string_view kConfigBufferLimitCount = "Wrong number of arguments in buffer limit configuration.";
inline constexpr std::string_view kConfigBufferLimitClass = "Invalid client class specified in buffer limit configuration.";
inline constexpr std::string_view kConfigBufferLimitValue =
    "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
inline constexpr std::string_view kConfigInvalidEvents = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
inline constexpr std::string_view kNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kOutOfMemory = "OOM command not allowed when the store is out of memory";
inline constexpr std::string_view kNoLfu =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching "
    "between policies at runtime LRU and LFU data will take some time to adjust.";

// Connection commands: HELLO, AUTH, CLIENT, MONITOR, RESET.
inline constexpr std::string_view kNoProto = "NOPROTO unsupported protocol version";
inline constexpr std::string_view kProtoNotInteger = "ERR Protocol version is not an integer or out of range";
/// {} = the option as given.
inline constexpr std::string_view kHelloSyntax = "ERR Syntax error in HELLO option '{}'";
inline constexpr std::string_view kHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> "
    "option can be used to authenticate the client and select the RESP protocol version at the same time";
inline constexpr std::string_view kAuthNoPassword =
    "ERR AUTH <password> called without any password configured for the default user. Are you sure your "
    "configuration is correct?";
inline constexpr std::string_view kWrongPass = "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view kInvalidClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view kInvalidClientId = "ERR Invalid client ID";
inline constexpr std::string_view kClientIdNotPositive = "ERR client-id should be greater than 0";
inline constexpr std::string_view kNoSuchClient = "ERR No such client";
/// {} = the type or user as given.
inline constexpr std::string_view kUnknownClientType = "ERR Unknown client type '{}'";
inline constexpr std::string_view kNoSuchUser = "ERR No such user '{}'";
inline constexpr std::string_view kUnblockReason = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
/// {} = the subcommand as given, {} = the container in upper case.
inline constexpr std::string_view kSubcommandSyntax =
    "ERR unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.";
inline constexpr std::string_view kSlowlogBadCount = "ERR count should be greater than or equal to -1";
inline constexpr std::string_view kMultiNested = "ERR MULTI calls can not be nested";
inline constexpr std::string_view kWatchInsideMulti = "ERR WATCH inside MULTI is not allowed";
inline constexpr std::string_view kExecWithoutMulti = "ERR EXEC without MULTI";
inline constexpr std::string_view kDiscardWithoutMulti = "ERR DISCARD without MULTI";
inline constexpr std::string_view kExecAbort = "EXECABORT Transaction discarded because of previous errors.";
/// A refused EXEC (wrong arity, NOAUTH): followed by the refusal.
inline constexpr std::string_view kExecAbortBecause = "EXECABORT Transaction discarded because of: ";
// Not Redis's: MULTI and WATCH keep state across calls, and the callers of a
// store share one in-process session.
inline constexpr std::string_view kSharedSession =
    "ERR MULTI and WATCH need a session of their own: in process, use not_redis::Transaction or "
    "Client::transaction()";
inline constexpr std::string_view kMonitorDenied = "ERR MONITOR isn't allowed for DENY BLOCKING client";

std::string unknown_command(std::string_view name, std::string_view args_preview);
std::string wrong_arity(std::string_view full_name);
std::string unknown_subcommand(std::string_view sub, std::string_view container);
std::string invalid_expire(std::string_view command);

} // namespace not_redis::detail::errors
