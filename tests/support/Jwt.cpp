#include "Jwt.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QList>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace parley::test::jwt {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encode(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
}

QJsonObject decodePart(const QString &token, int index)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    if (parts.size() != 3)
        return {};
    const auto bytes = QByteArray::fromBase64Encoding(parts[index], kBase64Url);
    if (!bytes)
        return {};
    return QJsonDocument::fromJson(*bytes).object();
}

} // namespace

QJsonObject header(const QString &token)
{
    return decodePart(token, 0);
}

QJsonObject payload(const QString &token)
{
    return decodePart(token, 1);
}

QString signHs256(const QJsonObject &payload, const QByteArray &secret)
{
    const QByteArray signingInput =
        encode({{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}}) + '.' + encode(payload);
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
    return QString::fromLatin1(signingInput + '.' + signature.toBase64(kBase64Url));
}

QString withPayload(const QString &token, const QJsonObject &payload)
{
    QList<QByteArray> parts = token.toLatin1().split('.');
    if (parts.size() != 3)
        return token;
    parts[1] = encode(payload);
    return QString::fromLatin1(parts.join('.'));
}

QString unsignedToken(const QJsonObject &payload)
{
    return QString::fromLatin1(encode({{u"alg"_s, u"none"_s}, {u"typ"_s, u"JWT"_s}}) + '.' +
                               encode(payload) + '.');
}

} // namespace parley::test::jwt
