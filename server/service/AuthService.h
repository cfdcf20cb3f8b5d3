#pragma once

#include "events/EventBus.h"
#include "protocol/Requests.h"
#include "protocol/Result.h"
#include "storage/Storage.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace parley::auth {
class PasswordHasher;
}

namespace parley::service {

struct AuthSettings
{
    qint64 accessTtlS = 15 * 60;
    qint64 refreshTtlS = 30 * 24 * 3600;
};

// The token of an "Authorization: Bearer <token>" header value, or empty.
QByteArray bearerFromHeader(QByteArrayView authorization);

// Accounts and tokens: register, login, refresh rotation, logout, and turning a bearer token into
// the current user (read from the database, so blocks and role changes apply at once).
class AuthService : public QObject
{
public:
    using Done = std::function<void(Result<TokenPair>)>;

    AuthService(storage::Storage &storage, auth::PasswordHasher &hasher, QByteArray secret,
                AuthSettings settings = {});

    // Both answer later, after Argon2id ran off the event loop.
    void registerUser(const RegisterRequest &request, Done done);
    void login(const LoginRequest &request, Done done);

    Result<TokenPair> refresh(const RefreshRequest &request);
    Status logout(const RefreshRequest &request);
    Result<User> authenticate(QByteArrayView bearerToken);
    // Access + refresh for a user; a new token family unless `family` continues one.
    Result<TokenPair> issueTokens(const User &user, const QString &family = {});

private:
    storage::Storage &m_storage;
    auth::PasswordHasher &m_hasher;
    QByteArray m_secret;
    AuthSettings m_settings;
};

} // namespace parley::service
