#include "service/AuthService.h"

#include "auth/Jwt.h"
#include "auth/PasswordHasher.h"
#include "auth/RefreshTokens.h"
#include "logging/Logging.h"
#include "protocol/Time.h"

#include <QUuid>

namespace parley::service {

QByteArray bearerFromHeader(QByteArrayView authorization)
{
    const QByteArrayView header = authorization.trimmed();
    constexpr QByteArrayView prefix("bearer ");
    if (header.size() <= prefix.size() ||
        header.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) != 0)
        return {};
    return header.sliced(prefix.size()).trimmed().toByteArray();
}

namespace {

Error badCredentials()
{
    return Error::unauthorized(QStringLiteral("Invalid username or password"));
}

Error blocked()
{
    return Error::forbidden(QStringLiteral("This account is blocked"));
}

Error busy()
{
    return Error{ErrorCode::Unavailable, QStringLiteral("Server busy, try again shortly"), {}, 1};
}

} // namespace

AuthService::AuthService(storage::Storage &storage, auth::PasswordHasher &hasher, QByteArray secret,
                         AuthSettings settings)
    : m_storage(storage)
    , m_hasher(hasher)
    , m_secret(std::move(secret))
    , m_settings(settings)
{}

Result<TokenPair> AuthService::issueTokens(const User &user, const QString &family)
{
    const qint64 now = nowMs() / 1000;
    auth::JwtClaims claims;
    claims.sub = user.id;
    claims.role = roleName(user.role);
    claims.iat = now;
    claims.exp = now + m_settings.accessTtlS;
    claims.jti = QUuid::createUuid().toString(QUuid::WithoutBraces);

    TokenPair pair;
    pair.user = user;
    pair.access = QString::fromLatin1(auth::signJwt(claims, m_secret));
    pair.refresh = auth::newOpaqueToken();

    storage::RefreshTokenRecord record;
    record.digest = auth::tokenDigest(pair.refresh);
    record.userId = user.id;
    record.family = family.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : family;
    record.expiresAtMs = (now + m_settings.refreshTtlS) * 1000;
    if (auto s = m_storage.tokens().insert(record); !s)
        return s.error();
    return pair;
}

void AuthService::registerUser(const RegisterRequest &request, Done done)
{
    // Cheap check first, so a taken name costs no hashing; the unique index decides races.
    auto existing = m_storage.users().byUsername(request.username);
    if (existing)
        return done(Error{ErrorCode::Conflict, QStringLiteral("Username is taken"),
                          QStringLiteral("username")});
    if (existing.error().code != ErrorCode::NotFound)
        return done(existing.error());

    m_hasher.hash(request.password, this, [this, request, done](std::optional<QByteArray> hash) {
        if (!hash)
            return done(busy());
        storage::NewUser user{request.username, request.displayName, Role::Customer, *hash};
        auto created = m_storage.users().create(user);
        if (!created)
            return done(created.error());
        qCInfo(lcAuth) << "Registered" << request.username;
        done(issueTokens(created->user));
    });
}

void AuthService::login(const LoginRequest &request, Done done)
{
    auto found = m_storage.users().byUsername(request.username);
    if (!found && found.error().code != ErrorCode::NotFound)
        return done(found.error());
    if (!found) {
        // Spend the same time as a real check, so timing does not tell which usernames exist.
        m_hasher.verifyDummy(request.password, this, [done](auth::VerifyResult r) {
            done(r == auth::VerifyResult::Busy ? busy() : badCredentials());
        });
        return;
    }
    const storage::UserRecord record = *found;
    m_hasher.verify(record.passwordHash, request.password, this,
                    [this, record, done](auth::VerifyResult result) {
                        using VR = auth::VerifyResult;
                        if (result == VR::Busy)
                            return done(busy());
                        if (result != VR::Match)
                            return done(badCredentials());
                        if (record.blocked)
                            return done(blocked());
                        done(issueTokens(record.user));
                    });
}

Result<TokenPair> AuthService::refresh(const RefreshRequest &request)
{
    const QByteArray digest = auth::tokenDigest(request.refresh);
    auto token = m_storage.tokens().find(digest);
    if (!token) {
        if (token.error().code == ErrorCode::NotFound)
            return Error::unauthorized(QStringLiteral("Invalid refresh token"));
        return token.error();
    }
    if (token->usedAtMs != 0) {
        // A used token coming back means two parties hold it: end that whole login.
        qCWarning(lcAuth) << "Refresh token reuse; revoking its family for user" << token->userId;
        (void)m_storage.tokens().revokeFamily(token->family);
        return Error::unauthorized(QStringLiteral("Refresh token already used"));
    }
    if (token->expiresAtMs < nowMs())
        return Error::unauthorized(QStringLiteral("Refresh token expired"));
    auto user = m_storage.users().byId(token->userId);
    if (!user)
        return Error::unauthorized(QStringLiteral("Invalid refresh token"));
    if (user->blocked)
        return blocked();

    TokenPair pair;
    Status status = m_storage.transaction([&]() -> Status {
        auto marked = m_storage.tokens().markUsed(digest, nowMs());
        if (!marked)
            return marked.error();
        if (!*marked)
            return Error::unauthorized(QStringLiteral("Refresh token already used"));
        auto issued = issueTokens(user->user, token->family);
        if (!issued)
            return issued.error();
        pair = *issued;
        return {};
    });
    if (!status)
        return status.error();
    pair.user.reset(); // refresh answers {access, refresh}
    return pair;
}

Status AuthService::logout(const RefreshRequest &request)
{
    return m_storage.tokens().remove(auth::tokenDigest(request.refresh));
}

Result<User> AuthService::authenticate(QByteArrayView bearerToken)
{
    if (bearerToken.isEmpty())
        return Error::unauthorized();
    const auto verified = auth::verifyJwt(bearerToken, m_secret, nowMs() / 1000);
    if (const auto *error = std::get_if<auth::JwtError>(&verified))
        return Error::unauthorized(auth::jwtErrorMessage(*error));
    const auto &claims = std::get<auth::JwtClaims>(verified);
    auto user = m_storage.users().byId(claims.sub);
    if (!user) {
        if (user.error().code == ErrorCode::NotFound)
            return Error::unauthorized(QStringLiteral("Unknown user"));
        return user.error();
    }
    if (user->blocked)
        return Error::unauthorized(QStringLiteral("This account is blocked"));
    return user->user;
}

} // namespace parley::service
