#pragma once

#include "protocol/Message.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace parley::client {

class AppState;

// Message search (GET /search/): messages matching all words of `query`, newest first, in
// `roomId` or (empty) every room I may see (staff: all rooms).
//
// QML: SearchResultModel { query: field.text; roomId: "" }
class SearchResultModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    // Setting either searches again after 300 ms of quiet (a blank query clears the rows).
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(QString roomId READ roomId WRITE setRoomId NOTIFY roomIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1, // "messageId"
        RoomIdRole,                       // "roomId"
        RoomTitleRole,  // "roomTitle": title when the room is in my list, else the room id
        SeqRole,        // "seq": open the room and scroll to it
        TypeRole,       // "type"
        ContentRole,    // "content"
        SenderNameRole, // "senderName"
        CreatedAtRole,  // "createdAt": date
    };
    Q_ENUM(Role)

    explicit SearchResultModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    QString roomId() const { return m_roomId; }
    void setRoomId(const QString &roomId);
    int count() const { return int(m_messages.size()); }
    bool isLoading() const { return m_loading; }

    // Searches now (skipping the quiet period).
    Q_INVOKABLE void search();
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void queryChanged();
    void roomIdChanged();
    void countChanged();
    void loadingChanged();
    void errorOccurred(const QString &message);

private:
    AppState *state() const;
    void setLoading(bool loading);

    QList<Message> m_messages;
    QString m_query;
    QString m_roomId;
    QTimer m_debounce;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace parley::client
