import QtQuick
import QtQuick.Controls
import Parley.App

// A short message at the bottom of its parent ("Could not send: ..."), gone after a few seconds.
Popup {
    id: root

    property alias text: label.text
    function show(message) {
        text = message;
        open();
        hideTimer.restart();
    }

    x: (parent ? parent.width - width : 0) / 2
    y: parent ? parent.height - height - 80 : 0
    padding: Theme.padding
    closePolicy: Popup.CloseOnEscape
    background: Rectangle {
        radius: Theme.radius
        color: Theme.dark ? "#2b3a4a" : "#323232"
    }
    contentItem: Label {
        id: label
        objectName: "toastText"
        color: "white"
        wrapMode: Text.Wrap
        width: Math.min(implicitWidth, 480)
        Accessible.role: Accessible.AlertMessage
    }

    Timer {
        id: hideTimer
        interval: 4000
        onTriggered: root.close()
    }
}
