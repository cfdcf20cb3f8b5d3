// The streaming multipart/form-data parser (MultipartParser) on arbitrary bodies fed in arbitrary
// piece sizes, plus its Content-Type and part-header helpers on the same bytes. It must never
// crash or read out of bounds; data it reports is never more than what it was fed; parts begin and
// end in pairs; errors are sticky; and the same body in other piece sizes parses the same way.
//
// Input: one byte of piece size, then the body (boundary "fuzzB0undary").
#include "FuzzApp.h"

#include "http/MultipartParser.h"

#include <cstdlib>

using parley::http::MultipartParser;

namespace {

struct Outcome
{
    MultipartParser::Error error = MultipartParser::Error::None;
    int begins = 0;
    int ends = 0;
    qint64 dataBytes = 0;
    QByteArray digest; // names and data, to compare runs
};

void check(bool condition)
{
    if (!condition)
        std::abort();
}

Outcome parse(const QByteArray &body, qsizetype piece)
{
    Outcome out;
    MultipartParser::Callbacks callbacks;
    callbacks.partBegin = [&](const MultipartParser::PartHeaders &headers) {
        check(out.begins == out.ends);
        ++out.begins;
        out.digest += "[" + headers.name + "|" + headers.contentType + "]";
        return true;
    };
    callbacks.partData = [&](QByteArrayView data) {
        check(out.begins == out.ends + 1);
        out.dataBytes += data.size();
        out.digest += data.toByteArray();
        return true;
    };
    callbacks.partEnd = [&] {
        check(out.begins == out.ends + 1);
        ++out.ends;
        return true;
    };
    MultipartParser parser(QByteArrayLiteral("fuzzB0undary"), callbacks);
    for (qsizetype at = 0; at < body.size(); at += piece) {
        const MultipartParser::Error error =
            parser.feed(QByteArrayView(body).sliced(at, qMin(piece, body.size() - at)));
        if (out.error != MultipartParser::Error::None)
            check(error == out.error); // sticky
        out.error = error;
    }
    const MultipartParser::Error final = parser.finish();
    if (out.error != MultipartParser::Error::None)
        check(final == out.error);
    out.error = final;
    check(out.dataBytes <= body.size());
    check(parser.partCount() >= out.begins); // counted once its headers start
    if (out.error == MultipartParser::Error::None)
        check(out.begins == out.ends);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = 1 + data[0] % 97;
    const QByteArray body = parley::fuzz::bytes(data + 1, size - 1);
    const Outcome pieces = parse(body, piece);
    const Outcome whole = parse(body, qMax<qsizetype>(1, body.size()));
    check(pieces.error == whole.error);
    if (pieces.error == MultipartParser::Error::None)
        check(pieces.digest == whole.digest);
    (void)MultipartParser::boundaryFrom(body);
    (void)MultipartParser::parseHeaders(body);
    return 0;
}
