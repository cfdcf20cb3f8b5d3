#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <sodium.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

namespace parley::auth {

enum class VerifyResult { Match, Mismatch, Busy };

// Argon2id password hashing (libsodium crypto_pwhash_str) off the event-loop thread.
//
// At most `maxConcurrent` hashes run at once on a private thread pool, and at most `maxQueued`
// more wait for a thread; a call beyond that is refused at once (Busy / nullopt) instead of
// queueing, so a flood of logins costs bounded CPU and memory (INTERACTIVE: 64 MiB per running
// hash) and cannot starve the server.
//
// Callbacks run on the thread of `context` through a queued invocation (never inside the call,
// even for Busy), and never once `context` is destroyed. Every accepted call gets exactly one
// callback while its context lives, also when the hasher is destroyed first (then with a failure).
class PasswordHasher : public QObject
{
    Q_OBJECT

public:
    static constexpr unsigned long long DefaultOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    static constexpr std::size_t DefaultMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

    explicit PasswordHasher(int maxConcurrent = 2, int maxQueued = 64,
                            unsigned long long opsLimit = DefaultOpsLimit,
                            std::size_t memLimit = DefaultMemLimit, QObject *parent = nullptr);
    ~PasswordHasher() override;

    // encoded: the "$argon2id$..." string to store; nullopt when busy or hashing failed.
    void hash(const QString &password, QObject *context,
              std::function<void(std::optional<QByteArray> encoded)> done);
    // A malformed `encoded` is a Mismatch.
    void verify(const QByteArray &encoded, const QString &password, QObject *context,
                std::function<void(VerifyResult)> done);
    // For an unknown username: the same work as verify() against a hash made with this hasher's
    // limits, always Mismatch (or Busy), so the answer's timing does not tell which names exist.
    void verifyDummy(const QString &password, QObject *context,
                     std::function<void(VerifyResult)> done);

    // True when `encoded` was made with other limits than this hasher's (or is not a valid
    // Argon2id string): hash the password again after a successful login.
    bool needsRehash(const QByteArray &encoded) const;

    // Synchronous versions for the CLI and tools: they block the calling thread.
    static std::optional<QByteArray> hashBlocking(const QString &password,
                                                  unsigned long long opsLimit = DefaultOpsLimit,
                                                  std::size_t memLimit = DefaultMemLimit);
    static bool verifyBlocking(const QByteArray &encoded, const QString &password);

    int maxConcurrent() const { return m_pool.maxThreadCount(); }
    int maxQueued() const;

    // Test hook: runs on the worker thread at the start of every accepted job, before hashing.
    // Set it while no jobs are pending.
    void setJobStartedHookForTesting(std::function<void()> hook);

private:
    struct Shared;
    class Job;
    // Runs on the worker thread; returns the callback invocation to deliver to the context.
    using Work = std::function<std::function<void()>(Shared &shared, bool stopping)>;

    // Queues `work`, or posts `refusal` to the context when the queue is full.
    void submit(QObject *context, std::function<void()> refusal, Work work);

    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool;
};

} // namespace parley::auth
