// libFuzzer harness for session files (JSON: documents, layouts as base64 float32, cameras,
// selections, bookmarks). Any text must give a Session or an error message naming the file;
// what parses must be consistent (an active document that exists, coordinates for every row).
// Any sanitizer report or exception is a finding.
#include "session.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const auto session = Session::fromJson(bytes, QStringLiteral("fuzz.json"), &error);
    if (!session) {
        if (!error.startsWith(QStringLiteral("fuzz.json"))) __builtin_trap();
        return 0;
    }
    if (session->documents.empty()) __builtin_trap();
    if (session->active < 0 || session->active >= int(session->documents.size())) __builtin_trap();
    for (const SessionDocument& document : session->documents) {
        const auto& xyz = document.layout.xyz;
        if (!xyz.empty() && qint64(xyz.size()) != document.data.rows * 3) __builtin_trap();
        for (int row : document.selection)
            if (row < 0 || row >= document.data.rows) __builtin_trap();
    }
    // What was read writes back and reads again (a round trip never loses the file).
    QString again;
    if (!Session::fromJson(session->toJson(), QStringLiteral("fuzz.json"), &again))
        __builtin_trap();
    return 0;
}
