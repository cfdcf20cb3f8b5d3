// A group commit's messages written together on SQLite (SqlMessageStore::appendMany): one room
// update per room, multi-row INSERTs, one watermark update per sender, one savepoint for the lot,
// instead of all of these per message (BENCHMARKS.md, "Session 8": the SQL of a send fell from
// ~20 us to ~9 us in a C program on the same schema). Same rows, seqs and answers as append()
// called once per message in the same order; any statement failing undoes the run, which is then
// written one message at a time, so one message's failure stays its own.
#include "storage/sql/MessageSql.h"
#include "storage/sql/SqlStores.h"
#include "storage/sql/SqliteStatements.h"

#include <QHash>

#include <utility>

namespace parley::storage::sql {

namespace {

bool batchable(const NewMessage &message)
{
    // User messages without an attachment: what the WebSocket hub's sends are.
    return message.sender && message.attachmentId.isEmpty() && message.type != MessageType::System;
}

} // namespace

QList<Result<AppendResult>> SqlMessageStore::appendMany(const QList<NewMessage> &messages)
{
    QList<Result<AppendResult>> answers;
    answers.reserve(messages.size());
    SqliteStatements *sqlite = m_db.sqlite();
    qsizetype i = 0;
    while (i < messages.size()) {
        qsizetype end = i;
        while (sqlite && end < messages.size() && batchable(messages.at(end)))
            ++end;
        if (end - i >= 2) {
            appendRunOnSqlite(*sqlite, messages, i, end, answers);
            i = end;
        } else {
            answers.append(appendAlone(messages.at(i)));
            ++i;
        }
    }
    return answers;
}

Result<AppendResult> SqlMessageStore::appendAlone(const NewMessage &message)
{
    std::optional<AppendResult> stored;
    Status status = m_db.transaction([&]() -> Status {
        auto appended = append(message);
        if (!appended)
            return appended.error();
        stored = *appended;
        return {};
    });
    if (!status)
        return status.error();
    return *stored;
}

void SqlMessageStore::appendRunOnSqlite(SqliteStatements &sqlite, const QList<NewMessage> &messages,
                                        qsizetype begin, qsizetype end,
                                        QList<Result<AppendResult>> &answers)
{
    const QList<NewMessage> run = messages.mid(begin, end - begin);
    QList<std::optional<Result<AppendResult>>> runAnswers;
    const Status written =
        m_db.transaction([&] { return writeRunOnSqlite(sqlite, run, runAnswers); });
    if (written) {
        for (const auto &answer : std::as_const(runAnswers))
            answers.append(*answer);
        return;
    }
    for (const NewMessage &message : run)
        answers.append(appendAlone(message));
}

Status SqlMessageStore::writeRunOnSqlite(SqliteStatements &sqlite, const QList<NewMessage> &run,
                                         QList<std::optional<Result<AppendResult>>> &answers)
{
    answers = QList<std::optional<Result<AppendResult>>>(run.size());
    // 1. Sends repeated: an earlier message with the same (sender, client_id) answers, stored
    //    before or earlier in this run.
    QHash<std::pair<QString, QString>, qsizetype> firstOfKey; // (sender, client id) -> index
    QHash<qsizetype, qsizetype> repeatOf; // index -> the earlier index in this run
    QList<qsizetype> fresh;
    for (qsizetype k = 0; k < run.size(); ++k) {
        const NewMessage &message = run.at(k);
        if (!message.clientId.isEmpty()) {
            const std::pair key{message.sender->id, message.clientId};
            if (const auto earlier = firstOfKey.constFind(key); earlier != firstOfKey.cend()) {
                repeatOf.insert(k, *earlier);
                continue;
            }
            firstOfKey.insert(key, k);
            auto existing = sqlite.prepare(message_sql::kRepeatOf);
            if (!existing)
                return existing.error();
            existing->bindText(1, message.sender->id);
            existing->bindText(2, message.clientId);
            if (existing->step()) {
                auto earlier = byId(existing->text(0));
                if (!earlier)
                    return earlier.error();
                answers[k] = AppendResult{*earlier, false};
                continue;
            }
            if (existing->failed())
                return existing->error();
        }
        fresh.append(k);
    }

    // 2. Each room's seqs in one update, in the order its messages came; its activity is the
    //    last one's time, as after one update per message.
    QList<QString> rooms;
    QHash<QString, QList<qsizetype>> ofRoom;
    for (qsizetype k : std::as_const(fresh)) {
        auto &list = ofRoom[run.at(k).roomId];
        if (list.isEmpty())
            rooms.append(run.at(k).roomId);
        list.append(k);
    }
    QList<Message> rows;
    QHash<std::pair<QString, QString>, qint64> watermark; // (room, sender) -> highest seq
    for (const QString &roomId : std::as_const(rooms)) {
        const QList<qsizetype> &ks = ofRoom.value(roomId);
        auto bumped = sqlite.prepare(
            "UPDATE rooms SET last_seq = last_seq + ?, last_message_at = ?, activity_at = ? "
            "WHERE id = ? AND status = 'open' RETURNING last_seq");
        if (!bumped)
            return bumped.error();
        const qint64 lastNowMs = run.at(ks.last()).nowMs;
        bumped->bindInt(1, ks.size());
        bumped->bindInt(2, lastNowMs);
        bumped->bindInt(3, lastNowMs);
        bumped->bindText(4, roomId);
        qint64 lastSeq = 0;
        if (bumped->step())
            lastSeq = bumped->integer(0);
        while (!bumped->failed() && bumped->step()) { // RETURNING completes at the end
        }
        if (bumped->failed())
            return bumped->error();
        if (lastSeq == 0) {
            const Status why = whyNoSeq(roomId);
            for (qsizetype k : ks)
                answers[k] = why.ok() ? Error::internal(QStringLiteral("No seq")) : why.error();
            continue;
        }
        qint64 seq = lastSeq - ks.size();
        for (qsizetype k : ks) {
            const NewMessage &message = run.at(k);
            Message stored = newRecord(message, ++seq);
            watermark.insert({roomId, message.sender->id}, seq);
            answers[k] = AppendResult{stored, true};
            rows.append(std::move(stored));
        }
    }

    // 3. The rows, up to kMaxRowsPerInsert per statement.
    for (qsizetype at = 0; at < rows.size(); at += message_sql::kMaxRowsPerInsert) {
        const int count =
            int(std::min<qsizetype>(message_sql::kMaxRowsPerInsert, rows.size() - at));
        auto insert = sqlite.prepare(message_sql::insertRows(count));
        if (!insert)
            return insert.error();
        for (int r = 0; r < count; ++r)
            message_sql::bindRow(*insert, 1 + r * message_sql::kParametersPerRow, rows.at(at + r));
        insert->step();
        if (insert->failed())
            return insert->error();
    }

    // 4. A sender has read what they answered: one update per sender and room.
    for (auto it = watermark.cbegin(); it != watermark.cend(); ++it) {
        auto moved = sqlite.prepare(message_sql::kSenderHasRead);
        if (!moved)
            return moved.error();
        moved->bindInt(1, it.value());
        moved->bindInt(2, it.value());
        moved->bindText(3, it.key().first);
        moved->bindText(4, it.key().second);
        moved->step();
        if (moved->failed())
            return moved->error();
    }

    // 5. Repeats within the run answer as their first did.
    for (auto it = repeatOf.cbegin(); it != repeatOf.cend(); ++it) {
        const Result<AppendResult> &first = *answers.at(it.value());
        answers[it.key()] = first ? Result<AppendResult>(AppendResult{first->message, false})
                                  : Result<AppendResult>(first.error());
    }
    return {};
}

} // namespace parley::storage::sql
