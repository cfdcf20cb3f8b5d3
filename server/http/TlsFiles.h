#pragma once

#include "protocol/Result.h"

#include <QString>

#ifndef QT_NO_SSL
#include <QSslConfiguration>

namespace parley::http {

// A TLS server configuration from PEM files: the certificate file holds the server certificate
// first, then any intermediates; the key file an unencrypted RSA or EC private key. Errors say
// which file is wrong and why.
Result<QSslConfiguration> loadTlsFiles(const QString &certFile, const QString &keyFile);

} // namespace parley::http
#endif
