import QtQuick
import QtTest
import Parley.App

// UnreadBadge, ReceiptTicks, Avatar, TypingIndicator.
Item {
    width: 300
    height: 200

    UnreadBadge { id: badge }
    ReceiptTicks { id: ticks }
    Avatar { id: avatar; name: "Sam Carter" }
    TypingIndicator { id: typing }

    TestCase {
        name: "Badges"
        when: windowShown

        function test_badge_hidden_at_zero() {
            badge.count = 0;
            verify(!badge.visible);
            badge.count = 3;
            verify(badge.visible);
            compare(badge.label, "3");
            compare(badge.Accessible.name, "3 unread messages");
            badge.count = 1;
            compare(badge.Accessible.name, "1 unread message");
        }

        function test_badge_caps_and_mutes() {
            badge.count = 1500;
            compare(badge.label, "999+");
            badge.muted = false;
            compare(badge.color, Theme.accent);
            badge.muted = true;
            compare(badge.color, Theme.mutedBadge);
            verify(badge.width >= badge.height);
        }

        function test_ticks_data() {
            return [
                { tag: "pending", status: "pending", ticks: 0, name: "Waiting to send" },
                { tag: "sent", status: "sent", ticks: 1, name: "Sent" },
                { tag: "delivered", status: "delivered", ticks: 2, name: "Delivered" },
                { tag: "read", status: "read", ticks: 2, name: "Read" },
                { tag: "failed", status: "failed", ticks: 0, name: "Not sent" }
            ];
        }
        function test_ticks(data) {
            ticks.status = data.status;
            compare(ticks.ticks, data.ticks);
            compare(ticks.Accessible.name, data.name);
        }

        function test_read_ticks_use_accent() {
            ticks.status = "delivered";
            verify(ticks.effectiveColor !== Theme.accent);
            ticks.status = "read";
            compare(ticks.effectiveColor, Theme.accent);
        }

        function test_avatar() {
            compare(avatar.Accessible.name, "Sam Carter");
            const dot = findChild(avatar, "onlineDot");
            verify(!dot.visible);
            avatar.online = true;
            verify(dot.visible);
            compare(avatar.Accessible.name, "Sam Carter, online");
            compare(avatar.color, Theme.colorFor("Sam Carter"));
        }

        function test_typing() {
            typing.names = [];
            verify(!typing.visible);
            typing.names = ["Alice"];
            verify(typing.visible);
            compare(typing.Accessible.name, "Alice is typing…");
        }
    }
}
