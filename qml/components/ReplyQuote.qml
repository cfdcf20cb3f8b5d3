import QtQuick
import Parley.App

// The quoted message above a reply: an accent bar, who wrote it and one line of what they wrote.
Rectangle {
    id: root

    property string senderName
    property string text
    property color accentColor: Theme.colorFor(senderName)
    signal activated

    implicitHeight: column.implicitHeight + 8
    implicitWidth: Math.max(nameText.implicitWidth, bodyText.implicitWidth) + 16
    radius: 4
    color: Qt.rgba(accentColor.r, accentColor.g, accentColor.b, 0.12)
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Reply to %1: %2").arg(senderName).arg(text)

    Rectangle {
        width: 3
        height: parent.height
        radius: 1.5
        color: root.accentColor
    }

    Column {
        id: column
        x: 10
        y: 4
        width: parent.width - 14
        Text {
            id: nameText
            width: parent.width
            text: root.senderName
            color: root.accentColor
            font.bold: true
            font.pointSize: Theme.smallFontSize
            elide: Text.ElideRight
        }
        Text {
            id: bodyText
            width: parent.width
            text: root.text
            color: Theme.text
            font.pointSize: Theme.smallFontSize
            elide: Text.ElideRight
            maximumLineCount: 1
        }
    }

    TapHandler {
        onTapped: root.activated()
    }
}
