#pragma once

#include "protocol/Requests.h"
#include "protocol/User.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace parley::client {

class ApiClient;
class ClientSettings;
class TokenStore;

// Who is logged in. login/register store the refresh token (TokenStore: keychain, else a 0600
// file) and the user (ClientSettings); restore() brings a previous login back at start-up,
// logged in at once from what was stored (so the app works offline) and refreshing the access
// token as soon as the server answers. The access token is refreshed a minute before it expires,
// and on demand after a 401. A refresh the server refuses (401/403: revoked, blocked) ends the
// session: state LoggedOut and sessionExpired().
//
// QML: Parley.session
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Parley.session")
    // LoggedOut / Authenticating (login or register running) / LoggedIn
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool loggedIn READ isLoggedIn NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY stateChanged)
    // The last login/register failure, human readable; "" after a success.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY userChanged)
    Q_PROPERTY(QString username READ username NOTIFY userChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY userChanged)
    Q_PROPERTY(QString role READ role NOTIFY userChanged)    // "customer" | "staff" | "admin"
    Q_PROPERTY(bool isStaff READ isStaff NOTIFY userChanged) // staff or admin
    Q_PROPERTY(bool isAdmin READ isAdmin NOTIFY userChanged)
    // True while a valid access token is held (false when logged in offline).
    Q_PROPERTY(bool hasAccessToken READ hasAccessToken NOTIFY accessTokenChanged)
    // Where the refresh token is kept: "keychain" or "file" ("" before the first use).
    Q_PROPERTY(QString tokenStorage READ tokenStorage NOTIFY tokenStorageChanged)

public:
    enum State { LoggedOut, Authenticating, LoggedIn };
    Q_ENUM(State)

    Session(ApiClient *api, TokenStore *tokens, ClientSettings *settings,
            QObject *parent = nullptr);

    // Validates and sends; the outcome arrives as loggedInChanged/stateChanged or loginFailed.
    Q_INVOKABLE void login(const QString &username, const QString &password);
    Q_INVOKABLE void registerAccount(const QString &username, const QString &password,
                                     const QString &displayName);
    // Revokes the refresh token on the server (best effort), forgets it locally: LoggedOut.
    Q_INVOKABLE void logout();

    // Start-up: logs in again from the stored user and refresh token, if any (answers at once
    // when there is nothing stored). Emits restored(bool loggedIn) when decided.
    void restore();
    // Refreshes the access token now; done(true) when a new one is held.
    void refreshNow(std::function<void(bool)> done = {});

    State state() const { return m_state; }
    bool isLoggedIn() const { return m_state == LoggedIn; }
    bool isBusy() const { return m_state == Authenticating; }
    QString errorString() const { return m_error; }
    std::optional<User> user() const { return m_user; }
    QString userId() const;
    QString username() const;
    QString displayName() const;
    QString role() const;
    bool isStaff() const;
    bool isAdmin() const;
    QString accessToken() const { return m_access; }
    bool hasAccessToken() const { return !m_access.isEmpty(); }
    QDateTime accessExpiry() const { return m_accessExpiry; }
    // When the access token will be refreshed (invalid when no refresh is scheduled).
    QDateTime nextRefreshAt() const;
    QString tokenStorage() const;
    // Key of the refresh token in the TokenStore for the current server.
    QString tokenKey() const;

Q_SIGNALS:
    void stateChanged();
    void userChanged();
    void errorStringChanged();
    void accessTokenChanged();
    void tokenStorageChanged();
    void loggedIn(); // a login, a register or a restore succeeded
    void loginFailed(const QString &message);
    void loggedOut();      // by logout() or an expired session
    void sessionExpired(); // the server refused the refresh token
    void restored(bool loggedIn);

private:
    void authenticate(bool registering, const QJsonObject &body);
    void adoptTokens(const TokenPair &pair, std::function<void(bool)> stored);
    void setAccess(const QString &token);
    void setState(State state);
    void setError(const QString &error);
    void clearLocal();
    void scheduleRefresh();
    void retryRefreshLater();

    ApiClient *m_api;
    TokenStore *m_tokens;
    ClientSettings *m_settings;
    State m_state = LoggedOut;
    std::optional<User> m_user;
    QString m_access;
    QString m_refresh;
    QDateTime m_accessExpiry;
    QString m_error;
    QTimer m_refreshTimer;
    int m_refreshFailures = 0;
    bool m_refreshing = false;
    QList<std::function<void(bool)>> m_refreshWaiters;
    int m_epoch = 0; // bumps on login/logout: answers for an older session are dropped
};

} // namespace parley::client
