import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// Log in or create a customer account. The server field is prefilled from --server or the last
// login. Enter in any field submits.
Rectangle {
    id: root
    objectName: "loginPage"

    property bool registering: false

    function submit() {
        if (Parley.session.busy)
            return;
        Parley.serverUrl = serverField.text.trim();
        if (registering)
            Parley.session.registerAccount(usernameField.text.trim(), passwordField.text, displayNameField.text.trim());
        else
            Parley.session.login(usernameField.text.trim(), passwordField.text);
    }

    color: Theme.chatBackground
    Component.onCompleted: usernameField.forceActiveFocus()

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(400, parent.width - 40)
        height: form.implicitHeight + 56
        radius: Theme.radius
        color: Theme.window

        ColumnLayout {
            id: form
            anchors.fill: parent
            anchors.margins: 28
            spacing: Theme.spacing

            Rectangle {
                Layout.alignment: Qt.AlignHCenter
                width: 72
                height: 72
                radius: 36
                color: Theme.accent
                Text {
                    anchors.centerIn: parent
                    text: "P"
                    color: "white"
                    font.pixelSize: 38
                    font.bold: true
                }
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: root.registering ? qsTr("Create your account") : qsTr("Sign in to Parley")
                font.pointSize: Theme.titleFontSize * 1.3
                font.bold: true
                color: Theme.text
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                Layout.bottomMargin: Theme.spacing
                text: root.registering ? qsTr("Talk to us about your orders, any time.")
                                       : qsTr("Support and order conversations in one place.")
                color: Theme.secondaryText
            }

            Label { text: qsTr("Server"); color: Theme.secondaryText }
            TextField {
                id: serverField
                objectName: "serverField"
                Layout.fillWidth: true
                text: Parley.serverUrl
                placeholderText: "http://127.0.0.1:8080"
                Accessible.name: qsTr("Server address")
                onAccepted: root.submit()
            }
            Label { text: qsTr("Username"); color: Theme.secondaryText }
            TextField {
                id: usernameField
                objectName: "usernameField"
                Layout.fillWidth: true
                placeholderText: qsTr("e.g. alice")
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhPreferLowercase
                Accessible.name: qsTr("Username")
                onAccepted: passwordField.forceActiveFocus()
            }
            Label {
                visible: root.registering
                text: qsTr("Your name")
                color: Theme.secondaryText
            }
            TextField {
                id: displayNameField
                objectName: "displayNameField"
                visible: root.registering
                Layout.fillWidth: true
                placeholderText: qsTr("Shown to the people you talk to")
                Accessible.name: qsTr("Display name")
                onAccepted: passwordField.forceActiveFocus()
            }
            Label { text: qsTr("Password"); color: Theme.secondaryText }
            TextField {
                id: passwordField
                objectName: "passwordField"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: root.registering ? qsTr("At least 8 characters") : ""
                Accessible.name: qsTr("Password")
                onAccepted: root.submit()
            }

            Label {
                objectName: "loginError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: Parley.session.errorString
                color: Theme.danger
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
            }

            Button {
                objectName: "loginButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                palette.button: Theme.accent
                palette.buttonText: Theme.accentText
                enabled: !Parley.session.busy && usernameField.text.length > 0 && passwordField.text.length > 0
                text: Parley.session.busy ? qsTr("Please wait…") : root.registering ? qsTr("Create account") : qsTr("Sign in")
                onClicked: root.submit()
                Accessible.name: text
            }
            Button {
                objectName: "switchModeButton"
                Layout.fillWidth: true
                flat: true
                text: root.registering ? qsTr("I already have an account") : qsTr("New here? Create an account")
                onClicked: root.registering = !root.registering
                Accessible.name: text
            }
        }
    }
}
