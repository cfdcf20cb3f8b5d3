import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App
import Parley.Client

// Managing the canned responses staff share: the list on the left (filter field on top), the
// selected one's title, shortcut and body on the right. New (Ctrl+N), Save (Ctrl+S), Delete (the
// Delete key in the list, with a confirmation), Escape closes. The server's validation errors show
// under the field they are about. Everyone's changes arrive live through the model.
Dialog {
    id: root
    objectName: "cannedDialog"

    // A CannedResponseModel (Parley.canned).
    property var model: null
    // The response being edited; "" for a new one.
    property string editingId

    function startNew() {
        editingId = "";
        titleField.text = "";
        shortcutField.text = "/";
        bodyArea.text = "";
        d.clearErrors();
        list.currentIndex = -1;
        titleField.forceActiveFocus();
    }
    function edit(cannedId) {
        const row = model.indexOf(cannedId);
        if (row < 0)
            return;
        const c = model.get(row);
        editingId = cannedId;
        titleField.text = c.title;
        shortcutField.text = c.shortcut;
        bodyArea.text = c.body;
        d.clearErrors();
    }
    function save() {
        d.clearErrors();
        d.request = editingId.length > 0
                ? model.update(editingId, titleField.text, shortcutField.text, bodyArea.text)
                : model.create(titleField.text, shortcutField.text, bodyArea.text);
    }
    // Shows a save error under its field (the general line when the server named none).
    function showError(field, message) {
        if (field === "title")
            d.titleError = message;
        else if (field === "shortcut")
            d.shortcutError = message;
        else if (field === "body")
            d.bodyError = message;
        else
            d.generalError = message;
    }

    title: qsTr("Canned responses")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Overlay.overlay ? Overlay.overlay.width - 40 : 860, 860)
    height: Math.min(Overlay.overlay ? Overlay.overlay.height - 40 : 560, 560)
    standardButtons: Dialog.Close
    onOpened: {
        filterField.text = "";
        if (model && model.count > 0) {
            list.currentIndex = 0;
            edit(filterModel.get(0).cannedId);
        } else {
            startNew();
        }
        list.forceActiveFocus();
    }

    QtObject {
        id: d
        property int request: 0
        property string titleError
        property string shortcutError
        property string bodyError
        property string generalError
        function clearErrors() {
            titleError = shortcutError = bodyError = generalError = "";
        }
        function rowOf(cannedId) {
            for (let i = 0; i < filterModel.count; ++i) {
                if (filterModel.get(i).cannedId === cannedId)
                    return i;
            }
            return -1;
        }
    }

    Connections {
        target: root.model
        function onSaved(request, cannedId) {
            if (request !== d.request)
                return;
            root.editingId = cannedId;
            list.currentIndex = d.rowOf(cannedId);
        }
        function onSaveFailed(request, field, message) {
            if (request === d.request)
                root.showError(field, message);
        }
        function onRemoved(request, cannedId) {
            if (cannedId === root.editingId)
                root.startNew();
        }
        function onErrorOccurred(message) {
            if (root.opened)
                d.generalError = message;
        }
    }

    CannedFilterModel {
        id: filterModel
        source: root.model
        query: filterField.text
    }

    Shortcut {
        sequences: [StandardKey.New]
        enabled: root.opened
        onActivated: root.startNew()
    }
    Shortcut {
        sequences: [StandardKey.Save]
        enabled: root.opened
        onActivated: root.save()
    }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.padding

        ColumnLayout {
            Layout.preferredWidth: 280
            Layout.fillHeight: true
            TextField {
                id: filterField
                objectName: "cannedFilterField"
                Layout.fillWidth: true
                placeholderText: qsTr("Filter by shortcut or title")
                Accessible.name: qsTr("Filter canned responses")
                Keys.onDownPressed: list.forceActiveFocus()
            }
            ListView {
                id: list
                objectName: "cannedManageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: filterModel
                activeFocusOnTab: true
                keyNavigationEnabled: true
                highlightMoveDuration: 0
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Canned responses")
                ScrollBar.vertical: ScrollBar {}
                onCurrentItemChanged: if (currentItem && activeFocus) root.edit(currentItem.cannedId)
                Keys.onDeletePressed: if (currentItem) deleteDialog.ask(currentItem.cannedId, currentItem.shortcut)
                Keys.onReturnPressed: titleField.forceActiveFocus()
                delegate: ItemDelegate {
                    required property int index
                    required property string cannedId
                    required property string shortcut
                    required property string title
                    width: ListView.view.width
                    highlighted: cannedId === root.editingId
                    text: shortcut + "  " + title
                    onClicked: {
                        ListView.view.currentIndex = index;
                        root.edit(cannedId);
                    }
                    Accessible.name: shortcut + " " + title
                }
                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: filterField.text.length > 0 ? qsTr("Nothing matches") : qsTr("No canned responses yet")
                    color: Theme.secondaryText
                }
            }
            Button {
                objectName: "cannedNewButton"
                Layout.fillWidth: true
                text: qsTr("New response (Ctrl+N)")
                onClicked: root.startNew()
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 2

            Label {
                text: qsTr("Title")
            }
            TextField {
                id: titleField
                objectName: "cannedTitleField"
                Layout.fillWidth: true
                Accessible.name: qsTr("Title")
            }
            Label {
                objectName: "cannedTitleError"
                visible: text.length > 0
                text: d.titleError
                color: Theme.danger
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Shortcut")
            }
            TextField {
                id: shortcutField
                objectName: "cannedShortcutField"
                Layout.fillWidth: true
                placeholderText: "/refund"
                Accessible.name: qsTr("Shortcut")
            }
            Label {
                objectName: "cannedShortcutError"
                visible: text.length > 0
                text: d.shortcutError
                color: Theme.danger
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Text")
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    id: bodyArea
                    objectName: "cannedBodyField"
                    wrapMode: TextEdit.Wrap
                    Accessible.name: qsTr("Text")
                    background: Rectangle {
                        radius: Theme.radius
                        color: Theme.input
                        border.color: Theme.divider
                    }
                }
            }
            Label {
                objectName: "cannedBodyError"
                visible: text.length > 0
                text: d.bodyError
                color: Theme.danger
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Filled in when inserted: {customer_name}, {agent_name}, {order_ref}, {room_id}")
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
            }
            Label {
                objectName: "cannedGeneralError"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.Wrap
                text: d.generalError
                color: Theme.danger
            }
            RowLayout {
                Layout.topMargin: Theme.spacing
                Button {
                    objectName: "cannedSaveButton"
                    text: root.editingId.length > 0 ? qsTr("Save (Ctrl+S)") : qsTr("Create (Ctrl+S)")
                    highlighted: true
                    onClicked: root.save()
                }
                Button {
                    objectName: "cannedDeleteButton"
                    visible: root.editingId.length > 0
                    text: qsTr("Delete")
                    onClicked: deleteDialog.ask(root.editingId, shortcutField.text)
                }
            }
        }
    }

    Dialog {
        id: deleteDialog
        property string cannedId
        property string shortcut
        function ask(id, sc) {
            cannedId = id;
            shortcut = sc;
            open();
        }
        title: qsTr("Delete canned response")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Yes | Dialog.No
        Label {
            text: qsTr("Delete %1 for all staff?").arg(deleteDialog.shortcut)
        }
        onAccepted: root.model.remove(cannedId)
    }
}
