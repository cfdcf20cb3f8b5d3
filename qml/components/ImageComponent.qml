import QtQuick
import Parley.App
import QtQuick.Controls

// An inline image in a message: the thumbnail at its aspect ratio (at most maxWidth wide), a
// spinner while it loads, a click opens the full picture.
Item {
    id: root

    property url source
    property int sourceWidth: 0
    property int sourceHeight: 0
    property int maxWidth: 320
    property int maxHeight: 320
    property string name
    readonly property real aspect: sourceWidth > 0 && sourceHeight > 0 ? sourceWidth / sourceHeight : 4 / 3
    readonly property alias status: image.status
    signal activated

    implicitWidth: Math.min(maxWidth, aspect >= 1 ? maxWidth : maxHeight * aspect, sourceWidth > 0 ? sourceWidth : maxWidth)
    implicitHeight: implicitWidth / aspect
    activeFocusOnTab: true
    Accessible.role: Accessible.Button
    Accessible.name: name.length > 0 ? qsTr("Image %1, press to open").arg(name) : qsTr("Image, press to open")
    Keys.onReturnPressed: activated()
    Keys.onSpacePressed: activated()

    Rectangle {
        anchors.fill: parent
        radius: Theme.smallRadius
        color: Theme.input
        border.color: root.activeFocus ? Theme.accent : "transparent"
        border.width: 2
    }

    Image {
        id: image
        anchors.fill: parent
        anchors.margins: 2
        source: root.source
        asynchronous: true
        fillMode: Image.PreserveAspectCrop
        smooth: true
        mipmap: true
    }

    BusyIndicator {
        anchors.centerIn: parent
        running: image.status === Image.Loading
        visible: running
    }

    Text {
        anchors.centerIn: parent
        visible: image.status === Image.Error
        text: qsTr("Image unavailable")
        color: Theme.secondaryText
    }

    TapHandler {
        onTapped: root.activated()
    }
    HoverHandler {
        cursorShape: Qt.PointingHandCursor
    }
}
