#pragma once

#include "HttpChannel.h"
#include "Target.h"

#include <QTcpSocket>
#include <QTimer>

#include <chrono>

namespace parley::bench {

// HTTP/1.1 over one keep-alive QTcpSocket (TCP_NODELAY, no proxy), one request at a time. It
// speaks just enough HTTP for parley-server's answers: Content-Length bodies, `Connection: close`
// honoured by reconnecting before the next request.
class RawHttpChannel final : public HttpChannel
{
public:
    RawHttpChannel(const Target &target, int timeoutMs);

    void send(const HttpRequest &request, Callback done) override;
    int connectionsOpened() const override { return m_connections; }

private:
    void onConnected();
    void writeOut();
    void onReadyRead();
    void onClosed();
    bool parseHead();
    void finish(int status, QByteArray body, const QString &transportError, bool dropConnection);

    Target m_target;
    QTcpSocket m_socket;
    QTimer m_timeout;
    int m_connections = 0;

    Callback m_done;
    QByteArray m_out;
    QByteArray m_in;
    bool m_inFlight = false;
    std::chrono::steady_clock::time_point m_start;
    // The answer being read.
    int m_status = 0;
    qsizetype m_bodyStart = -1;
    qint64 m_contentLength = -1;
    bool m_closeAfter = false;
};

} // namespace parley::bench
