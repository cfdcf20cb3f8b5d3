#include "auth/RefreshTokens.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <sodium.h>

using parley::auth::newOpaqueToken;
using parley::auth::tokenDigest;

class TestRefreshTokens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uniqueOver10k();
    void urlSafeCharset_data();
    void urlSafeCharset();
    void digestIsStableLowercaseHex();
    void digestKnownValues_data();
    void digestKnownValues();
    void digestMatchesLibsodium();
};

void TestRefreshTokens::uniqueOver10k()
{
    QSet<QString> seen;
    QSet<QByteArray> digests;
    for (int i = 0; i < 10000; ++i) {
        const QString token = newOpaqueToken();
        seen.insert(token);
        digests.insert(tokenDigest(token));
    }
    QCOMPARE(seen.size(), 10000);
    QCOMPARE(digests.size(), 10000);
}

void TestRefreshTokens::urlSafeCharset_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("length");
    QTest::addRow("default (32)") << -1 << 43;
    QTest::addRow("16") << 16 << 22;
    QTest::addRow("48") << 48 << 64;
    QTest::addRow("64") << 64 << 86;
    QTest::addRow("too few: raised to 16") << 4 << 22;
    QTest::addRow("zero: raised to 16") << 0 << 22;
    QTest::addRow("negative: raised to 16") << -5 << 22;
}

void TestRefreshTokens::urlSafeCharset()
{
    QFETCH(int, bytes);
    QFETCH(int, length);
    static const QRegularExpression urlSafe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QSet<QChar> characters;
    for (int i = 0; i < 500; ++i) {
        const QString token = bytes == -1 ? newOpaqueToken() : newOpaqueToken(bytes);
        QCOMPARE(token.size(), length);
        QVERIFY2(urlSafe.match(token).hasMatch(), qPrintable(token));
        QCOMPARE(QUrl::toPercentEncoding(token), token.toLatin1()); // nothing to escape
        for (const QChar c : token)
            characters.insert(c);
    }
    // The whole alphabet shows up: the bytes are random, not a fixed pattern.
    QCOMPARE(characters.size(), 64);
}

void TestRefreshTokens::digestIsStableLowercaseHex()
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    const QString token = newOpaqueToken();
    const QByteArray digest = tokenDigest(token);
    QCOMPARE(digest.size(), 64);
    QVERIFY2(hex.match(QString::fromLatin1(digest)).hasMatch(), digest.constData());
    QCOMPARE(tokenDigest(token), digest);
    QCOMPARE(tokenDigest(QString(token)), digest); // a copy of the string, same digest
    QVERIFY(tokenDigest(token + QLatin1Char('x')) != digest);
}

void TestRefreshTokens::digestKnownValues_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("digest");
    // FIPS 180-2 test vectors.
    QTest::addRow("abc") << QStringLiteral("abc")
                         << QByteArray(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::addRow("empty")
        << QString()
        << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

void TestRefreshTokens::digestKnownValues()
{
    QFETCH(QString, token);
    QFETCH(QByteArray, digest);
    QCOMPARE(tokenDigest(token), digest);
}

void TestRefreshTokens::digestMatchesLibsodium()
{
    // Non-ASCII input is hashed as UTF-8.
    const QString token = QStringLiteral("tökén-🔐");
    const QByteArray utf8 = token.toUtf8();
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char *>(utf8.constData()),
                       static_cast<unsigned long long>(utf8.size()));
    QCOMPARE(tokenDigest(token),
             QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex());
}

QTEST_GUILESS_MAIN(TestRefreshTokens)
#include "tst_refreshtokens.moc"
