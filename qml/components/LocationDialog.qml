import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// Share a location: latitude and longitude, typed or pasted as "52.52, 13.405" (as copied from a
// map). The app has no positioning service, so the user says where.
Dialog {
    id: root
    objectName: "locationDialog"

    signal locationChosen(real latitude, real longitude)
    readonly property real latitude: parseFloat(latField.text)
    readonly property real longitude: parseFloat(lngField.text)
    readonly property bool valid: !isNaN(latitude) && !isNaN(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180

    function pastePair(text) {
        const parts = text.split(/[,;\s]+/).filter(p => p.length > 0);
        if (parts.length === 2 && !isNaN(parseFloat(parts[0])) && !isNaN(parseFloat(parts[1]))) {
            latField.text = parts[0];
            lngField.text = parts[1];
            return true;
        }
        return false;
    }

    title: qsTr("Share a location")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: 380
    standardButtons: Dialog.Cancel
    onOpened: latField.forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Type the coordinates, or paste \"latitude, longitude\" into the first field.")
            color: Theme.secondaryText
        }
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            Label { text: qsTr("Latitude") }
            TextField {
                id: latField
                objectName: "latitudeField"
                Layout.fillWidth: true
                placeholderText: "52.52"
                Accessible.name: qsTr("Latitude")
                onTextEdited: root.pastePair(text)
                onAccepted: lngField.forceActiveFocus()
            }
            Label { text: qsTr("Longitude") }
            TextField {
                id: lngField
                objectName: "longitudeField"
                Layout.fillWidth: true
                placeholderText: "13.405"
                Accessible.name: qsTr("Longitude")
                onAccepted: sendButton.clicked()
            }
        }
        LocationComponent {
            Layout.alignment: Qt.AlignHCenter
            visible: root.valid
            latitude: root.valid ? root.latitude : 0
            longitude: root.valid ? root.longitude : 0
            implicitHeight: 100
            onOpenRequested: mapUrl => Qt.openUrlExternally(mapUrl)
        }
        Button {
            id: sendButton
            objectName: "sendLocationButton"
            Layout.alignment: Qt.AlignRight
            palette.button: Theme.accent
            palette.buttonText: Theme.accentText
            enabled: root.valid
            text: qsTr("Send location")
            onClicked: {
                if (!root.valid)
                    return;
                root.locationChosen(root.latitude, root.longitude);
                root.close();
            }
        }
    }
}
