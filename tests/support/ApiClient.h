#pragma once

#include "protocol/User.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <source_location>

class QNetworkReply;

namespace parley::test {

class TestServer;

inline constexpr auto kDefaultPassword = "password-123";

// One HTTP answer. status is 0 when no HTTP answer arrived (refused, reset or timed out).
struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonValue json;                       // undefined when the body is not JSON
    QHash<QByteArray, QByteArray> headers; // names lowercased
    QString networkError;
    QByteArray method;
    QString path;

    QJsonObject obj() const { return json.toObject(); }
    QJsonArray array() const { return json.toArray(); }
    // {results: [...]} of the list endpoints.
    QJsonArray results() const;
    QString errorCode() const;
    QString errorField() const;
    QString errorMessage() const;
    QByteArray header(const QByteArray &lowercaseName) const
    {
        return headers.value(lowercaseName);
    }
    // "POST /api/auth/login -> 401 {...}", for failure messages.
    QString describe() const;
};

// A logged-in user: the User of the register/login answer and its tokens.
struct Session
{
    parley::User user;
    QString access;
    QString refresh;

    QString id() const { return user.id; }
    QString username() const { return user.username; }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Request
{
    QByteArray method;
    QString path; // with the query, e.g. "/api/chat/rooms/?status=open"; or an absolute URL
    QByteArray body;
    QString token; // empty: no Authorization header
    Headers headers;
};

// A synchronous REST client for tests: each call sends one request and spins an event loop until
// the answer (or a timeout) arrives. Redirects are not followed and no proxy is used, so what a
// test sees is exactly what the server answered.
class ApiClient
{
public:
    // Follows the server across restarts (its port may change).
    explicit ApiClient(const TestServer *server);
    explicit ApiClient(const QUrl &baseUrl);
    ApiClient(const ApiClient &) = delete;
    ApiClient &operator=(const ApiClient &) = delete;

    QUrl baseUrl() const;
    QUrl url(const QString &path) const;
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // For https servers: e.g. a configuration whose CA certificates include the test CA.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }

    // JSON requests. post/patch always send the body (`{}` when empty); get/del send none.
    Reply get(const QString &path, const QJsonObject &body = {}, const QString &token = {});
    Reply post(const QString &path, const QJsonObject &body = {}, const QString &token = {});
    Reply patch(const QString &path, const QJsonObject &body = {}, const QString &token = {});
    Reply del(const QString &path, const QJsonObject &body = {}, const QString &token = {});
    Reply get(const QString &path, const Session &as) { return get(path, {}, as.access); }
    Reply del(const QString &path, const Session &as) { return del(path, {}, as.access); }
    Reply post(const QString &path, const QJsonObject &body, const Session &as)
    {
        return post(path, body, as.access);
    }
    Reply patch(const QString &path, const QJsonObject &body, const Session &as)
    {
        return patch(path, body, as.access);
    }
    // Anything else: any method, raw bytes, explicit headers. A non-empty body gets
    // `Content-Type: application/json` unless headers name another one.
    Reply raw(const QByteArray &method, const QString &path, const QByteArray &body = {},
              const Headers &headers = {}, const QString &token = {});

    Reply send(const Request &request);
    // Sends every request at once (spread over several connections) and waits for all.
    QList<Reply> sendAll(const QList<Request> &requests, int connections = 16);

    // POST /api/auth/register; display_name is left out when empty. Fails the current test (and
    // returns an empty Session) unless the answer is 201 with a decodable user.
    Session registerUser(const QString &username,
                         const QString &password = QString::fromLatin1(kDefaultPassword),
                         const QString &displayName = {},
                         std::source_location where = std::source_location::current());
    // POST /api/auth/login, expecting 200.
    Session login(const QString &username,
                  const QString &password = QString::fromLatin1(kDefaultPassword),
                  std::source_location where = std::source_location::current());

private:
    QNetworkReply *start(QNetworkAccessManager &nam, const Request &request) const;
    Reply finish(QNetworkReply *reply, const Request &request) const;
    Session sessionFrom(const Reply &reply, int expectedStatus, std::source_location where) const;

    const TestServer *m_server = nullptr;
    QUrl m_baseUrl;
    QNetworkAccessManager m_nam;
    int m_timeoutMs = 20000;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
};

// Records a failure of the current test at `where` (the helper's caller) without returning from
// it: helpers that produce values use this, then hand back an empty value.
void failAt(const QString &message, std::source_location where);

} // namespace parley::test
