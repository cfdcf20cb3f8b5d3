// parley-seed: fills a data directory with many messages for the search benchmark, straight
// through the storage layer (the same code path and triggers as the server, in big
// transactions). Run it on a stopped server's data directory, after creating the accounts that
// will log in:
//   echo pw-benchmark | parley-server user add benchstaff --role staff --data-dir D
//   echo pw-benchmark | parley-server user add benchcustomer --role customer --data-dir D
//   parley-seed --data-dir D --messages 1000000 --member benchcustomer
#include "SearchVocabulary.h"

#include "protocol/Time.h"
#include "storage/Storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QUuid>

using namespace parley;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Seeds messages for the search benchmark."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("data-dir"), QStringLiteral("Data directory (SQLite)."),
         QStringLiteral("dir")},
        {QStringLiteral("messages"), QStringLiteral("Messages to add (default 1000000)."),
         QStringLiteral("n"), QStringLiteral("1000000")},
        {QStringLiteral("rooms"), QStringLiteral("Rooms to spread them over (default 2000)."),
         QStringLiteral("n"), QStringLiteral("2000")},
        {QStringLiteral("member"),
         QStringLiteral("Existing username to make a member of every 100th room."),
         QStringLiteral("username")},
    });
    parser.process(app);
    const qint64 total = parser.value(QStringLiteral("messages")).toLongLong();
    const int roomCount = parser.value(QStringLiteral("rooms")).toInt();
    if (!parser.isSet(QStringLiteral("data-dir")) || total < 1 || roomCount < 1)
        parser.showHelp(2);

    auto opened = storage::openStorage({{}, parser.value(QStringLiteral("data-dir")), false});
    if (!opened) {
        out << "cannot open storage: " << opened.error().message << Qt::endl;
        return 1;
    }
    storage::Storage &store = **opened;
    std::optional<User> member;
    if (parser.isSet(QStringLiteral("member"))) {
        auto found = store.users().byUsername(parser.value(QStringLiteral("member")));
        if (!found) {
            out << "no such user: " << parser.value(QStringLiteral("member")) << Qt::endl;
            return 1;
        }
        member = found->user;
    }

    // Senders: customers that cannot log in (no usable password hash).
    QList<User> senders;
    const QString run = QUuid::createUuid().toString(QUuid::Id128).left(8);
    for (int i = 0; i < 50; ++i) {
        auto user = store.users().create({QStringLiteral("seed%1_%2").arg(run).arg(i),
                                          QStringLiteral("Seed %1").arg(i), Role::Customer,
                                          QByteArrayLiteral("!")});
        if (!user) {
            out << "cannot create a user: " << user.error().message << Qt::endl;
            return 1;
        }
        senders << user->user;
    }
    const qint64 start = nowMs() - total; // one message per millisecond, in the past
    QList<QString> rooms;
    for (int r = 0; r < roomCount; ++r) {
        storage::NewRoom room;
        room.id =
            QStringLiteral("CHAT20260101%1")
                .arg(QStringLiteral("S%1%2").arg(run.left(2).toUpper()).arg(r, 5, 10, QChar(u'0')));
        room.kind = RoomKind::Group;
        room.subject = QStringLiteral("seed %1").arg(r);
        room.createdBy = senders.at(r % senders.size()).id;
        room.memberIds = {room.createdBy};
        if (member && r % 100 == 0)
            room.memberIds << member->id;
        room.nowMs = start;
        if (auto created = store.rooms().create(room); !created) {
            out << "cannot create a room: " << created.error().message << Qt::endl;
            return 1;
        }
        rooms << room.id;
    }

    QElapsedTimer timer;
    timer.start();
    constexpr qint64 kBatch = 20000;
    for (qint64 done = 0; done < total;) {
        const qint64 batchEnd = qMin(total, done + kBatch);
        Status status = store.transaction([&]() -> Status {
            for (qint64 n = done; n < batchEnd; ++n) {
                const int r = int(n % roomCount);
                storage::NewMessage message;
                message.roomId = rooms.at(r);
                message.sender = senders.at(r % senders.size());
                message.content = bench::SearchVocabulary::message(quint64(n));
                message.nowMs = start + n;
                if (auto appended = store.messages().append(message); !appended)
                    return appended.error();
            }
            return {};
        });
        if (!status) {
            out << "seeding failed: " << status.error().message << Qt::endl;
            return 1;
        }
        done = batchEnd;
        out << done << " messages, "
            << qint64(double(done) * 1000 / qMax<qint64>(1, timer.elapsed())) << "/s" << Qt::endl;
    }
    return 0;
}
