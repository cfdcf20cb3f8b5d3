#include "auth/PasswordHasher.h"

#include "auth/Sodium.h"
#include "logging/Logging.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QRunnable>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

namespace parley::auth {

namespace {

// The UTF-8 bytes of a password, wiped when the last job holding them is done. The buffer is
// never shared with another QByteArray, so data() does not detach and the wipe hits the only copy.
class SecretBytes
{
public:
    explicit SecretBytes(const QString &text)
        : m_bytes(text.toUtf8())
    {}
    explicit SecretBytes(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    ~SecretBytes()
    {
        if (!m_bytes.isEmpty())
            sodium_memzero(m_bytes.data(), static_cast<size_t>(m_bytes.size()));
    }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    const QByteArray &bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

std::optional<QByteArray> hashUtf8(const QByteArray &password, unsigned long long opsLimit,
                                   std::size_t memLimit)
{
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.constData(),
                          static_cast<unsigned long long>(password.size()), opsLimit,
                          memLimit) != 0) {
        qCWarning(lcAuth) << "Argon2id hashing failed (out of memory?)";
        return std::nullopt;
    }
    return QByteArray(out);
}

// libsodium reads the encoded hash as a NUL-terminated string of at most STRBYTES: copy it into
// such a buffer so that arbitrary bytes from the database cannot make it read past the end.
bool toEncodedBuffer(const QByteArray &encoded, char (&buffer)[crypto_pwhash_STRBYTES])
{
    if (encoded.isEmpty() || encoded.size() >= qsizetype(crypto_pwhash_STRBYTES) ||
        encoded.contains('\0'))
        return false;
    std::memset(buffer, 0, sizeof buffer);
    std::memcpy(buffer, encoded.constData(), static_cast<size_t>(encoded.size()));
    return true;
}

bool verifyUtf8(const QByteArray &encoded, const QByteArray &password)
{
    char buffer[crypto_pwhash_STRBYTES];
    if (!toEncodedBuffer(encoded, buffer))
        return false;
    return crypto_pwhash_str_verify(buffer, password.constData(),
                                    static_cast<unsigned long long>(password.size())) == 0;
}

// Delivers a result to `context`'s thread unless `context` is gone, from any thread.
// A QPointer checked on the worker thread would race with the context's destruction; instead
// `destroyed` (emitted at the start of ~QObject, on the context's thread) clears the pointer under
// the same mutex that posting holds. An event posted just before that is dropped by ~QObject.
class Delivery
{
public:
    explicit Delivery(QObject *context)
        : m_guard(std::make_shared<Guard>())
    {
        m_guard->context = context;
        m_connection = QObject::connect(context, &QObject::destroyed, [guard = m_guard] {
            QMutexLocker lock(&guard->mutex);
            guard->context = nullptr;
        });
    }
    ~Delivery() { QObject::disconnect(m_connection); }
    Delivery(const Delivery &) = delete;
    Delivery &operator=(const Delivery &) = delete;

    void post(std::function<void()> call)
    {
        QMutexLocker lock(&m_guard->mutex);
        if (m_guard->context)
            QMetaObject::invokeMethod(m_guard->context, std::move(call), Qt::QueuedConnection);
    }

private:
    struct Guard
    {
        QMutex mutex;
        QObject *context = nullptr;
    };
    std::shared_ptr<Guard> m_guard;
    QMetaObject::Connection m_connection;
};

} // namespace

struct PasswordHasher::Shared
{
    unsigned long long opsLimit = DefaultOpsLimit;
    std::size_t memLimit = DefaultMemLimit;
    int maxQueued = 0;
    int capacity = 1; // running + waiting
    std::atomic<int> inFlight{0};
    std::atomic<bool> stopping{false};

    QMutex hookMutex;
    std::function<void()> jobStartedHook;

    std::once_flag dummyOnce;
    QByteArray dummy;

    bool tryAdmit()
    {
        if (inFlight.fetch_add(1) + 1 > capacity) {
            inFlight.fetch_sub(1);
            return false;
        }
        return true;
    }

    void runHook()
    {
        std::function<void()> hook;
        {
            QMutexLocker lock(&hookMutex);
            hook = jobStartedHook;
        }
        if (hook)
            hook();
    }

    // A hash of a random password made with this hasher's limits: verifying against it costs what
    // verifying a real, current user's hash costs.
    const QByteArray &dummyHash()
    {
        std::call_once(dummyOnce, [this] {
            QByteArray random(32, Qt::Uninitialized);
            randombytes_buf(random.data(), static_cast<size_t>(random.size()));
            const SecretBytes password(random.toBase64());
            sodium_memzero(random.data(), static_cast<size_t>(random.size()));
            dummy = hashUtf8(password.bytes(), opsLimit, memLimit).value_or(QByteArray());
        });
        return dummy;
    }
};

// One accepted request. `work` computes on the worker thread (or gives up when the hasher is
// being destroyed) and returns the callback invocation to deliver.
class PasswordHasher::Job : public QRunnable
{
public:
    Job(std::shared_ptr<Shared> shared, QObject *context, Work work)
        : m_shared(std::move(shared))
        , m_delivery(context)
        , m_work(std::move(work))
    {
        setAutoDelete(true);
    }

