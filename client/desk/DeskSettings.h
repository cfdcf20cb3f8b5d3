#pragma once

#include "protocol/Assignment.h"
#include "protocol/Result.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// The admin's auto-assignment settings (GET/PATCH /api/admin/desk/, docs/API.md "Assignment and
// availability"): on/off and the capacity per staff member. A refused change leaves the values
// as the server has them and says why in `error` (the server's message; `errorField` names the
// field, "capacity" for one out of 1..1000). Non-admins get the server's "Admins only".
//
// QML: DeskSettings { id: desk; Component.onCompleted: load() }, desk.save(true, 8)
class DeskSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool autoAssign READ autoAssign NOTIFY changed)
    Q_PROPERTY(int capacity READ capacity NOTIFY changed)
    // The values came from the server at least once.
    Q_PROPERTY(bool loaded READ isLoaded NOTIFY changed)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorField READ errorField NOTIFY errorChanged)

public:
    // QML: on the app's AppState (AppState::instance()); C++ may name another one.
    explicit DeskSettings(QObject *parent = nullptr);
    DeskSettings(AppState *state, QObject *parent);

    bool autoAssign() const { return m_autoAssign; }
    int capacity() const { return m_capacity; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_busy; }
    QString error() const { return m_error; }
    QString errorField() const { return m_errorField; }

    Q_INVOKABLE void load();
    // Sends both values; saved() when the server took them.
    Q_INVOKABLE void save(bool autoAssign, int capacity);

Q_SIGNALS:
    void changed();
    void busyChanged();
    void errorChanged();
    void saved();

private:
    AppState *state() const;
    void setBusy(bool busy);
    void setError(const QString &message, const QString &field);
    // The answer of a GET or PATCH: adopts it (true) or records its error (false).
    bool adopt(const Result<DeskSettingsJson> &answer);

    QPointer<AppState> m_state;
    bool m_autoAssign = false;
    int m_capacity = 0;
    bool m_loaded = false;
    bool m_busy = false;
    QString m_error;
    QString m_errorField;
};

} // namespace parley::client
