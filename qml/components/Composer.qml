import QtQuick
import Parley.App
import QtQuick.Controls
import QtQuick.Layouts

// Where a message is written. Enter sends, Shift+Enter starts a new line, Escape drops a reply or
// an edit, Up in an empty field edits one's last message. Typing starts and stops are reported
// so the page can tell the others.
Rectangle {
    id: root

    property string replyToId
    property string replyToSender
    property string replyToText
    property string editingId
    property bool closed: false
    property int typingTimeoutMs: 4000
    property alias text: input.text
    readonly property bool typingActive: d.typing
    readonly property Item inputItem: input

    signal sendRequested(string text, string replyToId)
    signal editRequested(string messageId, string text)
    signal attachRequested
    signal locationRequested
    signal editLastRequested
    signal typing(bool active)

    function startReply(messageId, senderName, quoted) {
        editingId = "";
        replyToId = messageId;
        replyToSender = senderName;
        replyToText = quoted;
        input.forceActiveFocus();
    }
    function startEdit(messageId, content) {
        replyToId = "";
        editingId = messageId;
        input.text = content;
        input.cursorPosition = input.length;
        input.forceActiveFocus();
    }
    function cancel() {
        if (editingId.length > 0)
            input.text = "";
        editingId = "";
        replyToId = "";
    }
    function submit() {
        const body = input.text.trim();
        if (body.length === 0 || closed)
            return false;
        if (editingId.length > 0)
            editRequested(editingId, body);
        else
            sendRequested(body, replyToId);
        input.text = "";
        editingId = "";
        replyToId = "";
        d.stopTyping();
        return true;
    }

    implicitHeight: layout.implicitHeight + 2 * Theme.spacing
    color: Theme.header

    QtObject {
        id: d
        property bool typing: false
        function stopTyping() {
            stopTimer.stop();
            if (typing) {
                typing = false;
                root.typing(false);
            }
        }
    }

    Timer {
        id: stopTimer
        interval: root.typingTimeoutMs
        onTriggered: d.stopTyping()
    }

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.divider
    }

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        RowLayout {
            objectName: "composerContext"
            visible: root.replyToId.length > 0 || root.editingId.length > 0
            Layout.fillWidth: true
            ReplyQuote {
                Layout.fillWidth: true
                senderName: root.editingId.length > 0 ? qsTr("Editing message") : root.replyToSender
                text: root.editingId.length > 0 ? "" : root.replyToText
                accentColor: Theme.accent
            }
            ToolButton {
                objectName: "cancelContextButton"
                text: "✕"
                onClicked: root.cancel()
                Accessible.name: root.editingId.length > 0 ? qsTr("Cancel editing") : qsTr("Cancel reply")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name + " (Esc)"
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            ToolButton {
                id: attachButton
                objectName: "attachButton"
                font.pointSize: Theme.titleFontSize
                enabled: !root.closed && root.editingId.length === 0
                onClicked: attachMenu.open()
                Accessible.name: qsTr("Attach a photo, file or location")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name + " (Ctrl+O)"
                contentItem: Text {
                    text: "+"
                    color: Theme.secondaryText
                    font.pointSize: Theme.titleFontSize * 1.4
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                Menu {
                    id: attachMenu
                    y: -implicitHeight
                    MenuItem {
                        text: qsTr("Photo or file…")
                        onTriggered: root.attachRequested()
                    }
                    MenuItem {
                        text: qsTr("Location")
                        onTriggered: root.locationRequested()
                    }
                }
            }

            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(input.implicitHeight, Theme.fontSize * 12)
                TextArea {
                    id: input
                    objectName: "composerInput"
                    enabled: !root.closed
                    wrapMode: TextEdit.Wrap
                    placeholderText: root.closed ? qsTr("This conversation is closed") : qsTr("Write a message…")
                    color: Theme.text
                    placeholderTextColor: Theme.secondaryText
                    background: Rectangle {
                        radius: Theme.radius
                        color: Theme.input
                    }
                    leftPadding: Theme.padding
                    rightPadding: Theme.padding
                    Accessible.name: qsTr("Message")
                    Keys.onPressed: event => {
                        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                && !(event.modifiers & Qt.ShiftModifier)) {
                            root.submit();
                            event.accepted = true;
                        } else if (event.key === Qt.Key_Escape
                                   && (root.replyToId.length > 0 || root.editingId.length > 0)) {
                            root.cancel();
                            event.accepted = true;
                        } else if (event.key === Qt.Key_Up && input.length === 0) {
                            root.editLastRequested();
                            event.accepted = true;
                        }
                    }
                    onTextChanged: {
                        if (text.length === 0 || root.editingId.length > 0) {
                            if (text.length === 0)
                                d.stopTyping();
                            return;
                        }
                        if (!d.typing) {
                            d.typing = true;
                            root.typing(true);
                        }
                        stopTimer.restart();
                    }
                }
            }

            Button {
                id: sendButton
                objectName: "sendButton"
                enabled: !root.closed && input.text.trim().length > 0
                onClicked: root.submit()
                Accessible.name: root.editingId.length > 0 ? qsTr("Save edit") : qsTr("Send")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name + " (Enter)"
                flat: true
                contentItem: Text {
                    text: root.editingId.length > 0 ? "✓" : "➤"
                    color: sendButton.enabled ? Theme.accent : Theme.secondaryText
                    font.pointSize: Theme.titleFontSize * 1.3
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                background: Item {}
            }
        }
    }
}
