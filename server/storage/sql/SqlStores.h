#pragma once

#include "storage/Stores.h"
#include "storage/sql/SqlDatabase.h"

#include <QTimer>

// The SQL implementations of the store interfaces, one class per store, sharing one SqlDatabase.
namespace parley::storage::sql {

class SqlUserStore final : public UserStore
{
public:
    explicit SqlUserStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<UserRecord> create(const NewUser &user) override;
    Result<UserRecord> byId(const QString &id) override;
    Result<UserRecord> byUsername(const QString &username) override;
    Result<QList<UserRecord>> list(const QString &query, const QString &after, int limit) override;
    Result<UserRecord> update(const QString &id, const UserPatch &patch) override;
    Result<qint64> count() override;
    Status touchLastSeen(const QString &id, qint64 nowMs) override;

private:
    Result<UserRecord> one(const QString &column, const QString &value);
    SqlDatabase &m_db;
};

class SqlTokenStore final : public TokenStore
{
public:
    explicit SqlTokenStore(SqlDatabase &db)
        : m_db(db)
    {}
    Status insert(const RefreshTokenRecord &token) override;
    Result<RefreshTokenRecord> find(const QByteArray &digest) override;
    Result<bool> markUsed(const QByteArray &digest, qint64 nowMs) override;
    Status revokeFamily(const QString &family) override;
    Status revokeUser(const QString &userId) override;
    Status remove(const QByteArray &digest) override;

private:
    SqlDatabase &m_db;
};

class SqlRoomStore final : public RoomStore
{
public:
    explicit SqlRoomStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<RoomRecord> create(const NewRoom &room) override;
    Result<RoomRecord> byId(const QString &id) override;
    Result<RoomRecord> byOrderRef(const QString &orderRef) override;
    Result<RoomRecord> byDirectKey(const QString &directKey) override;
    Result<std::optional<MemberRecord>> membership(const QString &roomId,
                                                   const QString &userId) override;
    Result<QList<Member>> members(const QString &roomId) override;
    Result<QStringList> memberIds(const QString &roomId) override;
    Result<int> staffMemberCount(const QString &roomId) override;
    Result<QList<RoomRecord>> listForMember(const QString &userId, const RoomFilter &filter,
                                            const std::optional<RoomCursor> &after,
                                            int limit) override;
    Result<QList<RoomRecord>> listAll(const RoomFilter &filter,
                                      const std::optional<RoomCursor> &after, int limit) override;
    Result<QList<RoomRecord>> queue() override;
    Result<QList<RoomRecord>> openSupportRoomsOf(const QString &userId) override;
    Status addMember(const QString &roomId, const QString &userId, qint64 nowMs,
                     qint64 readSeq) override;
    Status removeMember(const QString &roomId, const QString &userId) override;
    Status setStatus(const QString &roomId, RoomStatus status) override;
    Status setWaitingSince(const QString &roomId, qint64 waitingSinceMs) override;
    Status setMemberFlags(const QString &roomId, const QString &userId, std::optional<bool> muted,
                          std::optional<bool> archived) override;
    Result<qint64> advanceRead(const QString &roomId, const QString &userId,
                               qint64 upToSeq) override;
    Result<qint64> advanceDelivered(const QString &roomId, const QString &userId,
                                    qint64 upToSeq) override;
    Result<QList<UnreadEntry>> unread(const QString &userId) override;
    Result<qint64> countOpen() override;
    Result<qint64> countWaiting() override;

private:
    Result<RoomRecord> one(const QString &column, const QString &value);
    Result<QList<RoomRecord>> many(const QString &sql, const QVariantList &binds);
    Result<std::optional<MemberRecord>>
    membershipOnSqlite(SqliteStatements &sqlite, const QString &roomId, const QString &userId);
    Result<qint64> advance(const QString &column, const QString &roomId, const QString &userId,
                           qint64 upToSeq);
    SqlDatabase &m_db;
};

class SqlMessageStore final : public MessageStore
{
public:
    explicit SqlMessageStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<AppendResult> append(const NewMessage &message) override;
    QList<Result<AppendResult>> appendMany(const QList<NewMessage> &messages) override;
    Result<Message> byId(const QString &id) override;
    Result<Message> bySeq(const QString &roomId, qint64 seq) override;
    Result<MessagePage> page(const QString &roomId, std::optional<qint64> before,
                             std::optional<qint64> after, int limit) override;
    Result<Message> edit(const QString &id, const QString &content, qint64 nowMs) override;
    Result<Message> softDelete(const QString &id) override;
    Result<qint64> count() override;

private:
    Result<Message> one(const QString &where, const QVariantList &binds);
    // A message about to be stored: a fresh id, the given seq, the rest from `message`.
    static Message newRecord(const NewMessage &message, qint64 seq);
    // The room's seq could not be taken: it is closed, or there is no such room.
    Status whyNoSeq(const QString &roomId);
    // SQLite, no attachment: append on raw statements (SqliteHotPaths.cpp).
    Result<AppendResult> appendOnSqlite(SqliteStatements &sqlite, const NewMessage &message);
    // append() under a savepoint of its own: a failure undoes only this message.
    Result<AppendResult> appendAlone(const NewMessage &message);
    // SQLite: messages[begin, end), all user messages without an attachment, written together
    // (SqliteBatchAppend.cpp); answers appended to `answers`.
    void appendRunOnSqlite(SqliteStatements &sqlite, const QList<NewMessage> &messages,
                           qsizetype begin, qsizetype end, QList<Result<AppendResult>> &answers);
    Status writeRunOnSqlite(SqliteStatements &sqlite, const QList<NewMessage> &run,
                            QList<std::optional<Result<AppendResult>>> &answers);
    SqlDatabase &m_db;
};

class SqlReportStore final : public ReportStore
{
public:
    explicit SqlReportStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<ReportRecord> create(const QString &messageId, const QString &reporterId,
                                const QString &reason, qint64 nowMs) override;
    Result<QList<ReportRecord>> list(const std::optional<RoomCursor> &before, int limit) override;

private:
    SqlDatabase &m_db;
};

class SqlAttachmentStore final : public AttachmentStore
{
public:
    explicit SqlAttachmentStore(SqlDatabase &db)
        : m_db(db)
    {}
    Status insert(const AttachmentRecord &attachment) override;
    Result<AttachmentRecord> byId(const QString &id) override;
    Result<bool> visibleTo(const QString &attachmentId, const QString &userId,
                           bool allRooms) override;

private:
    SqlDatabase &m_db;
};

class SqlNoteStore final : public NoteStore
{
public:
    explicit SqlNoteStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<Note> create(const QString &roomId, const User &author, const QString &content,
                        qint64 nowMs) override;
    Result<QList<Note>> list(const QString &roomId) override;

private:
    SqlDatabase &m_db;
};

class SqlCannedStore final : public CannedStore
{
public:
    explicit SqlCannedStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<CannedResponse> create(const QString &title, const QString &shortcut,
                                  const QString &body, const QString &createdBy,
                                  qint64 nowMs) override;
    Result<CannedResponse> byId(const QString &id) override;
    Result<CannedResponse> update(const QString &id, const CannedRequest &patch,
                                  qint64 nowMs) override;
    Result<CannedResponse> remove(const QString &id) override;
    Result<QList<CannedResponse>> list(const QString &prefix, int limit) override;

private:
    SqlDatabase &m_db;
};

class SqlRatingStore final : public RatingStore
{
public:
    explicit SqlRatingStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<std::optional<qint64>> closingSeq(const QString &roomId) override;
    Result<Rating> upsert(const QString &roomId, const QString &customerId, qint64 closedSeq,
                          int score, const QString &comment, qint64 nowMs) override;
    Result<QList<Rating>> forRoom(const QString &roomId) override;
    Result<RatingReport> report(int latest) override;

private:
    Result<QList<Rating>> many(const QString &where, const QString &tail,
                               const QVariantList &binds);
    SqlDatabase &m_db;
};

class SqlMessageHistoryStore final : public MessageHistoryStore
{
public:
    explicit SqlMessageHistoryStore(SqlDatabase &db)
        : m_db(db)
    {}
    Status record(const QString &messageId, MessageChange::Action action, const QString &actorId,
                  qint64 nowMs) override;
    Result<QList<MessageChange>> forRoom(const QString &roomId) override;

private:
    SqlDatabase &m_db;
};

class SqlAssignmentStore final : public AssignmentStore
{
public:
    explicit SqlAssignmentStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<bool> setAssignee(const QString &roomId, const QString &assigneeId,
                             const std::optional<QString> &expectedAssignee) override;
    Result<bool> claimWaiting(const QString &roomId, const QString &assigneeId) override;
    Status recordAssigned(const QString &userId, qint64 nowMs) override;
    Status setAway(const QString &userId, bool away) override;
    Result<bool> isAway(const QString &userId) override;
    Result<QList<StaffDeskState>> staff() override;
    Result<std::optional<QString>> setting(const QString &name) override;
    Status setSetting(const QString &name, const QString &value) override;

private:
    SqlDatabase &m_db;
};

class SqlWebhookStore final : public WebhookStore
{
public:
    explicit SqlWebhookStore(SqlDatabase &db)
        : m_db(db)
    {}
    Status createEndpoint(const WebhookEndpointRecord &endpoint) override;
    Status updateEndpoint(const WebhookEndpointRecord &endpoint) override;
    Result<WebhookEndpointRecord> endpoint(const QString &id) override;
    Result<QList<WebhookEndpointRecord>> endpoints() override;
    Result<bool> openWindow(const QString &endpointId, const QString &roomId,
                            const QString &recipientId, qint64 nowMs, qint64 untilMs) override;
    Status enqueue(const WebhookDeliveryRecord &delivery) override;
    Result<QList<WebhookDeliveryRecord>> claim(const QString &owner, qint64 nowMs,
                                               qint64 leaseUntilMs, int limit) override;
    Result<bool> finish(const QString &id, const QString &owner,
                        const DeliveryOutcome &outcome) override;
    Result<WebhookDeliveryRecord> delivery(const QString &id) override;
    Result<QList<WebhookDelivery>> deliveries(const QString &endpointId,
                                              const std::optional<RoomCursor> &before,
                                              int limit) override;

private:
    Result<QList<WebhookEndpointRecord>> endpointRows(const QString &where,
                                                      std::initializer_list<QVariant> binds);
    SqlDatabase &m_db;
};

class SqlIntegrationStore final : public IntegrationStore
{
public:
    explicit SqlIntegrationStore(SqlDatabase &db)
        : m_db(db)
    {}
    Status createKey(const ApiKey &key, const QByteArray &digest) override;
    Result<QList<ApiKey>> listKeys() override;
    Result<ApiKey> keyByDigest(const QByteArray &digest) override;
    Result<ApiKey> revokeKey(const QString &id, qint64 nowMs) override;
    Status touchKey(const QString &id, qint64 nowMs) override;
    Result<std::optional<QString>> eventMessage(const QString &orderRef,
                                                const QString &eventId) override;
    Status recordEvent(const QString &orderRef, const QString &eventId, const QString &messageId,
                       const QString &keyId, qint64 nowMs) override;

private:
    Result<ApiKey> keyWhere(const QString &condition, const QVariant &bind);

