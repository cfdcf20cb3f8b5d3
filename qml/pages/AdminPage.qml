import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Admin: users (search, create staff, change roles, block and unblock), reported messages, and
// the server's figures, integration API keys and webhooks. Keys: Alt+1..5 switch tabs, Ctrl+F
// searches users.
Rectangle {
    id: root
    objectName: "adminPage"

    color: Theme.window
    Component.onCompleted: {
        users.refresh();
        Parley.refreshStats();
    }

    Shortcut {
        sequence: "Alt+1"
        enabled: root.visible
        onActivated: tabs.currentIndex = 0
    }
    Shortcut {
        sequence: "Alt+2"
        enabled: root.visible
        onActivated: tabs.currentIndex = 1
    }
    Shortcut {
        sequence: "Alt+3"
        enabled: root.visible
        onActivated: tabs.currentIndex = 2
    }
    // ui-admin: API keys, Webhooks
    Shortcut {
        sequence: "Alt+4"
        enabled: root.visible
        onActivated: tabs.currentIndex = 3
    }
    Shortcut {
        sequence: "Alt+5"
        enabled: root.visible
        onActivated: tabs.currentIndex = 4
    }
    Shortcut {
        sequences: [StandardKey.Find]
        enabled: root.visible
        onActivated: {
            tabs.currentIndex = 0;
            userSearch.forceActiveFocus();
        }
    }

    UserAdminModel {
        id: users
        query: userSearch.text
        onErrorOccurred: message => toast.show(message)
        onUserCreated: username => toast.show(qsTr("Account %1 created").arg(username))
    }
    ReportListModel {
        id: reports
        onErrorOccurred: message => toast.show(message)
    }
    Timer {
        interval: 10000
        repeat: true
        running: root.visible && tabs.currentIndex === 2
        onTriggered: Parley.refreshStats()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            Layout.margins: Theme.padding
            text: qsTr("Administration")
            font.bold: true
            font.pointSize: Theme.titleFontSize * 1.2
        }
        TabBar {
            id: tabs
            Layout.fillWidth: true
            TabButton {
                objectName: "usersTab"
                text: qsTr("Users")
            }
            TabButton {
                objectName: "reportsTab"
                text: qsTr("Reported messages")
                onClicked: reports.refresh()
            }
            TabButton {
                objectName: "statsTab"
                text: qsTr("Server")
                onClicked: Parley.refreshStats()
            }
            // ui-admin: integrations
            TabButton {
                objectName: "apiKeysTab"
                text: qsTr("API keys")
            }
            TabButton {
                objectName: "webhooksTab"
                text: qsTr("Webhooks")
            }
            TabButton { // ui-assign: auto-assignment settings
                id: deskTab
                objectName: "deskTab"
                text: qsTr("Desk")
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            // Users
            RowLayout {
                spacing: 0
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    spacing: 0
                    TextField {
                        id: userSearch
                        objectName: "userSearchField"
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing
                        placeholderText: qsTr("Search by username or name (Ctrl+F)")
                        Accessible.name: qsTr("Search users")
                        Keys.onDownPressed: userList.forceActiveFocus()
                    }
                    ListView {
                        id: userList
                        objectName: "userList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: users
                        activeFocusOnTab: true
                        keyNavigationEnabled: true
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("Users")
                        ScrollBar.vertical: ScrollBar {}
                        onAtYEndChanged: if (atYEnd && users.hasMore && !users.loading) users.loadMore()
                        delegate: ItemDelegate {
                            id: userRow
                            required property int index
                            required property string userId
                            required property string username
                            required property string displayName
                            required property string role
                            required property bool blocked
                            required property bool isSelf
                            width: ListView.view.width
                            height: 60
                            highlighted: ListView.isCurrentItem
                            background: Rectangle {
                                color: parent.highlighted ? Theme.hover : "transparent"
                                border.color: parent.visualFocus ? Theme.accent : "transparent"
                            }
                            Accessible.name: displayName + ", " + username + ", " + role + (blocked ? ", " + qsTr("blocked") : "")
                            contentItem: RowLayout {
                                spacing: Theme.padding
                                Avatar {
                                    size: 36
                                    name: userRow.displayName
                                    key: userRow.userId
                                    opacity: userRow.blocked ? 0.4 : 1
                                }
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 0
                                    Label {
                                        Layout.fillWidth: true
                                        text: userRow.displayName + (userRow.isSelf ? " " + qsTr("(you)") : "")
                                        font.bold: true
                                        font.strikeout: userRow.blocked
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        text: "@" + userRow.username + (userRow.blocked ? " · " + qsTr("blocked") : "")
                                        color: userRow.blocked ? Theme.danger : Theme.secondaryText
                                        font.pointSize: Theme.smallFontSize
                                    }
                                }
                                ComboBox {
                                    objectName: "roleCombo"
                                    model: ["customer", "staff", "admin"]
                                    currentIndex: model.indexOf(userRow.role)
                                    enabled: !userRow.isSelf
                                    Accessible.name: qsTr("Role of %1").arg(userRow.displayName)
                                    onActivated: index => {
                                        if (model[index] !== userRow.role)
                                            users.setRole(userRow.userId, model[index]);
                                    }
                                }
                                Button {
                                    objectName: "blockButton"
                                    enabled: !userRow.isSelf
                                    text: userRow.blocked ? qsTr("Unblock") : qsTr("Block")
                                    onClicked: users.setBlocked(userRow.userId, !userRow.blocked)
                                    Accessible.name: (userRow.blocked ? qsTr("Unblock %1") : qsTr("Block %1")).arg(userRow.displayName)
                                }
                            }
                        }
                        Keys.onPressed: event => {
                            if (event.key === Qt.Key_B && currentItem && !currentItem.isSelf) {
                                users.setBlocked(currentItem.userId, !currentItem.blocked);
                                event.accepted = true;
                            }
                        }
                    }
                }

                // Create a staff (or any) account
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
                            text: qsTr("Create an account")
                            font.bold: true
                            font.pointSize: Theme.titleFontSize
                        }
                        TextField {
                            id: newUsername
                            objectName: "newUsernameField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("Username")
                            Accessible.name: qsTr("New account username")
                        }
                        TextField {
                            id: newDisplayName
                            objectName: "newDisplayNameField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("Display name")
                            Accessible.name: qsTr("New account display name")
                        }
                        TextField {
                            id: newPassword
                            objectName: "newPasswordField"
                            Layout.fillWidth: true
                            echoMode: TextInput.Password
                            placeholderText: qsTr("Password (8+ characters)")
                            Accessible.name: qsTr("New account password")
                        }
                        ComboBox {
                            id: newRole
                            objectName: "newRoleCombo"
                            Layout.fillWidth: true
                            model: ["staff", "admin", "customer"]
                            Accessible.name: qsTr("New account role")
                        }
                        Button {
                            objectName: "createUserButton"
                            Layout.fillWidth: true
                            palette.button: Theme.accent
                            palette.buttonText: Theme.accentText
                            enabled: newUsername.text.length >= 3 && newPassword.text.length >= 8
                            text: qsTr("Create %1 account").arg(newRole.currentText)
                            onClicked: {
                                users.createUser(newUsername.text.trim(), newPassword.text, newDisplayName.text.trim(), newRole.currentText);
                                newPassword.text = "";
                            }
                        }
                        Item {
                            Layout.fillHeight: true
                        }
                    }
                }
            }

            // Reports
            ListView {
                id: reportList
                objectName: "reportList"
                clip: true
                model: reports
                spacing: 1
                activeFocusOnTab: true
                keyNavigationEnabled: true
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Reported messages")
                ScrollBar.vertical: ScrollBar {}
                Component.onCompleted: reports.refresh()
                delegate: ItemDelegate {
                    id: report
                    required property string reason
                    required property var createdAt
                    required property string reporterName
                    required property string messageId
                    required property string messageContent
                    required property string messageSenderName
                    required property bool messageDeleted
                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    background: Rectangle {
                        color: parent.highlighted ? Theme.hover : "transparent"
                        border.color: parent.visualFocus ? Theme.accent : "transparent"
                    }
                    Accessible.name: qsTr("%1 reported %2: %3. Reason: %4").arg(reporterName).arg(messageSenderName).arg(messageContent).arg(reason)
                    contentItem: RowLayout {
                        spacing: Theme.padding
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                text: qsTr("%1 reported a message by %2").arg(report.reporterName).arg(report.messageSenderName)
                                font.bold: true
                                elide: Text.ElideRight
                            }
                            Label {
                                Layout.fillWidth: true
                                text: report.messageDeleted ? qsTr("(deleted)") : "“" + report.messageContent + "”"
                                font.italic: report.messageDeleted
                                wrapMode: Text.Wrap
                                maximumLineCount: 3
                                elide: Text.ElideRight
                            }
                            Label {
                                text: qsTr("Reason: %1 · %2").arg(report.reason).arg(Format.shortTime(report.createdAt))
                                color: Theme.secondaryText
                                font.pointSize: Theme.smallFontSize
                            }
                        }
                        Button {
                            visible: !report.messageDeleted
                            text: qsTr("Delete message")
                            onClicked: reports.deleteMessage(report.messageId)
                        }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: reportList.count === 0 && !reports.loading
                    text: qsTr("No reported messages")
                    color: Theme.secondaryText
                }
            }

            // Server stats
            Flow {
                objectName: "statsView"
                padding: Theme.padding * 2
                spacing: Theme.padding
                Repeater {
                    model: [
                        { label: qsTr("Users"), key: "users" },
                        { label: qsTr("Open conversations"), key: "roomsOpen" },
                        { label: qsTr("Waiting for staff"), key: "roomsWaiting" },
                        { label: qsTr("Messages"), key: "messagesTotal" },
                        { label: qsTr("Live connections"), key: "connections" }
                    ]
                    Rectangle {
                        required property var modelData
                        width: 200
                        height: 110
                        radius: Theme.radius
                        color: Theme.hover
                        Accessible.role: Accessible.StaticText
                        Accessible.name: modelData.label + ": " + valueText.text
                        Column {
                            anchors.centerIn: parent
                            spacing: 4
                            Text {
                                id: valueText
                                anchors.horizontalCenter: parent.horizontalCenter
                                text: Parley.stats[modelData.key] !== undefined ? Number(Parley.stats[modelData.key]).toLocaleString(Qt.locale(), "f", 0) : "–"
                                color: Theme.accent
                                font.pointSize: Theme.titleFontSize * 2
                                font.bold: true
                            }
                            Text {
                                anchors.horizontalCenter: parent.horizontalCenter
                                text: modelData.label
                                color: Theme.secondaryText
                            }
                        }
                    }
                }
            }

            // ui-admin: integrations (their own files)
            ApiKeysSection {
                onNotify: message => toast.show(message)
            }
            WebhooksSection {
                onNotify: message => toast.show(message)
            }
            // ui-assign: auto-assignment settings
            DeskSettingsSection {
                current: root.visible && tabs.currentIndex === deskTab.TabBar.index
            }
        }
    }

    Toast {
        id: toast
    }
}
