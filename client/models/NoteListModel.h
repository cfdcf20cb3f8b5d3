#pragma once

#include "models/RoomScopedListModel.h"
#include "protocol/Note.h"

#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

// The private staff notes of one room (docs/API.md "Private staff notes"), oldest first. Staff
// only: a customer's model stays empty and never asks. Kept live by the `note` frame (a note of
// mine that the frame brings after add()'s answer is not listed twice: matched by id).
//
// QML:  NoteListModel { id: notes; roomId: page.roomId }
class NoteListModel : public RoomScopedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // roomId, busy (an add() is waiting), reload(), get(row), errorOccurred: RoomScopedListModel
    Q_PROPERTY(int count READ count NOTIFY notesChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // "noteId"
        AuthorIdRole,              // "authorId"
        AuthorNameRole,            // "authorName": display name
        AuthorUsernameRole,        // "authorUsername"
        ContentRole,               // "content"
        CreatedAtRole,             // "createdAt": date
    };
    Q_ENUM(Role)

    explicit NoteListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_notes.size()); }
    QList<Note> notes() const { return m_notes; }

    // Adds a note to the room (staff): added() or errorOccurred(server's message; a message of
    // its own when signed out or without a room).
    Q_INVOKABLE void add(const QString &content);

Q_SIGNALS:
    void notesChanged();
    void added();

protected:
    bool canFetch() const override; // staff only
    void fetch(int generation) override;
    void clear() override { reset({}); }

private:
    void reset(const QList<Note> &notes);
    void append(const Note &note);

    QList<Note> m_notes;
};

} // namespace parley::client
