import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// "Are you sure?" before something that cannot be undone (revoking a key, replacing a secret):
// ask(title, text, actionText, action) runs action() only when confirmed. Enter confirms,
// Escape cancels.
Dialog {
    id: root
    objectName: "confirmDialog"

    property string text
    property string actionText: qsTr("OK")
    property var action: null

    function ask(heading, sentence, buttonText, callback) {
        title = heading;
        text = sentence;
        actionText = buttonText;
        action = callback;
        open();
        confirmButton.forceActiveFocus();
    }

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(440, parent ? parent.width - 40 : 440)
    onAccepted: {
        const run = action;
        action = null;
        if (run)
            run();
    }
    onRejected: action = null

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            Layout.fillWidth: true
            text: root.text
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                objectName: "confirmCancelButton"
                text: qsTr("Cancel")
                onClicked: root.reject()
            }
            Button {
                id: confirmButton
                objectName: "confirmButton"
                text: root.actionText
                palette.button: Theme.danger
                palette.buttonText: Theme.accentText
                Accessible.name: root.actionText
                onClicked: root.accept()
                Keys.onReturnPressed: root.accept()
                Keys.onEnterPressed: root.accept()
            }
        }
    }
}
