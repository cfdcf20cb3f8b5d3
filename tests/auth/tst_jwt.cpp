#include "auth/Jwt.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <limits>

using parley::auth::JwtClaims;
using parley::auth::JwtError;
using parley::auth::jwtErrorMessage;
using parley::auth::signJwt;
using parley::auth::verifyJwt;

namespace parley::auth {
// Readable QCOMPARE failures (found by argument-dependent lookup).
char *toString(JwtError error)
{
    return qstrdup(jwtErrorMessage(error).toUtf8().constData());
}
} // namespace parley::auth

namespace {

constexpr qint64 Now = 1763700000; // 2025-11-21
const QByteArray Secret = QByteArrayLiteral("0123456789abcdef0123456789abcdef-test-secret");
const QByteArray StdHeader = QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})");

QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Builds a token independently of the code under test: Qt's HMAC, not libsodium's.
QByteArray makeToken(const QByteArray &headerJson, const QByteArray &payloadJson,
                     const QByteArray &key = Secret,
                     QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256)
{
    const QByteArray input = b64url(headerJson) + '.' + b64url(payloadJson);
    return input + '.' + b64url(QMessageAuthenticationCode::hash(input, key, algorithm));
}

QByteArray payloadJson(const QByteArray &sub, qint64 exp)
{
    return "{\"sub\":\"" + sub + "\",\"role\":\"customer\",\"exp\":" + QByteArray::number(exp) +
           "}";
}

std::optional<JwtError> errorOf(const std::variant<JwtClaims, JwtError> &result)
{
    if (const auto *error = std::get_if<JwtError>(&result))
        return *error;
    return std::nullopt;
}

JwtClaims sampleClaims()
{
    return JwtClaims{QStringLiteral("42"), QStringLiteral("staff"), Now - 10, Now + 900,
                     QStringLiteral("4f1c2a3b-jti")};
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void tokenShape();
    void signatureMatchesIndependentHmac();
    void rfc7515Example();
    void handBuiltTokenVerifies();
    void badTokens_data();
    void badTokens();
    void expiry_data();
    void expiry();
    void emptySecretRefused();
    void fuzz();
    void errorMessages();
};

void TestJwt::roundTrip_data()
{
    QTest::addColumn<JwtClaims>("claims");
    QTest::addRow("all claims") << sampleClaims();
    QTest::addRow("only sub and exp") << JwtClaims{QStringLiteral("7"), {}, 0, Now + 60, {}};
    QTest::addRow("unicode sub") << JwtClaims{QStringLiteral("üser-日本"), QStringLiteral("admin"),
                                              Now, Now + 1, QStringLiteral("x")};
    QTest::addRow("uuid sub") << JwtClaims{QStringLiteral("0b6f9c1e-3f1a-4c55-9a7e-0d1e2f3a4b5c"),
                                           QStringLiteral("customer"),
                                           Now,
                                           Now + 900,
                                           {}};
}

void TestJwt::roundTrip()
{
    QFETCH(JwtClaims, claims);
    const QByteArray token = signJwt(claims, Secret);
    const auto result = verifyJwt(token, Secret, Now);
    QVERIFY2(std::holds_alternative<JwtClaims>(result), token.constData());
    QCOMPARE(std::get<JwtClaims>(result).sub, claims.sub);
    QCOMPARE(std::get<JwtClaims>(result).role, claims.role);
    QCOMPARE(std::get<JwtClaims>(result).iat, claims.iat);
    QCOMPARE(std::get<JwtClaims>(result).exp, claims.exp);
    QCOMPARE(std::get<JwtClaims>(result).jti, claims.jti);
    QVERIFY(std::get<JwtClaims>(result) == claims);
}

void TestJwt::tokenShape()
{
    const QByteArray token = signJwt(sampleClaims(), Secret);
    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    QVERIFY(!token.contains('='));
    QVERIFY(!token.contains('+'));
    QVERIFY(!token.contains('/'));
    QCOMPARE(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding), StdHeader);
    const QByteArray payload = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding);
    QVERIFY2(!payload.contains(' ') && !payload.contains('\n'), payload.constData());
    const QJsonObject object = QJsonDocument::fromJson(payload).object();
    QCOMPARE(object.value(QStringLiteral("sub")).toString(), QStringLiteral("42"));
    QCOMPARE(object.value(QStringLiteral("role")).toString(), QStringLiteral("staff"));
    QCOMPARE(object.value(QStringLiteral("exp")).toInteger(), Now + 900);
    QCOMPARE(object.value(QStringLiteral("iat")).toInteger(), Now - 10);
    QCOMPARE(object.value(QStringLiteral("jti")).toString(), QStringLiteral("4f1c2a3b-jti"));
    QCOMPARE(parts[2].size(), 43); // 32 bytes of HMAC-SHA256, unpadded
}

