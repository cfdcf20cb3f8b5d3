import QtQuick
import Parley.App
import Parley.Client
import QtQuick.Controls
import QtQuick.Layouts

// Where a message is written. Enter sends, Shift+Enter starts a new line, Escape drops a reply or
// an edit, Up in an empty field edits one's last message. Typing starts and stops are reported
// so the page can tell the others.
//
// Canned responses (staff, when cannedModel is set): "/" typed into an empty field, or
// Ctrl+Shift+R anywhere in it, opens a picker filtered by what is typed after it; Up/Down move,
// Enter or Tab picks, Escape closes. Picking asks the page for the rendered body
// (cannedRequested), which comes back through insertCanned() and replaces the typed "/prefix".
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
    // Canned responses on offer (rows with cannedId, shortcut, title, preview); null: none.
    property var cannedModel: null
    readonly property bool cannedOpen: picker.opened

    signal sendRequested(string text, string replyToId)
    signal editRequested(string messageId, string text)
    signal attachRequested
    signal locationRequested
    signal editLastRequested
    signal typing(bool active)
    signal cannedRequested(string cannedId)

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

    // What is typed after `start` up to the cursor, without its leading "/", or null when that
    // no longer asks for a canned response (a space, the cursor before start, or, when `slash`,
    // the "/" gone).
    function cannedQuery(text, start, cursor, slash) {
        if (cursor < start)
            return null;
        let typed = text.slice(start, cursor);
        if (slash && !typed.startsWith("/"))
            return null;
        if (/\s/.test(typed))
            return null;
        return typed.startsWith("/") ? typed.slice(1) : typed;
    }
    // Opens the picker for what is typed from `start` on.
    function openCanned(start, slash) {
        if (!cannedModel || closed || editingId.length > 0)
            return false;
        d.cannedStart = start;
        d.cannedSlash = slash;
        d.cannedPending = null;
        cannedFilter.query = "";
        picker.open();
        input.forceActiveFocus();
        return true;
    }
    function closeCanned() {
        d.cannedStart = -1;
        picker.close();
    }
    // The rendered body of the response asked for by cannedRequested: it replaces the "/prefix"
    // typed for it (or, if that was edited meanwhile, goes in at the cursor).
    function insertCanned(body) {
        const p = d.cannedPending;
        d.cannedPending = null;
        let at = input.cursorPosition;
        if (p && input.text.slice(p.start, p.end) === p.typed) {
            input.remove(p.start, p.end);
            at = p.start;
        }
        input.insert(at, body);
        input.cursorPosition = at + body.length;
        input.forceActiveFocus();
    }
    // The render failed: the typed text stays as it is.
    function cannedFailed() {
        d.cannedPending = null;
    }

    implicitHeight: layout.implicitHeight + 2 * Theme.spacing
    color: Theme.header

    QtObject {
        id: d
        property bool typing: false
        property int cannedStart: -1
        property bool cannedSlash: false
        property var cannedPending: null // {start, end, typed}
        function updateCanned() {
            if (cannedStart < 0)
                return;
            const q = root.cannedQuery(input.text, cannedStart, input.cursorPosition, cannedSlash);
            if (q === null)
                root.closeCanned();
            else
                cannedFilter.query = q;
        }
        function choose(cannedId) {
            const end = input.cursorPosition;
            cannedPending = {start: cannedStart, end: end, typed: input.text.slice(cannedStart, end)};
            root.closeCanned();
            root.cannedRequested(cannedId);
        }
        function stopTyping() {
            stopTimer.stop();
            if (typing) {
                typing = false;
                root.typing(false);
            }
        }
    }

    CannedFilterModel {
        id: cannedFilter
        source: root.cannedModel
    }

    Shortcut {
        sequence: "Ctrl+Shift+R"
        enabled: root.visible && root.cannedModel !== null && !root.closed
        onActivated: root.openCanned(input.cursorPosition, false)
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
                        if (picker.opened) {
                            if (event.key === Qt.Key_Up) {
                                picker.moveUp();
                            } else if (event.key === Qt.Key_Down) {
                                picker.moveDown();
                            } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter
                                       || event.key === Qt.Key_Tab) {
                                // Nothing matches: close, and leave the text for a second Enter.
                                if (!picker.chooseCurrent())
                                    root.closeCanned();
                            } else if (event.key === Qt.Key_Escape) {
                                root.closeCanned();
                            } else {
                                return;
                            }
                            event.accepted = true;
                            return;
                        }
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
                    onCursorPositionChanged: d.updateCanned()
                    onTextChanged: {
                        if (d.cannedStart >= 0)
                            d.updateCanned();
                        else if (text === "/" && root.cannedModel !== null)
                            root.openCanned(0, true);
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

    CannedPicker {
        id: picker
        objectName: "cannedPicker"
        x: Theme.spacing
        y: -height
        width: Math.min(root.width - 2 * Theme.spacing, 520)
        model: cannedFilter
        onChosen: cannedId => d.choose(cannedId)
        // Closed by a click elsewhere (a late signal of an earlier close finds it open again).
        onClosed: if (!visible) d.cannedStart = -1
    }
}
