import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Admin, "Webhooks": the endpoints (URL, events, enabled, interval) with create and edit, a test
// delivery, a new signing secret (each secret shown once), and the delivery log (status, attempts,
// last answer, next retry) filterable by endpoint, with Redeliver. The log refreshes itself every
// few seconds while shown. Keys: Ctrl+N new endpoint; on the endpoint list Enter edits, T sends
// a test, Space enables/disables, L shows its deliveries; on the log R redelivers, F5 refreshes.
ColumnLayout {
    id: root
    objectName: "webhooksSection"

    signal notify(string message)

    spacing: 0
    onVisibleChanged: {
        if (visible) {
            endpoints.refresh();
            deliveries.refresh();
        }
    }

    // [{id, label}] for the log's filter: every endpoint, and "All endpoints" first.
    property var filterOptions: [{ id: "", label: qsTr("All endpoints") }]
    function rebuildFilter() {
        const options = [{ id: "", label: qsTr("All endpoints") }];
        for (let i = 0; i < endpoints.count; ++i) {
            const e = endpoints.get(i);
            options.push({ id: e.webhookId, label: e.url });
        }
        const current = deliveries.webhookId;
        filterOptions = options;
        filterBox.currentIndex = Math.max(0, options.findIndex(o => o.id === current));
    }
    function urlOf(webhookId) {
        const option = filterOptions.find(o => o.id === webhookId);
        return option ? option.label : webhookId;
    }
    function showDeliveriesOf(webhookId) {
        deliveries.webhookId = webhookId;
        filterBox.currentIndex = Math.max(0, filterOptions.findIndex(o => o.id === webhookId));
        deliveryList.forceActiveFocus();
    }
    function newEndpoint() {
        editDialog.edit("", "", endpoints.availableEvents, true, endpoints.defaultIntervalS);
    }
    function askRotate(webhookId, url) {
        confirm.ask(qsTr("New signing secret"), qsTr("Replace the signing secret of %1? Deliveries are signed with the new one at once, so the receiver must be updated.").arg(url), qsTr("Replace secret"), () => endpoints.rotateSecret(webhookId));
    }

    WebhookEndpointModel {
        id: endpoints
        onErrorOccurred: message => root.notify(message)
        onCountChanged: root.rebuildFilter()
        onDataChanged: root.rebuildFilter()
        onModelReset: root.rebuildFilter()
        onSecretIssued: (webhookId, url, secret) => secretDialog.show(qsTr("Webhook signing secret"), url, secret)
        onTestQueued: (webhookId, deliveryId) => {
            root.notify(qsTr("Test delivery queued"));
            root.showDeliveriesOf(webhookId);
            deliveries.refresh();
        }
    }
    WebhookDeliveryModel {
        id: deliveries
        onErrorOccurred: message => root.notify(message)
        onRedelivered: deliveryId => root.notify(qsTr("Delivery queued again"))
    }
    Timer {
        interval: 5000
        repeat: true
        running: root.visible
        onTriggered: if (!deliveries.loading) deliveries.refresh()
    }
    Shortcut {
        sequences: [StandardKey.New]
        enabled: root.visible
        onActivated: root.newEndpoint()
    }
    Shortcut {
        sequences: [StandardKey.Refresh]
        enabled: root.visible
        onActivated: deliveries.refresh()
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.margins: Theme.spacing
        Label {
            Layout.fillWidth: true
            text: qsTr("Endpoints")
            font.bold: true
            font.pointSize: Theme.titleFontSize
        }
        Button {
            objectName: "addWebhookButton"
            text: qsTr("Add endpoint… (Ctrl+N)")
            Accessible.name: qsTr("Add webhook endpoint")
            onClicked: root.newEndpoint()
        }
    }
    ListView {
        id: endpointList
        objectName: "webhookList"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, root.height * 0.4) + 2
        Layout.minimumHeight: 60
        clip: true
        model: endpoints
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Webhook endpoints")
        ScrollBar.vertical: ScrollBar {}
        Keys.onPressed: event => {
            const row = currentItem;
            if (!row)
                return;
            if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                row.editIt();
            else if (event.key === Qt.Key_T)
                endpoints.sendTest(row.webhookId);
            else if (event.key === Qt.Key_Space)
                endpoints.setEnabled(row.webhookId, !row.enabled);
            else if (event.key === Qt.Key_L)
                root.showDeliveriesOf(row.webhookId);
            else
                return;
            event.accepted = true;
        }
        delegate: ItemDelegate {
            id: endpointRow
            required property int index
            required property string webhookId
            required property string url
            required property bool enabled
            required property var events
            required property int intervalS
            required property var createdAt
            function editIt() {
                editDialog.edit(webhookId, url, events, enabled, intervalS);
            }
            width: ListView.view.width
            highlighted: ListView.isCurrentItem
            onClicked: endpointList.currentIndex = index
            background: Rectangle {
                color: endpointRow.highlighted ? Theme.hover : "transparent"
                border.color: endpointRow.visualFocus ? Theme.accent : "transparent"
            }
            Accessible.name: qsTr("Webhook %1, %2").arg(url).arg(enabled ? qsTr("enabled") : qsTr("disabled"))
            contentItem: RowLayout {
                spacing: Theme.spacing
                Switch {
                    objectName: "webhookEnabledToggle"
                    checked: endpointRow.enabled
                    Accessible.name: qsTr("Enable %1").arg(endpointRow.url)
                    onToggled: endpoints.setEnabled(endpointRow.webhookId, checked)
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: endpointRow.url
                        font.bold: true
                        color: endpointRow.enabled ? Theme.text : Theme.secondaryText
                        elide: Text.ElideMiddle
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1 · at most one per conversation every %2 · since %3").arg(endpointRow.events.join(", ")).arg(endpointRow.intervalS > 0 ? Format.duration(endpointRow.intervalS) : qsTr("message")).arg(Format.shortTime(endpointRow.createdAt))
                        color: Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                        elide: Text.ElideRight
                    }
                }
                Button {
                    text: qsTr("Edit…")
                    Accessible.name: qsTr("Edit %1").arg(endpointRow.url)
                    onClicked: endpointRow.editIt()
                }
                Button {
                    objectName: "testWebhookButton"
                    text: qsTr("Send test")
                    Accessible.name: qsTr("Send a test delivery to %1").arg(endpointRow.url)
                    onClicked: endpoints.sendTest(endpointRow.webhookId)
                }
                Button {
                    objectName: "rotateSecretButton"
                    text: qsTr("New secret…")
                    Accessible.name: qsTr("New signing secret for %1").arg(endpointRow.url)
                    onClicked: root.askRotate(endpointRow.webhookId, endpointRow.url)
                }
                Button {
                    text: qsTr("Deliveries")
                    Accessible.name: qsTr("Show deliveries of %1").arg(endpointRow.url)
                    onClicked: root.showDeliveriesOf(endpointRow.webhookId)
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: endpointList.count === 0 && !endpoints.loading
            text: qsTr("No webhooks yet")
            color: Theme.secondaryText
        }
    }

    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: 1
        color: Theme.divider
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.margins: Theme.spacing
        Label {
            text: qsTr("Delivery log")
            font.bold: true
            font.pointSize: Theme.titleFontSize
        }
        Item {
            Layout.fillWidth: true
        }
        ComboBox {
            id: filterBox
            objectName: "deliveryFilter"
            Layout.preferredWidth: 320
            model: root.filterOptions
            textRole: "label"
            valueRole: "id"
            Accessible.name: qsTr("Show deliveries of")
            onActivated: deliveries.webhookId = currentValue
        }
        Button {
            text: qsTr("Refresh")
            Accessible.name: qsTr("Refresh the delivery log")
            onClicked: deliveries.refresh()
        }
    }
    ListView {
        id: deliveryList
        objectName: "deliveryList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: deliveries
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Webhook deliveries")
        ScrollBar.vertical: ScrollBar {}
        onAtYEndChanged: if (atYEnd && deliveries.hasMore && !deliveries.loading) deliveries.loadMore()
        Keys.onPressed: event => {
            if (event.key === Qt.Key_R && currentItem && currentItem.status !== "pending") {
                deliveries.redeliver(currentItem.deliveryId);
                event.accepted = true;
            }
        }
        delegate: ItemDelegate {
            id: deliveryRow
            required property int index
            required property string deliveryId
            required property string endpointId
            required property string event
            required property string status
            required property int attempts
            required property int lastStatusCode
            required property string lastError
            required property var nextAttemptAt
            required property var createdAt
            required property var deliveredAt
            width: ListView.view.width
            highlighted: ListView.isCurrentItem
            onClicked: deliveryList.currentIndex = index
            background: Rectangle {
                color: deliveryRow.highlighted ? Theme.hover : "transparent"
                border.color: deliveryRow.visualFocus ? Theme.accent : "transparent"
            }
            Accessible.name: qsTr("%1 delivery, %2, %3 attempts").arg(event).arg(status).arg(attempts)
            contentItem: RowLayout {
                spacing: Theme.padding
                Label {
                    objectName: "deliveryStatus"
                    Layout.preferredWidth: 80
                    text: deliveryRow.status
                    font.bold: true
                    color: deliveryRow.status === "delivered" ? Theme.success : deliveryRow.status === "failed" ? Theme.danger : Theme.warning
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: deliveryRow.event + " → " + root.urlOf(deliveryRow.endpointId)
                        elide: Text.ElideMiddle
                    }
                    Label {
                        Layout.fillWidth: true
                        text: [qsTr("%n attempt(s)", "", deliveryRow.attempts), deliveryRow.lastStatusCode > 0 ? qsTr("HTTP %1").arg(deliveryRow.lastStatusCode) : "", deliveryRow.lastError, deliveryRow.nextAttemptAt ? qsTr("next try %1").arg(Format.shortTime(deliveryRow.nextAttemptAt)) : "", qsTr("queued %1").arg(Format.shortTime(deliveryRow.createdAt)), deliveryRow.deliveredAt ? qsTr("delivered %1").arg(Format.shortTime(deliveryRow.deliveredAt)) : ""].filter(s => s.length > 0).join(" · ")
                        color: Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                        elide: Text.ElideRight
                    }
                }
                Button {
                    objectName: "redeliverButton"
                    visible: deliveryRow.status !== "pending"
                    text: qsTr("Redeliver")
                    Accessible.name: qsTr("Redeliver %1").arg(deliveryRow.deliveryId)
                    onClicked: deliveries.redeliver(deliveryRow.deliveryId)
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: deliveryList.count === 0 && !deliveries.loading
            text: qsTr("No deliveries")
            color: Theme.secondaryText
        }
    }

    WebhookEditDialog {
        id: editDialog
        availableEvents: endpoints.availableEvents
        maxIntervalS: endpoints.maxIntervalS
        onSubmitted: (webhookId, url, events, enabled, intervalS) => {
            if (webhookId.length > 0)
                endpoints.update(webhookId, url, events, enabled, intervalS);
            else
                endpoints.create(url, events, enabled, intervalS);
        }
    }
    SecretDialog {
        id: secretDialog
    }
    ConfirmDialog {
        id: confirm
        onClosed: endpointList.forceActiveFocus()
    }
}
