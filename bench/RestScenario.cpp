#include "RestScenario.h"

#include "BenchOptions.h"
#include "ClosedLoop.h"
#include "HistoryCheck.h"
#include "Report.h"
#include "Session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>

namespace parley::bench {
namespace {

constexpr int kPageSize = 50;

// Who sends message k and where. Support: message k goes to room k % N, the customer and the
// staff member taking turns in each room (a conversation). Group: the N customers and the staff
// member take turns in the one room.
struct SendPlan
{
    const Fixture *fixture = nullptr;

    const BenchUser &sender(qint64 k) const
    {
        const qint64 n = fixture->customers.size();
        if (fixture->layout == RoomLayout::Group)
            return k % (n + 1) == n ? fixture->staff : fixture->customers.at(k % (n + 1));
        return (k / n) % 2 == 0 ? fixture->customers.at(k % n) : fixture->staff;
    }
    const QString &room(qint64 k) const
    {
        return fixture->layout == RoomLayout::Group ? fixture->rooms.first()
                                                    : fixture->rooms.at(k % fixture->rooms.size());
    }
    QString clientId(qint64 k) const { return QStringLiteral("%1-%2").arg(fixture->runId).arg(k); }
    QString content(qint64 k) const
    {
        return QStringLiteral("Bench message %1 of run %2: where is my parcel, order ORD-%3?")
            .arg(k)
            .arg(fixture->runId)
            .arg(1000 + k % 9000);
    }
};

// Sends messages first..first+count-1 of the plan; records what was stored in `sent`.
LoopSpec sendSpec(const SendPlan &plan, qint64 first, qint64 count, int concurrency,
                  QDeadlineTimer deadline, QHash<QString, SentMessage> *sent)
{
    LoopSpec spec;
    spec.count = count;
    spec.concurrency = concurrency;
    spec.deadline = deadline;
    spec.request = [plan, first](qint64 i) {
        const qint64 k = first + i;
        return postRequest(roomPath(plan.room(k), "messages/"),
                           {{QStringLiteral("client_id"), plan.clientId(k)},
                            {QStringLiteral("type"), QStringLiteral("text")},
                            {QStringLiteral("content"), plan.content(k)}},
                           plan.sender(k).access);
    };
    spec.check = [plan, first, sent](qint64 i, const HttpResponse &response) {
        const qint64 k = first + i;
        QJsonObject message;
        if (QString why = expectJson(response, 201, &message); !why.isEmpty())
            return why;
        const QString clientId = plan.clientId(k);
        if (message.value(QStringLiteral("client_id")).toString() != clientId ||
            message.value(QStringLiteral("seq")).toInteger() < 1) {
            return QStringLiteral("answer is not the message sent (client_id %1)").arg(clientId);
        }
        sent->insert(clientId, {plan.room(k), plan.sender(k).id, plan.content(k)});
        return QString();
    };
    return spec;
}

struct PageAsk
{
    qsizetype room = 0;
    qint64 before = 0;
    qsizetype reader = 0; // customer index
};

// History pages at random positions: a random room, `before` uniform in [2, last_seq + 1], read
// by a customer of the room (its owner in the support layout).
QList<PageAsk> planPages(const Fixture &fixture, const HistoryReport &history, qint64 count,
                         quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<PageAsk> asks;
    asks.reserve(count);
    for (qint64 i = 0; i < count; ++i) {
        PageAsk ask;
        ask.room = qsizetype(rng.bounded(quint32(fixture.rooms.size())));
        const qint64 last = history.lastSeq.value(fixture.rooms.at(ask.room));
        ask.before = 2 + qint64(rng.bounded(quint32(std::max<qint64>(1, last))));
        ask.reader = fixture.layout == RoomLayout::Support
                         ? ask.room
                         : qsizetype(rng.bounded(quint32(fixture.customers.size())));
        asks.append(ask);
    }
    return asks;
}

LoopSpec historySpec(const Fixture &fixture, const QList<PageAsk> &asks, qint64 first, qint64 count,
                     int concurrency, QDeadlineTimer deadline)
{
    LoopSpec spec;
    spec.count = count;
    spec.concurrency = concurrency;
    spec.deadline = deadline;
    spec.request = [&fixture, &asks, first](qint64 i) {
        const PageAsk &ask = asks.at(first + i);
        return getRequest(roomPath(fixture.rooms.at(ask.room), "messages/") +
                              "?before=" + QByteArray::number(ask.before) +
                              "&limit=" + QByteArray::number(kPageSize),
                          fixture.customers.at(ask.reader).access);
    };
    spec.check = [&asks, first](qint64 i, const HttpResponse &response) {
        const PageAsk &ask = asks.at(first + i);
        QJsonObject page;
        if (QString why = expectJson(response, 200, &page); !why.isEmpty())
            return why;
        const QJsonArray results = page.value(QStringLiteral("results")).toArray();
        const qint64 want = std::min<qint64>(kPageSize, ask.before - 1);
        const bool hasMore = page.value(QStringLiteral("has_more")).toBool();
        if (results.size() != want || hasMore != (ask.before - 1 > want))
            return QStringLiteral("page has %1 messages (has_more %2), %3 expected")
                .arg(results.size())
                .arg(hasMore)
                .arg(want);
        const qint64 firstSeq = results.first().toObject().value(QStringLiteral("seq")).toInteger();
        const qint64 lastSeq = results.last().toObject().value(QStringLiteral("seq")).toInteger();
        if (firstSeq != ask.before - want || lastSeq != ask.before - 1)
            return QStringLiteral("page covers seq %1..%2, %3..%4 expected")
                .arg(firstSeq)
                .arg(lastSeq)
                .arg(ask.before - want)
                .arg(ask.before - 1);
        return QString();
    };
    return spec;
}

// Runs a warm-up then the measured loop. Returns false (and prints why) on failure.
bool runPhase(const QString &name, const QList<HttpChannel *> &channels, const LoopSpec &warmup,
              const LoopSpec &measured, qint64 serverPid, PhaseFigures *figures, int *exitCode)
{
    if (warmup.count > 0) {
        err() << name << ": " << warmup.count << " warm-up requests" << Qt::endl;
        const LoopResult result = runClosedLoop(channels, warmup);
        if (!result.ok()) {
            if (result.failed)
                printFailures(err(), result.failures, result.failed);
            else
                err() << "time limit reached during the warm-up" << Qt::endl;
            *exitCode = result.failed ? ExitFailed : ExitTimeLimit;
            return false;
        }
    }
    err() << name << ": " << measured.count << " requests, concurrency " << measured.concurrency
          << Qt::endl;
    const PhaseMeter meter(serverPid);
    const LoopResult result = runClosedLoop(channels, measured);
    *figures = meter.finish(name, measured.concurrency, result);
    if (result.failed) {
        printFailures(err(), result.failures, result.failed);
        *exitCode = ExitFailed;
        return false;
    }
    if (result.timedOut) {
        err() << name << ": time limit reached after " << result.completed << " of "
              << measured.count << " requests" << Qt::endl;
        *exitCode = ExitTimeLimit;
        return false;
    }
    return true;
}

QString layoutName(RoomLayout layout)
{
    return layout == RoomLayout::Group ? QStringLiteral("group") : QStringLiteral("support");
}

} // namespace

void addRestOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("messages"),
         QStringLiteral("Messages to send in the measured send phase (default 5000)."),
         QStringLiteral("m"), QStringLiteral("5000")},
        {QStringLiteral("history-pages"),
         QStringLiteral(
             "History pages (limit 50) to read in the measured history phase (default 2000)."),
         QStringLiteral("p"), QStringLiteral("2000")},
        {QStringLiteral("rooms"),
         QStringLiteral("support: one support room per customer, the staff member in all "
                        "(default); group: one group room with everybody."),
         QStringLiteral("support|group"), QStringLiteral("support")},
    });
}

