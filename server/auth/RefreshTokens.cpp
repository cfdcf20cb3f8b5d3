#include "auth/RefreshTokens.h"

#include "auth/Sodium.h"

#include <QCryptographicHash>

#include <sodium.h>

#include <algorithm>

namespace parley::auth {

QString newOpaqueToken(int bytes)
{
    ensureSodium();
    // Fewer than 128 bits could be guessed; more than 1 KiB is a caller's mistake.
    bytes = std::clamp(bytes, 16, 1024);
    QByteArray random(bytes, Qt::Uninitialized);
    randombytes_buf(random.data(), static_cast<size_t>(random.size()));
    QByteArray text =
        random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QString token = QString::fromLatin1(text);
    sodium_memzero(random.data(), static_cast<size_t>(random.size()));
    sodium_memzero(text.data(), static_cast<size_t>(text.size()));
    return token;
}

QByteArray tokenDigest(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

} // namespace parley::auth
