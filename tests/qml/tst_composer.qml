import QtQuick
import QtTest
import Parley.App

Item {
    width: 600
    height: 300

    Composer {
        id: composer
        anchors.bottom: parent.bottom
        width: parent.width
        typingTimeoutMs: 200
    }

    SignalSpy { id: sendSpy; target: composer; signalName: "sendRequested" }
    SignalSpy { id: editSpy; target: composer; signalName: "editRequested" }
    SignalSpy { id: typingSpy; target: composer; signalName: "typing" }
    SignalSpy { id: editLastSpy; target: composer; signalName: "editLastRequested" }

    TestCase {
        name: "Composer"
        when: windowShown

        function init() {
            composer.cancel();
            composer.text = "";
            composer.closed = false;
            sendSpy.clear();
            editSpy.clear();
            typingSpy.clear();
            editLastSpy.clear();
            composer.inputItem.forceActiveFocus();
        }

        function typeText(s) {
            for (let i = 0; i < s.length; ++i)
                keyClick(s[i]);
        }

        function test_enter_sends() {
            typeText("hi");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "hi");
            compare(sendSpy.signalArguments[0][1], "");
            compare(composer.text, "");
        }

        function test_shift_enter_newline() {
            typeText("a");
            keyClick(Qt.Key_Return, Qt.ShiftModifier);
            typeText("b");
            compare(sendSpy.count, 0);
            compare(composer.text, "a\nb");
            keyClick(Qt.Key_Enter);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "a\nb");
        }

        function test_blank_not_sent() {
            typeText("   ");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0);
        }

        function test_reply_carries_id_and_escape_cancels() {
            composer.startReply("m-1", "Alice", "Where is my parcel?");
            verify(findChild(composer, "composerContext").visible);
            keyClick(Qt.Key_Escape);
            compare(composer.replyToId, "");
            composer.startReply("m-1", "Alice", "Where is my parcel?");
            typeText("ok");
            keyClick(Qt.Key_Return);
            compare(sendSpy.signalArguments[0][1], "m-1");
            compare(composer.replyToId, "");
        }

        function test_edit() {
            composer.startEdit("m-2", "old text");
            compare(composer.text, "old text");
            keyClick(Qt.Key_Backspace);
            keyClick(Qt.Key_Backspace);
            keyClick(Qt.Key_Backspace);
            keyClick(Qt.Key_Backspace);
            typeText("words");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0);
            compare(editSpy.count, 1);
            compare(editSpy.signalArguments[0][0], "m-2");
            compare(editSpy.signalArguments[0][1], "old words");
        }

        function test_up_on_empty_asks_to_edit_last() {
            keyClick(Qt.Key_Up);
            compare(editLastSpy.count, 1);
        }

        function test_typing_starts_once_and_stops() {
            typeText("abc");
            compare(typingSpy.count, 1);
            compare(typingSpy.signalArguments[0][0], true);
            tryCompare(typingSpy, "count", 2, 3000);
            compare(typingSpy.signalArguments[1][0], false);
            verify(!composer.typingActive);
        }

        function test_send_button() {
            const button = findChild(composer, "sendButton");
            verify(!button.enabled);
            typeText("x");
            verify(button.enabled);
            mouseClick(button);
            compare(sendSpy.count, 1);
        }

        function test_closed_room_refuses() {
            composer.closed = true;
            composer.text = "hello";
            verify(!composer.submit());
            compare(sendSpy.count, 0);
        }
    }
}
