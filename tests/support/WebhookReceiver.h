#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace parley::test {

// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port that records the requests parley-server
// sends to a webhook and answers them as scripted, per path: each request to a path takes the next
// scripted answer, then 200 once the script is used up. An answer may also hold the request (never
// answer it), to catch a sender mid-delivery.
class WebhookReceiver : public QObject
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray retryAfter; // Retry-After header, when not empty
        bool hold = false;     // do not answer at all
    };
    struct Request
    {
        QByteArray method;
        QString path;
        QHash<QByteArray, QByteArray> headers; // names lowercased
        QByteArray body;
        int answered = 0; // 0: held
        qint64 atMs = 0;

        QByteArray header(const QByteArray &lowercaseName) const
        {
            return headers.value(lowercaseName);
        }
    };

    explicit WebhookReceiver(QObject *parent = nullptr);
    ~WebhookReceiver() override;

    bool listen();
    // http://127.0.0.1:PORT/path
    QString url(const QString &path) const;
    void script(const QString &path, const QList<Answer> &answers);
    QList<Request> received(const QString &path) const;
    // Runs the event loop until `path` got `count` requests; false on timeout.
    bool waitForCount(const QString &path, int count, int timeoutMs = 15000);

    // Empty when the X-Parley-Signature of `request` is HMAC-SHA256(secret, "<t>.<body>"), else
    // what is wrong.
    static QString checkSignature(const Request &request, const QString &secret);

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QString, QList<Answer>> m_scripts;
    QList<Request> m_requests;
};

} // namespace parley::test
