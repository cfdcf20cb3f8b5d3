#include "http/TlsFiles.h"

#ifndef QT_NO_SSL
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace parley::http {

Result<QSslConfiguration> loadTlsFiles(const QString &certFile, const QString &keyFile)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty())
        return Error::badRequest(
            QStringLiteral("TLS certificate %1: no PEM certificate could be read").arg(certFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badRequest(QStringLiteral("TLS key %1: %2").arg(keyFile, file.errorString()));
    const QByteArray pem = file.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return Error::badRequest(
            QStringLiteral("TLS key %1: not an unencrypted PEM RSA or EC private key")
                .arg(keyFile));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(chain.first());
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace parley::http
#endif
