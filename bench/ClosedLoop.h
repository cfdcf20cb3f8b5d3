#pragma once

#include "HttpChannel.h"
#include "Latency.h"

#include <QDeadlineTimer>
#include <QList>
#include <QString>

#include <functional>

namespace parley::bench {

// A request whose answer was not the expected one.
struct Failure
{
    qint64 index = 0;
    QByteArray method;
    QByteArray target;
    int status = 0;
    QByteArray body;
    QString reason;

    QString describe() const;
};

struct LoopSpec
{
    qint64 count = 0;    // requests to make, indexes 0..count-1
    int concurrency = 1; // requests in flight, one per channel
    std::function<HttpRequest(qint64 index)> request;
    // Empty when the answer is as expected, else why not. Runs for every answer.
    std::function<QString(qint64 index, const HttpResponse &response)> check;
    QDeadlineTimer deadline = QDeadlineTimer::Forever;
    int keepFailures = 5; // failures kept with their bodies for the report
};

struct LoopResult
{
    LatencyRecorder latency; // every completed request, in issue order of completion
    qint64 completed = 0;
    qint64 failed = 0;
    QList<Failure> failures; // the first keepFailures
    double wallSeconds = 0;  // first request handed to a socket -> last answer
    bool timedOut = false;   // the deadline stopped the loop before count
    QList<qint64> succeeded; // indexes whose answer passed the check

    bool ok() const { return failed == 0 && !timedOut; }
};

// Closed loop: `concurrency` workers, each with its own channel, each sending its next request as
// soon as its previous answer is in. Indexes are handed out in order from one counter. After the
// first failure or at the deadline no new request starts; those in flight are still awaited.
// Runs a local event loop until done.
LoopResult runClosedLoop(const QList<HttpChannel *> &channels, const LoopSpec &spec);

} // namespace parley::bench
