#include "http/ResponseHead.h"

#include "logging/Logging.h"

namespace parley::http {
namespace {

bool isSafeHeaderPart(const QByteArray &part)
{
    return !part.contains('\r') && !part.contains('\n') && !part.contains('\0');
}

bool hasHeader(const HttpReply &reply, QByteArrayView name)
{
    for (const auto &header : reply.headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 204:
        return QByteArrayLiteral("No Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 416:
        return QByteArrayLiteral("Range Not Satisfiable");
    case 426:
        return QByteArrayLiteral("Upgrade Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return {};
    }
}

} // namespace

bool statusHasBody(int status)
{
    return status >= 200 && status != 204 && status != 304;
}

HeaderList responseHeaders(const HttpReply &reply, const ResponseOptions &options)
{
    HeaderList headers;
    headers.reserve(10 + reply.headers.size());
    const bool hasBody = statusHasBody(reply.status);
    if (!reply.contentType.isEmpty() && hasBody)
        headers.append({QByteArrayLiteral("Content-Type"), reply.contentType});
    if (hasBody) {
        headers.append({QByteArrayLiteral("Content-Length"),
                        QByteArray::number(reply.stream ? reply.streamLength : reply.body.size())});
    }
    // Nothing we serve is meant to be rendered, framed or sniffed as a page.
    headers.append({QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")});
    headers.append({QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY")});
    headers.append({QByteArrayLiteral("Content-Security-Policy"),
                    QByteArrayLiteral("default-src 'none'; frame-ancestors 'none'")});
    headers.append({QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer")});
    if (options.tls) {
        headers.append({QByteArrayLiteral("Strict-Transport-Security"),
                        QByteArrayLiteral("max-age=31536000")});
    }
    if (reply.contentType.startsWith("application/json") && !hasHeader(reply, "cache-control"))
        headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    if (options.closeConnection)
        headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    else if (options.keepAliveHeader)
        headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive")});

    for (const auto &header : reply.headers) {
        if (header.first.isEmpty() || !isSafeHeaderPart(header.first) ||
            !isSafeHeaderPart(header.second)) {
            qCWarning(lcHttp) << "dropping unsafe response header" << header.first;
            continue;
        }
        headers.append(header);
    }
    return headers;
}

QByteArray encodeResponse(const HttpReply &reply, const ResponseOptions &options)
{
    QByteArray out;
    out.reserve(256 + reply.body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(reply.status);
    out += ' ';
    out += reasonPhrase(reply.status);
    out += "\r\n";
    for (const auto &header : responseHeaders(reply, options)) {
        out += header.first;
        out += ": ";
        out += header.second;
        out += "\r\n";
    }
    out += "\r\n";
    if (statusHasBody(reply.status) && !options.headRequest && !reply.stream)
        out += reply.body;
    return out;
}

} // namespace parley::http
