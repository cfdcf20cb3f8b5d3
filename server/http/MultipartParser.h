#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

namespace parley::http {

// A streaming multipart/form-data parser (RFC 7578 / RFC 2046): feed() takes the body in pieces
// of any size and reports each part's headers, its data as it is found, and its end, holding at
// most one part's headers or a boundary's length of data. Pure: no sockets, no event loop, no
// files, so a fuzzer can drive it directly.
class MultipartParser
{
public:
    enum class Error {
        None,
        Malformed,      // no boundary line, bad part headers, bytes where a boundary must be
        HeaderTooLarge, // one part's headers above Limits::maxHeaderBytes
        TooManyParts,   // more than Limits::maxParts
        Truncated,      // finish() before the closing boundary
        Aborted,        // a callback returned false
    };
    struct Limits
    {
        int maxHeaderBytes = 8 * 1024;
        int maxParts = 16;
    };
    struct PartHeaders
    {
        QByteArray name;  // Content-Disposition name
        QString fileName; // filename* (RFC 5987, UTF-8) or filename, as sent (unsanitized)
        bool hasFileName = false;
        QByteArray contentType; // as sent (the client's claim; never trusted for the type)
    };
    struct Callbacks
    {
        // Each may be empty. Returning false stops parsing with Error::Aborted.
        std::function<bool(const PartHeaders &)> partBegin;
        std::function<bool(QByteArrayView)> partData;
        std::function<bool()> partEnd;
    };

    // The boundary parameter of a "multipart/form-data; boundary=..." Content-Type (1-70 chars),
    // or nullopt when it is not multipart/form-data or has no usable boundary.
    static std::optional<QByteArray> boundaryFrom(QByteArrayView contentType);
    // Parses one Content-Disposition/Content-Type header block (lines separated by CRLF).
    static std::optional<PartHeaders> parseHeaders(QByteArrayView block);

    MultipartParser(QByteArray boundary, Callbacks callbacks);
    MultipartParser(QByteArray boundary, Callbacks callbacks, Limits limits);

    // Consumes all of data (bytes after the closing boundary are ignored). Returns the error
    // state, which is sticky.
    Error feed(QByteArrayView data);
    // The body ended: Truncated unless the closing boundary was seen.
    Error finish();

    bool isDone() const { return m_state == State::Epilogue; }
    Error error() const { return m_error; }
    int partCount() const { return m_parts; }

private:
    enum class State { Preamble, AfterBoundary, Headers, Data, Epilogue, Failed };
    Error fail(Error error);
    bool process();

    QByteArray m_delimiter; // "\r\n--" + boundary
    Callbacks m_callbacks;
    Limits m_limits;
    State m_state = State::Preamble;
    Error m_error = Error::None;
    QByteArray m_buffer; // unprocessed bytes (a boundary's length, or one header block)
    int m_parts = 0;
};

} // namespace parley::http
