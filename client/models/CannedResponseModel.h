#pragma once

#include "protocol/Canned.h"
#include "protocol/Result.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// The canned responses shared by staff (docs/API.md "Canned responses"), sorted by shortcut. Loaded
// for staff whenever the socket comes online (login, and every reconnect, so nothing missed while
// away is lost) and kept live by `canned_changed` frames: another staff member's edit shows without
// a reload. Customers never load it (the server refuses them). At most the server's first 200.
//
// Every action answers through signals carrying the request number it returned, so a view reacts
// only to its own: create/update -> saved or saveFailed (with the field the server named),
// remove -> removed or errorOccurred, render -> rendered or renderFailed.
//
// QML: Parley.canned (filter it with CannedFilterModel).
class CannedResponseModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use Parley.canned")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Role {
        CannedIdRole = Qt::UserRole + 1, // "cannedId"
        TitleRole,                       // "title"
        ShortcutRole,                    // "shortcut": "/refund"
        BodyRole,                        // "body", placeholders unfilled
        PreviewRole,                     // "preview": the body's first line
        UpdatedAtRole,                   // "updatedAt"
    };
    Q_ENUM(Role)

    // Lives as long as `state` (its parent), the app it serves.
    explicit CannedResponseModel(AppState *state);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_items.size()); }
    bool isLoading() const { return m_loading; }
    QList<CannedResponse> items() const { return m_items; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE QVariantMap get(int row) const;
    Q_INVOKABLE int indexOf(const QString &cannedId) const;
    // Each returns its request number (> 0).
    Q_INVOKABLE int create(const QString &title, const QString &shortcut, const QString &body);
    Q_INVOKABLE int update(const QString &cannedId, const QString &title, const QString &shortcut,
                           const QString &body);
    Q_INVOKABLE int remove(const QString &cannedId);
    // The body with its placeholders filled for the room (the customer's name, ...).
    Q_INVOKABLE int render(const QString &roomId, const QString &cannedId);

Q_SIGNALS:
    void countChanged();
    void loadingChanged();
    void saved(int request, const QString &cannedId);
    // `field`: "title" | "shortcut" | "body" when the server named one, else "".
    void saveFailed(int request, const QString &field, const QString &message);
    void removed(int request, const QString &cannedId);
    void rendered(int request, const QString &text);
    void renderFailed(int request, const QString &message);
    // Loading or removing failed (for the toast).
    void errorOccurred(const QString &message);

private:
    void setLoading(bool loading);
    void reset(const QList<CannedResponse> &items);
    void upsert(const CannedResponse &canned);
    void erase(const QString &cannedId);
    void onChanged(const QString &action, const CannedResponse &canned);
    int sortedRow(const QString &shortcut) const;
    void save(int request, const QString &cannedId, const CannedRequest &req);

    AppState *m_state;
    QList<CannedResponse> m_items;
    bool m_loading = false;
    int m_generation = 0;
    int m_lastRequest = 0;
};

} // namespace parley::client
