#include "QnamHttpChannel.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QUrl>

#include <chrono>

namespace parley::bench {

QnamHttpChannel::QnamHttpChannel(const Target &target, int timeoutMs)
    : m_target(target)
    , m_timeoutMs(timeoutMs)
{
    m_manager.setProxy(QNetworkProxy::NoProxy);
    m_manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void QnamHttpChannel::send(const HttpRequest &request, Callback done)
{
    QNetworkRequest req(QUrl(m_target.baseUrl + QString::fromUtf8(request.target)));
    req.setTransferTimeout(m_timeoutMs);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!request.bearer.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + request.bearer);
    if (!request.body.isEmpty() || request.method != "GET")
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));

    const auto start = std::chrono::steady_clock::now();
    QNetworkReply *reply = request.method == "GET"
                               ? m_manager.get(req)
                               : m_manager.sendCustomRequest(req, request.method, request.body);
    QObject::connect(
        reply, &QNetworkReply::finished, reply, [reply, start, done = std::move(done)] {
            HttpResponse response;
            response.elapsedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now() - start)
                                     .count();
            response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            response.body = reply->readAll();
            if (response.status == 0)
                response.transportError = reply->errorString();
            reply->deleteLater();
            done(response);
        });
}

} // namespace parley::bench