void TestJwt::signatureMatchesIndependentHmac()
{
    const QByteArray token = signJwt(sampleClaims(), Secret);
    const qsizetype lastDot = token.lastIndexOf('.');
    const QByteArray expected = b64url(
        QMessageAuthenticationCode::hash(token.left(lastDot), Secret, QCryptographicHash::Sha256));
    QCOMPARE(token.mid(lastDot + 1), expected);
}

void TestJwt::rfc7515Example()
{
    // RFC 7515, appendix A.1: an HS256 JWS with a published key. Its payload has no `sub`, so our
    // verifier must get past the signature and only then call it Malformed.
    const QByteArray key = QByteArray::fromBase64(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        QByteArray::Base64UrlEncoding);
    const QByteArray input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
                             "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlL"
                             "mNvbS9pc19yb290Ijp0cnVlfQ";
    const QByteArray signature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    QCOMPARE(b64url(QMessageAuthenticationCode::hash(input, key, QCryptographicHash::Sha256)),
             signature);
    const QByteArray token = input + '.' + signature;
    QCOMPARE(errorOf(verifyJwt(token, key, 1300819000)), JwtError::Malformed);
    QCOMPARE(errorOf(verifyJwt(token, Secret, 1300819000)), JwtError::BadSignature);
}

void TestJwt::handBuiltTokenVerifies()
{
    // Another library's spelling: other key order, whitespace, exp written as a float.
    const QByteArray token = makeToken(
        QByteArrayLiteral("{\"typ\": \"JWT\",\r\n \"alg\": \"HS256\"}"),
        QByteArrayLiteral("{ \"exp\": 1763700900.0, \"sub\": \"99\", \"extra\": [1,2] }"));
    const auto result = verifyJwt(token, Secret, Now);
    QVERIFY(std::holds_alternative<JwtClaims>(result));
    QCOMPARE(std::get<JwtClaims>(result).sub, QStringLiteral("99"));
    QCOMPARE(std::get<JwtClaims>(result).exp, Now + 900);
    QCOMPARE(std::get<JwtClaims>(result).role, QString());
}

