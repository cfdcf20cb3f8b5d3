#include "storage/sql/SqlStores.h"

#include "protocol/Time.h"

#include <QUuid>

namespace parley::storage::sql {

Result<Note> SqlNoteStore::create(const QString &roomId, const User &author, const QString &content,
                                  qint64 nowMs)
{
    Note note{QUuid::createUuid().toString(QUuid::WithoutBraces), roomId, author, content,
              fromEpochMs(nowMs)};
    if (auto s = m_db.execute(QStringLiteral("INSERT INTO notes (id, room_id, author_id, content, "
                                             "created_at) VALUES (?, ?, ?, ?, ?)"),
                              {note.id, roomId, author.id, text(content), nowMs});
        !s) {
        return s.error();
    }
    return note;
}

Result<QList<Note>> SqlNoteStore::list(const QString &roomId)
{
    auto rows = m_db.run(
        QStringLiteral("SELECT n.id, n.room_id, n.author_id, u.username, u.display_name, u.role, "
                       "n.content, n.created_at FROM notes n JOIN users u ON u.id = n.author_id "
                       "WHERE n.room_id = ? ORDER BY n.created_at, n.id"),
        {roomId});
    if (!rows)
        return rows.error();
    QList<Note> notes;
    while (rows->next()) {
        Note note;
        note.id = rows->text(0);
        note.roomId = rows->text(1);
        note.author.id = rows->text(2);
        note.author.username = rows->text(3);
        note.author.displayName = rows->text(4);
        note.author.role = roleFromName(rows->text(5)).value_or(Role::Customer);
        note.content = rows->text(6);
        note.createdAt = fromEpochMs(rows->integer(7));
        notes.append(note);
    }
    return notes;
}

} // namespace parley::storage::sql
