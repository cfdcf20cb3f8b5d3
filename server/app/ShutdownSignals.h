#pragma once

#include <functional>

namespace parley::app {

// Runs `terminate` on SIGTERM and SIGINT and `reload` on SIGHUP, on the event loop (self-pipe +
// QSocketNotifier): handlers may do anything an event-loop callback may.
void watchSignals(std::function<void()> terminate, std::function<void()> reload);

} // namespace parley::app
