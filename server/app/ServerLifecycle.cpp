// Stopping and reloading a running server (signals from ShutdownSignals).
#include "app/ServerApp.h"

#include "http/ApiServer.h"
#include "logging/LogOutput.h"
#include "logging/Logging.h"
#include "realtime/Hub.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

namespace parley::app {

void ServerApp::shutdown()
{
    if (m_stopping) {
        qCInfo(lcServer) << "Second stop signal: exiting without waiting for sockets";
        QCoreApplication::exit(0);
        return;
    }
    m_stopping = true;
    if (m_http)
        m_http->stopListening();
    if (!m_hub) {
        QCoreApplication::exit(0);
        return;
    }
    m_hub->shutdown();
    // Clients answer the close frame and go; a socket that does not is cut off at the deadline.
    const QDeadlineTimer deadline(std::chrono::seconds(m_config.shutdownTimeoutS));
    auto *poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll, deadline] {
        const qint64 open = m_hub->connectionCount();
        if (open > 0 && !deadline.hasExpired())
            return;
        poll->stop();
        if (open > 0)
            qCWarning(lcServer) << open << "sockets still open at the shutdown deadline";
        qCInfo(lcServer) << "Stopped";
        QCoreApplication::exit(0);
    });
    poll->start(20);
}

void ServerApp::reload()
{
    auto loaded = loadFileAndEnvironment(m_config.configFile);
    if (!loaded) {
        qCWarning(lcServer) << "Reload failed, settings unchanged:" << loaded.error().message;
        return;
    }
    m_config.logLevel = loaded->logLevel;
    m_config.wsRatePerS = loaded->wsRatePerS;
    m_config.wsRateBurst = loaded->wsRateBurst;
    m_config.allowedOrigins = loaded->allowedOrigins;
    logging::applyLogLevel(m_config.logLevel);
    if (m_hub)
        m_hub->updateSettings(m_config.wsRatePerS, m_config.wsRateBurst, m_config.allowedOrigins);
    qCInfo(lcServer).noquote() << "Reloaded"
                               << (m_config.configFile.isEmpty()
                                       ? QStringLiteral("(no settings file)")
                                       : m_config.configFile)
                               << "log_level" << m_config.logLevel << "ws_rate"
                               << m_config.wsRatePerS << "ws_burst" << m_config.wsRateBurst
                               << "allowed_origins" << m_config.allowedOrigins.join(u',');
}

} // namespace parley::app
