#include "ClosedLoop.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <memory>

namespace parley::bench {
namespace {

constexpr qsizetype kBodyShown = 600;

struct LoopState
{
    const LoopSpec *spec = nullptr;
    LoopResult result;
    qint64 next = 0;
    int inFlight = 0;
    bool stopping = false;
    QEventLoop loop;
    std::chrono::steady_clock::time_point first;
    std::chrono::steady_clock::time_point last;
    bool started = false;
};

void issue(LoopState &state, HttpChannel *channel);

void onAnswer(LoopState &state, HttpChannel *channel, qint64 index, const HttpRequest &request,
              const HttpResponse &response)
{
    --state.inFlight;
    state.last = std::chrono::steady_clock::now();
    ++state.result.completed;
    state.result.latency.add(response.elapsedNs);
    QString why = response.transportError;
    if (why.isEmpty())
        why = state.spec->check(index, response);
    if (why.isEmpty()) {
        state.result.succeeded.append(index);
    } else {
        ++state.result.failed;
        state.stopping = true;
        if (state.result.failures.size() < state.spec->keepFailures) {
            state.result.failures.append({index, request.method, request.target, response.status,
                                          response.body.left(kBodyShown), why});
        }
    }
    issue(state, channel);
}

void issue(LoopState &state, HttpChannel *channel)
{
    if (!state.stopping && state.spec->deadline.hasExpired()) {
        state.stopping = true;
        state.result.timedOut = state.next < state.spec->count;
    }
    if (state.stopping || state.next >= state.spec->count) {
        if (state.inFlight == 0)
            state.loop.quit();
        return;
    }
    const qint64 index = state.next++;
    ++state.inFlight;
    HttpRequest request = state.spec->request(index);
    if (!state.started) {
        state.started = true;
        state.first = std::chrono::steady_clock::now();
    }
    channel->send(request, [&state, channel, index, request](const HttpResponse &response) {
        onAnswer(state, channel, index, request, response);
    });
}

} // namespace

QString Failure::describe() const
{
    QString text = QStringLiteral("#%1 %2 %3 -> ")
                       .arg(index)
                       .arg(QString::fromLatin1(method), QString::fromUtf8(target));
    text += status ? QString::number(status) : QStringLiteral("no answer");
    text += QStringLiteral(": ") + reason;
    if (!body.isEmpty())
        text += QStringLiteral("\n    body: ") + QString::fromUtf8(body);
    return text;
}

LoopResult runClosedLoop(const QList<HttpChannel *> &channels, const LoopSpec &spec)
{
    LoopState state;
    state.spec = &spec;
    state.result.latency.reserve(spec.count);
    if (spec.count <= 0)
        return std::move(state.result);
    const int workers =
        int(std::min<qint64>({qint64(spec.concurrency), qint64(channels.size()), spec.count}));
    // Start the workers from the event loop so that answers cannot arrive before exec().
    QTimer::singleShot(0, &state.loop, [&state, &channels, workers] {
        for (int w = 0; w < workers; ++w)
            issue(state, channels.at(w));
    });
    state.loop.exec();
    if (state.started)
        state.result.wallSeconds = std::chrono::duration<double>(state.last - state.first).count();
    return std::move(state.result);
}

} // namespace parley::bench
