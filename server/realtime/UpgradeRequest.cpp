#include "realtime/UpgradeRequest.h"

#include <QUrlQuery>

namespace parley::realtime {

QByteArray UpgradeRequest::tokenOf(const QByteArray &authorization, const QUrl &url)
{
    const QByteArray header = authorization.trimmed();
    if (header.size() > 7 && header.left(7).toLower() == QByteArrayLiteral("bearer "))
        return header.mid(7).trimmed();
    return QUrlQuery(url).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

} // namespace parley::realtime
