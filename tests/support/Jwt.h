#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Just enough JWT to inspect the server's access tokens and to forge HS256 ones in tests.
namespace parley::test::jwt {

// The decoded header / payload of a compact JWT (empty when it is not one).
QJsonObject header(const QString &token);
QJsonObject payload(const QString &token);

// A compact HS256 JWT over payload, signed with secret.
QString signHs256(const QJsonObject &payload, const QByteArray &secret);
// The token with its payload replaced and its header and signature kept (a tampered token).
QString withPayload(const QString &token, const QJsonObject &payload);
// An unsigned token ({"alg":"none"}).
QString unsignedToken(const QJsonObject &payload);

} // namespace parley::test::jwt
