#include "auth/PasswordHasher.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <thread>

using parley::auth::PasswordHasher;
using parley::auth::VerifyResult;

namespace {

constexpr auto MinOps = crypto_pwhash_OPSLIMIT_MIN;
constexpr auto MinMem = crypto_pwhash_MEMLIMIT_MIN;

// A hasher with libsodium's minimum limits: fast enough for many cases per test.
std::unique_ptr<PasswordHasher> fastHasher(int maxConcurrent = 2, int maxQueued = 64)
{
    return std::make_unique<PasswordHasher>(maxConcurrent, maxQueued, MinOps, MinMem);
}

std::optional<QByteArray> hashAndWait(PasswordHasher &hasher, const QString &password)
{
    QObject context;
    bool called = false;
    std::optional<QByteArray> result;
    hasher.hash(password, &context, [&](std::optional<QByteArray> encoded) {
        called = true;
        result = std::move(encoded);
    });
    if (!QTest::qWaitFor([&] { return called; }, 20000))
        return std::nullopt;
    return result;
}

std::optional<VerifyResult> verifyAndWait(PasswordHasher &hasher, const QByteArray &encoded,
                                          const QString &password)
{
    QObject context;
    std::optional<VerifyResult> result;
    hasher.verify(encoded, password, &context, [&](VerifyResult r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}

std::optional<VerifyResult> verifyDummyAndWait(PasswordHasher &hasher, const QString &password)
{
    QObject context;
    std::optional<VerifyResult> result;
    hasher.verifyDummy(password, &context, [&](VerifyResult r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}

} // namespace

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashAndVerify_data();
    void hashAndVerify();
    void passwordsAreUtf8();
    void malformedEncodedIsMismatch_data();
    void malformedEncodedIsMismatch();
    void verifyDummyIsMismatch();
    void callbackRunsOnCallerThread();
    void callbackRunsOnContextThread();
    void noCallbackWhenContextDeletedWhileRunning();
    void noCallbackWhenContextDeletedBeforeDelivery();
    void concurrencyCapRespected_data();
    void concurrencyCapRespected();
    void busyWhenQueueFull();
    void destroyingHasherAnswersQueuedCalls();
    void blockingAgreesWithAsync();
    void needsRehash();
    void defaultLimits();
};

void TestPasswordHasher::hashAndVerify_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("wrong");
    QTest::addRow("ascii") << QStringLiteral("correct horse battery")
                           << QStringLiteral("correct horse battery ");
    QTest::addRow("unicode") << QStringLiteral("pässwörd-日本語-🔐")
                             << QStringLiteral("passwörd-日本語-🔐");
    QTest::addRow("precomposed vs decomposed")
        << QStringLiteral("caf\u00e9-password") << QStringLiteral("cafe\u0301-password");
    QTest::addRow("128 chars") << QString(128, QLatin1Char('x')) << QString(127, QLatin1Char('x'));
    QTest::addRow("empty") << QString() << QStringLiteral(" ");
}

void TestPasswordHasher::hashAndVerify()
{
    QFETCH(QString, password);
    QFETCH(QString, wrong);
    auto hasher = fastHasher();
    const auto encoded = hashAndWait(*hasher, password);
    QVERIFY(encoded.has_value());
    QVERIFY2(encoded->startsWith("$argon2id$"), encoded->constData());
    QCOMPARE(verifyAndWait(*hasher, *encoded, password), VerifyResult::Match);
    QCOMPARE(verifyAndWait(*hasher, *encoded, wrong), VerifyResult::Mismatch);

    // A second hash of the same password differs (random salt) and verifies too.
    const auto again = hashAndWait(*hasher, password);
    QVERIFY(again.has_value());
    QVERIFY(*again != *encoded);
    QCOMPARE(verifyAndWait(*hasher, *again, password), VerifyResult::Match);
}

void TestPasswordHasher::passwordsAreUtf8()
{
    // Cross-check against libsodium on the UTF-8 bytes directly.
    const QString password = QStringLiteral("Grüße, 世界 🔑");
    const QByteArray utf8 = password.toUtf8();
    auto hasher = fastHasher();
    const auto encoded = hashAndWait(*hasher, password);
    QVERIFY(encoded.has_value());
    QCOMPARE(crypto_pwhash_str_verify(encoded->constData(), utf8.constData(),
                                      static_cast<unsigned long long>(utf8.size())),
             0);

    char direct[crypto_pwhash_STRBYTES];
    QCOMPARE(crypto_pwhash_str(direct, utf8.constData(),
                               static_cast<unsigned long long>(utf8.size()), MinOps, MinMem),
             0);
    QCOMPARE(verifyAndWait(*hasher, QByteArray(direct), password), VerifyResult::Match);
    const QByteArray latin1 = password.toLatin1();
    QCOMPARE(crypto_pwhash_str_verify(encoded->constData(), latin1.constData(),
                                      static_cast<unsigned long long>(latin1.size())),
             -1);
}

void TestPasswordHasher::malformedEncodedIsMismatch_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("garbage") << QByteArray("not a hash");
    QTest::addRow("bcrypt") << QByteArray(
        "$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0");
    QTest::addRow("too long") << QByteArray(4096, 'a');
    QTest::addRow("embedded NUL") << QByteArray("$argon2id$v=19$m=8,t=1,p=1$\0abc", 31);
    QTest::addRow("truncated") << QByteArray("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ");
}

void TestPasswordHasher::malformedEncodedIsMismatch()
{
    QFETCH(QByteArray, encoded);
    auto hasher = fastHasher();
    QCOMPARE(verifyAndWait(*hasher, encoded, QStringLiteral("password")), VerifyResult::Mismatch);
    QVERIFY(!PasswordHasher::verifyBlocking(encoded, QStringLiteral("password")));
}

void TestPasswordHasher::verifyDummyIsMismatch()
{
    auto hasher = fastHasher();
    QCOMPARE(verifyDummyAndWait(*hasher, QStringLiteral("password")), VerifyResult::Mismatch);
    QCOMPARE(verifyDummyAndWait(*hasher, QString()), VerifyResult::Mismatch);
}

void TestPasswordHasher::callbackRunsOnCallerThread()
{
    auto hasher = fastHasher();
    QObject context;
    QThread *hashThread = nullptr;
    QThread *verifyThread = nullptr;
    QThread *dummyThread = nullptr;
    bool calledSynchronously = true;
    hasher->hash(QStringLiteral("pw"), &context,
                 [&](std::optional<QByteArray>) { hashThread = QThread::currentThread(); });
    hasher->verify("garbage", QStringLiteral("pw"), &context,
                   [&](VerifyResult) { verifyThread = QThread::currentThread(); });
    hasher->verifyDummy(QStringLiteral("pw"), &context,
                        [&](VerifyResult) { dummyThread = QThread::currentThread(); });
    calledSynchronously = hashThread || verifyThread || dummyThread;
    QVERIFY(!calledSynchronously);
    QTRY_VERIFY(hashThread && verifyThread && dummyThread);
    QCOMPARE(hashThread, QThread::currentThread());
    QCOMPARE(verifyThread, QThread::currentThread());
    QCOMPARE(dummyThread, QThread::currentThread());
}

void TestPasswordHasher::callbackRunsOnContextThread()
{
    auto hasher = fastHasher();
    QThread other;
    other.start();
    auto cleanup = qScopeGuard([&] {
        other.quit();
        other.wait();
    });
    QObject context;
    context.moveToThread(&other);
    std::atomic<QThread *> ranOn = nullptr;
    hasher->hash(QStringLiteral("pw"), &context,
                 [&](std::optional<QByteArray>) { ranOn = QThread::currentThread(); });
    QTRY_VERIFY(ranOn.load() != nullptr);
    QCOMPARE(ranOn.load(), &other);
}

void TestPasswordHasher::noCallbackWhenContextDeletedWhileRunning()
{
    QSemaphore started;
    QSemaphore gate;
    auto hasher = fastHasher(1);
    auto release = qScopeGuard([&] { gate.release(100); });
    hasher->setJobStartedHookForTesting([&] {
        started.release();
        gate.acquire();
    });

    bool deletedCalled = false;
    bool keptCalled = false;
    auto doomed = std::make_unique<QObject>();
    QObject kept;
    hasher->hash(QStringLiteral("pw"), doomed.get(),
                 [&](std::optional<QByteArray>) { deletedCalled = true; });
    hasher->hash(QStringLiteral("pw"), &kept,
                 [&](std::optional<QByteArray>) { keptCalled = true; });
    QVERIFY(started.tryAcquire(1, 5000)); // the first job is running, blocked in the hook
    doomed.reset();
    gate.release(100);
    QTRY_VERIFY(keptCalled); // the second job ran after the first one finished
    QTest::qWait(50);
    QVERIFY(!deletedCalled);
}

void TestPasswordHasher::noCallbackWhenContextDeletedBeforeDelivery()
{
    // The job has finished and posted its callback; the context dies before the event loop runs.
    for (const bool deleteContext : {false, true}) {
        bool called = false;
        auto context = std::make_unique<QObject>();
        {
            auto hasher = fastHasher();
            hasher->hash(QStringLiteral("pw"), context.get(),
                         [&](std::optional<QByteArray>) { called = true; });
        } // ~PasswordHasher waits for its jobs: the callback is posted by now
        QVERIFY(!called);
        if (deleteContext)
            context.reset();
        QCoreApplication::processEvents();
        QTest::qWait(20);
        QCOMPARE(called, !deleteContext);
    }
}

void TestPasswordHasher::concurrencyCapRespected_data()
{
    QTest::addColumn<int>("maxConcurrent");
    QTest::addRow("1") << 1;
    QTest::addRow("2") << 2;
    QTest::addRow("3") << 3;
}

void TestPasswordHasher::concurrencyCapRespected()
{
    QFETCH(int, maxConcurrent);
    std::atomic<int> running = 0;
    std::atomic<int> maxSeen = 0;
    auto hasher = fastHasher(maxConcurrent);
    hasher->setJobStartedHookForTesting([&] {
        const int now = ++running;
        int seen = maxSeen.load();
        while (now > seen && !maxSeen.compare_exchange_weak(seen, now)) {
        }
        QThread::msleep(30);
        --running;
    });
    QObject context;
    int done = 0;
    const int jobs = 4 * maxConcurrent + 2;
    for (int i = 0; i < jobs; ++i) {
        if (i % 2)
            hasher->hash(QStringLiteral("pw"), &context,
                         [&](std::optional<QByteArray> r) { done += r.has_value(); });
        else
            hasher->verify("x", QStringLiteral("pw"), &context,
                           [&](VerifyResult r) { done += r == VerifyResult::Mismatch; });
    }
    QTRY_COMPARE_WITH_TIMEOUT(done, jobs, 20000);
    QCOMPARE(maxSeen.load(), maxConcurrent);
}

void TestPasswordHasher::busyWhenQueueFull()
{
    QSemaphore gate;
    auto hasher = fastHasher(1, 2);
    QCOMPARE(hasher->maxConcurrent(), 1);
    QCOMPARE(hasher->maxQueued(), 2);
    auto release = qScopeGuard([&] { gate.release(100); });
    hasher->setJobStartedHookForTesting([&] {
        gate.acquire();
        gate.release();
    });

    QObject context;
    int hashed = 0;
    int busy = 0;
    for (int i = 0; i < 10; ++i) {
        hasher->hash(QStringLiteral("pw"), &context,
                     [&](std::optional<QByteArray> r) { ++(r ? hashed : busy); });
    }
    // One running plus two waiting were accepted; the rest are refused without waiting.
    QCOMPARE(busy, 0); // refusals arrive through the event loop too
    QTRY_COMPARE(busy, 7);
    QCOMPARE(hashed, 0);

    std::optional<VerifyResult> verifyResult;
    std::optional<VerifyResult> dummyResult;
    hasher->verify("x", QStringLiteral("pw"), &context, [&](VerifyResult r) { verifyResult = r; });
    hasher->verifyDummy(QStringLiteral("pw"), &context, [&](VerifyResult r) { dummyResult = r; });
    QTRY_VERIFY(verifyResult && dummyResult);
    QCOMPARE(*verifyResult, VerifyResult::Busy);
    QCOMPARE(*dummyResult, VerifyResult::Busy);

    gate.release();
    QTRY_COMPARE(hashed, 3);
    QCOMPARE(busy, 7);

    // The slots are free again.
    hasher->setJobStartedHookForTesting({});
    QVERIFY(hashAndWait(*hasher, QStringLiteral("pw")).has_value());
}

void TestPasswordHasher::destroyingHasherAnswersQueuedCalls()
{
    QSemaphore started;
    QSemaphore gate;
    auto hasher = fastHasher(1);
    hasher->setJobStartedHookForTesting([&] {
        started.release();
        gate.acquire();
    });
    QObject context;
    int hashed = 0;
    int failed = 0;
    std::optional<VerifyResult> verifyResult;
    for (int i = 0; i < 2; ++i)
        hasher->hash(QStringLiteral("pw"), &context,
                     [&](std::optional<QByteArray> r) { ++(r ? hashed : failed); });
    hasher->verify("x", QStringLiteral("pw"), &context, [&](VerifyResult r) { verifyResult = r; });
    QVERIFY(started.tryAcquire(1, 5000));

    std::thread releaser([&] {
        QThread::msleep(100);
        gate.release(100);
    });
    hasher.reset(); // blocks until the running job is done; the queued ones give up
    releaser.join();
    QTRY_VERIFY(hashed + failed == 2 && verifyResult);
    QCOMPARE(hashed, 1);
    QCOMPARE(failed, 1);
    QCOMPARE(*verifyResult, VerifyResult::Busy);
}

void TestPasswordHasher::blockingAgreesWithAsync()
{
    auto hasher = fastHasher();
    const QString password = QStringLiteral("blocking-ünïcode");

    const auto blocking = PasswordHasher::hashBlocking(password, MinOps, MinMem);
    QVERIFY(blocking.has_value());
    QVERIFY(blocking->startsWith("$argon2id$"));
    QCOMPARE(verifyAndWait(*hasher, *blocking, password), VerifyResult::Match);
    QCOMPARE(verifyAndWait(*hasher, *blocking, QStringLiteral("other")), VerifyResult::Mismatch);

    const auto async = hashAndWait(*hasher, password);
    QVERIFY(async.has_value());
    QVERIFY(PasswordHasher::verifyBlocking(*async, password));
    QVERIFY(!PasswordHasher::verifyBlocking(*async, QStringLiteral("other")));
}

void TestPasswordHasher::needsRehash()
{
    auto fast = fastHasher();
    const PasswordHasher standard(1, 1);
    const auto minHash = PasswordHasher::hashBlocking(QStringLiteral("pw"), MinOps, MinMem);
    QVERIFY(minHash.has_value());
    QVERIFY(!fast->needsRehash(*minHash));
    QVERIFY(standard.needsRehash(*minHash));
    QVERIFY(fast->needsRehash("garbage"));
    QVERIFY(fast->needsRehash(QByteArray()));
}

void TestPasswordHasher::defaultLimits()
{
    PasswordHasher hasher; // INTERACTIVE limits: the production setting
    QCOMPARE(hasher.maxConcurrent(), 2);
    QCOMPARE(hasher.maxQueued(), 64);
    const QString password = QStringLiteral("a real password");
    const auto encoded = hashAndWait(hasher, password);
    QVERIFY(encoded.has_value());
    QVERIFY2(encoded->startsWith("$argon2id$v=19$m=65536,t=2,p=1$"), encoded->constData());
    QVERIFY(!hasher.needsRehash(*encoded));
    QVERIFY(PasswordHasher::verifyBlocking(*encoded, password));

    // An unknown username costs about what a wrong password costs.
    qint64 real = std::numeric_limits<qint64>::max();
    qint64 dummy = std::numeric_limits<qint64>::max();
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(verifyAndWait(hasher, *encoded, QStringLiteral("wrong")), VerifyResult::Mismatch);
        real = std::min(real, timer.nsecsElapsed());
        timer.restart();
        QCOMPARE(verifyDummyAndWait(hasher, QStringLiteral("wrong")), VerifyResult::Mismatch);
        dummy = std::min(dummy, timer.nsecsElapsed());
    }
    qInfo("verify %lld us, verifyDummy %lld us", real / 1000, dummy / 1000);
    QVERIFY2(dummy * 3 > real && real * 3 > dummy, "verifyDummy and verify take different times");
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
