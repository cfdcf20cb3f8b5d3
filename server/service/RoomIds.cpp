#include "service/RoomIds.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace parley::service {

QString newRoomId()
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString id = QStringLiteral("CHAT") +
                 QDateTime::currentDateTimeUtc().date().toString(QStringLiteral("yyyyMMdd"));
    for (int i = 0; i < 8; ++i)
        id += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(36)]);
    return id;
}

} // namespace parley::service
