#include "webhooks/RetryPolicy.h"

#include <QDateTime>
#include <QString>

#include <algorithm>

namespace parley::webhooks {

Verdict verdictFor(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Verdict::Delivered;
    if (httpStatus == 0 || httpStatus == 429 || httpStatus >= 500)
        return Verdict::Retry;
    return Verdict::Failed;
}

std::optional<qint64> retryAfterMs(const QByteArray &header, qint64 nowMs)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(seconds * 1000);
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, at.toMSecsSinceEpoch() - nowMs);
}

} // namespace parley::webhooks
