#pragma once

#include <QByteArray>

namespace parley::websocket {

// The parts of an RFC 6455 opening handshake the server needs.
struct UpgradeHead
{
    QByteArray target;        // as sent ("/ws?token=...")
    QByteArray key;           // Sec-WebSocket-Key
    QByteArray origin;        // empty when absent
    QByteArray authorization; // empty when absent
    qsizetype headBytes = 0;  // where the head ends in the bytes parsed (what follows is frames)
};

struct UpgradeParse
{
    enum class Outcome {
        NotUpgrade,   // no "GET ... HTTP/1.1" with "Upgrade: websocket": for the HTTP server
        Valid,        // `head` is set
        Invalid,      // an upgrade without Host, the Connection token or a valid key: 400
        WrongVersion, // Sec-WebSocket-Version is not 13: 426 with "Sec-WebSocket-Version: 13"
    };
    Outcome outcome = Outcome::NotUpgrade;
    UpgradeHead head; // target and headBytes are set for every outcome but NotUpgrade
};

// The opening handshake at the start of `bytes` (blank lines before it are skipped). Valid: GET,
// HTTP/1.1, Host, "Upgrade: websocket", a Connection header with the "upgrade" token,
// Sec-WebSocket-Version 13, a Sec-WebSocket-Key of 16 bytes in base64, no body and no repeated
// header of these. A head with malformed lines (bare LF, folding) is NotUpgrade: the HTTP
// server's framing answers it.
UpgradeParse parseUpgradeHead(const QByteArray &bytes);

// Sec-WebSocket-Accept for a key: base64(SHA-1(key + the RFC 6455 GUID)).
QByteArray acceptKey(const QByteArray &key);
// The whole "101 Switching Protocols" answer for a key.
QByteArray switchingProtocolsAnswer(const QByteArray &key);

} // namespace parley::websocket
