#pragma once

#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

namespace parley::test {

// A self-signed certificate for 127.0.0.1 made with the openssl CLI in `dir`: cert.pem, key.pem.
struct TestCertificate
{
    QString certFile;
    QString keyFile;
    QSslCertificate certificate;
    QString error;

    // A client configuration that trusts this certificate (and nothing else).
    QSslConfiguration clientConfiguration() const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates({certificate});
        return configuration;
    }
};

inline TestCertificate makeTestCertificate(const QString &dir)
{
    TestCertificate made;
    made.certFile = dir + QStringLiteral("/cert.pem");
    made.keyFile = dir + QStringLiteral("/key.pem");
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), made.keyFile, QStringLiteral("-out"), made.certFile,
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        made.error = QStringLiteral("openssl failed: ") +
                     QString::fromLocal8Bit(openssl.readAllStandardError());
        return made;
    }
    const auto certificates = QSslCertificate::fromPath(made.certFile);
    if (certificates.isEmpty())
        made.error = QStringLiteral("cannot read the generated certificate");
    else
        made.certificate = certificates.first();
    return made;
}

} // namespace parley::test