void TestJwt::badTokens_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<JwtError>("expected");

    const QByteArray valid = makeToken(StdHeader, payloadJson("42", Now + 900));
    QVERIFY(std::holds_alternative<JwtClaims>(verifyJwt(valid, Secret, Now)));
    const QList<QByteArray> parts = valid.split('.');

    QByteArray tamperedPayload = valid;
    tamperedPayload.replace(parts[1], b64url(payloadJson("1", Now + 900)));
    QTest::addRow("tampered payload") << tamperedPayload << JwtError::BadSignature;

    QByteArray tamperedSignature = valid;
    const qsizetype sigStart = valid.lastIndexOf('.') + 1;
    tamperedSignature[sigStart] = tamperedSignature[sigStart] == 'A' ? 'B' : 'A';
    QTest::addRow("tampered signature") << tamperedSignature << JwtError::BadSignature;
    QTest::addRow("truncated signature") << valid.chopped(1) << JwtError::BadSignature;
    QTest::addRow("signature with padding") << valid + "=" << JwtError::BadSignature;
    QTest::addRow("empty signature") << parts[0] + '.' + parts[1] + '.' << JwtError::BadSignature;

    QTest::addRow("wrong secret") << makeToken(StdHeader, payloadJson("42", Now + 900),
                                               "another-secret-another-secret-xx")
                                  << JwtError::BadSignature;
    QTest::addRow("alg none, no signature")
        << b64url(R"({"alg":"none","typ":"JWT"})") + '.' + parts[1] + '.'
        << JwtError::WrongAlgorithm;
    QTest::addRow("alg none, with signature")
        << makeToken(R"({"alg":"none","typ":"JWT"})", payloadJson("42", Now + 900))
        << JwtError::WrongAlgorithm;
    QTest::addRow("alg HS512") << makeToken(R"({"alg":"HS512","typ":"JWT"})",
                                            payloadJson("42", Now + 900), Secret,
                                            QCryptographicHash::Sha512)
                               << JwtError::WrongAlgorithm;
    QTest::addRow("alg hs256 lowercase")
        << makeToken(R"({"alg":"hs256"})", payloadJson("42", Now + 900))
        << JwtError::WrongAlgorithm;
    QTest::addRow("alg RS256") << makeToken(R"({"alg":"RS256"})", payloadJson("42", Now + 900))
                               << JwtError::WrongAlgorithm;
    QTest::addRow("alg missing") << makeToken(R"({"typ":"JWT"})", payloadJson("42", Now + 900))
                                 << JwtError::Malformed;
    QTest::addRow("alg not a string")
        << makeToken(R"({"alg":256})", payloadJson("42", Now + 900)) << JwtError::Malformed;
    QTest::addRow("crit header") << makeToken(R"({"alg":"HS256","crit":["exp"]})",
                                              payloadJson("42", Now + 900))
                                 << JwtError::Malformed;

    QTest::addRow("2 parts") << parts[0] + '.' + parts[1] << JwtError::Malformed;
    QTest::addRow("4 parts") << valid + '.' + parts[2] << JwtError::Malformed;
    QTest::addRow("1 part") << parts[0] << JwtError::Malformed;
    QTest::addRow("only dots") << QByteArray("..") << JwtError::Malformed;
    QTest::addRow("empty") << QByteArray() << JwtError::Malformed;
    QTest::addRow("bad base64 header")
        << "eyJ*bGciOiJIUzI1NiJ9." + parts[1] + '.' + parts[2] << JwtError::Malformed;
    QTest::addRow("standard base64 alphabet")
        << parts[0] + '.' + parts[1] + "+/" + '.' + parts[2] << JwtError::Malformed;
    QTest::addRow("impossible base64 length")
        << parts[0] + "AAAAA" + '.' + parts[1] + '.' + parts[2] << JwtError::Malformed;
    {
        // A correctly signed token whose payload is padded base64: not the JWT encoding.
        const QByteArray input =
            b64url(StdHeader) + '.' +
            payloadJson("4", Now + 900).toBase64(QByteArray::Base64UrlEncoding);
        QVERIFY(input.endsWith('='));
        QTest::addRow("padded payload") << input + '.' +
                                               b64url(QMessageAuthenticationCode::hash(
                                                   input, Secret, QCryptographicHash::Sha256))
                                        << JwtError::Malformed;
    }
    {
        const QByteArray paddedHeader = StdHeader + ' '; // 28 bytes: base64 needs padding
        const QByteArray input = paddedHeader.toBase64(QByteArray::Base64UrlEncoding) + '.' +
                                 b64url(payloadJson("4", Now + 900));
        QVERIFY(input.contains("=."));
        QTest::addRow("padded header") << input + '.' +
                                              b64url(QMessageAuthenticationCode::hash(
                                                  input, Secret, QCryptographicHash::Sha256))
                                       << JwtError::Malformed;
    }
    QTest::addRow("header not JSON")
        << makeToken("alg=HS256", payloadJson("42", Now + 900)) << JwtError::Malformed;
    QTest::addRow("header array") << makeToken(R"(["HS256"])", payloadJson("42", Now + 900))
                                  << JwtError::Malformed;
    QTest::addRow("payload not JSON") << makeToken(StdHeader, "sub=42") << JwtError::Malformed;
    QTest::addRow("payload array")
        << makeToken(StdHeader, R"([{"sub":"42","exp":1763700900}])") << JwtError::Malformed;
    QTest::addRow("payload string") << makeToken(StdHeader, R"("42")") << JwtError::Malformed;
    QTest::addRow("payload empty") << makeToken(StdHeader, "") << JwtError::Malformed;
    QTest::addRow("missing sub") << makeToken(StdHeader, R"({"exp":1763700900})")
                                 << JwtError::Malformed;
    QTest::addRow("sub number") << makeToken(StdHeader, R"({"sub":42,"exp":1763700900})")
                                << JwtError::Malformed;
    QTest::addRow("sub empty") << makeToken(StdHeader, R"({"sub":"","exp":1763700900})")
                               << JwtError::Malformed;
    QTest::addRow("missing exp") << makeToken(StdHeader, R"({"sub":"42"})") << JwtError::Malformed;
    QTest::addRow("exp as string")
        << makeToken(StdHeader, R"({"sub":"42","exp":"1763700900"})") << JwtError::Malformed;
    QTest::addRow("exp fractional")
        << makeToken(StdHeader, R"({"sub":"42","exp":1763700900.5})") << JwtError::Malformed;
    QTest::addRow("exp negative") << makeToken(StdHeader, R"({"sub":"42","exp":-1})")
                                  << JwtError::Malformed;
    QTest::addRow("exp huge") << makeToken(StdHeader, R"({"sub":"42","exp":1e300})")
                              << JwtError::Malformed;
    QTest::addRow("exp null") << makeToken(StdHeader, R"({"sub":"42","exp":null})")
                              << JwtError::Malformed;
    QTest::addRow("iat as string")
        << makeToken(StdHeader, R"({"sub":"42","exp":1763700900,"iat":"now"})")
        << JwtError::Malformed;
    QTest::addRow("role number") << makeToken(StdHeader,
                                              R"({"sub":"42","exp":1763700900,"role":1})")
                                 << JwtError::Malformed;
    QTest::addRow("expired beyond leeway")
        << makeToken(StdHeader, payloadJson("42", Now - 31)) << JwtError::Expired;
    QTest::addRow("expired long ago")
        << makeToken(StdHeader, payloadJson("42", 1000)) << JwtError::Expired;
    {
        // Correctly signed, but longer than MaxJwtSize.
        const QByteArray padding(parley::auth::MaxJwtSize, 'x');
        const QByteArray huge =
            makeToken(StdHeader, R"({"sub":"42","exp":1763700900,"pad":")" + padding + "\"}");
        QVERIFY(huge.size() > parley::auth::MaxJwtSize);
        QTest::addRow("huge token") << huge << JwtError::Malformed;
    }
    QTest::addRow("huge garbage") << QByteArray(1 << 20, '.') << JwtError::Malformed;
}