    SqlDatabase &m_db;
};

class SqliteSearchTrigrams;
class SqliteSearchWords;

// SQLite only: FTS5 with the trigram tokenizer over messages_fts (migration 9). All of its SQL
// is in SqliteSearchStore*.cpp.
class SqliteSearchStore final : public SearchStore
{
public:
    explicit SqliteSearchStore(SqlDatabase &db);
    ~SqliteSearchStore() override;
    Result<QList<SearchHit>> search(const SearchQuery &query) override;

private:
    // Indexes the messages whose rowids wait in messages_fts_pending (migration 10).
    Status drainPending();
    // Before every COMMIT: an append-only transaction (a group commit of sends) leaves its
    // messages to m_indexTimer; any other indexes everything that waits. (The triggers leave a
    // pending row's edits and deletions to the drain.)
    Status beforeCommit();
    // Indexes what waits, in a transaction of its own.
    void indexNow();
    // The content part of the MATCH for terms of 3 or more characters, the index it is for, and
    // the terms to check whole on the rows it yields (SqliteSearchStore.cpp).
    struct ContentMatch
    {
        QString match;
        bool byWords = false; // in messages_words, else messages_fts
        QStringList checked;
        bool nothing = false; // no message can match
    };
    ContentMatch contentMatch(const QStringList &terms, const QStringList &scopeTokens);

