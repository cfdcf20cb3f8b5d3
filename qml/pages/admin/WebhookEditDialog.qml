import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// Create or edit a webhook endpoint: URL, events, enabled, and the coalescing interval (at most
// one delivery per conversation and recipient per interval; 0: one per message). Enter saves.
Dialog {
    id: root
    objectName: "webhookEditDialog"

    property string webhookId // "": a new endpoint
    property var availableEvents: []
    property int maxIntervalS: 604800

    signal submitted(string webhookId, string url, var events, bool enabled, int intervalS)

    function edit(id, url, events, enabled, intervalS) {
        webhookId = id;
        urlField.text = url;
        eventChecks.model = [];
        eventChecks.model = availableEvents;
        chosen = events.slice();
        enabledSwitch.checked = enabled;
        intervalBox.value = intervalS;
        open();
        urlField.forceActiveFocus();
    }
    property var chosen: []
    function submit() {
        if (!saveButton.enabled)
            return;
        submitted(webhookId, urlField.text.trim(), chosen, enabledSwitch.checked, intervalBox.value);
        close();
    }

    title: webhookId.length > 0 ? qsTr("Edit webhook") : qsTr("New webhook")
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(520, parent ? parent.width - 40 : 520)
    standardButtons: Dialog.Cancel

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            text: qsTr("URL (http or https)")
        }
        TextField {
            id: urlField
            objectName: "webhookUrlField"
            Layout.fillWidth: true
            placeholderText: "https://example.com/parley-hook"
            Accessible.name: qsTr("Webhook URL")
            onAccepted: root.submit()
        }
        Label {
            text: qsTr("Events")
        }
        Repeater {
            id: eventChecks
            CheckBox {
                required property string modelData
                objectName: "event_" + modelData
                text: modelData === "message.offline_member" ? qsTr("A message for a member who is offline") : modelData
                checked: root.chosen.indexOf(modelData) >= 0
                Accessible.name: text
                onToggled: {
                    const next = root.chosen.filter(e => e !== modelData);
                    if (checked)
                        next.push(modelData);
                    root.chosen = next;
                }
            }
        }
        Switch {
            id: enabledSwitch
            objectName: "webhookEnabledSwitch"
            text: qsTr("Enabled")
            Accessible.name: qsTr("Webhook enabled")
        }
        RowLayout {
            Label {
                text: qsTr("At most one delivery per conversation every")
            }
            SpinBox {
                id: intervalBox
                objectName: "webhookIntervalBox"
                from: 0
                to: root.maxIntervalS
                stepSize: 60
                editable: true
                Accessible.name: qsTr("Interval in seconds")
            }
            Label {
                text: qsTr("s")
            }
        }
        Button {
            id: saveButton
            objectName: "saveWebhookButton"
            Layout.alignment: Qt.AlignRight
            palette.button: Theme.accent
            palette.buttonText: Theme.accentText
            enabled: /^https?:\/\/[^\/]+/.test(urlField.text.trim()) && root.chosen.length > 0
            text: root.webhookId.length > 0 ? qsTr("Save") : qsTr("Create webhook")
            onClicked: root.submit()
        }
    }
}
