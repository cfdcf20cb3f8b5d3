#include "ApiClient.h"

#include "TestServer.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace parley::test {

void failAt(const QString &message, std::source_location where)
{
    QTest::qFail(qPrintable(message), where.file_name(), int(where.line()));
}

QJsonArray Reply::results() const
{
    return obj().value("results"_L1).toArray();
}

QString Reply::errorCode() const
{
    return obj().value("error"_L1).toObject().value("code"_L1).toString();
}

QString Reply::errorField() const
{
    return obj().value("error"_L1).toObject().value("field"_L1).toString();
}

QString Reply::errorMessage() const
{
    return obj().value("error"_L1).toObject().value("message"_L1).toString();
}

QString Reply::describe() const
{
    QString text = QString::fromLatin1(method) + u' ' + path + u" -> "_s;
    text += status == 0 ? u"no HTTP answer (%1)"_s.arg(networkError) : QString::number(status);
    if (!body.isEmpty()) {
        constexpr qsizetype kMaxShown = 2000;
        text += u' ' + QString::fromUtf8(body.left(kMaxShown));
        if (body.size() > kMaxShown)
            text += u"... (%1 bytes)"_s.arg(body.size());
    }
    return text;
}

ApiClient::ApiClient(const TestServer *server)
    : m_server(server)
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

ApiClient::ApiClient(const QUrl &baseUrl)
    : m_baseUrl(baseUrl)
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

QUrl ApiClient::baseUrl() const
{
    return m_server ? m_server->baseUrl() : m_baseUrl;
}

QUrl ApiClient::url(const QString &path) const
{
    // An absolute URL is taken as is: sendAll() can then reach several servers at once.
    if (path.startsWith("http://"_L1))
        return QUrl(path);
    return QUrl(baseUrl().toString() + path);
}

static QByteArray compact(const QJsonObject &body)
{
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

Reply ApiClient::get(const QString &path, const QJsonObject &body, const QString &token)
{
    return send({"GET", path, body.isEmpty() ? QByteArray() : compact(body), token, {}});
}

Reply ApiClient::post(const QString &path, const QJsonObject &body, const QString &token)
{
    return send({"POST", path, compact(body), token, {}});
}

Reply ApiClient::patch(const QString &path, const QJsonObject &body, const QString &token)
{
    return send({"PATCH", path, compact(body), token, {}});
}

Reply ApiClient::del(const QString &path, const QJsonObject &body, const QString &token)
{
    return send({"DELETE", path, body.isEmpty() ? QByteArray() : compact(body), token, {}});
}

Reply ApiClient::raw(const QByteArray &method, const QString &path, const QByteArray &body,
                     const Headers &headers, const QString &token)
{
    return send({method, path, body, token, headers});
}

QNetworkReply *ApiClient::start(QNetworkAccessManager &nam, const Request &request) const
{
    QNetworkRequest req(url(request.path));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setTransferTimeout(m_timeoutMs);
    if (req.url().scheme() == u"https")
        req.setSslConfiguration(m_ssl);
    if (!request.token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + request.token.toUtf8());
    bool hasContentType = false;
    for (const auto &[name, value] : request.headers) {
        req.setRawHeader(name, value);
        hasContentType = hasContentType || name.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!request.body.isEmpty() && !hasContentType)
        req.setRawHeader("Content-Type", "application/json");
    return nam.sendCustomRequest(req, request.method, request.body);
}

Reply ApiClient::finish(QNetworkReply *reply, const Request &request) const
{
    Reply result;
    result.method = request.method;
    result.path = request.path;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        result.networkError = reply->errorString();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &error);
    if (error.error == QJsonParseError::NoError) {
        if (doc.isObject())
            result.json = doc.object();
        else if (doc.isArray())
            result.json = doc.array();
    }
    reply->deleteLater();
    return result;
}

Reply ApiClient::send(const Request &request)
{
    QNetworkReply *reply = start(m_nam, request);
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        // Belt and braces: the transfer timeout should already end a stuck request.
        QTimer::singleShot(m_timeoutMs + 5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!reply->isFinished()) {
        reply->abort();
        Reply timedOut = finish(reply, request);
        timedOut.status = 0;
        timedOut.networkError = u"timed out after %1 ms"_s.arg(m_timeoutMs + 5000);
        return timedOut;
    }
    return finish(reply, request);
}

QList<Reply> ApiClient::sendAll(const QList<Request> &requests, int connections)
{
    // One QNetworkAccessManager opens at most 6 connections to a host: several managers let
    // every request be in flight at the same time.
    const int managers = std::max(1, (connections + 5) / 6);
    std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
    for (int i = 0; i < managers; ++i) {
        nams.push_back(std::make_unique<QNetworkAccessManager>());
        nams.back()->setProxy(QNetworkProxy::NoProxy);
    }
    QList<QNetworkReply *> replies;
    QEventLoop loop;
    int pending = int(requests.size());
    for (qsizetype i = 0; i < requests.size(); ++i) {
        QNetworkReply *reply = start(*nams[size_t(i) % nams.size()], requests[i]);
        replies.append(reply);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0) {
        QTimer::singleShot(m_timeoutMs + 5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QList<Reply> results;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        QNetworkReply *reply = replies[i];
        reply->disconnect(&loop);
        if (!reply->isFinished()) {
            reply->abort();
            Reply timedOut = finish(reply, requests[i]);
            timedOut.status = 0;
            timedOut.networkError = u"timed out"_s;
            results.append(timedOut);
        } else {
            results.append(finish(reply, requests[i]));
        }
    }
    return results; // the managers, and with them the replies, go away here
}

Session ApiClient::sessionFrom(const Reply &reply, int expectedStatus,
                               std::source_location where) const
{
    if (reply.status != expectedStatus) {
        failAt(u"expected %1: %2"_s.arg(expectedStatus).arg(reply.describe()), where);
        return {};
    }
    const auto user = parley::User::fromJson(reply.obj().value("user"_L1).toObject());
    if (!user) {
        failAt(u"cannot decode the user (%1): %2"_s.arg(user.error().message, reply.describe()),
               where);
        return {};
    }
    Session session;
    session.user = user.value();
    session.access = reply.obj().value("access"_L1).toString();
    session.refresh = reply.obj().value("refresh"_L1).toString();
    if (session.access.isEmpty() || session.refresh.isEmpty())
        failAt(u"no access/refresh token: %1"_s.arg(reply.describe()), where);
    return session;
}

Session ApiClient::registerUser(const QString &username, const QString &password,
                                const QString &displayName, std::source_location where)
{
    QJsonObject body{{u"username"_s, username}, {u"password"_s, password}};
    if (!displayName.isEmpty())
        body.insert(u"display_name"_s, displayName);
    return sessionFrom(post(u"/api/auth/register"_s, body), 201, where);
}

Session ApiClient::login(const QString &username, const QString &password,
                         std::source_location where)
{
    const QJsonObject body{{u"username"_s, username}, {u"password"_s, password}};
    return sessionFrom(post(u"/api/auth/login"_s, body), 200, where);
}

} // namespace parley::test
