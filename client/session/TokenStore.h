#pragma once

#include "protocol/Result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace parley::client {

// Keeps secrets (the refresh token) in the system keychain through qtkeychain. When no keychain
// service answers (no Secret Service / KWallet on the session bus, as in CI), it falls back, for
// the rest of its life, to one file per key in `fallbackDir` readable by the owner only (0600).
// Set PARLEY_KEYCHAIN=off in the environment to go straight to the file.
class TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend { Undecided, Keychain, File };

    TokenStore(const QString &service, const QString &fallbackDir, QObject *parent = nullptr);

    // Each answers once. read() gives an empty string when nothing is stored under `key`.
    void write(const QString &key, const QString &secret, std::function<void(Status)> done);
    void read(const QString &key, std::function<void(Result<QString>)> done);
    void remove(const QString &key, std::function<void(Status)> done);

    // Skip the keychain from now on (AppOptions::useKeychain false).
    void useFileOnly() { m_backend = Backend::File; }
    Backend backend() const { return m_backend; }
    QString backendName() const; // "keychain", "file" or "" while undecided
    QString fallbackPath(const QString &key) const;

private:
    bool useFile() const { return m_backend == Backend::File; }
    void fallBack(const QString &why);
    Status writeFile(const QString &key, const QString &secret) const;
    Result<QString> readFile(const QString &key) const;
    Status removeFile(const QString &key) const;

    QString m_service;
    QString m_fallbackDir;
    Backend m_backend = Backend::Undecided;
};

} // namespace parley::client
