#include "http/Redact.h"

#include <QUrlQuery>

namespace parley::http {
namespace {

bool isSecretName(const QString &name)
{
    static const QStringList secrets = {
        QStringLiteral("token"),    QStringLiteral("access"), QStringLiteral("refresh"),
        QStringLiteral("password"), QStringLiteral("secret"), QStringLiteral("key"),
        QStringLiteral("code"),     QStringLiteral("ticket"), QStringLiteral("auth")};
    const QString lower = name.toLower();
    for (const QString &secret : secrets) {
        if (lower.contains(secret))
            return true;
    }
    return false;
}

} // namespace

QString redactedTarget(const QUrl &url)
{
    QString out = url.path(QUrl::FullyEncoded);
    if (!url.hasQuery())
        return out;
    QUrlQuery query(url);
    QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    for (auto &item : items) {
        if (isSecretName(QUrl::fromPercentEncoding(item.first.toUtf8())))
            item.second = QStringLiteral("[redacted]");
    }
    QStringList parts;
    parts.reserve(items.size());
    for (const auto &item : items)
        parts.append(item.first + u'=' + item.second);
    return out + u'?' + parts.join(u'&');
}

} // namespace parley::http
