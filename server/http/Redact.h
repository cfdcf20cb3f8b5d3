#pragma once

#include <QString>
#include <QUrl>

namespace parley::http {

// A request target fit for logs: the path and the query, with the value of every query item that
// may hold a secret (token, access, refresh, password, secret, key, code, ticket; any case)
// replaced by "[redacted]": "/ws?token=eyJ..." -> "/ws?token=[redacted]".
QString redactedTarget(const QUrl &url);

} // namespace parley::http
