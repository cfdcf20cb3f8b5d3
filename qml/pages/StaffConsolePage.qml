import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Staff console: the waiting queue (live waiting times) and my open conversations, all open
// conversations, message search and who of the staff is online, beside the conversation with the
// customer's and order's details.
//
// Keys: Alt+1 queue, Alt+2 all open, Ctrl+F search; Up/Down and Enter in the lists; J on a
// queued conversation joins it. Support desk: Ctrl+T takes the open conversation (assigns it to
// me), Ctrl+Shift+T unassigns it, Ctrl+Shift+A switches between available and away, and the
// queue filters: Alt+A all, Alt+M assigned to me, Alt+U unassigned (each with its count).
// Ctrl+Shift+K manages the canned responses.
SplitView {
    id: root
    objectName: "staffConsolePage"

    property bool current: false
    property string currentRoomId
    property date now: new Date()

    function openRoom(roomId) {
        currentRoomId = roomId;
        chat.focusComposer();
    }

    orientation: Qt.Horizontal
    onCurrentChanged: if (current) Parley.staffQueue.refresh()

    Timer {
        interval: 1000
        repeat: true
        running: root.visible
        onTriggered: root.now = new Date()
    }
    // A safety net beside the socket's queue events: waiting times and the list stay right even
    // if an event was missed.
    Timer {
        interval: 30000
        repeat: true
        running: root.visible
        onTriggered: {
            Parley.staffQueue.refresh();
            if (tabs.currentIndex === 1)
                allOpen.refresh();
        }
    }

    Connections {
        target: Parley
        function onRoomOpened(roomId) {
            if (root.current)
                root.openRoom(roomId);
        }
    }

    Shortcut {
        sequence: "Alt+1"
        enabled: root.visible
        onActivated: {
            tabs.currentIndex = 0;
            queueList.forceActiveFocus();
        }
    }
    Shortcut {
        sequence: "Alt+2"
        enabled: root.visible
        onActivated: {
            tabs.currentIndex = 1;
            allList.forceActiveFocus();
        }
    }
    Shortcut {
        sequences: [StandardKey.Find]
        enabled: root.visible
        onActivated: {
            tabs.currentIndex = 2;
            searchField.forceActiveFocus();
        }
    }

    Shortcut {
        sequence: "Ctrl+T"
        enabled: root.visible && root.currentRoomId.length > 0
        onActivated: Parley.takeRoom(root.currentRoomId)
    }
    Shortcut {
        sequence: "Ctrl+Shift+T"
        enabled: root.visible && root.currentRoomId.length > 0
        onActivated: Parley.unassignRoom(root.currentRoomId)
    }
    Shortcut {
        sequence: "Ctrl+Shift+A"
        enabled: root.visible
        onActivated: Parley.setAway(!Parley.away)
    }

    // Support desk (ui-canned): managing the canned responses.
    Shortcut {
        sequence: "Ctrl+Shift+K"
        enabled: root.visible
        onActivated: cannedDialog.open()
    }
    CannedResponsesDialog {
        id: cannedDialog
        model: Parley.canned
    }

    StaffQueueModel {
        id: allOpen
        scope: StaffQueueModel.AllOpen
    }
    // Support desk (ui-assign): the queue filters.
    QueueFilterModel {
        id: queueFilter
        objectName: "queueFilter"
        sourceModel: Parley.staffQueue
    }
    function showFilter(filter) {
        queueFilter.filter = filter;
        tabs.currentIndex = 0;
        queueList.forceActiveFocus();
    }
    Shortcut {
        sequence: "Alt+A"
        enabled: root.visible
        onActivated: root.showFilter(QueueFilterModel.All)
    }
    Shortcut {
        sequence: "Alt+M"
        enabled: root.visible
        onActivated: root.showFilter(QueueFilterModel.Mine)
    }
    Shortcut {
        sequence: "Alt+U"
        enabled: root.visible
        onActivated: root.showFilter(QueueFilterModel.Unassigned)
    }

    SearchResultModel {
        id: search
        query: searchField.text
    }

    Rectangle {
        SplitView.preferredWidth: 360
        SplitView.minimumWidth: 260
        color: Theme.sidebar

        ColumnLayout {
            anchors.fill: parent
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.padding
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Staff console")
                    font.bold: true
                    font.pointSize: Theme.titleFontSize
                }
                ToolButton {
                    objectName: "cannedButton" // support desk (ui-canned)
                    text: "❝"
                    onClicked: cannedDialog.open()
                    Accessible.name: qsTr("Canned responses")
                    ToolTip.visible: hovered
                    ToolTip.text: Accessible.name + " (Ctrl+Shift+K)"
                }
                Switch {
                    objectName: "availabilitySwitch"
                    text: Parley.away ? qsTr("Away") : qsTr("Available")
                    checked: !Parley.away
                    onToggled: Parley.setAway(!checked)
                    Accessible.name: qsTr("Available for new conversations")
                }
                Label {
                    objectName: "waitingCountLabel"
                    text: qsTr("%1 waiting").arg(Parley.staffQueue.waitingCount)
                    color: Parley.staffQueue.waitingCount > 0 ? Theme.warning : Theme.secondaryText
                    font.bold: true
                }
            }

            TabBar {
                id: tabs
                Layout.fillWidth: true
                TabButton {
                    text: qsTr("Queue and mine")
                    objectName: "queueTab"
                }
                TabButton {
                    text: qsTr("All open")
                    objectName: "allOpenTab"
                    onClicked: allOpen.refresh()
                }
                TabButton {
                    text: qsTr("Search")
                    objectName: "searchTab"
                }
            }

            // Support desk (ui-assign): All / Mine / Unassigned over the queue tab.
            RowLayout {
                objectName: "queueFilterBar"
                visible: tabs.currentIndex === 0
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spacing
                Layout.rightMargin: Theme.spacing
                spacing: Theme.spacing
                Repeater {
                    model: [
                        {filter: QueueFilterModel.All, name: "allFilter", label: qsTr("All"), keys: "Alt+A"},
                        {filter: QueueFilterModel.Mine, name: "mineFilter", label: qsTr("Mine"), keys: "Alt+M"},
                        {filter: QueueFilterModel.Unassigned, name: "unassignedFilter", label: qsTr("Unassigned"), keys: "Alt+U"}
                    ]
                    Button {
                        required property var modelData
                        readonly property int count: modelData.filter === QueueFilterModel.Mine ? queueFilter.mineCount
                            : modelData.filter === QueueFilterModel.Unassigned ? queueFilter.unassignedCount
                            : queueFilter.allCount
                        objectName: modelData.name
                        flat: true
                        checkable: true
                        checked: queueFilter.filter === modelData.filter
                        text: modelData.label + " (" + count + ")"
                        onClicked: root.showFilter(modelData.filter)
                        Accessible.name: qsTr("Show %1: %2 conversations").arg(modelData.label).arg(count)
                        ToolTip.visible: hovered
                        ToolTip.text: modelData.keys
                    }
                }
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: tabs.currentIndex

                ListView {
                    id: queueList
                    objectName: "queueList"
                    clip: true
                    model: queueFilter
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Waiting queue and my conversations")
                    ScrollBar.vertical: ScrollBar {}
                    delegate: QueueDelegate {
                        width: ListView.view.width
                        firstOfSection: queueFilter.count > 0 && (index === 0 || queueFilter.get(index - 1).section !== section)
                        now: root.now
                        selected: roomId === root.currentRoomId
                        onClicked: root.openRoom(roomId)
                        onJoinRequested: Parley.joinRoom(roomId)
                    }
                    Keys.onReturnPressed: if (currentItem) root.openRoom(currentItem.roomId)
                    Keys.onPressed: event => {
                        if (event.key === Qt.Key_J && currentItem && !currentItem.isMine) {
                            Parley.joinRoom(currentItem.roomId);
                            event.accepted = true;
                        }
                    }
                    Label {
                        anchors.centerIn: parent
                        visible: queueList.count === 0
                        text: queueFilter.filter === QueueFilterModel.Mine ? qsTr("Nothing is assigned to you.")
                            : queueFilter.filter === QueueFilterModel.Unassigned ? qsTr("Nothing is unassigned.")
                            : qsTr("Nobody is waiting.")
                        color: Theme.secondaryText
                    }
                }

                ListView {
                    id: allList
                    objectName: "allOpenList"
                    clip: true
                    model: allOpen
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("All open conversations")
                    ScrollBar.vertical: ScrollBar {}
                    delegate: QueueDelegate {
                        width: ListView.view.width
                        now: root.now
                        selected: roomId === root.currentRoomId
                        onClicked: root.openRoom(roomId)
                        onJoinRequested: Parley.joinRoom(roomId)
                    }
                    Keys.onReturnPressed: if (currentItem) root.openRoom(currentItem.roomId)
                }

                ColumnLayout {
                    spacing: 0
                    TextField {
                        id: searchField
                        objectName: "messageSearchField"
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing
                        placeholderText: qsTr("Search all messages (Ctrl+F)")
                        Accessible.name: qsTr("Search messages")
                        Keys.onDownPressed: searchList.forceActiveFocus()
                        onAccepted: search.search()
                    }
                    ListView {
                        id: searchList
                        objectName: "searchResults"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: search
                        activeFocusOnTab: true
                        keyNavigationEnabled: true
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("Search results")
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ItemDelegate {
                            id: hit
                            required property string roomId
                            required property string roomTitle
                            required property string content
                            required property string senderName
                            required property var createdAt
                            width: ListView.view.width
                            highlighted: ListView.isCurrentItem
                            background: Rectangle {
                                color: parent.highlighted ? Theme.hover : "transparent"
                                border.color: parent.visualFocus ? Theme.accent : "transparent"
                            }
                            onClicked: root.openRoom(roomId)
                            Accessible.name: senderName + ": " + content + ", " + roomTitle
                            contentItem: ColumnLayout {
                                spacing: 2
                                RowLayout {
                                    Label {
                                        Layout.fillWidth: true
                                        text: hit.roomTitle
                                        font.bold: true
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        text: Format.shortTime(hit.createdAt)
                                        color: Theme.secondaryText
                                        font.pointSize: Theme.smallFontSize
                                    }
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: hit.senderName + ": " + hit.content
                                    color: Theme.secondaryText
                                    elide: Text.ElideRight
                                }
                            }
                        }
                        Keys.onReturnPressed: if (currentItem) root.openRoom(currentItem.roomId)
                        BusyIndicator {
                            anchors.centerIn: parent
                            running: search.loading
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: !search.loading && searchField.text.length > 0 && searchList.count === 0
                            text: qsTr("No messages found")
                            color: Theme.secondaryText
                        }
                    }
                }
            }

            Rectangle {
                Layout.fillWidth: true
                height: 1
                color: Theme.divider
            }
            Label {
                Layout.margins: Theme.spacing
                text: qsTr("Staff online (%1)").arg(Parley.onlineStaff.count)
                color: Theme.secondaryText
                font.bold: true
            }
            ListView {
                objectName: "onlineStaffList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 140)
                Layout.bottomMargin: Theme.spacing
                clip: true
                orientation: ListView.Vertical
                model: Parley.onlineStaff
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Staff online")
                delegate: RowLayout {
                    required property string userId
                    required property string displayName
                    required property string role
                    required property bool isSelf
                    x: Theme.padding
                    width: ListView.view.width - 2 * Theme.padding
                    height: 36
                    Avatar {
                        size: 28
                        name: displayName
                        key: userId
                        online: true
                    }
                    Label {
                        Layout.fillWidth: true
                        text: displayName + (isSelf ? " " + qsTr("(you)") : "")
                        elide: Text.ElideRight
                    }
                    Label {
                        text: role
                        color: Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                    }
                }
            }
        }
    }

    ChatPage {
        id: chat
        SplitView.fillWidth: true
        roomId: root.currentRoomId
        showing: root.current
        showDetails: true
    }
}
