#include "websocket/Handshake.h"

#include <QCryptographicHash>
#include <QList>

namespace parley::websocket {
namespace {

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView part : QByteArray::fromRawData(list.data(), list.size()).split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

UpgradeParse parseUpgradeHead(const QByteArray &bytes)
{
    using Outcome = UpgradeParse::Outcome;
    qsizetype start = 0;
    while (start + 1 < bytes.size() && bytes.at(start) == '\r' && bytes.at(start + 1) == '\n')
        start += 2;
    const qsizetype end = bytes.indexOf("\r\n\r\n", start);
    if (end < 0)
        return {};
    // Every line, the last one included, ends with CRLF: split at LF, each must end with CR.
    QList<QByteArray> lines = bytes.mid(start, end + 2 - start).split('\n');
    lines.removeLast(); // after the last LF
    for (QByteArray &line : lines) {
        if (!line.endsWith('\r'))
            return {}; // a bare LF: left to the HTTP server
        line.chop(1);
    }
    const QList<QByteArray> requestLine = lines.first().split(' ');
    if (requestLine.size() != 3 || requestLine.at(0) != "GET" || requestLine.at(2) != "HTTP/1.1" ||
        !requestLine.at(1).startsWith('/'))
        return {};

    UpgradeParse parse;
    UpgradeHead &head = parse.head;
    head.target = requestLine.at(1);
    head.headBytes = end + 4;
    int hosts = 0;
    int upgrades = 0;
    int versions = 0;
    int keys = 0;
    bool websocket = false;
    bool connection = false;
    bool version13 = false;
    bool repeated = false;
    bool body = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.at(0) == ' ' || line.at(0) == '\t')
            return {}; // malformed or folded
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "host") {
            ++hosts;
        } else if (name == "upgrade") {
            ++upgrades;
            websocket = value.compare("websocket", Qt::CaseInsensitive) == 0;
        } else if (name == "connection") {
            connection = connection || hasToken(value, "upgrade");
        } else if (name == "sec-websocket-version") {
            ++versions;
            version13 = value == "13";
        } else if (name == "sec-websocket-key") {
            ++keys;
            head.key = value;
        } else if (name == "origin") {
            repeated = repeated || !head.origin.isEmpty();
            head.origin = value;
        } else if (name == "authorization") {
            repeated = repeated || !head.authorization.isEmpty();
            head.authorization = value;
        } else if (name == "transfer-encoding" || (name == "content-length" && value != "0")) {
            body = true;
        }
    }
    if (upgrades != 1 || !websocket)
        return {};
    if (versions != 1 || !version13) {
        parse.outcome = Outcome::WrongVersion;
        return parse;
    }
    const auto key =
        QByteArray::fromBase64Encoding(head.key, QByteArray::AbortOnBase64DecodingErrors);
    const bool keyValid = keys == 1 && key && key.decoded.size() == 16;
    parse.outcome = hosts == 1 && connection && keyValid && !repeated && !body ? Outcome::Valid
                                                                               : Outcome::Invalid;
    return parse;
}

QByteArray acceptKey(const QByteArray &key)
{
    return QCryptographicHash::hash(key + QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                    QCryptographicHash::Sha1)
        .toBase64();
}

QByteArray switchingProtocolsAnswer(const QByteArray &key)
{
    return QByteArrayLiteral("HTTP/1.1 101 Switching Protocols\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: ") +
           acceptKey(key) + QByteArrayLiteral("\r\n\r\n");
}

} // namespace parley::websocket