int runRest(const QCommandLineParser &parser)
{
    QString error;
    const auto common = readCommonOptions(parser, &error);
    const auto messages =
        common ? intOption(parser, QStringLiteral("messages"), 1, 10000000, &error) : std::nullopt;
    const auto pages = messages
                           ? intOption(parser, QStringLiteral("history-pages"), 0, 10000000, &error)
                           : std::nullopt;
    const QString rooms = parser.value(QStringLiteral("rooms"));
    if (pages && rooms != u"support" && rooms != u"group")
        error = QStringLiteral("--rooms must be support or group");
    if (!pages || !error.isEmpty()) {
        err() << "parley-bench rest: " << error << Qt::endl;
        return ExitUsage;
    }
    const QDeadlineTimer deadline(qint64(common->durationLimitS) * 1000);
    const int concurrency = common->concurrency;

    auto owned = makeChannels(*common, concurrency);
    QList<HttpChannel *> channels;
    for (const auto &channel : owned)
        channels.append(channel.get());

    SetupConfig setup;
    setup.users = common->users;
    setup.adminUser = common->adminUser;
    setup.adminPassword = common->adminPassword;
    setup.layout = rooms == u"group" ? RoomLayout::Group : RoomLayout::Support;
    setup.deadline = deadline;
    Fixture fixture;
    QList<Failure> failures;
    if (!setUpFixture(channels, setup, &fixture, &failures, &error)) {
        err() << error << Qt::endl;
        if (!failures.isEmpty())
            printFailures(err(), failures, failures.size());
        return error.startsWith(u"time limit") ? ExitTimeLimit : ExitFailed;
    }

    QList<PhaseFigures> phases;
    int exitCode = ExitOk;

    // 1. Sends.
    const SendPlan plan{&fixture};
    QHash<QString, SentMessage> sent;
    sent.reserve(common->warmup + *messages);
    PhaseFigures sendFigures;
    if (!runPhase(QStringLiteral("send"), channels,
                  sendSpec(plan, 0, common->warmup, concurrency, deadline, &sent),
                  sendSpec(plan, common->warmup, *messages, concurrency, deadline, &sent),
                  common->serverPid, &sendFigures, &exitCode)) {
        return exitCode;
    }
    phases.append(sendFigures);

    // 2. The whole history, read back and checked.
    err() << "verify: paging " << fixture.rooms.size() << " room(s)" << Qt::endl;
    const HistoryReport history =
        checkHistory(channels.first(), fixture.staff.access, fixture.rooms, sent, deadline);
    if (!history.ok()) {
        err() << "verification FAILED:" << Qt::endl;
        for (const QString &problem : history.problems)
            err() << "  " << problem << Qt::endl;
        return ExitFailed;
    }
    const QString verified =
        QStringLiteral("verified: %1 messages, seq gap-free (%2 room(s); %3 sent client_ids each "
                       "exactly once; %4 system messages)")
            .arg(history.messages)
            .arg(fixture.rooms.size())
            .arg(history.matched)
            .arg(history.systemMessages);
    (common->json ? err() : out()) << verified << Qt::endl;

    // 3. History pages.
    if (*pages > 0) {
        const QList<PageAsk> asks =
            planPages(fixture, history, common->warmup + *pages, common->seed);
        PhaseFigures historyFigures;
        if (!runPhase(QStringLiteral("history"), channels,
                      historySpec(fixture, asks, 0, common->warmup, concurrency, deadline),
                      historySpec(fixture, asks, common->warmup, *pages, concurrency, deadline),
                      common->serverPid, &historyFigures, &exitCode)) {
            return exitCode;
        }
        phases.append(historyFigures);
    }

    int connections = 0;
    for (HttpChannel *channel : std::as_const(channels))
        connections += channel->connectionsOpened();

    if (common->json) {
        QJsonObject report{
            {QStringLiteral("scenario"), QStringLiteral("rest")},
            {QStringLiteral("server"), common->target.baseUrl},
            {QStringLiteral("client"), common->client},
            {QStringLiteral("run_id"), fixture.runId},
            {QStringLiteral("config"),
             QJsonObject{{QStringLiteral("users"), common->users},
                         {QStringLiteral("concurrency"), concurrency},
                         {QStringLiteral("messages"), *messages},
                         {QStringLiteral("history_pages"), *pages},
                         {QStringLiteral("page_size"), kPageSize},
                         {QStringLiteral("warmup"), common->warmup},
                         {QStringLiteral("rooms"), layoutName(fixture.layout)},
                         {QStringLiteral("seed"), qint64(common->seed)}}},
            {QStringLiteral("verified"),
             QJsonObject{{QStringLiteral("ok"), true},
                         {QStringLiteral("messages"), history.messages},
                         {QStringLiteral("system_messages"), history.systemMessages},
                         {QStringLiteral("client_ids"), history.matched},
                         {QStringLiteral("rooms"), fixture.rooms.size()}}},
            {QStringLiteral("connections_opened"), connections},
        };
        for (const PhaseFigures &phase : std::as_const(phases))
            report.insert(phase.name, phase.toJson());
        out() << QJsonDocument(report).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        out() << "server " << common->target.baseUrl << ", client " << common->client << ", "
              << common->users << " customers + 1 staff, rooms " << layoutName(fixture.layout)
              << " (" << fixture.rooms.size() << "), " << connections << " TCP connection(s) opened"
              << Qt::endl;
        printTable(out(), phases);
    }
    return ExitOk;
}

} // namespace parley::bench
