#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <variant>

namespace parley::auth {

// Claims of a Parley access token. `sub` (user id) and `exp` are required; the others are omitted
// from the token when empty/zero.
struct JwtClaims
{
    QString sub;
    QString role;
    qint64 iat = 0; // seconds since the epoch
    qint64 exp = 0; // seconds since the epoch
    QString jti;

    friend bool operator==(const JwtClaims &, const JwtClaims &) = default;
};

enum class JwtError { Malformed, BadSignature, Expired, WrongAlgorithm };

// Longest token verifyJwt() looks at; longer ones are Malformed.
inline constexpr qsizetype MaxJwtSize = 4096;

// A compact HS256 JWT: header {"alg":"HS256","typ":"JWT"}, compact JSON payload, base64url
// without padding.
QByteArray signJwt(const JwtClaims &claims, const QByteArray &secret);

// Checks the structure, the algorithm (only HS256), the signature (constant time) and `exp`
// (expired when nowSecs >= exp + leewaySecs). Safe on any input bytes.
std::variant<JwtClaims, JwtError> verifyJwt(QByteArrayView token, const QByteArray &secret,
                                            qint64 nowSecs, qint64 leewaySecs = 30);

QString jwtErrorMessage(JwtError error);

} // namespace parley::auth
