#include <not_redis/client.hpp>

#include "engine/engine.hpp"
#include "engine/posted_task.hpp"

namespace not_redis {

Client::Client(Options options) : engine_(std::make_unique<detail::Engine>(options)) {}

Client::Client(uv_loop_s* loop, Options options) : engine_(std::make_unique<detail::Engine>(loop, options)) {}

Client::~Client() = default;

void Client::shutdown() noexcept { engine_->shutdown(); }

void Client::run_until_idle() { engine_->run_until_idle(); }

std::int64_t Client::now_us() const noexcept { return engine_->clock_now_us(); }

void Client::run_until_us(std::int64_t until_us) { engine_->run_until(until_us); }

bool Client::on_loop_thread() const noexcept { return engine_->on_loop_thread(); }

detail::CallHandle Client::execute_batch(std::vector<Argv>&& commands, Kind kind, std::uint64_t lease) {
  return engine_->execute_batch(std::move(commands), kind, lease);
}

detail::CallHandle Client::run_task(std::unique_ptr<detail::Continuation> task) {
  return engine_->run_on_loop(std::move(task));
}

Future<void> Client::post(std::function<void()> task) {
  return detail::make_future<void>(run_task(std::make_unique<detail::PostedTask>(std::move(task))));
}

std::uint64_t Client::new_lease() noexcept { return engine_->new_lease(); }

void Client::end_lease(std::uint64_t lease) noexcept { engine_->end_lease(lease); }

AtomicView Client::atomic_view() noexcept { return AtomicView(*engine_, engine_->clock_now_us()); }

void Client::end_atomic() noexcept { engine_->drain_after_atomic(); }

Value AtomicView::run(Argv&& argv) {
  if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
  return engine_.run_atomic(argv, now_us_);
}

detail::CallHandle Client::execute_handle(Argv&& argv) {
  if (argv.empty()) throw Error(Error::Kind::usage, "not_redis: a command needs at least its name");
  return engine_->execute(std::move(argv));
}

} // namespace not_redis
