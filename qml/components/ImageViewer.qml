import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// The full picture over the window. Escape or a click outside closes it; Ctrl+S saves.
Popup {
    id: root
    objectName: "imageViewer"

    property var message: ({})
    signal saveRequested(var message)

    function show(m) {
        message = m;
        open();
    }

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: parent ? parent.width : 800
    height: parent ? parent.height : 600
    modal: true
    focus: true
    padding: 0
    background: Rectangle {
        color: Qt.rgba(0, 0, 0, 0.85)
    }

    Shortcut {
        sequence: StandardKey.Save
        enabled: root.opened
        onActivated: root.saveRequested(root.message)
    }

    Image {
        id: full
        anchors.fill: parent
        anchors.margins: 56
        source: root.opened ? (root.message.attachmentUrl || "") : ""
        fillMode: Image.PreserveAspectFit
        asynchronous: true
        Accessible.role: Accessible.Graphic
        Accessible.name: root.message.attachmentName || ""
    }
    BusyIndicator {
        anchors.centerIn: parent
        running: full.status === Image.Loading
    }

    RowLayout {
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.padding
        Label {
            Layout.fillWidth: true
            text: (root.message.senderName || "") + (root.message.attachmentName ? " · " + root.message.attachmentName : "")
            color: "white"
            elide: Text.ElideRight
        }
        Button {
            text: qsTr("Save… (Ctrl+S)")
            onClicked: root.saveRequested(root.message)
        }
        Button {
            text: qsTr("Close (Esc)")
            onClicked: root.close()
        }
    }
}
