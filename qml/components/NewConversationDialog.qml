import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// "New conversation": a support request (optional subject) or the conversation about an order.
Dialog {
    id: root
    objectName: "newConversationDialog"

    property bool order: false

    title: qsTr("New conversation")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(440, parent ? parent.width - 40 : 440)
    standardButtons: Dialog.Cancel
    onOpened: {
        subjectField.text = "";
        orderField.text = "";
        (order ? orderField : subjectField).forceActiveFocus();
    }

    function submit() {
        if (order) {
            if (orderField.text.trim().length === 0)
                return;
            Parley.openOrderRoom(orderField.text.trim(), subjectField.text.trim());
        } else {
            Parley.createSupportRoom(subjectField.text.trim());
        }
        close();
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            RadioButton {
                objectName: "supportChoice"
                text: qsTr("Ask for support")
                checked: !root.order
                onToggled: root.order = !checked
            }
            RadioButton {
                objectName: "orderChoice"
                text: qsTr("About an order")
                checked: root.order
                onToggled: root.order = checked
            }
        }
        Label {
            visible: root.order
            text: qsTr("Order number")
        }
        TextField {
            id: orderField
            objectName: "orderRefField"
            visible: root.order
            Layout.fillWidth: true
            placeholderText: "ORD-1001"
            Accessible.name: qsTr("Order number")
            onAccepted: root.submit()
        }
        Label {
            text: qsTr("Subject (optional)")
        }
        TextField {
            id: subjectField
            objectName: "subjectField"
            Layout.fillWidth: true
            placeholderText: root.order ? qsTr("e.g. Delivery address") : qsTr("e.g. My parcel is late")
            Accessible.name: qsTr("Subject")
            onAccepted: root.submit()
        }
        Button {
            objectName: "startConversationButton"
            Layout.alignment: Qt.AlignRight
            palette.button: Theme.accent
            palette.buttonText: Theme.accentText
            enabled: !root.order || orderField.text.trim().length > 0
            text: root.order ? qsTr("Open order conversation") : qsTr("Start support request")
            onClicked: root.submit()
        }
    }
}
