import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Admin, "Desk" tab (ui-assign): auto-assignment of waiting customers to available staff, and
// each staff member's capacity (GET/PATCH /api/admin/desk/). The server validates: its message
// shows under the form. Keys: Tab between the fields, Space toggles, Enter in the capacity saves.
ScrollView {
    id: root
    objectName: "deskSettingsSection"

    // The tab is showing: (re)load when it does.
    property bool current: false
    onCurrentChanged: if (current) desk.load()
    Component.onCompleted: if (current) desk.load()

    contentWidth: availableWidth

    DeskSettings {
        id: desk
        onChanged: {
            autoAssignSwitch.checked = desk.autoAssign;
            capacityField.text = String(desk.capacity);
        }
        onSaved: toast.show(qsTr("Desk settings saved"))
    }

    function save() {
        desk.save(autoAssignSwitch.checked, parseInt(capacityField.text, 10) || 0);
    }

    ColumnLayout {
        width: Math.min(root.availableWidth - 2 * Theme.padding, 560)
        x: Theme.padding
        spacing: Theme.padding

        Label {
            Layout.topMargin: Theme.padding
            Layout.fillWidth: true
            text: qsTr("Waiting customers can be assigned automatically to available, online staff: the least loaded first, never above the capacity. Away or offline staff get none.")
            wrapMode: Text.Wrap
            color: Theme.secondaryText
        }
        Switch {
            id: autoAssignSwitch
            objectName: "autoAssignSwitch"
            text: qsTr("Assign waiting customers automatically")
            enabled: desk.loaded && !desk.busy
            Accessible.name: text
        }
        RowLayout {
            spacing: Theme.spacing
            Label {
                text: qsTr("Capacity per staff member")
            }
            TextField {
                id: capacityField
                objectName: "capacityField"
                Layout.preferredWidth: 100
                enabled: desk.loaded && !desk.busy
                inputMethodHints: Qt.ImhDigitsOnly
                validator: IntValidator { bottom: 0; top: 100000 }
                Accessible.name: qsTr("Open conversations per staff member")
                onAccepted: root.save()
            }
            Label {
                text: qsTr("open conversations (1–1000)")
                color: Theme.secondaryText
            }
        }
        Label {
            objectName: "deskSettingsError"
            Layout.fillWidth: true
            visible: desk.error.length > 0
            text: desk.errorField.length > 0 ? qsTr("%1: %2").arg(desk.errorField).arg(desk.error) : desk.error
            color: Theme.danger
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
        RowLayout {
            spacing: Theme.spacing
            Button {
                objectName: "deskSaveButton"
                text: qsTr("Save")
                enabled: desk.loaded && !desk.busy
                onClicked: root.save()
                Accessible.name: qsTr("Save desk settings")
            }
            Button {
                text: qsTr("Reload")
                enabled: !desk.busy
                onClicked: desk.load()
                Accessible.name: qsTr("Reload desk settings")
            }
            BusyIndicator {
                running: desk.busy
                implicitHeight: 28
                implicitWidth: 28
            }
        }
    }

    Toast {
        id: toast
    }
}
