import QtQuick
import QtTest
import Parley.App

TestCase {
    name: "Format"

    function test_fileSize_data() {
        return [
            { tag: "bytes", bytes: 512, expected: "512 B" },
            { tag: "small KB", bytes: 1536, expected: "1.5 KB" },
            { tag: "KB", bytes: 20480, expected: "20 KB" },
            { tag: "MB", bytes: 3 * 1024 * 1024, expected: "3.0 MB" },
            { tag: "unknown", bytes: -1, expected: "" }
        ];
    }
    function test_fileSize(data) {
        compare(Format.fileSize(data.bytes), data.expected);
    }

    function test_duration_data() {
        return [
            { tag: "seconds", s: 42, expected: "42 s" },
            { tag: "minutes", s: 4 * 60 + 5, expected: "4 min" },
            { tag: "hours", s: 3600 + 5 * 60, expected: "1 h 05 min" },
            { tag: "days", s: 2 * 86400 + 3 * 3600, expected: "2 d 3 h" },
            { tag: "clock skew", s: -5, expected: "0 s" }
        ];
    }
    function test_duration(data) {
        compare(Format.duration(data.s), data.expected);
    }

    function test_waitingSince() {
        const now = new Date("2026-11-21T10:10:00.000Z");
        compare(Format.waitingSince("2026-11-21T10:00:00.000Z", now), "10 min");
        compare(Format.waitingSince("", now), "");
        compare(Format.waitingSince("not a date", now), "");
    }

    function test_typingText_data() {
        return [
            { tag: "nobody", names: [], expected: "" },
            { tag: "one", names: ["Alice"], expected: "Alice is typing…" },
            { tag: "two", names: ["Alice", "Sam"], expected: "Alice and Sam are typing…" },
            { tag: "many", names: ["A", "B", "C"], expected: "3 people are typing…" }
        ];
    }
    function test_typingText(data) {
        compare(Format.typingText(data.names), data.expected);
    }

    function test_preview_data() {
        return [
            { tag: "text", type: "text", content: "Hello\n  there", deleted: false, file: "", expected: "Hello there" },
            { tag: "image", type: "image", content: "", deleted: false, file: "a.png", expected: "Photo" },
            { tag: "file", type: "file", content: "", deleted: false, file: "invoice.pdf", expected: "File: invoice.pdf" },
            { tag: "location", type: "location", content: "", deleted: false, file: "", expected: "Location" },
            { tag: "deleted", type: "text", content: "", deleted: true, file: "", expected: "Message deleted" }
        ];
    }
    function test_preview(data) {
        compare(Format.preview(data.type, data.content, data.deleted, data.file), data.expected);
    }

    function test_initials() {
        compare(Format.initials("Sam Carter"), "SC");
        compare(Format.initials("alice"), "A");
        compare(Format.initials("Jean Paul Sartre"), "JS");
        compare(Format.initials(""), "?");
    }

    function test_shortTime() {
        const now = new Date(2026, 10, 21, 15, 0, 0);
        compare(Format.shortTime(new Date(2026, 10, 21, 9, 5, 0), now), "09:05");
        compare(Format.shortTime(new Date(2026, 10, 20, 23, 0, 0), now), "Yesterday");
        compare(Format.shortTime(new Date(2026, 9, 1, 12, 0, 0), now), "01.10.26");
    }

    function test_unreadTitle() {
        compare(Format.unreadTitle(0, "Parley"), "Parley");
        compare(Format.unreadTitle(7, "Parley"), "(7) Parley");
    }
}
