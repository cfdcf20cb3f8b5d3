#pragma once

#include "models/PagedListModel.h"

#include "protocol/Integration.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Admin: the integration API keys (docs/API.md "Integrations"), newest first, revoked ones
// included. Creating one answers its secret once, through keyCreated; nothing keeps it.
//
// QML: ApiKeyModel { onKeyCreated: (name, secret) => secretDialog.show(name, secret) }
class ApiKeyModel : public PagedListModel
{
    Q_OBJECT
    QML_ELEMENT
    // The scopes a key may hold, for the create form.
    Q_PROPERTY(QStringList availableScopes READ availableScopes CONSTANT)
    // count, loading, hasMore, refresh(), loadMore(), get(row), errorOccurred: PagedListModel

public:
    enum Role {
        KeyIdRole = Qt::UserRole + 1, // "keyId"
        NameRole,                     // "name"
        ScopesRole,                   // "scopes": list of strings
        CreatedAtRole,                // "createdAt": date
        LastUsedAtRole,               // "lastUsedAt": date, undefined when never used
        RevokedAtRole,                // "revokedAt": date, undefined while live
        RevokedRole,                  // "revoked": bool
    };
    Q_ENUM(Role)

    explicit ApiKeyModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QStringList availableScopes() const;
    // keyCreated (the new row comes first) or errorOccurred with the server's message.
    Q_INVOKABLE void createKey(const QString &name, const QStringList &scopes);
    // keyRevoked (the row shows it revoked) or errorOccurred.
    Q_INVOKABLE void revoke(const QString &keyId);

Q_SIGNALS:
    void keyCreated(const QString &name, const QString &secret);
    void keyRevoked(const QString &name);

private:
    AppState *state() const;
    void fetch(bool append) override;

    QList<ApiKey> m_keys;
};

} // namespace parley::client
