#include <not_redis/client.hpp>

#include "engine/engine.hpp"

namespace not_redis {

Client::Client(Options options) : engine_(std::make_unique<detail::Engine>(options)) {}

Client::Client(uv_loop_s* loop, Options options) : engine_(std::make_unique<detail::Engine>(loop, options)) {}

Client::~Client() = default;

void Client::shutdown() noexcept { engine_->shutdown(); }

void Client::run_until_idle() { engine_->run_until_idle(); }

bool Client::on_loop_thread() const noexcept { return engine_->on_loop_thread(); }

detail::CallHandle Client::execute_handle(Argv&& argv) {
  if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
  return engine_->execute(std::move(argv));
}

} // namespace not_redis
