import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// One conversation in the list: avatar, title, time, the last message (or who is typing), the
// unread badge, and muted / closed marks.
ItemDelegate {
    id: root

    required property int index
    required property string roomId
    required property string kind
    required property string title
    required property string status
    required property var lastActivity
    required property int unreadCount
    required property string preview
    required property string previewSender
    required property string typingText
    required property bool muted
    required property bool archived
    required property int pendingCount
    property bool selected: false

    signal menuRequested

    implicitHeight: 68
    highlighted: selected
    Accessible.name: title + ", " + (unreadCount > 0 ? qsTr("%1 unread").arg(unreadCount) + ", " : "")
                     + (typingText.length > 0 ? typingText : previewSender.length > 0 ? previewSender + ": " + preview : preview)

    background: Rectangle {
        color: root.selected ? Theme.selected : root.hovered ? Theme.hover : "transparent"
        border.color: root.visualFocus ? Theme.accent : "transparent"
    }

    contentItem: RowLayout {
        spacing: Theme.padding
        Avatar {
            size: 48
            name: root.title
            key: root.roomId
            Layout.alignment: Qt.AlignVCenter
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: root.title
                    font.bold: true
                    color: root.selected ? Theme.selectedText : Theme.text
                    elide: Text.ElideRight
                }
                Text {
                    visible: root.muted
                    text: qsTr("muted")
                    font.pointSize: Theme.smallFontSize
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                }
                Text {
                    text: Format.shortTime(root.lastActivity)
                    font.pointSize: Theme.smallFontSize
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    textFormat: Text.StyledText
                    text: root.typingText.length > 0 ? root.typingText
                        : (root.previewSender.length > 0 ? "<font color='" + (root.selected ? Theme.selectedText : Theme.accent) + "'>"
                                                           + root.previewSender.replace(/&/g, "&amp;").replace(/</g, "&lt;") + ":</font> " : "")
                          + root.preview.replace(/&/g, "&amp;").replace(/</g, "&lt;")
                    color: root.selected ? Theme.selectedText : root.typingText.length > 0 ? Theme.accent : Theme.secondaryText
                    elide: Text.ElideRight
                    maximumLineCount: 1
                }
                Text {
                    visible: root.status === "closed"
                    text: qsTr("closed")
                    font.pointSize: Theme.smallFontSize
                    color: root.selected ? Theme.selectedText : Theme.secondaryText
                }
                ReceiptTicks {
                    visible: root.pendingCount > 0
                    status: "pending"
                }
                UnreadBadge {
                    count: root.unreadCount
                    muted: root.muted
                }
            }
        }
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: root.menuRequested()
    }
}
