import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// My conversations, newest activity first, with a filter, the archive, and "New conversation".
// Keys: Ctrl+K filter, Ctrl+N new conversation, Alt+Up/Down previous/next conversation, Enter
// opens, the Menu key (or Shift+F10) opens the conversation's menu.
Rectangle {
    id: root
    objectName: "roomListPage"

    property string currentRoomId
    property string filterText: filterField.text.trim().toLowerCase()
    signal roomActivated(string roomId)

    function moveSelection(step) {
        const n = list.count;
        if (n === 0)
            return;
        let i = Parley.rooms.indexOf(currentRoomId);
        for (let k = 0; k < n; ++k) {
            i = (i + step + n) % n;
            const item = list.itemAtIndex(i);
            if (!item || item.visible)
                break;
        }
        list.currentIndex = i;
        list.positionViewAtIndex(i, ListView.Contain);
        if (list.currentItem)
            currentRoomId = list.currentItem.roomId;
    }

    color: Theme.sidebar

    Shortcut {
        sequences: ["Ctrl+K", StandardKey.Find]
        enabled: root.visible
        onActivated: filterField.forceActiveFocus()
    }
    Shortcut {
        sequences: [StandardKey.New]
        enabled: root.visible
        onActivated: newDialog.open()
    }
    Shortcut {
        sequences: ["Alt+Down", "Ctrl+Tab"]
        enabled: root.visible
        onActivated: root.moveSelection(1)
    }
    Shortcut {
        sequences: ["Alt+Up", "Ctrl+Shift+Tab"]
        enabled: root.visible
        onActivated: root.moveSelection(-1)
    }

    NewConversationDialog {
        id: newDialog
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing
            TextField {
                id: filterField
                objectName: "roomFilter"
                Layout.fillWidth: true
                placeholderText: qsTr("Search conversations (Ctrl+K)")
                Accessible.name: qsTr("Filter conversations")
                Keys.onDownPressed: list.forceActiveFocus()
                Keys.onEscapePressed: text = ""
                background: Rectangle {
                    radius: height / 2
                    color: Theme.input
                    border.color: filterField.activeFocus ? Theme.accent : "transparent"
                }
                leftPadding: Theme.padding
            }
            RoundButton {
                objectName: "newConversationButton"
                text: "✎"
                flat: true
                font.pointSize: Theme.titleFontSize
                onClicked: newDialog.open()
                Accessible.name: qsTr("New conversation")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("New conversation (Ctrl+N)")
            }
        }

        TabBar {
            id: tabs
            Layout.fillWidth: true
            currentIndex: Parley.rooms.showArchived ? 1 : 0
            TabButton {
                text: qsTr("Active")
                onClicked: Parley.rooms.showArchived = false
            }
            TabButton {
                objectName: "archivedTab"
                text: qsTr("Archived")
                onClicked: Parley.rooms.showArchived = true
            }
        }

        ListView {
            id: list
            objectName: "roomList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: Parley.rooms
            keyNavigationEnabled: true
            highlightFollowsCurrentItem: false
            activeFocusOnTab: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Conversations")
            ScrollBar.vertical: ScrollBar {}

            delegate: RoomDelegate {
                id: delegate
                width: ListView.view.width
                selected: roomId === root.currentRoomId
                visible: root.filterText.length === 0 || title.toLowerCase().indexOf(root.filterText) >= 0
                         || preview.toLowerCase().indexOf(root.filterText) >= 0
                height: visible ? implicitHeight : 0
                onClicked: root.roomActivated(roomId)
                onMenuRequested: roomMenu.openFor(delegate)
            }

            Keys.onReturnPressed: {
                if (currentItem)
                    root.roomActivated(currentItem.roomId);
            }
            Keys.onMenuPressed: roomMenu.openFor(currentItem)
            Keys.onPressed: event => {
                if (event.key === Qt.Key_F10 && (event.modifiers & Qt.ShiftModifier)) {
                    roomMenu.openFor(currentItem);
                    event.accepted = true;
                }
            }
            onCurrentIndexChanged: {
                if (activeFocus && currentItem)
                    root.currentRoomId = currentItem.roomId;
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 40
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: Parley.rooms.showArchived ? qsTr("No archived conversations.")
                                                : qsTr("No conversations yet.\nStart one with the ✎ button (Ctrl+N).")
            }
        }
    }

    Menu {
        id: roomMenu
        property var room: ({})
        function openFor(item) {
            if (!item)
                return;
            room = Parley.rooms.get(item.roomId);
            popup(item, 40, item.height / 2);
        }
        MenuItem {
            text: roomMenu.room.muted ? qsTr("Unmute") : qsTr("Mute")
            onTriggered: Parley.setMuted(roomMenu.room.roomId, !roomMenu.room.muted)
        }
        MenuItem {
            text: roomMenu.room.archived ? qsTr("Unarchive") : qsTr("Archive")
            onTriggered: Parley.setArchived(roomMenu.room.roomId, !roomMenu.room.archived)
        }
        MenuItem {
            text: roomMenu.room.status === "closed" ? qsTr("Reopen") : qsTr("Close conversation")
            onTriggered: roomMenu.room.status === "closed" ? Parley.reopenRoom(roomMenu.room.roomId)
                                                          : Parley.closeRoom(roomMenu.room.roomId)
        }
    }
}