void TestJwt::badTokens()
{
    QFETCH(QByteArray, token);
    QFETCH(JwtError, expected);
    QCOMPARE(errorOf(verifyJwt(token, Secret, Now)), expected);
}

void TestJwt::expiry_data()
{
    QTest::addColumn<qint64>("exp");
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("valid") << Now + 900 << qint64(30) << true;
    QTest::addRow("expired within leeway") << Now - 29 << qint64(30) << true;
    QTest::addRow("expired exactly at leeway") << Now - 30 << qint64(30) << false;
    QTest::addRow("expired beyond leeway") << Now - 31 << qint64(30) << false;
    QTest::addRow("expiring now, no leeway") << Now << qint64(0) << false;
    QTest::addRow("one second left, no leeway") << Now + 1 << qint64(0) << true;
    QTest::addRow("negative leeway counts as none") << Now + 1 << qint64(-100) << true;
    QTest::addRow("year 9999") << qint64(253402300799) << std::numeric_limits<qint64>::max()
                               << true;
}

void TestJwt::expiry()
{
    QFETCH(qint64, exp);
    QFETCH(qint64, leeway);
    QFETCH(bool, accepted);
    const QByteArray token = signJwt(JwtClaims{QStringLiteral("42"), {}, 0, exp, {}}, Secret);
    const auto result = verifyJwt(token, Secret, Now, leeway);
    if (accepted)
        QVERIFY(std::holds_alternative<JwtClaims>(result));
    else
        QCOMPARE(errorOf(result), JwtError::Expired);
}

void TestJwt::emptySecretRefused()
{
    // An empty key would let anyone forge tokens: refuse, even when the HMAC matches.
    const QByteArray token = makeToken(StdHeader, payloadJson("42", Now + 900), QByteArray());
    QTest::ignoreMessage(QtCriticalMsg, "JWT verification with an empty secret: token refused");
    QCOMPARE(errorOf(verifyJwt(token, QByteArray(), Now)), JwtError::BadSignature);
}

void TestJwt::fuzz()
{
    QRandomGenerator rng(20251121);
    const QByteArray valid = signJwt(sampleClaims(), Secret);
    const QByteArray alphabet =
        QByteArrayLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.-_=+/ \0\xff{}\":,");
    QCOMPARE(alphabet.size(), 50);
    for (int i = 0; i < 20000; ++i) {
        QByteArray token;
        switch (i % 4) {
        case 0: { // random bytes
            token.resize(rng.bounded(200));
            for (char &c : token)
                c = char(rng.bounded(256));
            break;
        }
        case 1: { // random JWT-ish characters
            token.resize(rng.bounded(300));
            for (char &c : token)
                c = alphabet[rng.bounded(int(alphabet.size()))];
            break;
        }
        case 2: { // byte flips in a valid token
            token = valid;
            for (int n = 1 + rng.bounded(3); n > 0; --n)
                token[rng.bounded(int(token.size()))] = char(rng.bounded(256));
            break;
        }
        default: // truncation or extension of a valid token
            token = valid.left(rng.bounded(int(valid.size())));
            if (rng.bounded(2))
                token += valid.mid(rng.bounded(int(valid.size())));
            break;
        }
        const auto result = verifyJwt(token, Secret, Now);
        if (std::holds_alternative<JwtClaims>(result))
            QCOMPARE(token, valid); // only the untouched token may pass
    }
    QVERIFY(std::holds_alternative<JwtClaims>(verifyJwt(valid, Secret, Now)));
}

void TestJwt::errorMessages()
{
    QSet<QString> messages;
    for (const JwtError error : {JwtError::Malformed, JwtError::BadSignature, JwtError::Expired,
                                 JwtError::WrongAlgorithm}) {
        const QString message = jwtErrorMessage(error);
        QVERIFY(!message.isEmpty());
        messages.insert(message);
    }
    QCOMPARE(messages.size(), 4);
    QCOMPARE(jwtErrorMessage(JwtError::Expired), QStringLiteral("Token expired"));
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
