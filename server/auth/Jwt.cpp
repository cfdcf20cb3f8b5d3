#include "auth/Jwt.h"

#include "logging/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace parley::auth {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// 9999-12-31T23:59:59Z: keeps exp + leeway far from overflow.
constexpr qint64 MaxTimestamp = 253402300799;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(Base64Url);
}

// base64url(HMAC-SHA256(secret, signingInput)), the JWS signature as it appears in the token.
QByteArray signature(QByteArrayView signingInput, const QByteArray &secret)
{
    crypto_auth_hmacsha256_state state;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(secret.constData()),
                                static_cast<size_t>(secret.size()));
    crypto_auth_hmacsha256_update(&state,
                                  reinterpret_cast<const unsigned char *>(signingInput.data()),
                                  static_cast<unsigned long long>(signingInput.size()));
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return base64Url(QByteArray(reinterpret_cast<const char *>(mac), sizeof mac));
}

bool isBase64UrlText(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 == 1)
        return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

std::optional<QJsonObject> decodeJsonObject(QByteArrayView part)
{
    if (!isBase64UrlText(part))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toByteArray(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A whole number of seconds in [0, MaxTimestamp]; JSON has no integer type, so 1.7e9 counts too.
std::optional<qint64> timestamp(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number || number < 0 ||
        number > double(MaxTimestamp))
        return std::nullopt;
    return value.toInteger();
}

// An optional string claim: absent is fine, present must be a string.
bool readOptionalString(const QJsonObject &object, const QString &key, QString *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

std::optional<JwtClaims> claimsFrom(const QJsonObject &payload)
{
    JwtClaims claims;
    const QJsonValue sub = payload.value(QStringLiteral("sub"));
    if (!sub.isString() || sub.toString().isEmpty())
        return std::nullopt;
    claims.sub = sub.toString();

    const auto exp = timestamp(payload.value(QStringLiteral("exp")));
    if (!exp)
        return std::nullopt;
    claims.exp = *exp;

    const QJsonValue iatValue = payload.value(QStringLiteral("iat"));
    if (!iatValue.isUndefined()) {
        const auto iat = timestamp(iatValue);
        if (!iat)
            return std::nullopt;
        claims.iat = *iat;
    }
    if (!readOptionalString(payload, QStringLiteral("role"), &claims.role) ||
        !readOptionalString(payload, QStringLiteral("jti"), &claims.jti))
        return std::nullopt;
    return claims;
}

} // namespace

QByteArray signJwt(const JwtClaims &claims, const QByteArray &secret)
{
    Q_ASSERT(!secret.isEmpty());
    static const QByteArray header = base64Url(QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})"));

    QJsonObject payload;
    payload.insert(QStringLiteral("sub"), claims.sub);
    if (!claims.role.isEmpty())
        payload.insert(QStringLiteral("role"), claims.role);
    if (claims.iat != 0)
        payload.insert(QStringLiteral("iat"), claims.iat);
    payload.insert(QStringLiteral("exp"), claims.exp);
    if (!claims.jti.isEmpty())
        payload.insert(QStringLiteral("jti"), claims.jti);

    QByteArray token =
        header + '.' + base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    token += '.' + signature(token, secret);
    return token;
}

std::variant<JwtClaims, JwtError> verifyJwt(QByteArrayView token, const QByteArray &secret,
                                            qint64 nowSecs, qint64 leewaySecs)
{
    if (secret.isEmpty()) {
        // An empty HMAC key would let anyone sign tokens.
        qCCritical(lcAuth) << "JWT verification with an empty secret: token refused";
        return JwtError::BadSignature;
    }
    if (token.isEmpty() || token.size() > MaxJwtSize)
        return JwtError::Malformed;

    const auto firstDot = std::find(token.begin(), token.end(), '.');
    if (firstDot == token.end())
        return JwtError::Malformed;
    const auto secondDot = std::find(firstDot + 1, token.end(), '.');
    if (secondDot == token.end() || std::find(secondDot + 1, token.end(), '.') != token.end())
        return JwtError::Malformed;
    const qsizetype headerEnd = firstDot - token.begin();
    const qsizetype payloadEnd = secondDot - token.begin();
    const QByteArrayView headerPart = token.first(headerEnd);
    const QByteArrayView payloadPart = token.sliced(headerEnd + 1, payloadEnd - headerEnd - 1);
    const QByteArrayView signaturePart = token.sliced(payloadEnd + 1);

    // The header is read before the signature is checked: it says how to check it. Only HS256
    // is accepted, whatever the token claims ("none", RS256 with our secret as a "public key").
    const auto header = decodeJsonObject(headerPart);
    if (!header)
        return JwtError::Malformed;
    const QJsonValue alg = header->value(QStringLiteral("alg"));
    if (!alg.isString())
        return JwtError::Malformed;
    if (alg.toString() != QStringLiteral("HS256"))
        return JwtError::WrongAlgorithm;
    if (header->contains(QStringLiteral("crit"))) // extensions we do not understand (RFC 7515)
        return JwtError::Malformed;
    if (!isBase64UrlText(payloadPart))
        return JwtError::Malformed;

    // Comparing the encoded text (not decoded bytes) also rejects other spellings of the same
    // signature, so a token has exactly one valid form.
    const QByteArray expected = signature(token.first(payloadEnd), secret);
    if (signaturePart.size() != expected.size() ||
        sodium_memcmp(signaturePart.data(), expected.constData(),
                      static_cast<size_t>(expected.size())) != 0)
        return JwtError::BadSignature;

    const auto payload = decodeJsonObject(payloadPart);
    if (!payload)
        return JwtError::Malformed;
    auto claims = claimsFrom(*payload);
    if (!claims)
        return JwtError::Malformed;

    const qint64 leeway = std::clamp<qint64>(leewaySecs, 0, MaxTimestamp);
    if (nowSecs >= claims->exp + leeway)
        return JwtError::Expired;
    return *std::move(claims);
}

QString jwtErrorMessage(JwtError error)
{
    switch (error) {
    case JwtError::Malformed:
        return QStringLiteral("Malformed token");
    case JwtError::BadSignature:
        return QStringLiteral("Invalid token signature");
    case JwtError::Expired:
        return QStringLiteral("Token expired");
    case JwtError::WrongAlgorithm:
        return QStringLiteral("Unsupported token algorithm");
    }
    return QStringLiteral("Invalid token");
}

} // namespace parley::auth
