import QtQuick
import Parley.App

// The unread count of a room: accent colour, grey when the room is muted, "999+" above 999.
Rectangle {
    id: root

    property int count: 0
    property bool muted: false
    readonly property string label: count > 999 ? "999+" : String(count)

    visible: count > 0
    implicitHeight: Math.round(Theme.fontSize * 2)
    implicitWidth: Math.max(implicitHeight, countText.implicitWidth + implicitHeight * 0.6)
    radius: implicitHeight / 2
    color: muted ? Theme.mutedBadge : Theme.accent
    Accessible.role: Accessible.StaticText
    Accessible.name: count === 1 ? qsTr("1 unread message") : qsTr("%1 unread messages").arg(count)

    Text {
        id: countText
        anchors.centerIn: parent
        text: root.label
        color: Theme.accentText
        font.pointSize: Theme.smallFontSize
        font.bold: true
    }
}
