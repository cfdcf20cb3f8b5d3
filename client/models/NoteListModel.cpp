#include "models/NoteListModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parley::client {

NoteListModel::NoteListModel(QObject *parent)
    : RoomScopedListModel(parent)
{
    if (!state())
        return;
    connect(state()->realtime(), &RealtimeClient::noteReceived, this, [this](const Note &note) {
        if (note.roomId == roomId())
            append(note);
    });
}

int NoteListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_notes.size());
}

QHash<int, QByteArray> NoteListModel::roleNames() const
{
    return {{IdRole, "noteId"},
            {AuthorIdRole, "authorId"},
            {AuthorNameRole, "authorName"},
            {AuthorUsernameRole, "authorUsername"},
            {ContentRole, "content"},
            {CreatedAtRole, "createdAt"}};
}

QVariant NoteListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Note &n = m_notes.at(index.row());
    switch (role) {
    case IdRole:
        return n.id;
    case AuthorIdRole:
        return n.author.id;
    case AuthorNameRole:
        return n.author.displayName;
    case AuthorUsernameRole:
        return n.author.username;
    case Qt::DisplayRole:
    case ContentRole:
        return n.content;
    case CreatedAtRole:
        return n.createdAt.toLocalTime();
    default:
        return {};
    }
}

bool NoteListModel::canFetch() const
{
    return isSignedIn() && state()->session()->isStaff();
}

void NoteListModel::fetch(int generation)
{
    state()->api()->notes(roomId(),
                          guarded<Result<QList<Note>>>(this, [this, generation](auto notes) {
                              if (!isCurrent(generation))
                                  return;
                              if (!notes)
                                  return Q_EMIT errorOccurred(reply::describe(notes.error()));
                              reset(*notes);
                          }));
}

void NoteListModel::add(const QString &content)
{
    if (isBusy())
        return;
    if (!isSignedIn() || roomId().isEmpty())
        return Q_EMIT errorOccurred(tr("Sign in and open a conversation to add a note"));
    setBusy(true);
    state()->api()->addNote(roomId(), content,
                            guarded<Result<Note>>(this, [this](Result<Note> note) {
                                setBusy(false);
                                if (!note)
                                    return Q_EMIT errorOccurred(reply::describe(note.error()));
                                if (note->roomId == roomId())
                                    append(*note);
                                Q_EMIT added();
                            }));
}

void NoteListModel::reset(const QList<Note> &notes)
{
    beginResetModel();
    m_notes = notes;
    endResetModel();
    Q_EMIT notesChanged();
}

void NoteListModel::append(const Note &note)
{
    const auto same = [&](const Note &n) { return n.id == note.id; };
    if (std::any_of(m_notes.cbegin(), m_notes.cend(), same))
        return;
    const int row = int(m_notes.size());
    beginInsertRows({}, row, row);
    m_notes.append(note);
    endInsertRows();
    Q_EMIT notesChanged();
}

} // namespace parley::client
