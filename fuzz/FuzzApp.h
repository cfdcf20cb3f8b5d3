#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

// Helpers shared by the libFuzzer targets (fuzz_*.cpp).
namespace parley::fuzz {

// A QCoreApplication for targets that need an event loop (created once, never destroyed:
// libFuzzer exits the process without returning from main).
inline QCoreApplication &app()
{
    static int argc = 1;
    static char name[] = "parley-fuzz";
    static char *argv[] = {name, nullptr};
    static auto *instance = new QCoreApplication(argc, argv);
    return *instance;
}

// The input as a QByteArray without copying (valid during the call only).
inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace parley::fuzz
