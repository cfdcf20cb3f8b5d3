// Stopping and reconfiguring the hub while it runs.
#include "realtime/Hub.h"

#include "logging/Logging.h"
#include "realtime/PeerSocket.h"

namespace parley::realtime {

void Hub::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_heartbeat.stop();
    // Sends already received are committed now and acked before the close frame, on the same
    // socket: what a client saw acked is stored; what it did not see acked it sends again after
    // resuming elsewhere (client_id makes that safe).
    const qsizetype pending = m_sends.size();
    flushSends();
    const QList<PeerSocket *> all = peers();
    qCInfo(lcRealtime) << "Shutting down: committed" << pending << "pending sends, closing"
                       << all.size() << "sockets with 1001";
    for (PeerSocket *peer : all)
        peer->close(1001, QStringLiteral("Server shutting down"));
}

void Hub::updateSettings(double ratePerS, double rateBurst, const QStringList &allowedOrigins)
{
    const bool rateChanged = ratePerS != m_settings.ratePerS || rateBurst != m_settings.rateBurst;
    m_settings.ratePerS = ratePerS;
    m_settings.rateBurst = rateBurst;
    m_settings.allowedOrigins = allowedOrigins;
    if (!rateChanged)
        return;
    const QList<PeerSocket *> all = peers();
    for (PeerSocket *peer : all)
        peer->setRate(ratePerS, rateBurst);
}

} // namespace parley::realtime
