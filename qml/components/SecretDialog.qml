import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// A secret the server answers once (an integration API key, a webhook's signing secret): shown
// with a Copy button and the warning that it will not be shown again. Closing forgets it.
// Keys: Ctrl+C copies, Enter or Escape closes.
Dialog {
    id: root
    objectName: "secretDialog"

    property string secret
    property string subject // what the secret belongs to ("Key “shop”", a webhook URL)
    property bool copied: false

    function show(heading, what, value) {
        title = heading;
        subject = what;
        secret = value;
        copied = false;
        open();
        copyButton.forceActiveFocus();
    }
    function copy() {
        clipboardHelper.text = secret;
        clipboardHelper.selectAll();
        clipboardHelper.copy();
        clipboardHelper.text = "";
        copied = true;
    }

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(520, parent ? parent.width - 40 : 520)
    closePolicy: Popup.CloseOnEscape
    onClosed: {
        secret = "";
        subject = "";
    }

    Shortcut {
        sequences: [StandardKey.Copy]
        enabled: root.opened
        onActivated: root.copy()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: root.subject
            font.bold: true
            elide: Text.ElideMiddle
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: secretField
                objectName: "secretField"
                Layout.fillWidth: true
                text: root.secret
                readOnly: true
                selectByMouse: true
                font.family: "monospace"
                Accessible.name: qsTr("Secret")
            }
            Button {
                id: copyButton
                objectName: "copySecretButton"
                text: root.copied ? qsTr("Copied") : qsTr("Copy")
                Accessible.name: qsTr("Copy the secret")
                onClicked: root.copy()
                Keys.onReturnPressed: root.close()
                Keys.onEnterPressed: root.close()
            }
        }
        Label {
            objectName: "secretWarning"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.warning
            text: qsTr("Copy it now and keep it somewhere safe: you will not see it again. If it is lost, create a new one.")
            Accessible.role: Accessible.AlertMessage
        }
        Button {
            objectName: "secretDoneButton"
            Layout.alignment: Qt.AlignRight
            text: root.copied ? qsTr("Done") : qsTr("Close without copying")
            Accessible.name: text
            onClicked: root.close()
        }
    }

    TextEdit {
        id: clipboardHelper
        visible: false
    }
}
