#pragma once

#include <QByteArray>
#include <QUrlQuery>
#include <QWebSocket>

namespace parley::realtime {

// The token of an upgraded socket: "Authorization: Bearer <token>", else `?token=`.
inline QByteArray upgradeToken(const QWebSocket &socket)
{
    const QByteArray header =
        socket.request().rawHeader(QByteArrayLiteral("Authorization")).trimmed();
    if (header.size() > 7 && header.left(7).toLower() == QByteArrayLiteral("bearer "))
        return header.mid(7).trimmed();
    return QUrlQuery(socket.requestUrl())
        .queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded)
        .toUtf8();
}

} // namespace parley::realtime
