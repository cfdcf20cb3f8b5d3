#pragma once

#include "realtime/WsTransport.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QWebSocket;

namespace parley::realtime {

struct UpgradeRequest;

// A WebSocket carried by QWebSocket: TLS connections (QSslSocket under it), and plain TCP when
// the raw layer is switched off. `tcp` is the socket under it when known: frames built once and
// our close frames are written to it directly (null: through QWebSocket).
class QtWsTransport final : public QObject, public WsTransport
{
public:
    QtWsTransport(std::unique_ptr<QWebSocket> socket, QTcpSocket *tcp, qint64 maxMessageBytes);
    ~QtWsTransport() override;

    // The path, Origin and token of the upgrade request.
    UpgradeRequest request() const;

    void setEvents(Events *events) override;
    bool isOpen() const override;
    bool isGone() const override;
    qint64 bytesToWrite() const override;
    void sendText(const WireFrame &frame) override;
    void ping() override;
    void close(int code, const QString &reason) override;
    void closeNow(int code, const QString &reason) override;
    void abort() override;

protected:
    void closeAndForget(int code, const QString &reason) override;

private:
    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_tcp;
    Events *m_events = nullptr;
};

} // namespace parley::realtime
