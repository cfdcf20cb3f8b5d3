#include "app/ServerApp.h"
#include "app/ShutdownSignals.h"
#include "cli/Commands.h"
#include "config/ServerConfig.h"
#include "logging/LogOutput.h"
#include "logging/Logging.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("parley-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));

    bool exitNow = false;
    auto parsed = parley::app::parseCommandLine(QCoreApplication::arguments(), &exitNow);
    if (exitNow)
        return 0;
    if (!parsed) {
        std::fprintf(stderr, "parley-server: %s\n", qPrintable(parsed.error().message));
        return 2;
    }
    parley::logging::installLogOutput(
        *parley::logging::logFormatFromName(parsed->config.logFormat));
    parley::logging::applyLogLevel(parsed->config.logLevel);
    if (!parsed->positional.isEmpty()) {
        QTextStream in(stdin), out(stdout), err(stderr);
        return parley::cli::runCommand(*parsed, in, out, err);
    }

    parley::app::ServerApp server(parsed->config);
    if (auto started = server.start(); !started) {
        qCCritical(lcServer) << "Cannot start:" << started.error().message;
        return 1;
    }
    parley::app::watchSignals([&server] { server.shutdown(); }, [&server] { server.reload(); });
    // The one line scripts and tests wait for.
    std::printf("parley-server listening on %s://%s:%u\n", server.usesTls() ? "https" : "http",
                qPrintable(parsed->config.listenHost.contains(u':')
                               ? u'[' + parsed->config.listenHost + u']'
                               : parsed->config.listenHost),
                unsigned(server.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
