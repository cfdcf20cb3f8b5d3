#include "app/ShutdownSignals.h"

#include "logging/Logging.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace parley::app {
namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

} // namespace

void watchSignals(std::function<void()> terminate, std::function<void()> reload)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        qCWarning(lcServer) << "No signal handling: socketpair failed";
        return;
    }
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, qApp);
    QObject::connect(notifier, &QSocketNotifier::activated, qApp,
                     [terminate = std::move(terminate), reload = std::move(reload)] {
                         char byte = 0;
                         if (::read(signalPipe[1], &byte, 1) != 1)
                             return;
                         if (byte == SIGHUP) {
                             qCInfo(lcServer) << "SIGHUP received, reloading settings";
                             reload();
                         } else {
                             qCInfo(lcServer) << "Signal" << int(byte) << "received, shutting down";
                             terminate();
                         }
                     });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGHUP, &action, nullptr);
}

} // namespace parley::app
