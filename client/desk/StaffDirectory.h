#pragma once

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// The colleagues a conversation can be assigned to (GET /api/desk/staff/, docs/API.md
// "Assignment and availability"): every active staff member and admin with whether they are
// online, available or away, and their open assigned conversations against the capacity. Online
// and availability follow the `presence` and `availability` frames; while `active` (the picker is
// open) an assignment anywhere fetches the loads again.
//
// QML: StaffDirectory { active: picker.opened } and its `staff` array:
// [{userId, username, displayName, role, online, away, openAssigned, isSelf}].
class StaffDirectory : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList staff READ staff NOTIFY staffChanged)
    // Open assigned conversations per staff member for auto-assignment (0: unknown).
    Q_PROPERTY(int capacity READ capacity NOTIFY staffChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)

public:
    // QML: on the app's AppState (AppState::instance()); C++ may name another one.
    explicit StaffDirectory(QObject *parent = nullptr);
    StaffDirectory(AppState *state, QObject *parent);

    QVariantList staff() const { return m_staff; }
    int capacity() const { return m_capacity; }
    bool isLoading() const { return m_loading; }
    bool isActive() const { return m_active; }
    void setActive(bool active); // becoming active refreshes

    Q_INVOKABLE void refresh();
    // The entry of one user ({} when not listed).
    Q_INVOKABLE QVariantMap entry(const QString &userId) const;

Q_SIGNALS:
    void staffChanged();
    void loadingChanged();
    void activeChanged();
    void errorOccurred(const QString &message);

private:
    AppState *state() const;
    void setLoading(bool loading);
    // Sets `key` of the user's entry to `value`; false when the user is not listed.
    bool update(const QString &userId, const QString &key, const QVariant &value);

    QVariantList m_staff;
    int m_capacity = 0;
    QPointer<AppState> m_state;
    bool m_loading = false;
    bool m_active = false;
    int m_generation = 0;
};

} // namespace parley::client
