import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Beside a conversation in the staff console: the customer, the order, the state of the room,
// who is in it, and the room actions (join, leave, close, reopen) one click away.
Rectangle {
    id: root
    objectName: "roomDetailsPanel"

    property var room: ({})
    property bool isMember: false
    property date now: new Date()
    readonly property bool closed: room.status === "closed"
    readonly property var members: room.members || []
    readonly property var customer: members.find(m => m.role === "customer") || null
    readonly property bool ratable: room.kind === "support" || room.kind === "order" // ui-close

    signal exportTranscriptRequested // ui-close
    signal noteErrorOccurred(string message) // ui-notes

    // ui-notes: puts the keyboard in the private note field (Ctrl+Shift+N).
    function focusNoteField() {
        roomNotes.focusField();
    }

    color: Theme.sidebar

    Timer {
        interval: 1000
        repeat: true
        running: root.visible
        onTriggered: root.now = new Date()
    }

    Rectangle {
        width: 1
        height: parent.height
        color: Theme.divider
    }

    ScrollView {
        anchors.fill: parent
        anchors.leftMargin: 1
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: Theme.spacing

            Avatar {
                Layout.alignment: Qt.AlignHCenter
                Layout.topMargin: Theme.padding * 2
                size: 72
                name: root.room.customerName || root.room.title || "?"
                key: root.customer ? root.customer.userId : (root.room.id || "")
                online: root.customer ? root.customer.online : false
            }
            Label {
                objectName: "detailsCustomerName"
                Layout.alignment: Qt.AlignHCenter
                Layout.maximumWidth: root.width - 24
                elide: Text.ElideRight
                text: root.room.customerName || root.room.title || ""
                font.bold: true
                font.pointSize: Theme.titleFontSize
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                visible: root.customer !== null
                text: root.customer ? "@" + root.customer.username + (root.customer.online ? " · " + qsTr("online") : "") : ""
                color: Theme.secondaryText
            }

            GridLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.padding
                columns: 2
                columnSpacing: Theme.padding
                rowSpacing: 6

                Label { text: qsTr("Kind"); color: Theme.secondaryText }
                Label { text: root.room.kind || ""; Layout.fillWidth: true }
                Label { text: qsTr("Order"); color: Theme.secondaryText; visible: !!root.room.orderRef }
                Label {
                    objectName: "detailsOrderRef"
                    visible: !!root.room.orderRef
                    text: root.room.orderRef || ""
                    font.bold: true
                    Layout.fillWidth: true
                }
                Label { text: qsTr("Subject"); color: Theme.secondaryText; visible: !!root.room.subject }
                Label {
                    visible: !!root.room.subject
                    text: root.room.subject || ""
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label { text: qsTr("Status"); color: Theme.secondaryText }
                Label {
                    text: root.closed ? qsTr("Closed") : qsTr("Open")
                    color: root.closed ? Theme.secondaryText : Theme.success
                    font.bold: true
                }
                Label {
                    text: qsTr("Waiting")
                    color: Theme.secondaryText
                    visible: waitingLabel.text.length > 0
                }
                Label {
                    id: waitingLabel
                    visible: text.length > 0
                    text: Format.waitingSince(root.room.waitingSince, root.now)
                    color: Theme.warning
                    font.bold: true
                }
                Label { text: qsTr("Started"); color: Theme.secondaryText }
                Label {
                    text: root.room.createdAt ? Qt.formatDateTime(root.room.createdAt, "dd MMM yyyy, hh:mm") : ""
                    Layout.fillWidth: true
                }
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.padding
                Layout.rightMargin: Theme.padding
                Button {
                    objectName: "detailsJoinButton"
                    visible: !root.isMember && Parley.session.isStaff
                    palette.button: Theme.accent
                    palette.buttonText: Theme.accentText
                    text: qsTr("Join")
                    onClicked: Parley.joinRoom(root.room.id)
                    Layout.fillWidth: true
                }
                Button {
                    visible: root.isMember && Parley.session.isStaff
                    text: qsTr("Leave")
                    onClicked: Parley.leaveRoom(root.room.id)
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "detailsCloseButton"
                    text: root.closed ? qsTr("Reopen") : qsTr("Close")
                    onClicked: root.closed ? Parley.reopenRoom(root.room.id) : Parley.closeRoom(root.room.id)
                    Layout.fillWidth: true
                }
            }

            // ui-close: transcript export and the customers' ratings.
            Button {
                objectName: "detailsExportButton"
                visible: Parley.session.isStaff && !!root.room.id
                Layout.fillWidth: true
                Layout.leftMargin: Theme.padding
                Layout.rightMargin: Theme.padding
                text: qsTr("Export transcript…")
                onClicked: root.exportTranscriptRequested()
                Accessible.name: qsTr("Export transcript (Ctrl+Shift+E)")
            }
            RoomRatings {
                visible: Parley.session.isStaff && root.ratable
                Layout.fillWidth: true
                roomId: visible ? (root.room.id || "") : ""
            }
            // ui-notes: private staff notes.
            RoomNotes {
                id: roomNotes
                visible: Parley.session.isStaff && !!root.room.id
                Layout.fillWidth: true
                roomId: visible ? (root.room.id || "") : ""
                onErrorOccurred: message => root.noteErrorOccurred(message)
            }

            Label {
                Layout.leftMargin: Theme.padding
                Layout.topMargin: Theme.padding
                text: qsTr("People (%1)").arg(root.members.length)
                color: Theme.secondaryText
                font.bold: true
            }
            Repeater {
                model: root.members
                RowLayout {
                    required property var modelData
                    Layout.leftMargin: Theme.padding
                    Layout.rightMargin: Theme.padding
                    spacing: Theme.spacing
                    Avatar {
                        size: 32
                        name: modelData.displayName
                        key: modelData.userId
                        online: modelData.online
                    }
                    ColumnLayout {
                        spacing: 0
                        Layout.fillWidth: true
                        Label {
                            text: modelData.displayName
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: modelData.role
                            color: Theme.secondaryText
                            font.pointSize: Theme.smallFontSize
                        }
                    }
                }
            }
            Item {
                Layout.fillHeight: true
            }
        }
    }
}
