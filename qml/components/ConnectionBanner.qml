import QtQuick

// An honest connection state above the conversation. "connecting" and "offline" stay until the
// state changes; after a reconnect "Back online: N new messages" shows for a few seconds.
Rectangle {
    id: root

    property string state: "connected" // "connected", "connecting" or "offline"
    property int newMessages: 0        // arrived while away, counted by the caller on resume
    property int backOnlineMs: 4000
    property bool showBackOnline: false
    property string _previous: "connected"

    readonly property string text: state === "connecting" ? qsTr("Connecting...")
                                 : state === "offline" ? qsTr("Offline: messages will be sent when you are back")
                                 : showBackOnline ? (newMessages === 1 ? qsTr("Back online: 1 new message")
                                                  : newMessages > 1 ? qsTr("Back online: %1 new messages").arg(newMessages)
                                                  : qsTr("Back online"))
                                 : ""

    visible: text.length > 0
    implicitHeight: visible ? label.implicitHeight + 12 : 0
    color: state === "offline" ? Theme.danger : state === "connecting" ? Theme.warning : Theme.success
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    onStateChanged: {
        if (state === "connected" && _previous !== "connected") {
            showBackOnline = true;
            hideTimer.restart();
        } else if (state !== "connected") {
            showBackOnline = false;
        }
        _previous = state;
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
