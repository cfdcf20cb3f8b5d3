import QtQuick
import Parley.App
import QtQuick.Controls
import QtQuick.Layouts

// A file in a message: type badge, name, size, and either upload progress or open/save buttons.
Rectangle {
    id: root

    property string name
    property string mime
    property real size: -1
    property real progress: -1 // 0..1 while uploading, else -1
    readonly property bool uploading: progress >= 0 && progress < 1
    readonly property string extension: {
        const dot = name.lastIndexOf(".");
        return dot > 0 ? name.substring(dot + 1).toUpperCase().substring(0, 4) : "FILE";
    }
    signal openRequested
    signal saveRequested

    implicitWidth: 280
    implicitHeight: row.implicitHeight + 2 * Theme.spacing
    radius: Theme.smallRadius
    color: "transparent"
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("File %1, %2").arg(name).arg(Format.fileSize(size))

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Rectangle {
            Layout.preferredWidth: 44
            Layout.preferredHeight: 44
            radius: 22
            color: Theme.accent
            Text {
                anchors.centerIn: parent
                text: root.extension
                color: Theme.accentText
                font.bold: true
                font.pointSize: Theme.smallFontSize
            }
            TapHandler {
                enabled: !root.uploading
                onTapped: root.openRequested()
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Text {
                Layout.fillWidth: true
                text: root.name
                color: Theme.text
                font.bold: true
                elide: Text.ElideMiddle
            }
            Text {
                objectName: "fileSizeText"
                Layout.fillWidth: true
                visible: !root.uploading
                text: Format.fileSize(root.size)
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
            }
            ProgressBar {
                objectName: "uploadProgress"
                Layout.fillWidth: true
                visible: root.uploading
                value: root.progress
                Accessible.name: qsTr("Uploading %1").arg(root.name)
            }
        }

        ToolButton {
            objectName: "openFileButton"
            visible: !root.uploading
            text: qsTr("Open")
            onClicked: root.openRequested()
            Accessible.name: qsTr("Open %1").arg(root.name)
        }
        ToolButton {
            objectName: "saveFileButton"
            visible: !root.uploading
            text: qsTr("Save…")
            onClicked: root.saveRequested()
            Accessible.name: qsTr("Save %1").arg(root.name)
        }
    }
}
