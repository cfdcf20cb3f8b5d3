import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// The narrow bar on the left: my avatar, then Chats, Staff console, Admin (by role), Settings.
Rectangle {
    id: root

    property string section
    signal sectionRequested(string name)

    implicitWidth: 68
    color: Theme.dark ? "#0e1621" : "#f0f2f5"

    component RailButton: ToolButton {
        id: button
        required property string name
        required property string label
        required property string glyph
        property string shortcutText
        property int badge: 0
        Layout.preferredWidth: 60
        Layout.preferredHeight: 56
        Layout.alignment: Qt.AlignHCenter
        checked: root.section === name
        objectName: name + "RailButton"
        Accessible.name: label
        ToolTip.visible: hovered
        ToolTip.text: label + (shortcutText ? " (" + shortcutText + ")" : "")
        onClicked: root.sectionRequested(name)
        background: Rectangle {
            radius: Theme.radius
            color: button.checked ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.18)
                                  : button.hovered ? Theme.hover : "transparent"
            border.color: button.visualFocus ? Theme.accent : "transparent"
        }
        contentItem: Column {
            spacing: 2
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: button.glyph
                font.pixelSize: 20
                color: button.checked ? Theme.accent : Theme.secondaryText
            }
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: button.label
                font.pointSize: Theme.smallFontSize * 0.9
                color: button.checked ? Theme.accent : Theme.secondaryText
            }
        }
        UnreadBadge {
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.rightMargin: 4
            count: button.badge
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.topMargin: Theme.padding
        anchors.bottomMargin: Theme.padding
        spacing: 4

        Avatar {
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: Theme.spacing
            size: 40
            name: Parley.session.displayName
            key: Parley.session.userId
            online: Parley.connectionState === RealtimeClient.Online
        }

        RailButton {
            name: "chats"
            label: qsTr("Chats")
            glyph: "✉"
            shortcutText: "Ctrl+1"
            badge: Parley.unreadTotal
        }
        RailButton {
            name: "console"
            label: qsTr("Console")
            glyph: "☰"
            shortcutText: "Ctrl+2"
            visible: Parley.session.isStaff
            badge: Parley.staffQueue.waitingCount
        }
        RailButton {
            name: "admin"
            label: qsTr("Admin")
            glyph: "⚙"
            shortcutText: "Ctrl+3"
            visible: Parley.session.isAdmin
        }
        Item {
            Layout.fillHeight: true
        }
        RailButton {
            name: "settings"
            label: qsTr("Settings")
            glyph: "☼"
            shortcutText: "Ctrl+,"
        }
    }

    Rectangle {
        anchors.right: parent.right
        width: 1
        height: parent.height
        color: Theme.divider
    }
}
