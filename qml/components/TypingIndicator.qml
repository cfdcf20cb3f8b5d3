import QtQuick
import Parley.App

// "Alice is typing…" with three pulsing dots; hidden when nobody types.
Row {
    id: root

    property var names: []
    property string text: Format.typingText(names)

    visible: text.length > 0
    spacing: 6
    Accessible.role: Accessible.StaticText
    Accessible.name: text

    Row {
        anchors.verticalCenter: parent.verticalCenter
        spacing: 3
        Repeater {
            model: 3
            Rectangle {
                required property int index
                width: 5
                height: 5
                radius: 2.5
                color: Theme.accent
                SequentialAnimation on opacity {
                    running: root.visible
                    loops: Animation.Infinite
                    PauseAnimation { duration: index * 150 }
                    NumberAnimation { from: 0.3; to: 1; duration: 300 }
                    NumberAnimation { from: 1; to: 0.3; duration: 300 }
                    PauseAnimation { duration: (2 - index) * 150 }
                }
            }
        }
    }

    Text {
        text: root.text
        color: Theme.accent
        font.pointSize: Theme.smallFontSize
        elide: Text.ElideRight
    }
}
