#include "service/Cursor.h"

#include <QByteArray>

namespace parley::service {

QString encodeCursor(const storage::RoomCursor &cursor)
{
    const QByteArray raw = QByteArray::number(cursor.activityMs) + ':' + cursor.id.toUtf8();
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<storage::RoomCursor> decodeCursor(const QString &text)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray raw = *decoded;
    const qsizetype colon = raw.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    const qint64 ms = raw.left(colon).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return storage::RoomCursor{ms, QString::fromUtf8(raw.mid(colon + 1))};
}

} // namespace parley::service
