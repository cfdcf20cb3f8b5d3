#pragma once

#include "protocol/Message.h"
#include "protocol/Room.h"
#include "protocol/User.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

class QAbstractItemModel;

// How protocol objects read on screen: one place for titles, previews and role maps, so every
// model says the same thing the same way.
namespace parley::client::present {

// One line about a message: its text, "Photo", "File: a.pdf", "Location", "Message deleted".
QString messagePreview(const Message &message);
// Subject, else "Order <ref>", else the other members' names, else "Support request".
QString roomTitle(const Room &room, const QString &selfId);
// The first customer member's display name ("" when none).
QString customerName(const Room &room);
// Activity time of a room: last message, else creation.
QDateTime lastActivity(const Room &room);
// "Alex is typing…", "Alex and Sam are typing…", "3 people are typing…", "".
QString typingText(const QStringList &names);
// {userId, username, displayName, role, online} of a user.
QVariantMap userMap(const User &user);
// {id, kind, subject, title, ...} for MessageListModel.room.
QVariantMap roomMap(const Room &room, const QString &selfId);
// Every role of one row, by role name (the models' get()).
QVariantMap rowMap(const QAbstractItemModel *model, int row);
// ui-admin: a date role that may be unset ("last used", "revoked"): undefined in QML when invalid.
QVariant dateOrNull(const QDateTime &when);

} // namespace parley::client::present
