#include "auth/Secrets.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using parley::auth::loadOrCreateSecret;
using parley::auth::secretFromEnvironment;

namespace {

constexpr QFileDevice::Permissions GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                  QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                  QFileDevice::WriteOther | QFileDevice::ExeOther;

// The real mode bits, as the kernel has them.
int modeOf(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

bool writeFile(const QString &path, const QByteArray &content, int mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

// Runs the test body under a given umask and restores the old one.
class UmaskScope
{
public:
    explicit UmaskScope(mode_t mask)
        : m_previous(::umask(mask))
    {}
    ~UmaskScope() { ::umask(m_previous); }

private:
    mode_t m_previous;
};

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsOwnerOnlyFile_data();
    void createsOwnerOnlyFile();
    void sameValueOnSecondLoad();
    void repairsPermissions_data();
    void repairsPermissions();
    void acceptsHandWrittenSecret();
    void rejectsBadFiles_data();
    void rejectsBadFiles();
    void createsParentDirectories();
    void failsWhenDirectoryCannotBeCreated();
    void fromEnvironment();
};

void TestSecrets::createsOwnerOnlyFile_data()
{
    QTest::addColumn<int>("umask");
    QTest::addRow("umask 022") << 022;
    QTest::addRow("umask 000") << 0; // without care, the file would be created 0666
}

void TestSecrets::createsOwnerOnlyFile()
{
    QFETCH(int, umask);
    const UmaskScope scope(mode_t(umask & 0777));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));

    QString error;
    const auto secret = loadOrCreateSecret(path, &error);
    QVERIFY2(secret.has_value(), qPrintable(error));
    QCOMPARE(secret->size(), 48);
    QCOMPARE(modeOf(path), 0600);
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
    QCOMPARE(permissions & GroupOrOther, QFileDevice::Permissions());

    // The file holds base64 text of the returned bytes, and nothing is left behind.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QByteArray::fromBase64(file.readAll().trimmed()), *secret);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("jwt.secret")});
    // A new file gets a new secret.
    const auto other = loadOrCreateSecret(dir.filePath(QStringLiteral("other.secret")), nullptr);
    QVERIFY(other.has_value());
    QVERIFY(*other != *secret);
}

void TestSecrets::sameValueOnSecondLoad()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    const auto first = loadOrCreateSecret(path, nullptr);
    QVERIFY(first.has_value());
    const auto second = loadOrCreateSecret(path, nullptr);
    QVERIFY(second.has_value());
    QCOMPARE(*second, *first);
    QCOMPARE(modeOf(path), 0600);
}

void TestSecrets::repairsPermissions_data()
{
    QTest::addColumn<int>("mode");
    QTest::addRow("0644") << 0644;
    QTest::addRow("0640") << 0640;
    QTest::addRow("0604") << 0604;
    QTest::addRow("0666") << 0666;
    QTest::addRow("0660") << 0660;
}

void TestSecrets::repairsPermissions()
{
    QFETCH(int, mode);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    const QByteArray raw(40, 'k');
    QVERIFY(writeFile(path, raw.toBase64() + '\n', mode));
    QCOMPARE(modeOf(path), mode);

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Secret file .* had mode %1, accessible "
                                                           "to other users: changed to 0600")
                                                .arg(mode, 0, 8)));
    QString error;
    const auto secret = loadOrCreateSecret(path, &error);
    QVERIFY2(secret.has_value(), qPrintable(error));
    QCOMPARE(*secret, raw);
    QCOMPARE(modeOf(path), 0600);
}

void TestSecrets::acceptsHandWrittenSecret()
{
    // e.g. `openssl rand -base64 32 > jwt.secret; chmod 600 jwt.secret`: no warning, as written.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    const QByteArray raw =
        QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    QVERIFY(writeFile(path, "  " + raw.toBase64() + "\r\n\n", 0400));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    const auto secret = loadOrCreateSecret(path, nullptr);
    QVERIFY(secret.has_value());
    QCOMPARE(*secret, raw);
    QCOMPARE(modeOf(path), 0400);
}

void TestSecrets::rejectsBadFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("errorPattern");
    QTest::addRow("garbage") << QByteArray("this is not base64 at all!!\n")
                             << QStringLiteral("does not hold base64");
    QTest::addRow("binary") << QByteArray("\x00\x01\xff\xfe\x80", 5)
                            << QStringLiteral("does not hold base64");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("too short");
    QTest::addRow("16 bytes") << QByteArray(16, 's').toBase64() << QStringLiteral("too short");
    QTest::addRow("31 bytes") << QByteArray(31, 's').toBase64() << QStringLiteral("too short");
    QTest::addRow("too large") << QByteArray(100 * 1024, 'A') << QStringLiteral("too large");
}

void TestSecrets::rejectsBadFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, errorPattern);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwt.secret"));
    QVERIFY(writeFile(path, content, 0600));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(errorPattern));
    QString error;
    QVERIFY(!loadOrCreateSecret(path, &error).has_value());
    QVERIFY2(error.contains(errorPattern), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    // The bad file is left alone for a human to look at.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
}

void TestSecrets::createsParentDirectories()
{
    QTemporaryDir dir;
    const UmaskScope scope(0);
    const QString parent = dir.filePath(QStringLiteral("a/b"));
    const QString path = parent + QStringLiteral("/jwt.secret");
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("a"))));
    const auto secret = loadOrCreateSecret(path, nullptr);
    QVERIFY(secret.has_value());
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("a"))), 0700);
    QCOMPARE(modeOf(parent), 0700);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(loadOrCreateSecret(path, nullptr), secret);
}

void TestSecrets::failsWhenDirectoryCannotBeCreated()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QVERIFY(writeFile(blocker, "x", 0600));
    // A regular file where a directory should be: no directory can be made below it.
    const QString path = blocker + QStringLiteral("/sub/jwt.secret");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Cannot")));
    QString error;
    QVERIFY(!loadOrCreateSecret(path, &error).has_value());
    QVERIFY(!error.isEmpty());

    const QString directory = dir.filePath(QStringLiteral("adir"));
    QVERIFY(QDir().mkdir(directory));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Cannot|not a regular")));
    QVERIFY(!loadOrCreateSecret(directory, &error).has_value());
}

void TestSecrets::fromEnvironment()
{
    const char *var = "PARLEY_TEST_JWT_SECRET";
    qunsetenv(var);
    QVERIFY(secretFromEnvironment(var).isEmpty());
    const QByteArray value = QStringLiteral("geheimnis-ü-🔐").toUtf8();
    qputenv(var, value);
    QCOMPARE(secretFromEnvironment(var), value);
    qunsetenv(var);
    QVERIFY(secretFromEnvironment(var).isEmpty());
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
