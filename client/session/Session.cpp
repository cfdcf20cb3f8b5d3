#include "session/Session.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "session/ClientSettings.h"
#include "session/JwtExpiry.h"
#include "session/TokenStore.h"
#include "state/ClientLogging.h"

#include "protocol/Validation.h"

using namespace Qt::StringLiterals;

namespace parley::client {

namespace {
constexpr qint64 kRefreshLeadMs = 60 * 1000; // refresh this long before the token expires
constexpr int kMaxRetryMs = 60 * 1000;
} // namespace

Session::Session(ApiClient *api, TokenStore *tokens, ClientSettings *settings, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_tokens(tokens)
    , m_settings(settings)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refreshNow(); });
}

QString Session::userId() const
{
    return m_user ? m_user->id : QString();
}
QString Session::username() const
{
    return m_user ? m_user->username : QString();
}
QString Session::displayName() const
{
    return m_user ? m_user->displayName : QString();
}
QString Session::role() const
{
    return m_user ? roleName(m_user->role) : QString();
}
bool Session::isStaff() const
{
    return m_user && parley::isStaff(m_user->role);
}
bool Session::isAdmin() const
{
    return m_user && m_user->role == Role::Admin;
}
QString Session::tokenStorage() const
{
    return m_tokens->backendName();
}

QString Session::tokenKey() const
{
    return u"refresh:"_s + m_api->baseUrl().toString(QUrl::StripTrailingSlash);
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void Session::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorStringChanged();
}

void Session::login(const QString &username, const QString &password)
{
    if (m_state == Authenticating)
        return;
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        setError(u"Enter your username and password"_s);
        Q_EMIT loginFailed(m_error);
        return;
    }
    authenticate(false, LoginRequest{username.trimmed(), password}.toJson());
}

void Session::registerAccount(const QString &username, const QString &password,
                              const QString &displayName)
{
    if (m_state == Authenticating)
        return;
    // The server's own rules, checked here first so the form can say what is wrong at once.
    auto checked = RegisterRequest::fromJson(
        RegisterRequest{username.trimmed(), password, displayName.trimmed()}.toJson());
    if (!checked) {
        setError(checked.error().message);
        Q_EMIT loginFailed(m_error);
        return;
    }
    authenticate(true, checked->toJson());
}

void Session::authenticate(bool registering, const QJsonObject &body)
{
    if (m_state == LoggedIn)
        clearLocal();
    const int epoch = ++m_epoch;
    setState(Authenticating);
    auto onDone = [this, epoch](Result<TokenPair> pair) {
        if (epoch != m_epoch)
            return;
        if (!pair || !pair->user) {
            setState(LoggedOut);
            setError(pair ? u"Unexpected answer from the server"_s : reply::describe(pair.error()));
            Q_EMIT loginFailed(m_error);
            return;
        }
        setError({});
        m_user = pair->user;
        Q_EMIT userChanged();
        adoptTokens(*pair, [this, epoch](bool) {
            if (epoch != m_epoch)
                return;
            m_settings->setLastUser(m_api->baseUrl(), m_user);
            setState(LoggedIn);
            Q_EMIT loggedIn();
        });
    };
    if (registering) {
        auto req = RegisterRequest::fromJson(body);
        m_api->registerAccount(*req, guarded<Result<TokenPair>>(this, onDone));
    } else {
        auto req = LoginRequest::fromJson(body);
        m_api->login(*req, guarded<Result<TokenPair>>(this, onDone));
    }
}

void Session::adoptTokens(const TokenPair &pair, std::function<void(bool)> stored)
{
    m_refresh = pair.refresh;
    setAccess(pair.access);
    m_tokens->write(tokenKey(), m_refresh, [this, stored](Status status) {
        if (!status)
            qCWarning(lcClientSession)
                << "Could not store the refresh token:" << status.error().message;
        Q_EMIT tokenStorageChanged();
        if (stored)
            stored(status.ok());
    });
}

void Session::setAccess(const QString &token)
{
    m_access = token;
    m_api->setAccessToken(token);
    m_accessExpiry = jwtExpiry(token);
    scheduleRefresh();
    Q_EMIT accessTokenChanged();
}

