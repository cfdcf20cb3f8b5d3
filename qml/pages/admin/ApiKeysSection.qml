import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Admin, "API keys": the integration keys (name, scopes, created, last used, revoked), creating
// one (its secret shown once), revoking with confirmation. Keys: Ctrl+N new key, Delete revokes
// the selected key.
RowLayout {
    id: root
    objectName: "apiKeysSection"

    // Messages for the page's toast (errors carry the server's sentence).
    signal notify(string message)

    spacing: 0
    onVisibleChanged: if (visible) keys.refresh()

    function askRevoke(keyId, name) {
        confirm.ask(qsTr("Revoke key"), qsTr("Revoke “%1”? Systems using it are refused at once; this cannot be undone.").arg(name), qsTr("Revoke"), () => keys.revoke(keyId));
    }
    function create() {
        const scopes = [];
        for (let i = 0; i < scopeChecks.count; ++i) {
            const box = scopeChecks.itemAt(i);
            if (box.checked)
                scopes.push(box.scope);
        }
        keys.createKey(nameField.text, scopes);
    }

    ApiKeyModel {
        id: keys
        onErrorOccurred: message => root.notify(message)
        onKeyCreated: (name, secret) => {
            nameField.text = "";
            secretDialog.show(qsTr("API key created"), qsTr("Key “%1”").arg(name), secret);
        }
        onKeyRevoked: name => root.notify(qsTr("Key “%1” revoked").arg(name))
    }

    Shortcut {
        sequences: [StandardKey.New]
        enabled: root.visible
        onActivated: nameField.forceActiveFocus()
    }

    ListView {
        id: keyList
        objectName: "apiKeyList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: keys
        activeFocusOnTab: true
        keyNavigationEnabled: true
        Accessible.role: Accessible.List
        Accessible.name: qsTr("API keys")
        ScrollBar.vertical: ScrollBar {}
        Keys.onDeletePressed: if (currentItem && !currentItem.revoked) root.askRevoke(currentItem.keyId, currentItem.name)
        delegate: ItemDelegate {
            id: keyRow
            required property int index
            required property string keyId
            required property string name
            required property var scopes
            required property var createdAt
            required property var lastUsedAt
            required property bool revoked
            required property var revokedAt
            width: ListView.view.width
            highlighted: ListView.isCurrentItem
            onClicked: keyList.currentIndex = index
            background: Rectangle {
                color: keyRow.highlighted ? Theme.hover : "transparent"
                border.color: keyRow.visualFocus ? Theme.accent : "transparent"
            }
            Accessible.name: qsTr("Key %1, %2").arg(name).arg(revoked ? qsTr("revoked") : scopes.join(", "))
            contentItem: RowLayout {
                spacing: Theme.padding
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: keyRow.name
                        font.bold: true
                        font.strikeout: keyRow.revoked
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1 · id %2").arg(keyRow.scopes.join(", ")).arg(keyRow.keyId.slice(0, 8))
                        color: Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "keyDates"
                        Layout.fillWidth: true
                        text: qsTr("Created %1 · last used %2").arg(Format.shortTime(keyRow.createdAt)).arg(keyRow.lastUsedAt ? Format.shortTime(keyRow.lastUsedAt) : qsTr("never")) + (keyRow.revoked ? " · " + qsTr("revoked %1").arg(Format.shortTime(keyRow.revokedAt)) : "")
                        color: keyRow.revoked ? Theme.danger : Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                        elide: Text.ElideRight
                    }
                }
                Button {
                    objectName: "revokeKeyButton"
                    visible: !keyRow.revoked
                    text: qsTr("Revoke…")
                    Accessible.name: qsTr("Revoke key %1").arg(keyRow.name)
                    onClicked: {
                        // This button goes away once revoked: leave the keyboard on the list.
                        keyList.currentIndex = keyRow.index;
                        keyList.forceActiveFocus();
                        root.askRevoke(keyRow.keyId, keyRow.name);
                    }
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: keyList.count === 0 && !keys.loading
            text: qsTr("No API keys yet")
            color: Theme.secondaryText
        }
    }

    // Create a key
    Rectangle {
        Layout.preferredWidth: 300
        Layout.fillHeight: true
        color: Theme.sidebar
        Rectangle {
            width: 1
            height: parent.height
            color: Theme.divider
        }
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: Theme.padding
            spacing: Theme.spacing
            Label {
                text: qsTr("Create an API key")
                font.bold: true
                font.pointSize: Theme.titleFontSize
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
                text: qsTr("For a shop or courier system: it opens order rooms and posts order events (see docs/API.md, Integrations).")
            }
            TextField {
                id: nameField
                objectName: "apiKeyNameField"
                Layout.fillWidth: true
                placeholderText: qsTr("Name, e.g. Shop backend (Ctrl+N)")
                Accessible.name: qsTr("New key name")
                onAccepted: if (createButton.enabled) root.create()
            }
            Repeater {
                id: scopeChecks
                model: keys.availableScopes
                CheckBox {
                    required property string modelData
                    readonly property string scope: modelData
                    objectName: "scope_" + modelData
                    checked: true
                    text: modelData === "rooms:write" ? qsTr("Open order rooms (rooms:write)") : modelData === "events:write" ? qsTr("Post order events (events:write)") : modelData
                    Accessible.name: text
                }
            }
            Button {
                id: createButton
                objectName: "createApiKeyButton"
                Layout.fillWidth: true
                palette.button: Theme.accent
                palette.buttonText: Theme.accentText
                enabled: nameField.text.trim().length > 0
                text: qsTr("Create key")
                onClicked: root.create()
            }
            Item {
                Layout.fillHeight: true
            }
        }
    }

    SecretDialog {
        id: secretDialog
    }
    ConfirmDialog {
        id: confirm
    }
}
