#include "WsScenario.h"
#include "Report.h"

#include "BenchOptions.h"
#include "CpuUsage.h"
#include "Latency.h"
#include "Session.h"
#include "WsPeer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace parley::bench {
namespace {

// Runs the event loop until `done` holds or the deadline passes; false on timeout.
bool spinUntil(const std::function<bool()> &done, const QDeadlineTimer &deadline)
{
    // Sleep in the event loop until something happens (done() only changes in event handlers):
    // a busy loop here took a whole core from the server it measures. The ticker bounds each
    // wait so that the deadline is checked.
    QTimer ticker;
    ticker.start(100);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// The users and room(s) of a run, made over REST by the shared fixture code.
bool setUp(const CommonOptions &common, int members, Fixture *fixture,
           const QDeadlineTimer &deadline)
{
    auto owned = makeChannels(common, 4);
    QList<HttpChannel *> channels;
    for (const auto &channel : owned)
        channels.append(channel.get());
    SetupConfig setup;
    setup.users = members - 1; // plus the staff member who creates the group room
    setup.adminUser = common.adminUser;
    setup.adminPassword = common.adminPassword;
    setup.layout = RoomLayout::Group;
    setup.deadline = deadline;
    QList<Failure> failures;
    QString error;
    if (!setUpFixture(channels, setup, fixture, &failures, &error)) {
        err() << "parley-bench: setup failed: " << error << Qt::endl;
        return false;
    }
    return true;
}

QList<BenchUser> membersOf(const Fixture &fixture)
{
    QList<BenchUser> all = fixture.customers;
    all.prepend(fixture.staff);
    return all;
}

QString sendFrame(const QString &roomId, const QString &clientId, qint64 stampNs)
{
    return QStringLiteral("{\"type\":\"send\",\"room_id\":\"%1\",\"client_id\":\"%2\","
                          "\"message_type\":\"text\",\"content\":\"bench:%3\"}")
        .arg(roomId, clientId)
        .arg(stampNs);
}

void printLatency(const char *label, const LatencySummary &s)
{
    out() << label << ": n=" << s.count << " p50=" << round2(s.medianMs)
          << " ms p90=" << round2(s.p90Ms) << " ms p99=" << round2(s.p99Ms)
          << " ms max=" << round2(s.maxMs) << " ms" << Qt::endl;
}

} // namespace

// --- ws -----------------------------------------------------------------------------------------

void addWsOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("members"), QStringLiteral("Members of the room (default 50)."),
         QStringLiteral("N"), QStringLiteral("50")},
        {QStringLiteral("senders"), QStringLiteral("Members who send (default 5)."),
         QStringLiteral("S"), QStringLiteral("5")},
        {QStringLiteral("messages"), QStringLiteral("Messages to send in all (default 50000)."),
         QStringLiteral("M"), QStringLiteral("50000")},
        {QStringLiteral("window"),
         QStringLiteral("Sends in flight per sender, closed loop (default 64)."),
         QStringLiteral("W"), QStringLiteral("64")},
        {QStringLiteral("rate"),
         QStringLiteral("Open loop: messages per second in all (0: closed loop)."),
         QStringLiteral("R"), QStringLiteral("0")},
        {QStringLiteral("seconds"), QStringLiteral("Open loop: how long to send (default 10)."),
         QStringLiteral("T"), QStringLiteral("10")},
        {QStringLiteral("nodes"),
         QStringLiteral("Cluster: spread the sockets round-robin over these comma-separated base "
                        "URLs (nodes of one cluster; --server still does the setup). Latency is "
                        "then also reported for same-node and cross-node deliveries."),
         QStringLiteral("URLS")},
    });
}

