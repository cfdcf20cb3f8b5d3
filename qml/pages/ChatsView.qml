import QtQuick
import QtQuick.Controls
import Parley.Client
import Parley.App

// Conversations beside the open conversation (the customer's main screen).
SplitView {
    id: root
    objectName: "chatsView"

    orientation: Qt.Horizontal

    Connections {
        target: Parley
        function onRoomOpened(roomId) {
            if (Parley.rooms.indexOf(roomId) >= 0 || !Parley.session.isStaff)
                roomList.currentRoomId = roomId;
        }
    }

    RoomListPage {
        id: roomList
        SplitView.preferredWidth: Theme.sidebarWidth
        SplitView.minimumWidth: 240
        SplitView.maximumWidth: 520
        onRoomActivated: roomId => {
            currentRoomId = roomId;
            chat.focusComposer();
        }
    }

    ChatPage {
        id: chat
        SplitView.fillWidth: true
        roomId: roomList.currentRoomId
        showing: root.visible
    }
}
