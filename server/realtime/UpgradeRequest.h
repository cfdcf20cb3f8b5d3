#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace parley::realtime {

// What the hub reads of a WebSocket upgrade request: where to, from which Origin, with which
// token ("Authorization: Bearer <token>", else `?token=`).
struct UpgradeRequest
{
    QString path; // decoded
    QString origin;
    QByteArray token;

    // The token of a request with this Authorization header (may be empty) and URL.
    static QByteArray tokenOf(const QByteArray &authorization, const QUrl &url);
};

} // namespace parley::realtime
