import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// The app window: the login page until someone is logged in, then a navigation rail (chats,
// staff console, admin, settings) beside the current page, with the connection banner on top.
ApplicationWindow {
    id: appWindow
    objectName: "mainWindow"

    property string section: "chats" // "chats", "console", "admin" or "settings"
    readonly property bool loggedIn: Parley.session.loggedIn

    width: 1120
    height: 740
    minimumWidth: 680
    minimumHeight: 480
    visible: true
    title: loggedIn ? Parley.windowTitle : qsTr("Parley")
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.input
    palette.alternateBase: Theme.hover
    palette.text: Theme.text
    palette.button: Theme.dark ? "#2b3a4a" : "#f0f2f5"
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.selectedText
    palette.placeholderText: Theme.secondaryText
    palette.toolTipBase: Theme.dark ? "#2b3a4a" : "#ffffff"
    palette.toolTipText: Theme.text
    palette.mid: Theme.divider
    palette.light: Theme.hover
    palette.dark: Theme.divider

    function showSection(name) {
        if (name === "console" && !Parley.session.isStaff)
            return;
        if (name === "admin" && !Parley.session.isAdmin)
            return;
        section = name;
    }

    onLoggedInChanged: section = loggedIn && Parley.session.isStaff ? "console" : "chats"

    Notifier {
        window: appWindow
    }

    Shortcut {
        sequences: ["Ctrl+1"]
        enabled: appWindow.loggedIn
        onActivated: appWindow.showSection("chats")
    }
    Shortcut {
        sequences: ["Ctrl+2"]
        enabled: appWindow.loggedIn && Parley.session.isStaff
        onActivated: appWindow.showSection("console")
    }
    Shortcut {
        sequences: ["Ctrl+3"]
        enabled: appWindow.loggedIn && Parley.session.isAdmin
        onActivated: appWindow.showSection("admin")
    }
    Shortcut {
        sequences: [StandardKey.Preferences, "Ctrl+,"]
        enabled: appWindow.loggedIn
        onActivated: appWindow.showSection("settings")
    }
    Shortcut {
        sequences: [StandardKey.Quit]
        onActivated: Qt.quit()
    }

    Loader {
        anchors.fill: parent
        active: !appWindow.loggedIn
        sourceComponent: LoginPage {}
    }

    ColumnLayout {
        anchors.fill: parent
        visible: appWindow.loggedIn
        spacing: 0

        ConnectionBanner {
            objectName: "connectionBanner"
            Layout.fillWidth: true
            state: Parley.connectionState === RealtimeClient.Online ? "connected"
                 : Parley.connectionState === RealtimeClient.Offline ? "offline"
                 : Parley.connectionState === RealtimeClient.Reconnecting ? "reconnecting" : "connecting"
            newMessages: Parley.backOnlineCount
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            NavigationRail {
                Layout.fillHeight: true
                section: appWindow.section
                onSectionRequested: name => appWindow.showSection(name)
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: ["chats", "console", "admin", "settings"].indexOf(appWindow.section)

                Loader {
                    active: appWindow.loggedIn
                    sourceComponent: ChatsView {}
                }
                Loader {
                    active: appWindow.loggedIn && Parley.session.isStaff
                    sourceComponent: StaffConsolePage {
                        current: appWindow.section === "console"
                    }
                }
                Loader {
                    active: appWindow.loggedIn && Parley.session.isAdmin && appWindow.section === "admin"
                    sourceComponent: AdminPage {}
                }
                Loader {
                    active: appWindow.loggedIn
                    sourceComponent: SettingsPage {}
                }
            }
        }
    }
}