void Session::scheduleRefresh()
{
    m_refreshTimer.stop();
    if (m_access.isEmpty() || !m_accessExpiry.isValid())
        return;
    const qint64 left = QDateTime::currentDateTimeUtc().msecsTo(m_accessExpiry);
    // Short-lived tokens (tests) refresh at 80% of their life.
    const qint64 lead = std::min(kRefreshLeadMs, left / 5);
    m_refreshTimer.start(int(std::clamp<qint64>(left - lead, 1000, 24LL * 3600 * 1000)));
}

QDateTime Session::nextRefreshAt() const
{
    if (!m_refreshTimer.isActive())
        return {};
    return QDateTime::currentDateTimeUtc().addMSecs(m_refreshTimer.remainingTime());
}

void Session::restore()
{
    const auto user = m_settings->lastUser(m_api->baseUrl());
    if (!user) {
        Q_EMIT restored(false);
        return;
    }
    const int epoch = ++m_epoch;
    m_tokens->read(tokenKey(), [this, epoch, user](Result<QString> token) {
        if (epoch != m_epoch)
            return;
        if (!token || token->isEmpty()) {
            Q_EMIT restored(false);
            return;
        }
        m_refresh = *token;
        m_user = user;
        Q_EMIT userChanged();
        Q_EMIT tokenStorageChanged();
        setState(LoggedIn);
        Q_EMIT loggedIn();
        Q_EMIT restored(true);
        refreshNow();
    });
}

void Session::refreshNow(std::function<void(bool)> done)
{
    if (done)
        m_refreshWaiters.append(std::move(done));
    if (m_refreshing)
        return;
    if (m_refresh.isEmpty()) {
        const auto waiters = std::exchange(m_refreshWaiters, {});
        for (const auto &w : waiters)
            w(false);
        return;
    }
    m_refreshing = true;
    const int epoch = m_epoch;
    m_api->refresh(
        m_refresh, guarded<Result<TokenPair>>(this, [this, epoch](Result<TokenPair> pair) {
            m_refreshing = false;
            const auto waiters = std::exchange(m_refreshWaiters, {});
            if (epoch != m_epoch) {
                for (const auto &w : waiters)
                    w(false);
                return;
            }
            if (pair) {
                m_refreshFailures = 0;
                adoptTokens(*pair, {});
                for (const auto &w : waiters)
                    w(true);
                return;
            }
            const auto code = pair.error().code;
            if (code == ErrorCode::Unauthorized || code == ErrorCode::Forbidden) {
                qCInfo(lcClientSession) << "The server refused the refresh token: session over";
                clearLocal();
                setError(u"Your session has expired: please log in again"_s);
                setState(LoggedOut);
                Q_EMIT sessionExpired();
                Q_EMIT loggedOut();
            } else {
                retryRefreshLater();
            }
            for (const auto &w : waiters)
                w(false);
        }));
}

void Session::retryRefreshLater()
{
    ++m_refreshFailures;
    const int delay = std::min(kMaxRetryMs, 1000 << std::min(m_refreshFailures, 6));
    m_refreshTimer.start(delay);
}

void Session::logout()
{
    if (m_state == LoggedOut)
        return;
    if (!m_refresh.isEmpty())
        m_api->logout(m_refresh, [](Status) {}); // best effort: offline logouts still forget it
    clearLocal();
    setError({});
    setState(LoggedOut);
    Q_EMIT loggedOut();
}

void Session::clearLocal()
{
    ++m_epoch;
    m_refreshTimer.stop();
    m_refreshFailures = 0;
    m_tokens->remove(tokenKey(), [](Status) {});
    m_settings->setLastUser(m_api->baseUrl(), std::nullopt);
    m_refresh.clear();
    if (!m_access.isEmpty()) {
        m_access.clear();
        m_api->setAccessToken({});
        m_accessExpiry = {};
        Q_EMIT accessTokenChanged();
    }
    if (m_user) {
        m_user.reset();
        Q_EMIT userChanged();
    }
}

} // namespace parley::client
