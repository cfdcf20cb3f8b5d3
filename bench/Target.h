#pragma once

#include <QString>

#include <optional>

namespace parley::bench {

// The one server the bench may talk to: every request goes to this host and port.
struct Target
{
    QString host;
    quint16 port = 0;
    QString baseUrl; // "http://host:port", for reports and QNetworkAccessManager

    // Parses --server. Only plain http with an empty path; hosts other than loopback are refused
    // unless allowRemote (a benchmark is a load generator: never aim it somewhere by accident).
    static std::optional<Target> parse(const QString &url, bool allowRemote, QString *error);
};

} // namespace parley::bench
