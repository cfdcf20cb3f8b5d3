import QtQuick
import QtQuick.Dialogs
import Parley.Client
import Parley.App

// "Export transcript…" (staff): a save dialog, JSON or plain text by the chosen filter or the
// file's extension, then the download. Tells the page what happened through notify().
Item {
    id: root

    property string roomId
    readonly property bool busy: exporter.busy

    signal notify(string message)

    function openFor(roomId) {
        root.roomId = roomId;
        dialog.currentFile = "file:///transcript-" + roomId + ".json";
        dialog.open();
    }
    function save(fileUrl, filterIndex) {
        if (exporter.save(root.roomId, fileUrl, filterIndex === 1 ? "text" : "json"))
            root.notify(qsTr("Exporting the transcript…"));
    }

    TranscriptExporter {
        id: exporter
        onSaved: (path, format) => root.notify(qsTr("Saved to %1").arg(path))
        onFailed: message => root.notify(qsTr("Transcript not saved: %1").arg(message))
    }

    FileDialog {
        id: dialog
        title: qsTr("Export transcript")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("JSON (*.json)"), qsTr("Plain text (*.txt)")]
        defaultSuffix: selectedNameFilter.index === 1 ? "txt" : "json"
        onAccepted: root.save(selectedFile, selectedNameFilter.index)
    }
}
