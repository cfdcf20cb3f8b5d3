import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// "Assign to...": picks the colleague who handles a support conversation (docs/API.md
// "Assignment and availability"). Lists the staff with whether they are online, available or away
// and their open conversations against the capacity; available colleagues come first, the least
// loaded first among them. Typing filters by name or username.
//
// Keys: type to filter, Up/Down choose, Enter assigns, Escape closes.
Popup {
    id: root
    objectName: "assignPicker"

    // [{userId, username, displayName, role, online, away, openAssigned, isSelf}] (StaffDirectory)
    property var staff: []
    // Open assigned conversations per staff member (0: unknown, the load shows alone).
    property int capacity: 0
    // Who handles the conversation now ("" nobody): marked, and picking them changes nothing.
    property string currentAssigneeId
    property alias filterText: field.text
    readonly property var matches: filtered(staff, field.text)
    readonly property alias currentIndex: list.currentIndex
    // The user picked someone other than the current assignee.
    signal picked(string userId, string displayName)

    function rank(person) {
        return person.online && !person.away ? 0 : !person.away ? 1 : person.online ? 2 : 3;
    }
    function filtered(people, text) {
        const words = text.trim().toLowerCase();
        const out = (people || []).filter(p => words.length === 0
            || p.displayName.toLowerCase().includes(words)
            || p.username.toLowerCase().includes(words));
        out.sort((a, b) => rank(a) - rank(b) || a.openAssigned - b.openAssigned
                 || a.displayName.localeCompare(b.displayName));
        return out;
    }
    function statusText(person) {
        return (person.away ? qsTr("Away") : qsTr("Available")) + " · "
            + (person.online ? qsTr("online") : qsTr("offline"));
    }
    function loadText(person) {
        return capacity > 0 ? qsTr("%1/%2 open").arg(person.openAssigned).arg(capacity)
                            : qsTr("%1 open").arg(person.openAssigned);
    }
    function pick(index) {
        if (index < 0 || index >= matches.length)
            return;
        const person = matches[index];
        close();
        if (person.userId !== currentAssigneeId)
            picked(person.userId, person.displayName);
    }

    parent: Overlay.overlay
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? Math.max(Theme.padding, parent.height / 6) : 0
    width: 380
    height: Math.min(440, parent ? parent.height - y - Theme.padding : 440)
    modal: true
    focus: true
    padding: Theme.spacing
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onOpened: {
        field.text = "";
        list.currentIndex = matches.length > 0 ? 0 : -1;
        field.forceActiveFocus();
    }
    onMatchesChanged: {
        if (list.currentIndex >= matches.length || (list.currentIndex < 0 && matches.length > 0))
            list.currentIndex = matches.length > 0 ? 0 : -1;
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing
        Label {
            text: qsTr("Assign to…")
            font.bold: true
        }
        TextField {
            id: field
            objectName: "assignFilter"
            Layout.fillWidth: true
            placeholderText: qsTr("Type a name")
            Accessible.name: qsTr("Filter colleagues")
            onTextEdited: list.currentIndex = root.matches.length > 0 ? 0 : -1
            Keys.onDownPressed: list.incrementCurrentIndex()
            Keys.onUpPressed: list.decrementCurrentIndex()
            Keys.onReturnPressed: root.pick(list.currentIndex)
            Keys.onEnterPressed: root.pick(list.currentIndex)
        }
        ListView {
            id: list
            objectName: "assignList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.matches
            highlightMoveDuration: 0
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Colleagues")
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property var modelData
                required property int index
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onClicked: root.pick(index)
                Accessible.name: modelData.displayName + ", " + root.statusText(modelData) + ", "
                                 + root.loadText(modelData)
                contentItem: RowLayout {
                    spacing: Theme.spacing
                    Avatar {
                        size: 28
                        name: row.modelData.displayName
                        key: row.modelData.userId
                        online: row.modelData.online
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: row.modelData.displayName
                                  + (row.modelData.isSelf ? " " + qsTr("(you)") : "")
                                  + (row.modelData.userId === root.currentAssigneeId ? " · " + qsTr("assigned") : "")
                            font.bold: row.modelData.userId === root.currentAssigneeId
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: root.statusText(row.modelData)
                            color: row.modelData.away || !row.modelData.online ? Theme.secondaryText : Theme.accent
                            font.pointSize: Theme.smallFontSize
                            elide: Text.ElideRight
                        }
                    }
                    Label {
                        text: root.loadText(row.modelData)
                        color: root.capacity > 0 && row.modelData.openAssigned >= root.capacity ? Theme.warning : Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                    }
                }
            }
            Label {
                objectName: "assignNoMatch"
                anchors.centerIn: parent
                visible: list.count === 0
                text: root.staff.length === 0 ? qsTr("Loading colleagues…") : qsTr("Nobody matches")
                color: Theme.secondaryText
            }
        }
    }
}
