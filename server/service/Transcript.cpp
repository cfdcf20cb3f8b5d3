#include "service/Transcript.h"

#include "protocol/Time.h"

#include <QHash>
#include <QJsonArray>

#include <functional>

namespace parley::service {
namespace {

using storage::MessageChange;

QString actionName(MessageChange::Action action)
{
    return action == MessageChange::Action::Delete ? QStringLiteral("delete")
                                                   : QStringLiteral("edit");
}

QHash<QString, QList<MessageChange>> changesByMessage(const QList<MessageChange> &changes)
{
    QHash<QString, QList<MessageChange>> byMessage;
    for (const MessageChange &change : changes)
        byMessage[change.messageId].append(change);
    return byMessage;
}

// Messages and notes in time order (messages by seq; a note after the messages of its moment).
void forEachEntry(const Transcript &t, const std::function<void(const Message &)> &onMessage,
                  const std::function<void(const Note &)> &onNote)
{
    qsizetype n = 0;
    for (const Message &message : t.messages) {
        while (n < t.notes.size() && t.notes.at(n).createdAt < message.createdAt)
            onNote(t.notes.at(n++));
        onMessage(message);
    }
    while (n < t.notes.size())
        onNote(t.notes.at(n++));
}

QString who(const User &user)
{
    return QStringLiteral("%1 (%2)").arg(user.displayName, user.username);
}

QString attachmentText(const Attachment &attachment)
{
    return QStringLiteral("[file %1, %2, %3 bytes]")
        .arg(attachment.name, attachment.mime)
        .arg(attachment.size);
}

// The visible text of a message version: its content, its attachment, its location.
QString bodyText(const QString &content, const QJsonObject &metadata,
                 const std::optional<Attachment> &attachment)
{
    QStringList parts;
    if (attachment)
        parts << attachmentText(*attachment);
    if (metadata.contains(QStringLiteral("lat")) && metadata.contains(QStringLiteral("lng"))) {
        parts << QStringLiteral("[location %1, %2]")
                     .arg(metadata.value(QStringLiteral("lat")).toDouble())
                     .arg(metadata.value(QStringLiteral("lng")).toDouble());
    }
    if (!content.isEmpty())
        parts << content;
    return parts.join(u' ');
}

// Continuation lines of multi-line text indented under their entry.
QString indented(QString text)
{
    return text.replace(u'\n', QStringLiteral("\n    "));
}

} // namespace

QString Transcript::fileName(const QString &extension) const
{
    return QStringLiteral("transcript-%1.%2").arg(room.id, extension);
}

QJsonObject Transcript::toJson() const
{
    const auto byMessage = changesByMessage(changes);
    QJsonArray entries;
    forEachEntry(
        *this,
        [&](const Message &message) {
            QJsonArray history;
            for (const MessageChange &change : byMessage.value(message.id)) {
                history.append(QJsonObject{
                    {QStringLiteral("version"), change.version},
                    {QStringLiteral("action"), actionName(change.action)},
                    {QStringLiteral("previous_content"), change.previousContent},
                    {QStringLiteral("previous_metadata"), change.previousMetadata},
                    {QStringLiteral("previous_attachment"),
                     change.previousAttachment ? QJsonValue(change.previousAttachment->toJson())
                                               : QJsonValue()},
                    {QStringLiteral("by"), change.actor.toJson()},
                    {QStringLiteral("at"), toWireTime(fromEpochMs(change.atMs))}});
            }
            entries.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("message")},
                                       {QStringLiteral("private"), false},
                                       {QStringLiteral("message"), message.toJson()},
                                       {QStringLiteral("history"), history}});
        },
        [&](const Note &note) {
            entries.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("note")},
                                       {QStringLiteral("private"), true},
                                       {QStringLiteral("note"), note.toJson()}});
        });
    QJsonArray membersJson;
    for (const Member &member : members)
        membersJson.append(member.toJson());
    return {
        {QStringLiteral("room"),
         QJsonObject{{QStringLiteral("id"), room.id},
                     {QStringLiteral("kind"), roomKindName(room.kind)},
                     {QStringLiteral("subject"), room.subject},
                     {QStringLiteral("order_ref"),
                      room.orderRef.isEmpty() ? QJsonValue() : QJsonValue(room.orderRef)},
                     {QStringLiteral("status"), roomStatusName(room.status)},
                     {QStringLiteral("created_at"), toWireTime(fromEpochMs(room.createdAtMs))}}},
        {QStringLiteral("members"), membersJson},
        {QStringLiteral("exported_by"), exportedBy.toJson()},
        {QStringLiteral("exported_at"), toWireTime(fromEpochMs(exportedAtMs))},
        {QStringLiteral("entries"), entries}};
}

QString Transcript::toText() const
{
    const auto byMessage = changesByMessage(changes);
    QStringList lines;
    lines << QStringLiteral("Transcript of conversation %1 (%2, %3)")
                 .arg(room.id, roomKindName(room.kind), roomStatusName(room.status));
    if (!room.subject.isEmpty())
        lines << QStringLiteral("Subject: %1").arg(room.subject);
    if (!room.orderRef.isEmpty())
        lines << QStringLiteral("Order: %1").arg(room.orderRef);
    QStringList memberNames;
    for (const Member &member : members)
        memberNames << QStringLiteral("%1 %2").arg(who(member.user), roleName(member.user.role));
    lines << QStringLiteral("Members: %1").arg(memberNames.join(QStringLiteral(", ")));
    lines << QStringLiteral("Exported %1 by %2")
                 .arg(toWireTime(fromEpochMs(exportedAtMs)), who(exportedBy));
    lines << QString();
    forEachEntry(
        *this,
        [&](const Message &message) {
            const QString at = toWireTime(message.createdAt);
            if (message.type == MessageType::System) {
                lines << QStringLiteral("[%1] #%2 [system] %3")
                             .arg(at)
                             .arg(message.seq)
                             .arg(indented(message.content));
            } else {
                const QString sender =
                    message.sender ? who(*message.sender) : QStringLiteral("(unknown)");
                const QString body = message.deleted ? QStringLiteral("[deleted]")
                                                     : bodyText(message.content, message.metadata,
                                                                message.attachment);
                lines << QStringLiteral("[%1] #%2 %3: %4%5")
                             .arg(at)
                             .arg(message.seq)
                             .arg(sender, indented(body),
                                  message.editedAt.isValid() && !message.deleted
                                      ? QStringLiteral(" (edited)")
                                      : QString());
            }
            for (const MessageChange &change : byMessage.value(message.id)) {
                lines << QStringLiteral("    %1 %2 at %3 by %4; before: %5")
                             .arg(change.action == MessageChange::Action::Delete
                                      ? QStringLiteral("deleted")
                                      : QStringLiteral("edited"))
                             .arg(change.version)
                             .arg(toWireTime(fromEpochMs(change.atMs)), who(change.actor),
                                  indented(bodyText(change.previousContent, change.previousMetadata,
                                                    change.previousAttachment)));
            }
        },
        [&](const Note &note) {
            lines << QStringLiteral("[%1] [private note] %2: %3")
                         .arg(toWireTime(note.createdAt), who(note.author), indented(note.content));
        });
    return lines.join(u'\n') + u'\n';
}

} // namespace parley::service