int runWs(const QCommandLineParser &parser)
{
    QString error;
    auto common = readCommonOptions(parser, &error);
    const auto members = intOption(parser, QStringLiteral("members"), 2, 5000, &error);
    const auto senders = intOption(parser, QStringLiteral("senders"), 1, 5000, &error);
    const auto messages = intOption(parser, QStringLiteral("messages"), 1, 10000000, &error);
    const auto window = intOption(parser, QStringLiteral("window"), 1, 10000, &error);
    const auto rate = intOption(parser, QStringLiteral("rate"), 0, 1000000, &error);
    const auto seconds = intOption(parser, QStringLiteral("seconds"), 1, 3600, &error);
    if (!common || !members || !senders || !messages || !window || !rate || !seconds ||
        *senders > *members) {
        err() << "parley-bench ws: "
              << (error.isEmpty() ? QStringLiteral("--senders must not exceed --members") : error)
              << Qt::endl;
        return ExitUsage;
    }
    QList<Target> nodes{common->target};
    if (parser.isSet(QStringLiteral("nodes"))) {
        nodes.clear();
        for (const QString &url :
             parser.value(QStringLiteral("nodes")).split(u',', Qt::SkipEmptyParts)) {
            auto node =
                Target::parse(url.trimmed(), parser.isSet(QStringLiteral("allow-remote")), &error);
            if (!node) {
                err() << "parley-bench ws: --nodes: " << error << Qt::endl;
                return ExitUsage;
            }
            nodes.append(*node);
        }
    }
    const auto nodeOf = [&](qint64 member) { return int(member % nodes.size()); };
    raiseFileLimit(*members + 1000);
    const QDeadlineTimer deadline(qint64(common->durationLimitS) * 1000);
    Fixture fixture;
    if (!setUp(*common, int(*members), &fixture, deadline))
        return ExitFailed;
    const QString roomId = fixture.rooms.value(0);
    const QByteArray senderKey = "\"client_id\":\"" + fixture.runId.toUtf8() + '-';
    const QList<BenchUser> users = membersOf(fixture);

    QElapsedTimer clock;
    clock.start();
    const bool openLoop = *rate > 0;
    const qint64 planned = openLoop ? *rate * *seconds : *messages;
    const qint64 warmupNs = openLoop ? 1'000'000'000 : 0; // open loop: the first second is warm-up
    // ack: from the send to its ack on the sender's socket (the server's receive, commit and
    // answer); delivery: from the send to each other member's copy (ack plus the fan-out).
    LatencyRecorder delivery, sameNode, crossNode, ackLatency;
    delivery.reserve(std::min<qint64>(planned * (*members - 1), 50'000'000));
    qint64 acks = 0, deliveries = 0, errors = 0, sent = 0;
    qint64 firstSendNs = -1, lastAckNs = 0, lastDeliveryNs = 0;
    QString firstError;

    std::vector<std::unique_ptr<WsPeer>> peers;
    std::vector<qint64> nextId(size_t(*senders), 0);
    // Each sender's send times not yet acked: acks come back in order on the sender's socket.
    std::vector<std::deque<qint64>> unacked(static_cast<size_t>(*senders));
    auto sendFrom = [&](int sender) {
        if (sent >= planned)
            return;
        const qint64 now = clock.nsecsElapsed();
        if (firstSendNs < 0)
            firstSendNs = now;
        ++sent;
        unacked[size_t(sender)].push_back(now);
        peers[size_t(sender)]->sendText(sendFrame(
            roomId,
            QStringLiteral("%1-%2-%3").arg(fixture.runId).arg(sender).arg(nextId[size_t(sender)]++),
            now));
    };
    for (int i = 0; i < users.size(); ++i) {
        const int index = i;
        peers.push_back(std::make_unique<WsPeer>(
            nodes.at(nodeOf(i)), users.at(i).access,
            [&, index](WsPeer::Kind kind, const QByteArray &frame) {
                const qint64 now = clock.nsecsElapsed();
                switch (kind) {
                case WsPeer::Kind::Message: {
                    const qint64 stamp = WsPeer::numberAfter(frame, "\"content\":\"bench:");
                    ++deliveries;
                    lastDeliveryNs = now;
                    if (stamp >= 0 && stamp >= warmupNs) {
                        delivery.add(now - stamp);
                        if (nodes.size() > 1) {
                            const qint64 sender = WsPeer::numberAfter(frame, senderKey);
                            (sender >= 0 && nodeOf(sender) == nodeOf(index) ? sameNode : crossNode)
                                .add(now - stamp);
                        }
                    }
                    break;
                }
                case WsPeer::Kind::Ack:
                    ++acks;
                    lastAckNs = now;
                    if (index < *senders && !unacked[size_t(index)].empty()) {
                        const qint64 sentAt = unacked[size_t(index)].front();
                        unacked[size_t(index)].pop_front();
                        if (sentAt >= warmupNs)
                            ackLatency.add(now - sentAt);
                    }
                    if (!openLoop && index < *senders)
                        sendFrom(index);
                    break;
                case WsPeer::Kind::Error:
                    if (firstError.isEmpty())
                        firstError = QString::fromUtf8(frame);
                    ++errors;
                    break;
                default:
                    break;
                }
            }));
        peers.back()->open();
    }
    if (!spinUntil(
            [&] {
                return std::all_of(peers.begin(), peers.end(),
                                   [](const auto &p) { return p->helloSeen(); });
            },
            deadline)) {
        err() << "parley-bench ws: not every socket got its hello" << Qt::endl;
        return ExitTimeLimit;
    }
    err() << "parley-bench ws: " << peers.size() << " sockets open, "
          << (openLoop ? "open" : "closed") << " loop" << Qt::endl;

    const qint64 expectedDeliveries = planned * (*members - 1);
    const double benchCpu0 = cpuSeconds();
    const double serverCpu0 = common->serverPid > 0 ? cpuSeconds(common->serverPid) : -1;
    const double busy0 = machineBusySeconds();
    QTimer pacer;
    if (openLoop) {
        // Send what the rate owes by now, round-robin over the senders, then sleep until the next
        // send is due (a timer every millisecond woke the bench 1,000 times a second for nothing,
        // on the cores the server runs on).
        int next = 0;
        const qint64 start = clock.nsecsElapsed();
        pacer.setSingleShot(true);
        pacer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&pacer, &QTimer::timeout, [&] {
            const qint64 owed = (clock.nsecsElapsed() - start) * *rate / 1'000'000'000 + 1;
            while (sent < std::min(owed, planned)) {
                sendFrom(next);
                next = (next + 1) % int(*senders);
            }
            if (sent >= planned)
                return;
            const qint64 dueNs = start + sent * 1'000'000'000 / *rate;
            const qint64 waitNs = dueNs - clock.nsecsElapsed();
            pacer.start(int(std::max<qint64>(0, (waitNs + 999'999) / 1'000'000))); // not early
        });
        pacer.start(0);
    } else {
        for (int s = 0; s < *senders; ++s) {
            for (qint64 w = 0; w < *window; ++w)
                sendFrom(s);
        }
    }
    const bool finished = spinUntil(
        [&] { return errors > 0 || (acks >= planned && deliveries >= expectedDeliveries); },
        deadline);
    pacer.stop();
    if (errors > 0) {
        err() << "parley-bench ws: " << errors << " error frames, first: " << firstError
              << Qt::endl;
        return ExitFailed;
    }
    if (!finished) {
        err() << "parley-bench ws: time limit: " << acks << "/" << planned << " acks, "
              << deliveries << "/" << expectedDeliveries << " deliveries" << Qt::endl;
        return ExitTimeLimit;
    }
    // CPU per message: steadier than rates on a shared machine (other load takes wall time).
    const double benchCpu = cpuSeconds() - benchCpu0;
    const double serverCpu = serverCpu0 >= 0 ? cpuSeconds(common->serverPid) - serverCpu0 : -1;
    const double otherCpu =
        serverCpu >= 0 ? std::max(0.0, machineBusySeconds() - busy0 - benchCpu - serverCpu) : -1;
    const double sendSeconds = double(lastAckNs - firstSendNs) / 1e9;
    const double deliverSeconds = double(lastDeliveryNs - firstSendNs) / 1e9;
    const LatencySummary latency = delivery.summarize();
    if (common->json) {
        QJsonObject result{
            {QStringLiteral("scenario"), QStringLiteral("ws")},
            {QStringLiteral("members"), *members},
            {QStringLiteral("senders"), *senders},
            {QStringLiteral("mode"), openLoop ? QStringLiteral("open") : QStringLiteral("closed")},
            {QStringLiteral("messages"), planned},
            {QStringLiteral("persisted_per_s"), round2(double(acks) / sendSeconds)},
            {QStringLiteral("deliveries_per_s"), round2(double(deliveries) / deliverSeconds)},
            {QStringLiteral("delivery_latency"), latency.toJson()},
            {QStringLiteral("ack_latency"), ackLatency.summarize().toJson()},
            {QStringLiteral("bench_cpu_s"), round2(benchCpu)}};
        if (serverCpu >= 0) {
            result.insert(QStringLiteral("server_cpu_s"), round2(serverCpu));
            result.insert(QStringLiteral("server_us_per_message"),
                          round2(serverCpu * 1e6 / double(planned)));
            result.insert(QStringLiteral("other_cpu_s"), round2(otherCpu));
        }
        if (nodes.size() > 1) {
            result.insert(QStringLiteral("nodes"), int(nodes.size()));
            result.insert(QStringLiteral("same_node_latency"), sameNode.summarize().toJson());
            result.insert(QStringLiteral("cross_node_latency"), crossNode.summarize().toJson());
        }
        out() << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        out() << "ws " << (openLoop ? "open" : "closed") << " loop: " << *members << " members, "
              << *senders << " senders, " << planned << " messages"
              << (openLoop ? QStringLiteral(" at %1/s").arg(*rate)
                           : QStringLiteral(", window %1").arg(*window))
              << Qt::endl;
        out() << "persisted: " << round2(double(acks) / sendSeconds) << " messages/s" << Qt::endl;
        out() << "delivered: " << round2(double(deliveries) / deliverSeconds) << " frames/s ("
              << deliveries << " deliveries)" << Qt::endl;
        printLatency("delivery latency", latency);
        printLatency("ack latency", ackLatency.summarize());
        out() << "cpu: bench " << round2(benchCpu) << " s";
        if (serverCpu >= 0)
            out() << ", server " << round2(serverCpu) << " s ("
                  << round2(serverCpu * 1e6 / double(planned)) << " us per message), other load "
                  << round2(otherCpu) << " s";
        out() << Qt::endl;
        if (nodes.size() > 1) {
            out() << "over " << nodes.size() << " nodes" << Qt::endl;
            printLatency("same-node latency", sameNode.summarize());
            printLatency("cross-node latency", crossNode.summarize());
        }
    }
    return ExitOk;
}

// --- ws-idle ------------------------------------------------------------------------------------

void addWsIdleOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("connections"),
                      QStringLiteral("Idle sockets to open (default 20000)."), QStringLiteral("N"),
                      QStringLiteral("20000")});
    parser.addOption(
        {QStringLiteral("settle"),
         QStringLiteral("Seconds to wait before reading the server's memory (default 2)."),
         QStringLiteral("S"), QStringLiteral("2")});
}

