#pragma once

#include "protocol/Note.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// The private staff notes of one room (docs/API.md "Private staff notes"), oldest first. Staff
// only: a customer's model stays empty and never asks. Kept live by the `note` frame (a note of
// mine that the frame brings after add()'s answer is not listed twice: matched by id). Bound to
// the AppState that exists when it is constructed.
//
// QML:  NoteListModel { id: notes; roomId: page.roomId }
class NoteListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString roomId READ roomId WRITE setRoomId NOTIFY roomIdChanged)
    Q_PROPERTY(int count READ count NOTIFY notesChanged)
    // An add() is waiting for its answer.
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)

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

    QString roomId() const { return m_roomId; }
    void setRoomId(const QString &roomId);
    int count() const { return int(m_notes.size()); }
    bool isBusy() const { return m_busy; }
    QList<Note> notes() const { return m_notes; }

    Q_INVOKABLE void reload();
    // Adds a note to the room (staff): added() or errorOccurred(server's message; a message of
    // its own when signed out or without a room).
    Q_INVOKABLE void add(const QString &content);
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void roomIdChanged();
    void notesChanged();
    void busyChanged();
    void added();
    void errorOccurred(const QString &message);

private:
    bool isStaff() const;
    void reset(const QList<Note> &notes);
    void append(const Note &note);
    void setBusy(bool busy);

    QPointer<AppState> m_state;
    QString m_roomId;
    QList<Note> m_notes;
    bool m_busy = false;
    int m_generation = 0; // bumps on roomId change: stale answers are dropped
};

} // namespace parley::client