    SqlDatabase &m_db;
    // The word index's vocabulary (SqliteSearchWords.h), from schema 11: the drain keeps it.
    std::unique_ptr<SqliteSearchWords> m_words;
    bool m_wordIndex = false; // the schema has it
    // Rarest-trigram-first lookup (SqliteSearchStoreTrigrams.h), opened on the first search.
    std::unique_ptr<SqliteSearchTrigrams> m_trigrams;
    bool m_trigramsTried = false;
    // Messages may wait to be indexed: an append-only transaction left them.
    bool m_maybePending = false;
    QTimer m_indexTimer;
};

// PostgreSQL only: ILIKE per term with the pg_trgm index of migration 3. All of its SQL is in
// PostgresSearchStore.cpp.
class PostgresSearchStore final : public SearchStore
{
public:
    explicit PostgresSearchStore(SqlDatabase &db)
        : m_db(db)
    {}
    Result<QList<SearchHit>> search(const SearchQuery &query) override;

private:
    SqlDatabase &m_db;
};

Result<AttachmentRecord> attachmentById(SqlDatabase &db, const QString &id);

// Single-value helper: the first column of the first row as an integer.
Result<qint64> scalar(SqlDatabase &db, const QString &sql,
                      std::initializer_list<QVariant> binds = {});

} // namespace parley::storage::sql
