import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// A support conversation in the staff console: customer, subject, the live waiting time while it
// is in the queue, the last message, and Join in one click.
ItemDelegate {
    id: root

    required property int index
    required property string roomId
    required property string title
    required property string customerName
    required property string orderRef
    required property var waitingSince
    required property bool isWaiting
    required property bool isMine
    required property string preview
    required property var lastActivity
    required property int unreadCount
    required property string status
    required property string section
    required property string assigneeName // support desk: who handles it ("" nobody)
    required property bool isAssignedToMe
    property bool firstOfSection: false // set by the list: shows the section's title above
    property date now: new Date()
    property bool selected: false
    readonly property string waitingText: isWaiting ? Format.waitingSince(waitingSince, now) : ""

    signal joinRequested

    implicitHeight: 72 + (firstOfSection ? sectionHeader.height : 0)
    topPadding: firstOfSection ? sectionHeader.height + 6 : 6
    Accessible.name: (customerName || title) + (isWaiting ? ", " + qsTr("waiting %1").arg(waitingText) : "") + ", " + preview

    background: Item {
        Rectangle {
            id: sectionHeader
            visible: root.firstOfSection
            width: parent.width
            height: root.firstOfSection ? 28 : 0
            color: Theme.hover
            Text {
                anchors.verticalCenter: parent.verticalCenter
                x: Theme.padding
                text: root.section === "Waiting" ? qsTr("Waiting for staff") : root.section === "Mine" ? qsTr("My conversations") : qsTr("Open")
                color: root.section === "Waiting" ? Theme.warning : Theme.secondaryText
                font.bold: true
                font.pointSize: Theme.smallFontSize
            }
        }
        Rectangle {
            y: sectionHeader.height
            width: parent.width
            height: parent.height - y
            color: root.selected ? Theme.selected : root.hovered ? Theme.hover : "transparent"
            border.color: root.visualFocus ? Theme.accent : "transparent"
        }
    }

    contentItem: RowLayout {
        spacing: Theme.padding
        Avatar {
            size: 44
            name: root.customerName || root.title
            key: root.roomId
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: root.customerName.length > 0 && root.customerName !== root.title ? root.customerName + " · " + root.title : root.title
                    font.bold: true
                    color: root.selected ? Theme.selectedText : Theme.text
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "waitingTime"
                    visible: root.isWaiting
                    text: qsTr("waiting %1").arg(root.waitingText)
                    color: root.selected ? Theme.selectedText : Theme.warning
                    font.bold: true
                    font.pointSize: Theme.smallFontSize
                }
                Text {
                    objectName: "assigneeLabel"
                    visible: root.assigneeName.length > 0
                    text: root.isAssignedToMe ? qsTr("mine") : root.assigneeName
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                    font.pointSize: Theme.smallFontSize
                    Accessible.name: qsTr("Assigned to %1").arg(root.assigneeName)
                }
                Text {
                    visible: !root.isWaiting
                    text: Format.shortTime(root.lastActivity)
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                    font.pointSize: Theme.smallFontSize
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: root.preview
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                    elide: Text.ElideRight
                    maximumLineCount: 1
                }
                UnreadBadge {
                    count: root.unreadCount
                }
                Button {
                    objectName: "queueJoinButton"
                    visible: !root.isMine
                    text: qsTr("Join")
                    palette.button: Theme.accent
                    palette.buttonText: Theme.accentText
                    padding: 4
                    onClicked: root.joinRequested()
                    Accessible.name: qsTr("Join %1").arg(root.customerName || root.title)
                }
            }
        }
    }
}
