import QtQuick
import Parley.App
import QtQuick.Controls
import QtQuick.Layouts

// A shared location: a pin card with the coordinates; a click opens OpenStreetMap in the browser.
Rectangle {
    id: root

    property real latitude
    property real longitude
    readonly property string coordinates: Math.abs(latitude).toFixed(5) + "° " + (latitude >= 0 ? "N" : "S") + ", "
                                          + Math.abs(longitude).toFixed(5) + "° " + (longitude >= 0 ? "E" : "W")
    readonly property url mapUrl: "https://www.openstreetmap.org/?mlat=" + latitude + "&mlon=" + longitude
                                  + "#map=16/" + latitude + "/" + longitude
    signal openRequested(url mapUrl)

    implicitWidth: 260
    implicitHeight: 140
    radius: Theme.smallRadius
    clip: true
    color: Theme.dark ? "#23384a" : "#d8ecd2"
    activeFocusOnTab: true
    border.color: activeFocus ? Theme.accent : "transparent"
    border.width: 2
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("Location %1, press to open the map").arg(coordinates)
    Keys.onReturnPressed: openRequested(mapUrl)
    Keys.onSpacePressed: openRequested(mapUrl)

    // A few "streets" so the card reads as a map at a glance.
    Repeater {
        model: 5
        Rectangle {
            required property int index
            x: -20
            y: 18 + index * 26
            width: root.width + 40
            height: 5
            rotation: index % 2 ? 8 : -6
            color: Theme.dark ? "#2f4a60" : "#ffffff"
            opacity: 0.8
        }
    }

    Rectangle {
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height / 2 - 22
        width: 22
        height: 22
        radius: 11
        color: Theme.danger
        border.color: "white"
        border.width: 3
    }

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: coords.implicitHeight + 8
        color: Qt.rgba(0, 0, 0, 0.45)
        Text {
            id: coords
            anchors.centerIn: parent
            text: root.coordinates
            color: "white"
            font.pointSize: Theme.smallFontSize
        }
    }

    TapHandler {
        onTapped: root.openRequested(root.mapUrl)
    }
    HoverHandler {
        cursorShape: Qt.PointingHandCursor
    }
}
