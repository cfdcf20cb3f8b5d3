#pragma once

#include <QObject>

namespace parley::app {

// Turns SIGTERM and SIGINT into a clean QCoreApplication::quit() (self-pipe + QSocketNotifier), so
// the database is closed properly when the server is stopped.
void quitOnTerminationSignals();

} // namespace parley::app
