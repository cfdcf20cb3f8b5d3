import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// In the room details panel (staff only): the conversation's private notes, oldest first, with
// author and time, and a field to add one (Ctrl+Enter or "Add note"). Customers never see them.
// Live: a colleague's note appears without reload. The server's refusal goes to errorOccurred.
ColumnLayout {
    id: root
    objectName: "roomNotes"

    property string roomId
    readonly property alias model: notes
    readonly property alias field: noteField

    signal errorOccurred(string message)

    function focusField() {
        noteField.forceActiveFocus();
    }
    function submit() {
        if (notes.busy)
            return;
        notes.add(noteField.text);
    }

    spacing: 6

    NoteListModel {
        id: notes
        roomId: root.roomId
        onAdded: noteField.clear()
        onErrorOccurred: message => root.errorOccurred(message)
    }

    Label {
        objectName: "notesHeader"
        Layout.leftMargin: Theme.padding
        Layout.topMargin: Theme.padding
        text: notes.count === 0 ? qsTr("Private notes") : qsTr("Private notes (%1)").arg(notes.count)
        color: Theme.secondaryText
        font.bold: true
    }
    Label {
        Layout.leftMargin: Theme.padding
        Layout.rightMargin: Theme.padding
        Layout.fillWidth: true
        text: qsTr("Visible to staff only, never to the customer")
        color: Theme.warning
        font.pointSize: Theme.smallFontSize
        wrapMode: Text.Wrap
    }
    Repeater {
        model: notes
        delegate: ColumnLayout {
            required property string authorName
            required property string content
            required property var createdAt
            Layout.leftMargin: Theme.padding
            Layout.rightMargin: Theme.padding
            Layout.fillWidth: true
            spacing: 2
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("Note by %1: %2").arg(authorName).arg(content)
            Label {
                text: authorName + " · " + Qt.formatDateTime(createdAt, "dd MMM yyyy, hh:mm")
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: content
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
                Layout.fillWidth: true
            }
        }
    }
    TextArea {
        id: noteField
        objectName: "noteField"
        Layout.leftMargin: Theme.padding
        Layout.rightMargin: Theme.padding
        Layout.fillWidth: true
        placeholderText: qsTr("Private note (staff only)")
        wrapMode: TextEdit.Wrap
        readOnly: notes.busy // not disabled: the keyboard stays in the field
        Accessible.name: qsTr("Private note, visible to staff only (Ctrl+Enter adds it)")
        Keys.onPressed: event => {
            if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                    && (event.modifiers & Qt.ControlModifier)) {
                root.submit();
                event.accepted = true;
            }
        }
    }
    Button {
        objectName: "addNoteButton"
        Layout.leftMargin: Theme.padding
        Layout.rightMargin: Theme.padding
        Layout.fillWidth: true
        text: qsTr("Add note")
        enabled: !notes.busy && noteField.text.trim().length > 0
        onClicked: root.submit()
        Accessible.name: qsTr("Add private note (Ctrl+Enter)")
    }
}
