#include "HistoryCheck.h"

#include "ClosedLoop.h"
#include "Session.h"

#include <QJsonArray>
#include <QSet>

namespace parley::bench {
namespace {

constexpr int kPage = 200;
constexpr int kMaxProblems = 10;

// One request, awaited.
HttpResponse call(HttpChannel *channel, const HttpRequest &request, QDeadlineTimer deadline)
{
    HttpResponse answer;
    LoopSpec spec;
    spec.count = 1;
    spec.deadline = deadline;
    spec.request = [&](qint64) { return request; };
    spec.check = [&](qint64, const HttpResponse &r) {
        answer = r;
        return QString();
    };
    const LoopResult result = runClosedLoop({channel}, spec);
    if (result.timedOut)
        answer.transportError = QStringLiteral("time limit reached");
    return answer;
}

} // namespace

HistoryReport checkHistory(HttpChannel *channel, const QByteArray &bearer, const QStringList &rooms,
                           const QHash<QString, SentMessage> &sent, QDeadlineTimer deadline)
{
    HistoryReport report;
    QSet<QString> seen;
    auto problem = [&report](const QString &text) {
        if (report.problems.size() < kMaxProblems)
            report.problems.append(text);
        else if (report.problems.size() == kMaxProblems)
            report.problems.append(QStringLiteral("(more problems not shown)"));
    };

    for (const QString &roomId : rooms) {
        const HttpResponse roomAnswer =
            call(channel, getRequest(roomPath(roomId), bearer), deadline);
        QJsonObject room;
        if (QString why = roomAnswer.transportError.isEmpty() ? expectJson(roomAnswer, 200, &room)
                                                              : roomAnswer.transportError;
            !why.isEmpty()) {
            problem(QStringLiteral("GET room %1: %2 %3")
                        .arg(roomId, why, QString::fromUtf8(roomAnswer.body.left(300))));
            continue;
        }
        const qint64 lastSeq = room.value(QStringLiteral("last_seq")).toInteger();

        qint64 expectSeq = 1;
        bool more = true;
        while (more) {
            const QByteArray target = roomPath(roomId, "messages/") +
                                      "?after=" + QByteArray::number(expectSeq - 1) +
                                      "&limit=" + QByteArray::number(kPage);
            const HttpResponse answer = call(channel, getRequest(target, bearer), deadline);
            QJsonObject page;
            if (QString why = answer.transportError.isEmpty() ? expectJson(answer, 200, &page)
                                                              : answer.transportError;
                !why.isEmpty()) {
                problem(QStringLiteral("GET %1: %2 %3")
                            .arg(QString::fromUtf8(target), why,
                                 QString::fromUtf8(answer.body.left(300))));
                break;
            }
            const QJsonArray results = page.value(QStringLiteral("results")).toArray();
            more = page.value(QStringLiteral("has_more")).toBool();
            if (results.isEmpty() && more) {
                problem(QStringLiteral("room %1: empty page with has_more after seq %2")
                            .arg(roomId)
                            .arg(expectSeq - 1));
                break;
            }
            for (const QJsonValue &value : results) {
                const QJsonObject message = value.toObject();
                const qint64 seq = message.value(QStringLiteral("seq")).toInteger();
                if (seq != expectSeq) {
                    problem(QStringLiteral("room %1: seq %2 where %3 was due")
                                .arg(roomId)
                                .arg(seq)
                                .arg(expectSeq));
                    expectSeq = seq; // report each gap once
                }
                ++expectSeq;
                ++report.messages;
                const QString type = message.value(QStringLiteral("type")).toString();
                const QString clientId = message.value(QStringLiteral("client_id")).toString();
                if (type == u"system" && clientId.isEmpty()) {
                    ++report.systemMessages;
                    continue;
                }
                const auto expected = sent.constFind(clientId);
                if (expected == sent.constEnd()) {
                    problem(QStringLiteral("room %1 seq %2: unexpected message (client_id '%3')")
                                .arg(roomId)
                                .arg(seq)
                                .arg(clientId));
                    continue;
                }
                if (seen.contains(clientId)) {
                    problem(QStringLiteral("client_id %1 stored twice (again at seq %2)")
                                .arg(clientId)
                                .arg(seq));
                    continue;
                }
                seen.insert(clientId);
                const QString sender = message.value(QStringLiteral("sender"))
                                           .toObject()
                                           .value(QStringLiteral("id"))
                                           .toString();
                if (expected->roomId != roomId || expected->senderId != sender ||
                    expected->content != message.value(QStringLiteral("content")).toString()) {
                    problem(QStringLiteral("client_id %1: room, sender or content differ from "
                                           "what was sent")
                                .arg(clientId));
                }
            }
        }
        if (expectSeq - 1 != lastSeq) {
            problem(QStringLiteral("room %1: history ends at seq %2 but last_seq is %3")
                        .arg(roomId)
                        .arg(expectSeq - 1)
                        .arg(lastSeq));
        }
        report.lastSeq.insert(roomId, expectSeq - 1);
    }
    report.matched = seen.size();
    if (seen.size() != sent.size()) {
        problem(QStringLiteral("%1 of %2 sent messages not found in the history")
                    .arg(sent.size() - seen.size())
                    .arg(sent.size()));
    }
    return report;
}

} // namespace parley::bench
