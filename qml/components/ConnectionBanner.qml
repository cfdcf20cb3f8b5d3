import QtQuick
import Parley.App

// An honest connection state above the conversation. "connecting", "reconnecting" and "offline"
// stay until the state changes; coming back after a loss (not the first connection) shows
// "Back online: N new messages" for a few seconds.
Rectangle {
    id: root

    property string state: "connected" // "connected", "connecting", "reconnecting" or "offline"
    property int newMessages: 0        // arrived while away, counted by the caller on resume
    property int backOnlineMs: 4000
    property bool showBackOnline: false
    property bool everConnected: false
    property bool lost: false // left "connected" since it was last there

    readonly property string text: state === "connecting" || state === "reconnecting" ? qsTr("Connecting...")
                                 : state === "offline" ? qsTr("Offline: messages will be sent when you are back")
                                 : showBackOnline ? (newMessages === 1 ? qsTr("Back online: 1 new message")
                                                  : newMessages > 1 ? qsTr("Back online: %1 new messages").arg(newMessages)
                                                  : qsTr("Back online"))
                                 : ""

    visible: text.length > 0
    implicitHeight: visible ? label.implicitHeight + 12 : 0
    color: state === "offline" ? Theme.danger : state === "connected" ? Theme.success : Theme.warning
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    onStateChanged: {
        if (state === "connected") {
            showBackOnline = lost;
            lost = false;
            everConnected = true;
            if (showBackOnline)
                hideTimer.restart();
        } else {
            showBackOnline = false;
            lost = everConnected;
        }
    }

    Timer {
        id: hideTimer
        interval: root.backOnlineMs
        onTriggered: root.showBackOnline = false
    }

    Text {
        id: label
        anchors.centerIn: parent
        width: parent.width - 24
        horizontalAlignment: Text.AlignHCenter
        text: root.text
        color: "white"
        font.bold: true
        elide: Text.ElideRight
    }
}
