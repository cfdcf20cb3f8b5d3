pragma Singleton
import QtQuick

// Text shown to people: times, sizes, waiting durations, previews. Pure functions, tested in
// tests/qml/tst_format.qml.
QtObject {
    function fileSize(bytes) {
        if (bytes === undefined || bytes === null || bytes < 0)
            return "";
        if (bytes < 1024)
            return bytes + " B";
        const units = ["KB", "MB", "GB"];
        let v = bytes / 1024;
        let u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            ++u;
        }
        return (v < 10 ? v.toFixed(1) : Math.round(v)) + " " + units[u];
    }

    // "12 s", "4 min", "1 h 05 min", "2 d 3 h": how long a customer has been waiting.
    function duration(seconds) {
        const s = Math.max(0, Math.floor(seconds));
        if (s < 60)
            return s + " s";
        const m = Math.floor(s / 60);
        if (m < 60)
            return m + " min";
        const h = Math.floor(m / 60);
        if (h < 24)
            return h + " h " + String(m % 60).padStart(2, "0") + " min";
        return Math.floor(h / 24) + " d " + (h % 24) + " h";
    }

    function waitingSince(since, now) {
        if (!since)
            return "";
        const start = (since instanceof Date) ? since : new Date(since);
        if (isNaN(start.getTime()))
            return "";
        return duration((now.getTime() - start.getTime()) / 1000);
    }

    // Room list time: "14:05" today, "Yesterday", weekday this week, else the date.
    function shortTime(when, now) {
        if (!when)
            return "";
        const d = (when instanceof Date) ? when : new Date(when);
        if (isNaN(d.getTime()))
            return "";
        const n = now || new Date();
        const startOfToday = new Date(n.getFullYear(), n.getMonth(), n.getDate());
        const dayMs = 24 * 3600 * 1000;
        if (d >= startOfToday)
            return Qt.formatTime(d, "hh:mm");
        if (d >= new Date(startOfToday.getTime() - dayMs))
            return qsTr("Yesterday");
        if (d >= new Date(startOfToday.getTime() - 6 * dayMs))
            return Qt.formatDate(d, "ddd");
        return Qt.formatDate(d, "dd.MM.yy");
    }

    function clockTime(when) {
        if (!when)
            return "";
        const d = (when instanceof Date) ? when : new Date(when);
        return isNaN(d.getTime()) ? "" : Qt.formatTime(d, "hh:mm");
    }

    function typingText(names) {
        if (!names || names.length === 0)
            return "";
        if (names.length === 1)
            return qsTr("%1 is typing…").arg(names[0]);
        if (names.length === 2)
            return qsTr("%1 and %2 are typing…").arg(names[0]).arg(names[1]);
        return qsTr("%1 people are typing…").arg(names.length);
    }

    // One line for a room list or a reply quote.
    function preview(type, content, deleted, attachmentName) {
        if (deleted)
            return qsTr("Message deleted");
        switch (type) {
        case "image":
            return qsTr("Photo");
        case "file":
            return attachmentName ? qsTr("File: %1").arg(attachmentName) : qsTr("File");
        case "location":
            return qsTr("Location");
        default:
            return String(content || "").replace(/\s+/g, " ").trim();
        }
    }

    function initials(name) {
        const parts = String(name || "?").trim().split(/\s+/).filter(p => p.length > 0);
        if (parts.length === 0)
            return "?";
        if (parts.length === 1)
            return parts[0].charAt(0).toUpperCase();
        return (parts[0].charAt(0) + parts[parts.length - 1].charAt(0)).toUpperCase();
    }

    function unreadTitle(total, base) {
        return total > 0 ? "(" + total + ") " + base : base;
    }
}