int runWsIdle(const QCommandLineParser &parser)
{
    QString error;
    auto common = readCommonOptions(parser, &error);
    const auto connections = intOption(parser, QStringLiteral("connections"), 1, 200000, &error);
    const auto settle = intOption(parser, QStringLiteral("settle"), 0, 600, &error);
    if (!common || !connections || !settle || common->serverPid <= 0) {
        err() << "parley-bench ws-idle: "
              << (error.isEmpty() ? QStringLiteral("--server-pid is required") : error) << Qt::endl;
        return ExitUsage;
    }
    raiseFileLimit(*connections + 1000);
    const QDeadlineTimer deadline(qint64(common->durationLimitS) * 1000);
    Fixture fixture;
    if (!setUp(*common, 10, &fixture, deadline))
        return ExitFailed;
    const QList<BenchUser> users = membersOf(fixture);

    QThread::msleep(1000);
    const qint64 before = residentKb(common->serverPid);
    std::vector<std::unique_ptr<WsPeer>> peers;
    peers.reserve(size_t(*connections));
    qint64 hellos = 0;
    qint64 failures = 0; // sockets that failed (connect, handshake, dropped) before their hello
    QByteArray firstFailure;
    // Open in waves so the handshakes do not all queue at once.
    while (qint64(peers.size()) < *connections) {
        const qint64 wave = std::min<qint64>(500, *connections - qint64(peers.size()));
        for (qint64 i = 0; i < wave; ++i) {
            const BenchUser &user = users.at(int(peers.size() % size_t(users.size())));
            peers.push_back(std::make_unique<WsPeer>(
                common->target, user.access, [&](WsPeer::Kind kind, const QByteArray &frame) {
                    if (kind == WsPeer::Kind::Hello) {
                        ++hellos;
                    } else if (kind == WsPeer::Kind::Error) {
                        if (!failures++)
                            firstFailure = frame;
                    }
                }));
            peers.back()->open();
        }
        if (!spinUntil([&] { return hellos + failures >= qint64(peers.size()); }, deadline) ||
            failures > 0) {
            err() << "parley-bench ws-idle: only " << hellos << " of " << peers.size()
                  << " sockets answered";
            if (failures > 0)
                err() << "; " << failures << " failed, the first: " << firstFailure;
            err() << Qt::endl;
            return failures > 0 ? ExitFailed : ExitTimeLimit;
        }
    }
    // Let the server settle (allocator, timers) before reading its memory.
    spinUntil([] { return false; }, QDeadlineTimer(*settle * 1000));
    const qint64 after = residentKb(common->serverPid);
    const double perConnection = double(after - before) * 1024.0 / double(*connections);
    if (common->json) {
        out() << QJsonDocument(
                     QJsonObject{{QStringLiteral("scenario"), QStringLiteral("ws-idle")},
                                 {QStringLiteral("connections"), *connections},
                                 {QStringLiteral("rss_before_kib"), before},
                                 {QStringLiteral("rss_after_kib"), after},
                                 {QStringLiteral("bytes_per_connection"), round2(perConnection)}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        out() << "ws-idle: " << *connections << " sockets; server RSS " << before << " KiB -> "
              << after << " KiB; " << round2(perConnection / 1024.0) << " KiB per connection"
              << Qt::endl;
    }
    return ExitOk;
}

// --- ws-resume ----------------------------------------------------------------------------------

void addWsResumeOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("missed"), QStringLiteral("Messages the member misses (default 1000)."),
         QStringLiteral("K"), QStringLiteral("1000")},
        {QStringLiteral("repeat"), QStringLiteral("Resumes to time (default 5)."),
         QStringLiteral("N"), QStringLiteral("5")},
    });
}

