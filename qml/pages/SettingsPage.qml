import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Settings: who I am, the server, theme, notifications, log out, and the keyboard shortcuts.
Rectangle {
    id: root
    objectName: "settingsPage"

    color: Theme.window

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(parent.width - 48, 640)
            x: 24
            spacing: Theme.padding

            Label {
                Layout.topMargin: Theme.padding * 2
                text: qsTr("Settings")
                font.bold: true
                font.pointSize: Theme.titleFontSize * 1.2
            }

            RowLayout {
                spacing: Theme.padding
                Avatar {
                    size: 64
                    name: Parley.session.displayName
                    key: Parley.session.userId
                }
                ColumnLayout {
                    spacing: 2
                    Label {
                        text: Parley.session.displayName
                        font.bold: true
                        font.pointSize: Theme.titleFontSize
                    }
                    Label {
                        text: "@" + Parley.session.username + " · " + Parley.session.role
                        color: Theme.secondaryText
                    }
                    Label {
                        text: qsTr("Server: %1").arg(Parley.serverUrl)
                        color: Theme.secondaryText
                    }
                }
            }

            GroupBox {
                title: qsTr("Appearance")
                Layout.fillWidth: true
                ColumnLayout {
                    RadioButton {
                        objectName: "themeSystem"
                        text: qsTr("Follow the system (%1 now)").arg(Theme.systemDark ? qsTr("dark") : qsTr("light"))
                        checked: UiSettings.themeMode === "system"
                        onToggled: if (checked) UiSettings.themeMode = "system"
                    }
                    RadioButton {
                        objectName: "themeLight"
                        text: qsTr("Light")
                        checked: UiSettings.themeMode === "light"
                        onToggled: if (checked) UiSettings.themeMode = "light"
                    }
                    RadioButton {
                        objectName: "themeDark"
                        text: qsTr("Dark")
                        checked: UiSettings.themeMode === "dark"
                        onToggled: if (checked) UiSettings.themeMode = "dark"
                    }
                }
            }

            GroupBox {
                title: qsTr("Notifications")
                Layout.fillWidth: true
                Switch {
                    objectName: "notificationsSwitch"
                    text: qsTr("Notify me of new messages while Parley is in the background")
                    checked: UiSettings.notifications
                    onToggled: UiSettings.notifications = checked
                }
            }

            GroupBox {
                title: qsTr("Connection")
                Layout.fillWidth: true
                ColumnLayout {
                    Label {
                        text: Parley.connectionState === RealtimeClient.Online ? qsTr("Connected")
                            : Parley.connectionState === RealtimeClient.Offline
                              ? (Parley.realtime.retryInSeconds > 0 ? qsTr("Offline, retrying in %1 s").arg(Parley.realtime.retryInSeconds) : qsTr("Offline"))
                              : qsTr("Connecting...")
                    }
                    Label {
                        visible: Parley.pendingCount > 0
                        text: qsTr("%1 message(s) waiting to be sent").arg(Parley.pendingCount)
                        color: Theme.warning
                    }
                    Label {
                        text: qsTr("Sign-in kept in: %1").arg(Parley.session.tokenStorage === "keychain" ? qsTr("the system keychain") : qsTr("a private file"))
                        color: Theme.secondaryText
                    }
                    Button {
                        visible: Parley.connectionState !== RealtimeClient.Online
                        text: qsTr("Reconnect now")
                        onClicked: Parley.realtime.reconnectNow()
                    }
                }
            }

            GroupBox {
                title: qsTr("Keyboard")
                Layout.fillWidth: true
                GridLayout {
                    columns: 2
                    columnSpacing: Theme.padding * 2
                    Repeater {
                        model: [
                            "Ctrl+1 / 2 / 3", qsTr("Chats / staff console / admin"),
                            "Ctrl+,", qsTr("Settings"),
                            "Ctrl+K", qsTr("Find a conversation"),
                            "Ctrl+N", qsTr("New conversation"),
                            "Alt+Up / Alt+Down", qsTr("Previous / next conversation"),
                            "Enter / Shift+Enter", qsTr("Send / new line"),
                            "Up (empty message)", qsTr("Edit my last message"),
                            "Ctrl+Up", qsTr("Walk through messages: R reply, E edit, Del delete, Menu all actions"),
                            "Ctrl+O", qsTr("Send photos or files"),
                            "Ctrl+Shift+L", qsTr("Share a location"),
                            "Ctrl+M", qsTr("Mute or unmute"),
                            "Ctrl+F", qsTr("Search messages (staff) / users (admin)"),
                            "Ctrl+J / Ctrl+I", qsTr("Join / details (staff)"),
                            "Esc", qsTr("Cancel reply or edit"),
                            "Ctrl+Shift+E", qsTr("Export the transcript (staff)"), // ui-close
                            "1-5, arrows, Enter", qsTr("Rate a closed conversation (on the stars)"), // ui-close
                            // Support desk (ui-assign)
                            "Ctrl+Shift+G", qsTr("Assign the conversation to a colleague (staff)"),
                            "Ctrl+T / Ctrl+Shift+T", qsTr("Take / unassign the conversation (staff)"),
                            "Ctrl+Shift+A", qsTr("Available / away (staff)"),
                            "Alt+A / Alt+M / Alt+U", qsTr("Console queue: all / mine / unassigned"),
                            // ui-canned
                            "/ or Ctrl+Shift+R (staff)", qsTr("Insert a canned response: type to filter, Up/Down, Enter or Tab, Esc"),
                            "Ctrl+Shift+K (staff)", qsTr("Manage canned responses: Ctrl+N new, Ctrl+S save, Del delete"),
                            // ui-admin
                            "Alt+1…5 (admin)", qsTr("Users / reports / server / API keys / webhooks"),
                            "Ctrl+N (admin)", qsTr("New API key / new webhook"),
                            "Del / T, Space, L / R (admin)", qsTr("Revoke key / test, enable, log of a webhook / redeliver"),
                            // Private staff notes (ui-notes)
                            "Ctrl+Shift+N / Ctrl+Enter", qsTr("Private note: open the field / add it (staff)")
                        ]
                        Label {
                            required property int index
                            required property string modelData
                            text: modelData
                            font.bold: index % 2 === 0
                            color: index % 2 === 0 ? Theme.text : Theme.secondaryText
                            Layout.fillWidth: index % 2 === 1
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }

            Button {
                objectName: "logoutButton"
                Layout.bottomMargin: Theme.padding * 2
                text: qsTr("Log out")
                onClicked: Parley.session.logout()
                palette.buttonText: Theme.danger
            }
            Label {
                Layout.bottomMargin: Theme.padding * 2
                text: qsTr("Parley %1").arg(Parley.version)
                color: Theme.secondaryText
            }
        }
    }
}
