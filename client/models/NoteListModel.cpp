#include "models/NoteListModel.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "models/Presentation.h"
#include "realtime/RealtimeClient.h"
#include "session/Session.h"
#include "state/AppState.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parley::client {

NoteListModel::NoteListModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_state(AppState::instance())
{
    if (!m_state)
        return;
    connect(m_state->realtime(), &RealtimeClient::noteReceived, this, [this](const Note &note) {
        if (note.roomId == m_roomId)
            append(note);
    });
    // Notes added while the socket was down are not resumed (they take no seq): fetch again.
    connect(m_state->realtime(), &RealtimeClient::stateChanged, this,
            [this](RealtimeClient::State st) {
                if (st == RealtimeClient::Online)
                    reload();
            });
    connect(m_state->session(), &Session::loggedOut, this, [this] { reset({}); });
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

QVariantMap NoteListModel::get(int row) const
{
    return present::rowMap(this, row);
}

void NoteListModel::setRoomId(const QString &roomId)
{
    if (roomId == m_roomId)
        return;
    m_roomId = roomId;
    Q_EMIT roomIdChanged();
    reset({});
    reload();
}

bool NoteListModel::isStaff() const
{
    return m_state && m_state->session()->isLoggedIn() && m_state->session()->isStaff();
}

void NoteListModel::reload()
{
    const int generation = ++m_generation;
    if (m_roomId.isEmpty() || !isStaff())
        return;
    m_state->api()->notes(m_roomId,
                          guarded<Result<QList<Note>>>(this, [this, generation](auto notes) {
                              if (generation != m_generation)
                                  return;
                              if (!notes)
                                  return Q_EMIT errorOccurred(reply::describe(notes.error()));
                              reset(*notes);
                          }));
}

void NoteListModel::add(const QString &content)
{
    if (m_busy)
        return;
    if (!m_state || !m_state->session()->isLoggedIn() || m_roomId.isEmpty())
        return Q_EMIT errorOccurred(tr("Sign in and open a conversation to add a note"));
    setBusy(true);
    m_state->api()->addNote(m_roomId, content,
                            guarded<Result<Note>>(this, [this](Result<Note> note) {
                                setBusy(false);
                                if (!note)
                                    return Q_EMIT errorOccurred(reply::describe(note.error()));
                                if (note->roomId == m_roomId)
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

void NoteListModel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

} // namespace parley::client
