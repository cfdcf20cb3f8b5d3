#include "desk/DeskSettings.h"

#include "api/ApiClient.h"
#include "api/ApiReply.h"
#include "state/AppState.h"

namespace parley::client {

DeskSettings::DeskSettings(QObject *parent)
    : DeskSettings(AppState::instance(), parent)
{}

AppState *DeskSettings::state() const
{
    return m_state;
}

DeskSettings::DeskSettings(AppState *state, QObject *parent)
    : QObject(parent)
    , m_state(state)
{}

void DeskSettings::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void DeskSettings::setError(const QString &message, const QString &field)
{
    if (m_error == message && m_errorField == field)
        return;
    m_error = message;
    m_errorField = field;
    Q_EMIT errorChanged();
}

bool DeskSettings::adopt(const Result<DeskSettingsJson> &answer)
{
    setBusy(false);
    if (!answer) {
        setError(reply::describe(answer.error()), answer.error().field);
        return false;
    }
    setError({}, {});
    m_autoAssign = answer->autoAssign.value_or(false);
    m_capacity = answer->capacity.value_or(0);
    m_loaded = true;
    Q_EMIT changed();
    return true;
}

void DeskSettings::load()
{
    if (!state())
        return;
    setBusy(true);
    state()->api()->deskSettings(guarded<Result<DeskSettingsJson>>(
        this, [this](Result<DeskSettingsJson> answer) { adopt(answer); }));
}

void DeskSettings::save(bool autoAssign, int capacity)
{
    if (!state())
        return;
    setBusy(true);
    DeskSettingsJson change;
    change.autoAssign = autoAssign;
    change.capacity = capacity;
    state()->api()->updateDeskSettings(
        change, guarded<Result<DeskSettingsJson>>(this, [this](Result<DeskSettingsJson> answer) {
            if (adopt(answer))
                Q_EMIT saved();
        }));
}

} // namespace parley::client
