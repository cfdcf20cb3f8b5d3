#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Base of the lists that belong to one room and are fetched whole (notes, ratings): the roomId
// property (changing it clears the rows and fetches again), busy while an action waits for its
// answer, get(row), errorOccurred, and the life cycle: fetched again when the socket comes back
// online (what was missed while it was down is not resumed), cleared on logout, answers of an
// older fetch dropped. Bound to the AppState that exists when it is constructed.
class RoomScopedListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(QString roomId READ roomId WRITE setRoomId NOTIFY roomIdChanged)
    // An action (add, rate) is waiting for its answer.
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)

public:
    QString roomId() const { return m_roomId; }
    void setRoomId(const QString &roomId);
    bool isBusy() const { return m_busy; }

    // Fetches the rows of the room again (nothing without a room or when canFetch() says no).
    Q_INVOKABLE void reload();
    // Every role of a row by name ({} when out of range).
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void roomIdChanged();
    void busyChanged();
    void errorOccurred(const QString &message);

protected:
    explicit RoomScopedListModel(QObject *parent = nullptr);

    AppState *state() const { return m_state; }
    bool isSignedIn() const;
    void setBusy(bool busy);
    // False for the answer of a fetch that a later reload() (or room change) has replaced.
    bool isCurrent(int generation) const { return generation == m_generation; }

    // May this user fetch the rows? Signed in, unless a subclass asks for more.
    virtual bool canFetch() const { return isSignedIn(); }
    // Asks for the rows of roomId(); the answer is dropped unless isCurrent(generation).
    virtual void fetch(int generation) = 0;
    // Empties the rows (room changed, signed out).
    virtual void clear() = 0;

private:
    QPointer<AppState> m_state;
    QString m_roomId;
    bool m_busy = false;
    int m_generation = 0; // bumps on every reload: stale answers are dropped
};

} // namespace parley::client
