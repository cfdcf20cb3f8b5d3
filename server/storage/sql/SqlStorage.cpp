#include "storage/Storage.h"
#include "storage/sql/Migrations.h"
#include "storage/sql/SqlDatabase.h"
#include "storage/sql/SqlStores.h"

namespace parley::storage {
namespace {

// Search is the one store whose SQL differs by dialect.
std::unique_ptr<SearchStore> searchStoreFor(sql::SqlDatabase &db)
{
    if (db.dialect() == sql::SqlDatabase::Dialect::Postgres)
        return std::make_unique<sql::PostgresSearchStore>(db);
    return std::make_unique<sql::SqliteSearchStore>(db);
}

class SqlStorage final : public Storage
{
public:
    explicit SqlStorage(std::unique_ptr<sql::SqlDatabase> db)
        : m_db(std::move(db))
        , m_users(*m_db)
        , m_tokens(*m_db)
        , m_rooms(*m_db)
        , m_messages(*m_db)
        , m_reports(*m_db)
        , m_attachments(*m_db)
        , m_search(searchStoreFor(*m_db))
        , m_notes(*m_db)
        , m_canned(*m_db)
        , m_ratings(*m_db)
        , m_messageHistory(*m_db)
        , m_assignments(*m_db)
        , m_webhooks(*m_db)
        , m_integrations(*m_db)
    {}

    UserStore &users() override { return m_users; }
    TokenStore &tokens() override { return m_tokens; }
    RoomStore &rooms() override { return m_rooms; }
    MessageStore &messages() override { return m_messages; }
    ReportStore &reports() override { return m_reports; }
    AttachmentStore &attachments() override { return m_attachments; }
    SearchStore &search() override { return *m_search; }
    NoteStore &notes() override { return m_notes; }
    CannedStore &canned() override { return m_canned; }
    RatingStore &ratings() override { return m_ratings; }
    MessageHistoryStore &messageHistory() override { return m_messageHistory; }
    AssignmentStore &assignments() override { return m_assignments; }
    WebhookStore &webhooks() override { return m_webhooks; }
    IntegrationStore &integrations() override { return m_integrations; }
    Status transaction(const std::function<Status()> &work) override
    {
        return m_db->transaction(work);
    }
    Status appendOnlyTransaction(const std::function<Status()> &work) override
    {
        return m_db->appendOnlyTransaction(work);
    }
    Status ping() override { return m_db->ping(); }
    QString describe() const override { return m_db->describe(); }
    int schemaVersion() override { return m_db->schemaVersion(); }
    Status migrate() override { return m_db->migrate(); }
    int latestSchemaVersion() const override { return sql::latestSchemaVersion(); }
    Status backupTo(const QString &file) override { return m_db->backupTo(file); }

private:
    std::unique_ptr<sql::SqlDatabase> m_db;
    sql::SqlUserStore m_users;
    sql::SqlTokenStore m_tokens;
    sql::SqlRoomStore m_rooms;
    sql::SqlMessageStore m_messages;
    sql::SqlReportStore m_reports;
    sql::SqlAttachmentStore m_attachments;
    std::unique_ptr<SearchStore> m_search;
    sql::SqlNoteStore m_notes;
    sql::SqlCannedStore m_canned;
    sql::SqlRatingStore m_ratings;
    sql::SqlMessageHistoryStore m_messageHistory;
    sql::SqlAssignmentStore m_assignments;
    sql::SqlWebhookStore m_webhooks;
    sql::SqlIntegrationStore m_integrations;
};

} // namespace

Result<std::unique_ptr<Storage>> openStorage(const StorageConfig &config)
{
    auto db = sql::SqlDatabase::open(config);
    if (!db)
        return db.error();
    return std::unique_ptr<Storage>(new SqlStorage(std::move(*db)));
}

} // namespace parley::storage
