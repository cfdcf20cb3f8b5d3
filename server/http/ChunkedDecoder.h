#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace parley::http {

// Decodes a "Transfer-Encoding: chunked" request body incrementally: feed() takes whatever
// arrived and hands the payload bytes to the sink as they are decoded, never holding more than
// one chunk-size or trailer line. No sockets, no event loop.
class ChunkedDecoder
{
public:
    enum class State { InBody, Done, Failed };
    struct Step
    {
        qsizetype consumed = 0; // input used; after Done the rest belongs to the next request
        State state = State::InBody;
    };
    // Receives decoded bytes; returning false stops decoding (state Failed, failedBySink()).
    using Sink = std::function<bool(QByteArrayView)>;

    Step feed(QByteArrayView input, const Sink &sink);
    State state() const;
    bool failedBySink() const { return m_sinkFailed; }
    qint64 decodedBytes() const { return m_decoded; }

private:
    enum class Phase { SizeLine, Data, DataEnd, Trailer, Done, Failed };
    bool endSizeLine();
    Step fail(qsizetype consumed);

    Phase m_phase = Phase::SizeLine;
    QByteArray m_line;
    qint64 m_chunkRemaining = 0;
    qint64 m_decoded = 0;
    int m_trailerBytes = 0;
    bool m_sinkFailed = false;
};

} // namespace parley::http
