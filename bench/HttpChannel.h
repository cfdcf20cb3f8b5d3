#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace parley::bench {

// One HTTP request as the bench sends it: always to the one server under test, JSON bodies only.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QByteArray target; // path and query, e.g. "/api/chat/rooms/ID/messages/?before=9&limit=50"
    QByteArray body;   // empty: no body
    QByteArray bearer; // access token; empty: no Authorization header
};

struct HttpResponse
{
    int status = 0; // 0: no HTTP answer (see transportError)
    QByteArray body;
    QString transportError;
    qint64 elapsedNs = 0; // from handing the request to the socket to the last byte of the answer
};

// A connection to the server that carries one request at a time (a closed-loop worker). Two
// implementations: raw keep-alive sockets (the default, lowest client overhead) and
// QNetworkAccessManager (one manager per channel, so each channel is one connection).
class HttpChannel
{
public:
    using Callback = std::function<void(const HttpResponse &)>;

    virtual ~HttpChannel() = default;
    // The callback runs from the event loop once the whole answer has arrived (or the request
    // failed). Only one request may be in flight per channel.
    virtual void send(const HttpRequest &request, Callback done) = 0;
    // TCP connections opened so far (1 if keep-alive held for the whole run).
    virtual int connectionsOpened() const = 0;
};

} // namespace parley::bench
