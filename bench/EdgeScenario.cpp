#include "EdgeScenario.h"
#include "Report.h"

#include "BenchOptions.h"
#include "WsPeer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace parley::bench {
namespace {

constexpr qint64 kChunk = 64 * 1024;

// Spins the event loop for `ms`, sampling the server's RSS; returns the peak (KiB).
qint64 spinSampling(qint64 pid, int ms, const std::function<bool()> &done = {})
{
    qint64 peak = residentKb(pid);
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer sample;
    sample.start();
    while (clock.elapsed() < ms && !(done && done())) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (sample.elapsed() >= 50) {
            peak = std::max(peak, residentKb(pid));
            sample.restart();
        }
    }
    return std::max(peak, residentKb(pid));
}

struct Flood
{
    qint64 sent = 0;
    bool closed = false;
    QByteArray status; // first line of the answer, when one came
};

// Writes `head`, then `filler` bytes up to `total`, keeping at most 1 MiB queued, until the
// server closes or everything is sent. Returns what happened; *peakKb gets the RSS peak.
Flood flood(const Target &target, qint64 pid, const QByteArray &head, qint64 total, int limitMs,
            qint64 *peakKb)
{
    Flood result;
    QTcpSocket socket;
    QByteArray answer;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { answer += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, [&] { result.closed = true; });
    socket.connectToHost(target.host, target.port);
    if (!socket.waitForConnected(5000)) {
        result.closed = true;
        return result;
    }
    socket.write(head);
    const QByteArray chunk(kChunk, 'a');
    auto pump = [&] {
        while (!result.closed && result.sent < total && socket.bytesToWrite() < (1 << 20)) {
            socket.write(chunk.constData(), std::min(kChunk, total - result.sent));
            result.sent += std::min(kChunk, total - result.sent);
        }
    };
    QObject::connect(&socket, &QTcpSocket::bytesWritten, pump);
    pump();
    *peakKb = spinSampling(pid, limitMs, [&] {
        return result.closed || (result.sent >= total && socket.bytesToWrite() == 0);
    });
    result.status = answer.left(answer.indexOf('\r'));
    socket.abort();
    return result;
}

} // namespace

void addEdgeAbuseOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("body-mb"), QStringLiteral("Size of the huge body (default 200)."),
         QStringLiteral("MB"), QStringLiteral("200")},
        {QStringLiteral("slowloris"),
         QStringLiteral("Slowloris sockets to hold open (default 1000; the server needs "
                        "PARLEY_MAX_CONNECTIONS_PER_IP above it to let them in)."),
         QStringLiteral("N"), QStringLiteral("1000")},
        {QStringLiteral("hold"),
         QStringLiteral("Seconds to hold the slowloris sockets (default 10)."), QStringLiteral("S"),
         QStringLiteral("10")},
    });
}

int runEdgeAbuse(const QCommandLineParser &parser)
{
    QString error;
    auto common = readCommonOptions(parser, &error);
    const auto bodyMb = intOption(parser, QStringLiteral("body-mb"), 1, 100000, &error);
    const auto slowloris = intOption(parser, QStringLiteral("slowloris"), 0, 100000, &error);
    const auto hold = intOption(parser, QStringLiteral("hold"), 1, 3600, &error);
    if (!common || !bodyMb || !slowloris || !hold || common->serverPid <= 0) {
        err() << "parley-bench edge-abuse: "
              << (error.isEmpty() ? QStringLiteral("--server-pid is required") : error) << Qt::endl;
        return ExitUsage;
    }
    raiseFileLimit(*slowloris + 1000);
    const qint64 pid = common->serverPid;
    const qint64 total = *bodyMb * 1024 * 1024;
    QJsonArray phases;
    auto report = [&](const QString &name, qint64 before, qint64 peak, const QString &note) {
        phases.append(QJsonObject{{QStringLiteral("phase"), name},
                                  {QStringLiteral("rss_before_kib"), before},
                                  {QStringLiteral("rss_peak_kib"), peak},
                                  {QStringLiteral("growth_kib"), peak - before},
                                  {QStringLiteral("note"), note}});
        if (!common->json) {
            out() << name << ": RSS " << before << " KiB -> peak " << peak << " KiB (+"
                  << (peak - before) << " KiB); " << note << Qt::endl;
        }
    };

    // 1. A body far over the cap, sent anyway.
    qint64 before = spinSampling(pid, 500);
    qint64 peak = 0;
    Flood body = flood(common->target, pid,
                       "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                       "\r\nContent-Length: " +
                           QByteArray::number(total) + "\r\n\r\n",
                       total, common->durationLimitS * 1000, &peak);
    report(QStringLiteral("body"), before, peak,
           QStringLiteral("%1 MiB sent, answer '%2', %3")
               .arg(body.sent >> 20)
               .arg(QString::fromLatin1(body.status))
               .arg(body.closed ? QStringLiteral("closed by the server")
                                : QStringLiteral("still open")));

    // 2. A header line that never ends.
    before = spinSampling(pid, 500);
    Flood header = flood(common->target, pid, "GET /healthz HTTP/1.1\r\nX-Endless: ", total,
                         common->durationLimitS * 1000, &peak);
    report(QStringLiteral("endless-header"), before, peak,
           QStringLiteral("%1 MiB sent, answer '%2'")
               .arg(header.sent >> 20)
               .arg(QString::fromLatin1(header.status)));

    // 3. Slowloris: many sockets that each send a partial head, one header byte every second.
    before = spinSampling(pid, 500);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    sockets.reserve(size_t(*slowloris));
    for (qint64 i = 0; i < *slowloris; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(common->target.host, common->target.port);
        sockets.push_back(std::move(socket));
        if (i % 200 == 199)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    (void)spinSampling(pid, 2000);
    qint64 connected = 0;
    for (auto &socket : sockets) {
        if (socket->state() == QAbstractSocket::ConnectedState) {
            socket->write("GET /healthz HTTP/1.1\r\nX-Slow: ");
            ++connected;
        }
    }
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&] {
        for (auto &socket : sockets) {
            if (socket->state() == QAbstractSocket::ConnectedState)
                socket->write("a");
        }
    });
    drip.start(1000);
    peak = spinSampling(pid, int(*hold) * 1000);
    qint64 open = 0;
    for (auto &socket : sockets)
        open += socket->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    report(QStringLiteral("slowloris"), before, peak,
           QStringLiteral("%1 sockets connected, %2 still open after %3 s")
               .arg(connected)
               .arg(open)
               .arg(*hold));
    drip.stop();
    sockets.clear();

    if (common->json) {
        out() << QJsonDocument(
                     QJsonObject{{QStringLiteral("scenario"), QStringLiteral("edge-abuse")},
                                 {QStringLiteral("phases"), phases}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    }
    return ExitOk;
}

} // namespace parley::bench