    void run() override
    {
        const bool stopping = m_shared->stopping.load();
        if (!stopping)
            m_shared->runHook();
        std::function<void()> deliver = m_work(*m_shared, stopping);
        m_work = nullptr; // wipes the password now rather than when the runnable is deleted
        // Free the slot before the caller hears back, so that it can submit again at once.
        m_shared->inFlight.fetch_sub(1);
        m_delivery.post(std::move(deliver));
    }

private:
    std::shared_ptr<Shared> m_shared;
    Delivery m_delivery;
    Work m_work;
};

PasswordHasher::PasswordHasher(int maxConcurrent, int maxQueued, unsigned long long opsLimit,
                               std::size_t memLimit, QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    ensureSodium();
    maxConcurrent = std::max(maxConcurrent, 1);
    m_shared->opsLimit = opsLimit;
    m_shared->memLimit = memLimit;
    m_shared->maxQueued = std::max(maxQueued, 0);
    m_shared->capacity = maxConcurrent + m_shared->maxQueued;
    m_pool.setMaxThreadCount(maxConcurrent);
    m_pool.setObjectName(QStringLiteral("PasswordHasher"));
    // Made now, in the background, so that the first unknown username is not slower than the rest.
    m_pool.start([shared = m_shared] { shared->dummyHash(); });
}

PasswordHasher::~PasswordHasher()
{
    // Jobs that have not started yet deliver a failure at once instead of hashing.
    m_shared->stopping.store(true);
    m_pool.waitForDone();
}

int PasswordHasher::maxQueued() const
{
    return m_shared->maxQueued;
}

void PasswordHasher::setJobStartedHookForTesting(std::function<void()> hook)
{
    QMutexLocker lock(&m_shared->hookMutex);
    m_shared->jobStartedHook = std::move(hook);
}

void PasswordHasher::submit(QObject *context, std::function<void()> refusal, Work work)
{
    if (!context) {
        qCWarning(lcAuth) << "PasswordHasher called without a context: request dropped";
        return;
    }
    if (!m_shared->tryAdmit()) {
        qCDebug(lcAuth) << "password hasher busy: request refused";
        QMetaObject::invokeMethod(context, std::move(refusal), Qt::QueuedConnection);
        return;
    }
    m_pool.start(new Job(m_shared, context, std::move(work)));
}

void PasswordHasher::hash(const QString &password, QObject *context,
                          std::function<void(std::optional<QByteArray>)> done)
{
    auto secret = std::make_shared<const SecretBytes>(password);
    submit(
        context, [done] { done(std::nullopt); },
        [secret, done](Shared &shared, bool stopping) -> std::function<void()> {
            std::optional<QByteArray> encoded;
            if (!stopping)
                encoded = hashUtf8(secret->bytes(), shared.opsLimit, shared.memLimit);
            return [done, encoded] { done(encoded); };
        });
}

void PasswordHasher::verify(const QByteArray &encoded, const QString &password, QObject *context,
                            std::function<void(VerifyResult)> done)
{
    auto secret = std::make_shared<const SecretBytes>(password);
    submit(
        context, [done] { done(VerifyResult::Busy); },
        [secret, encoded, done](Shared &, bool stopping) -> std::function<void()> {
            VerifyResult result = VerifyResult::Busy;
            if (!stopping)
                result = verifyUtf8(encoded, secret->bytes()) ? VerifyResult::Match
                                                              : VerifyResult::Mismatch;
            return [done, result] { done(result); };
        });
}

void PasswordHasher::verifyDummy(const QString &password, QObject *context,
                                 std::function<void(VerifyResult)> done)
{
    auto secret = std::make_shared<const SecretBytes>(password);
    submit(
        context, [done] { done(VerifyResult::Busy); },
        [secret, done](Shared &shared, bool stopping) -> std::function<void()> {
            VerifyResult result = VerifyResult::Busy;
            if (!stopping) {
                verifyUtf8(shared.dummyHash(), secret->bytes());
                result = VerifyResult::Mismatch;
            }
            return [done, result] { done(result); };
        });
}

bool PasswordHasher::needsRehash(const QByteArray &encoded) const
{
    char buffer[crypto_pwhash_STRBYTES];
    if (!toEncodedBuffer(encoded, buffer))
        return true;
    return crypto_pwhash_str_needs_rehash(buffer, m_shared->opsLimit, m_shared->memLimit) != 0;
}

std::optional<QByteArray> PasswordHasher::hashBlocking(const QString &password,
                                                       unsigned long long opsLimit,
                                                       std::size_t memLimit)
{
    ensureSodium();
    const SecretBytes secret(password);
    return hashUtf8(secret.bytes(), opsLimit, memLimit);
}

bool PasswordHasher::verifyBlocking(const QByteArray &encoded, const QString &password)
{
    ensureSodium();
    const SecretBytes secret(password);
    return verifyUtf8(encoded, secret.bytes());
}

} // namespace parley::auth
