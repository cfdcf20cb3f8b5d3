import QtQuick
import Qt.labs.platform as Platform
import Parley.Client
import Parley.App

// A desktop notification for a message from someone else while the window is not focused (the
// client leaves muted rooms out), and the taskbar entry asks for attention.
Item {
    id: root

    required property var window
    property bool enabled: UiSettings.notifications

    Platform.SystemTrayIcon {
        id: tray
        visible: available && Parley.session.loggedIn
        icon.source: "qrc:/Parley/App/icons/parley.png"
        tooltip: Parley.windowTitle
        onActivated: {
            root.window.show();
            root.window.raise();
            root.window.requestActivate();
        }
    }

    Connections {
        target: Parley
        function onMessageArrived(roomId, roomTitle, senderName, preview) {
            if (!root.enabled || root.window.active)
                return;
            if (tray.available)
                tray.showMessage(roomTitle, senderName.length > 0 ? senderName + ": " + preview : preview);
            root.window.alert(0);
        }
    }
}
