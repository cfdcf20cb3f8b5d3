#pragma once

#include "api/ApiTypes.h"

#include "protocol/Admin.h"
#include "protocol/Assignment.h"
#include "protocol/Canned.h"
#include "protocol/Integration.h"
#include "protocol/Message.h"
#include "protocol/Note.h"
#include "protocol/Rating.h"
#include "protocol/Requests.h"
#include "protocol/Room.h"
#include "protocol/User.h"
#include "protocol/Webhook.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace parley::client {

// The REST API of parley-server (PROTOCOL.md, docs/API.md) over QNetworkAccessManager. Every call
// is asynchronous and answers exactly once through its callback with a Result: the decoded shared
// protocol type, or an Error mapped from the `{error: {code, message, field}}` body (network
// failures are ErrorCode::Unavailable, undecodable answers ErrorCode::Internal).
//
// Authenticated calls carry the access token. When one answers 401 and a refresher is set, the
// refresher is asked for a new token and the call is retried once.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    // "/api/chat/files/<id>" -> absolute URL on the server.
    QUrl resolve(const QString &path) const;

    void setAccessToken(const QString &token) { m_accessToken = token; }
    QString accessToken() const { return m_accessToken; }
    // Asked to refresh the access token after a 401; calls back with true once a new one is set.
    using Refresher = std::function<void(std::function<void(bool refreshed)>)>;
    void setRefresher(Refresher refresher) { m_refresher = std::move(refresher); }

    QNetworkAccessManager *network() const { return m_nam; }

    // Auth
    void registerAccount(const RegisterRequest &req, Done<TokenPair> done);
    void login(const LoginRequest &req, Done<TokenPair> done);
    void refresh(const QString &refreshToken, Done<TokenPair> done);
    void logout(const QString &refreshToken, DoneStatus done);
    void me(Done<User> done);

    // Rooms
    void listRooms(const RoomQuery &query, Done<Page<Room>> done);
    void createRoom(const CreateRoomRequest &req, Done<Room> done);
    void room(const QString &roomId, Done<Room> done);
    void joinRoom(const QString &roomId, Done<Room> done);
    void leaveRoom(const QString &roomId, DoneStatus done);
    void closeRoom(const QString &roomId, Done<Room> done);
    void reopenRoom(const QString &roomId, Done<Room> done);
    void setMuted(const QString &roomId, bool muted, Done<Room> done);
    void setArchived(const QString &roomId, bool archived, Done<Room> done);
    void markRead(const QString &roomId, std::optional<qint64> upToSeq, Done<ReadState> done);
    void unreadCount(Done<UnreadCounts> done);
    void activeRooms(Done<QList<Room>> done); // staff
    // Support desk (docs/API.md "Assignment and availability"). assigneeId "": unassign.
    void assignRoom(const QString &roomId, const QString &assigneeId, Done<Room> done);
    void setAvailability(bool away, Done<StaffState> done);
    void onlineStaff(Done<QList<User>> done);

    // Messages
    void history(const QString &roomId, const HistoryQuery &query, Done<MessagePage> done);
    void sendMessage(const QString &roomId, const SendMessageRequest &req, Done<Message> done);
    void editMessage(const QString &messageId, const QString &content, Done<Message> done);
    void deleteMessage(const QString &messageId, Done<Message> done);
    void reportMessage(const QString &messageId, const QString &reason, DoneStatus done);
    // Newest first; roomId empty: every room the caller may see.
    void search(const QString &words, const QString &roomId, int limit, Done<QList<Message>> done);

    // Files. upload() sends `localPath` as multipart/form-data part `file` and answers the
    // attachment ({id, name, mime, size, width, height}). download() writes the bytes of `path`
    // ("/api/chat/files/<id>" or its thumbnail) to `targetPath`, replacing it only when complete.
    // Both return the reply so a caller may abort() it.
    QNetworkReply *upload(const QString &localPath, Done<Attachment> done, Progress progress = {});
    QNetworkReply *download(const QString &path, const QString &targetPath, DoneStatus done,
                            Progress progress = {});

    // Admin
    void adminUsers(const QString &query, const QString &cursor, int limit,
                    Done<Page<AdminUser>> done);
    void adminCreateUser(const AdminCreateUserRequest &req, Done<User> done);
    void adminUpdateUser(const QString &userId, const AdminUpdateUserRequest &req,
                         Done<AdminUser> done);
    void adminReports(const QString &cursor, Done<Page<Report>> done);
    void adminStats(Done<ServerStats> done);

    // Support desk (docs/API.md "Canned responses", "Ratings", "Transcripts").
    void cannedResponses(const QString &prefix, Done<QList<CannedResponse>> done); // staff
    void createCanned(const CannedRequest &req, Done<CannedResponse> done);
    void updateCanned(const QString &id, const CannedRequest &req, Done<CannedResponse> done);
    void deleteCanned(const QString &id, DoneStatus done);
    // The body of a canned response with its placeholders filled for the room.
    void renderCanned(const QString &roomId, const QString &id, Done<QString> done);
    void rateRoom(const QString &roomId, const RateRequest &req, Done<Rating> done);
    void roomRatings(const QString &roomId, Done<QList<Rating>> done);
    // Saves the room's transcript ("json" or "text") to targetPath (staff).
    QNetworkReply *exportTranscript(const QString &roomId, const QString &format,
                                    const QString &targetPath, DoneStatus done);

    // Support desk, ui-assign (docs/API.md "Assignment and availability"): the staff with their
    // availability and load, and the admin's auto-assignment settings.
    void deskStaff(Done<DeskStaff> done);
    void deskSettings(Done<DeskSettingsJson> done);
    void updateDeskSettings(const DeskSettingsJson &change, Done<DeskSettingsJson> done);
    // ui-admin: integrations (docs/API.md "Integrations", "Webhooks"), admins only.
    void apiKeys(Done<QList<ApiKey>> done);
    // The answer carries the key's secret: the only time anyone sees it.
    void createApiKey(const CreateApiKeyRequest &req, Done<CreatedApiKey> done);
    void revokeApiKey(const QString &keyId, Done<ApiKey> done);
    void webhooks(Done<QList<WebhookEndpoint>> done);
    // The answer's `secret` is set (once) on create, and on update when set or rotated.
    void createWebhook(const CreateWebhookRequest &req, Done<WebhookEndpoint> done);
    void updateWebhook(const QString &webhookId, const UpdateWebhookRequest &req,
                       Done<WebhookEndpoint> done);
    void testWebhook(const QString &webhookId, Done<WebhookDelivery> done);
    // Newest first; webhookId empty: every endpoint's.
    void webhookDeliveries(const QString &webhookId, const QString &cursor, int limit,
                           Done<Page<WebhookDelivery>> done);
    void redeliverWebhook(const QString &deliveryId, Done<WebhookDelivery> done);

    // Support desk, ui-notes (docs/API.md "Private staff notes"), staff only: the room's notes,
    // oldest first, and a new one.
    void notes(const QString &roomId, Done<QList<Note>> done);
    void addNote(const QString &roomId, const QString &content, Done<Note> done);

private:
    struct Call;
    using RawDone = std::function<void(Result<QJsonValue>)>;
    void send(const QByteArray &method, const QString &path, const QJsonObject &body, bool authed,
              RawDone done);
    void dispatch(std::shared_ptr<Call> call);
    QNetworkRequest request(const QString &path, bool authed) const;

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    QString m_accessToken;
    Refresher m_refresher;
};

} // namespace parley::client
