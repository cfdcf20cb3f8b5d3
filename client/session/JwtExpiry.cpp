#include "session/JwtExpiry.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace parley::client {

QDateTime jwtExpiry(const QString &token)
{
    const auto parts = token.toLatin1().split('.');
    if (parts.size() != 3)
        return {};
    const auto payload = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding |
                                                              QByteArray::OmitTrailingEquals);
    const auto exp = QJsonDocument::fromJson(payload).object().value(QStringLiteral("exp"));
    if (!exp.isDouble())
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
}

} // namespace parley::client
