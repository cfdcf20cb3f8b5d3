#include "events/RedisSettings.h"

#include <QUrl>

namespace parley::events {

Result<RedisSettings> RedisSettings::fromUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"redis" || url.host().isEmpty())
        return Error::badRequest(
            QStringLiteral("Redis URL '%1' is not redis://HOST:PORT").arg(text));
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/"))
        return Error::badRequest(
            QStringLiteral("Redis URL '%1': passwords and database numbers are not supported")
                .arg(text));
    RedisSettings settings;
    settings.host = url.host();
    settings.port = quint16(url.port(6379));
    return settings;
}

} // namespace parley::events
