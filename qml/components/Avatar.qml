import QtQuick
import Parley.App

// A round avatar with the person's initials on their own colour, and an online dot.
Rectangle {
    id: root

    property string name
    property string key: name
    property bool online: false
    property int size: 40

    implicitWidth: size
    implicitHeight: size
    radius: width / 2
    color: Theme.colorFor(key)
    Accessible.role: Accessible.Graphic
    Accessible.name: online ? qsTr("%1, online").arg(name) : name

    Text {
        anchors.centerIn: parent
        text: Format.initials(root.name)
        color: "white"
        font.pixelSize: root.size * 0.38
        font.bold: true
    }

    Rectangle {
        objectName: "onlineDot"
        visible: root.online
        width: root.size * 0.3
        height: width
        radius: width / 2
        color: Theme.success
        border.color: Theme.window
        border.width: 2
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
}
