#include "Target.h"

#include <QHostAddress>
#include <QUrl>

namespace parley::bench {

std::optional<Target> Target::parse(const QString &url, bool allowRemote, QString *error)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != u"http" || parsed.host().isEmpty()) {
        *error = QStringLiteral("--server must be an http:// URL with a host, e.g. "
                                "http://127.0.0.1:8080 (got '%1')")
                     .arg(url);
        return std::nullopt;
    }
    if (!parsed.path().isEmpty() && parsed.path() != u"/") {
        *error = QStringLiteral("--server must not have a path (got '%1')").arg(parsed.path());
        return std::nullopt;
    }
    if (parsed.hasQuery() || parsed.hasFragment() || !parsed.userInfo().isEmpty()) {
        *error = QStringLiteral("--server must be scheme, host and port only");
        return std::nullopt;
    }
    const QString host = parsed.host();
    const QHostAddress address(host);
    const bool loopback = host.compare(u"localhost", Qt::CaseInsensitive) == 0 ||
                          (!address.isNull() && address.isLoopback());
    if (!loopback && !allowRemote) {
        *error = QStringLiteral("refusing to load a non-loopback host (%1); pass --allow-remote "
                                "if you really mean to")
                     .arg(host);
        return std::nullopt;
    }
    Target target;
    target.host = host;
    target.port = quint16(parsed.port(80));
    const QString hostPart = address.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QStringLiteral("[%1]").arg(host)
                                 : host;
    target.baseUrl = QStringLiteral("http://%1:%2").arg(hostPart).arg(target.port);
    return target;
}

} // namespace parley::bench
