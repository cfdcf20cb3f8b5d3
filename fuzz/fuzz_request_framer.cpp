// RequestFramer (the HTTP head guard under QtHttpServer) on arbitrary byte streams, fed in
// arbitrary chunk sizes. It must never read past its input, always make progress, keep its
// counters consistent and enforce its caps: no head larger than the cap is ever accepted.
//
// Input: one byte of chunk size, then the stream.
#include "FuzzApp.h"

#include "http/RequestFramer.h"

#include <cstdlib>

using parley::http::RequestFramer;

namespace {

constexpr int kMaxUrl = 256;
constexpr int kMaxHead = 1024;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArray stream = parley::fuzz::bytes(data + 1, size - 1);
    RequestFramer framer(kMaxUrl, kMaxHead);
    qsizetype pos = 0;
    while (pos < stream.size()) {
        if (framer.inBody() && framer.bodyRemaining() > 0) {
            // The edge skips body bytes without showing them to the framer.
            const qint64 n = qMin<qint64>(framer.bodyRemaining(), stream.size() - pos);
            const RequestFramer::Step step = framer.skipBody(n);
            check(step.consumed <= n);
            pos += n;
            continue;
        }
        const QByteArrayView view(stream.constData() + pos, qMin(chunk, stream.size() - pos));
        const RequestFramer::Step step = framer.advance(view);
        check(step.consumed >= 0 && step.consumed <= view.size());
        if (step.event == RequestFramer::Event::Failed) {
            check(framer.failure() != RequestFramer::Failure::None);
            return 0;
        }
        if (step.event == RequestFramer::Event::NeedMore)
            check(step.consumed == view.size());
        if (step.event == RequestFramer::Event::HeadComplete) {
            const auto &head = framer.head();
            check(head.target.size() <= kMaxUrl);
            check(!head.method.isEmpty());
            check(head.path.size() <= head.target.size());
        }
        if (step.event == RequestFramer::Event::RequestComplete)
            check(step.requestBytes > 0);
        check(step.consumed > 0 || step.event != RequestFramer::Event::NeedMore || view.isEmpty());
        pos += step.consumed;
    }
    return 0;
}
