#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTcpSocket>

// A minimal RFC 6455 client on a bare QTcpSocket, for what QWebSocket hides: it reads every byte
// the server sent (also after the server dropped the connection), so it sees close frames that
// QWebSocket loses, and it can stay silent (no pong to the server's pings) like a dead peer.
namespace parley::test {

class RawWsClient
{
public:
    RawWsClient();
    ~RawWsClient();

    // Connects to 127.0.0.1:port and sends the upgrade for `pathAndQuery` ("/ws?token=...").
    // True when the answer is "101 Switching Protocols"; statusLine() has the answer's first line.
    bool open(quint16 port, const QString &pathAndQuery, int timeoutMs = 5000);
    // The same with a request of one's own: `request` is sent as it is (a handshake, possibly
    // followed by frames). headers() has the answer's head after the status line.
    bool openWith(quint16 port, const QByteArray &request, int timeoutMs = 5000);
    QByteArray headers() const { return m_headers; }
    // A client frame with this opcode and payload (masked unless `masked` is false; FIN unless
    // `fin` is false), for sendRaw().
    static QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true,
                            bool masked = true);
    // A handshake for `pathAndQuery` with a fresh key.
    static QByteArray handshake(const QString &pathAndQuery);
    QString statusLine() const { return m_statusLine; }

    // A reader that falls behind: QTcpSocket takes at most `bytes` from the kernel before the
    // test reads them (also while another client runs an event loop); unread, the kernel's
    // receive buffer keeps its first size, and the rest waits with the server. (A receive buffer
    // shrunk under an open connection stalls the sender for seconds on retransmission backoff.)
    void setReceiveLimit(int bytes) { m_socket.setReadBufferSize(bytes); }
    // The reader catches up: the client's own buffer is unbounded from now on.
    void liftReceiveLimit() { m_socket.setReadBufferSize(0); }

    // Whether the client answers the server's pings with pongs (default true).
    void setAnswerPings(bool answer) { m_answerPings = answer; }

    // A masked text frame; false when the socket can no longer write.
    bool sendText(const QByteArray &payload);
    bool sendJson(const QJsonObject &object);
    // Bytes as they are (frames built with frame()).
    bool sendRaw(const QByteArray &bytes);

    // Reads what has arrived (waiting up to timeoutMs for more when nothing new came).
    void poll(int timeoutMs = 0);
    // Waits until a close frame arrived or the TCP connection ended.
    bool waitClosed(int timeoutMs);

    QList<QJsonObject> textFrames() const { return m_text; }
    int pingsReceived() const { return m_pings; }
    QList<QByteArray> pongsReceived() const { return m_pongs; }
    bool closeFrameReceived() const { return m_closeCode >= 0; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    bool tcpClosed() const { return m_tcpClosed; }
    qint64 closedAtMs() const { return m_closedAtMs; }
    QString describe() const;

private:
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_headers;
    QList<QByteArray> m_pongs;
    QString m_statusLine;
    QList<QJsonObject> m_text;
    QString m_closeReason;
    int m_closeCode = -1;
    int m_pings = 0;
    qint64 m_closedAtMs = 0;
    bool m_answerPings = true;
    bool m_tcpClosed = false;
};

} // namespace parley::test
