#pragma once

#include "protocol/Result.h"

#include <QJsonObject>
#include <QString>

namespace parley::validation {

// The validation rules of PROTOCOL.md, in one place. Each returns a ValidationFailed error that
// names `field` (the wire name), or success.
constexpr int kUsernameMin = 3;
constexpr int kUsernameMax = 32;
constexpr int kPasswordMin = 8;
constexpr int kPasswordMax = 128;
constexpr int kTextMax = 4000;
constexpr int kDisplayNameMax = 64;
constexpr int kSubjectMax = 200;
constexpr int kOrderRefMax = 64;
constexpr int kReasonMax = 1000;
constexpr int kClientIdMax = 64;

Status username(const QString &value, const QString &field = QStringLiteral("username"));
Status password(const QString &value, const QString &field = QStringLiteral("password"));
Status displayName(const QString &value, const QString &field = QStringLiteral("display_name"));
// Text message content: 1-4000 characters (code points), not blank.
Status textContent(const QString &value, const QString &field = QStringLiteral("content"));
// Location metadata: numeric lat in -90..90 and lng in -180..180.
Status location(const QJsonObject &metadata, const QString &field = QStringLiteral("metadata"));
// Client idempotency key: 1-64 characters.
Status clientId(const QString &value, const QString &field = QStringLiteral("client_id"));
// CHAT{YYYYMMDD}{8 chars A-Z0-9}
bool isRoomId(const QString &value);
bool isUuid(const QString &value);
// `value` has at most `max` characters (code points): "<field> must be at most <max> characters".
Status atMost(const QString &value, int max, const QString &field);
// Length in Unicode code points (a surrogate pair counts once): the unit of every length rule.
qsizetype codePointCount(const QString &value);

} // namespace parley::validation
