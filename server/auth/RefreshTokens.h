#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace parley::auth {

// A random opaque token (refresh tokens and the like): `bytes` random bytes (at least 16) as
// url-safe base64 without padding. 32 bytes give 43 characters.
QString newOpaqueToken(int bytes = 32);

// Lowercase hex SHA-256 of the token's UTF-8 (64 characters): what the database stores, so a
// leaked database does not hand out live tokens.
QByteArray tokenDigest(QStringView token);

} // namespace parley::auth
