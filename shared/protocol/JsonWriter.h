#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QLatin1StringView>
#include <QStringView>
#include <QVarLengthArray>

#include <optional>

namespace parley::json {

// Compact JSON written straight into bytes, for the types sent once per stored message (a
// QJsonObject built and then serialized cost a sixth of the server's time per message,
// BENCHMARKS.md). The output is byte for byte what json::compact() writes for the same
// QJsonObject, provided keys are written in the order QJsonObject keeps them (sorted):
// tst_object_codec compares the two.
class Writer
{
public:
    explicit Writer(QByteArray &out)
        : m_out(out)
    {}

    void beginObject();
    void endObject();
    // The key of the next value; keys are ASCII names of the protocol, written as they are.
    Writer &key(QLatin1StringView name);

    void string(QStringView text);
    void stringOrNull(QStringView text); // empty -> null
    void integer(qint64 value);
    void integerOrNull(const std::optional<int> &value);
    void boolean(bool value);
    void null();
    void time(const QDateTime &time); // the wire format of Time.h; invalid -> null
    void raw(QByteArrayView json);    // a value serialized already

private:
    void separate();

    QByteArray &m_out;
    QVarLengthArray<bool, 8> m_first; // per open object: no member written yet
    bool m_afterKey = false;
};

} // namespace parley::json