int runWsResume(const QCommandLineParser &parser)
{
    QString error;
    auto common = readCommonOptions(parser, &error);
    const auto missed = intOption(parser, QStringLiteral("missed"), 1, 1000000, &error);
    const auto repeat = intOption(parser, QStringLiteral("repeat"), 1, 1000, &error);
    if (!common || !missed || !repeat) {
        err() << "parley-bench ws-resume: " << error << Qt::endl;
        return ExitUsage;
    }
    const QDeadlineTimer deadline(qint64(common->durationLimitS) * 1000);
    Fixture fixture;
    if (!setUp(*common, 2, &fixture, deadline))
        return ExitFailed;
    const QString roomId = fixture.rooms.value(0);
    const BenchUser sender = fixture.staff;
    const BenchUser reader = fixture.customers.value(0);
    auto http = makeChannels(*common, 1);

    LatencyRecorder timings;
    qint64 cursor = 0; // what the reader has seen
    for (qint64 round = 0; round < *repeat; ++round) {
        // 1. The reader is away; the sender writes K messages (acked, so they are stored).
        qint64 acks = 0;
        WsPeer writer(common->target, sender.access, [&](WsPeer::Kind kind, const QByteArray &) {
            if (kind == WsPeer::Kind::Ack)
                ++acks;
        });
        writer.open();
        if (!spinUntil([&] { return writer.helloSeen(); }, deadline))
            return ExitTimeLimit;
        for (qint64 i = 0; i < *missed; ++i)
            writer.sendText(sendFrame(
                roomId, QStringLiteral("%1-r%2-%3").arg(fixture.runId).arg(round).arg(i), 0));
        if (!spinUntil([&] { return acks >= *missed; }, deadline))
            return ExitTimeLimit;
        writer.close();

        // 2. The reader comes back: resume from its cursor, then page over REST if capped.
        qint64 received = 0, lastSeq = cursor;
        bool resumed = false, complete = false;
        WsPeer readerPeer(
            common->target, reader.access, [&](WsPeer::Kind kind, const QByteArray &frame) {
                if (kind == WsPeer::Kind::Message) {
                    ++received;
                    lastSeq = std::max(lastSeq, WsPeer::numberAfter(frame, "\"seq\":"));
                } else if (kind == WsPeer::Kind::Resumed) {
                    resumed = true;
                    complete = frame.contains("\"complete\":true");
                }
            });
        readerPeer.open();
        if (!spinUntil([&] { return readerPeer.helloSeen(); }, deadline))
            return ExitTimeLimit;
        QElapsedTimer elapsed;
        elapsed.start();
        readerPeer.sendText(QStringLiteral("{\"type\":\"resume\",\"cursors\":{\"%1\":%2}}")
                                .arg(roomId)
                                .arg(cursor));
        if (!spinUntil([&] { return resumed; }, deadline))
            return ExitTimeLimit;
        bool more = !complete;
        while (more) {
            bool answered = false;
            http.front()->send(
                getRequest(roomPath(roomId, "messages/") + "?after=" + QByteArray::number(lastSeq) +
                               "&limit=200",
                           reader.access),
                [&](const HttpResponse &response) {
                    QJsonObject page;
                    if (!expectJson(response, 200, &page).isEmpty()) {
                        more = false;
                    } else {
                        const QJsonArray results = page.value(QStringLiteral("results")).toArray();
                        received += results.size();
                        if (!results.isEmpty())
                            lastSeq =
                                results.last().toObject().value(QStringLiteral("seq")).toInteger();
                        more = page.value(QStringLiteral("has_more")).toBool();
                    }
                    answered = true;
                });
            if (!spinUntil([&] { return answered; }, deadline))
                return ExitTimeLimit;
        }
        timings.add(elapsed.nsecsElapsed());
        readerPeer.close();
        if (received != *missed) {
            err() << "parley-bench ws-resume: got " << received << " of " << *missed
                  << " missed messages" << Qt::endl;
            return ExitFailed;
        }
        cursor = lastSeq;
    }
    const LatencySummary s = timings.summarize();
    if (common->json) {
        out() << QJsonDocument(
                     QJsonObject{{QStringLiteral("scenario"), QStringLiteral("ws-resume")},
                                 {QStringLiteral("missed"), *missed},
                                 {QStringLiteral("resume"), s.toJson()}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        out() << "ws-resume: " << *missed << " missed messages, " << *repeat << " rounds"
              << Qt::endl;
        printLatency("time to have them all", s);
    }
    return ExitOk;
}

} // namespace parley::bench
