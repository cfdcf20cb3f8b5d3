#include "webhooks/Signature.h"

#include <QMessageAuthenticationCode>

namespace parley::webhooks {

QByteArray signatureHeader(const QString &secret, qint64 timestampS, const QByteArray &body)
{
    const QByteArray t = QByteArray::number(timestampS);
    const QByteArray mac = QMessageAuthenticationCode::hash(t + '.' + body, secret.toUtf8(),
                                                            QCryptographicHash::Sha256);
    return "t=" + t + ",v1=" + mac.toHex();
}

} // namespace parley::webhooks
