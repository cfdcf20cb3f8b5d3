import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// The list of canned responses the composer offers while a "/shortcut" is typed (or after
// Ctrl+Shift+R): shortcut, title and the body's first line of each. It never takes the keyboard
// focus: the composer keeps typing into its field and forwards Up/Down/Enter/Escape here.
Popup {
    id: root

    // A CannedFilterModel (rows with cannedId, shortcut, title and preview). Its count, not the
    // view's, decides: the view catches up with a fast typist only on its next update.
    property alias model: list.model
    readonly property int count: model ? model.count : 0
    readonly property alias currentIndex: list.currentIndex

    signal chosen(string cannedId)

    function moveUp() {
        if (count > 0)
            list.currentIndex = (Math.max(list.currentIndex, 0) + count - 1) % count;
    }
    function moveDown() {
        if (count > 0)
            list.currentIndex = (list.currentIndex + 1) % count;
    }
    // Picks the highlighted response; false when there is none.
    function chooseCurrent() {
        if (count === 0)
            return false;
        chosen(model.cannedIdAt(Math.min(Math.max(list.currentIndex, 0), count - 1)));
        return true;
    }

    focus: false
    modal: false
    closePolicy: Popup.CloseOnPressOutsideParent
    padding: 1
    implicitHeight: Math.min(list.contentHeight, 6 * 52) + 2 * padding + (root.count === 0 ? empty.implicitHeight : 0)
    onOpened: list.currentIndex = 0

    background: Rectangle {
        color: Theme.input
        border.color: Theme.divider
        radius: Theme.radius
    }

    contentItem: Item {
        ListView {
            id: list
            objectName: "cannedList"
            anchors.fill: parent
            clip: true
            highlightMoveDuration: 0
            onCountChanged: currentIndex = count > 0 ? 0 : -1
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Canned responses")
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string cannedId
                required property string shortcut
                required property string title
                required property string preview
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                focusPolicy: Qt.NoFocus // the composer's field keeps the keyboard
                onClicked: root.chosen(cannedId)
                Accessible.name: shortcut + " " + title
                contentItem: ColumnLayout {
                    spacing: 0
                    RowLayout {
                        Label {
                            text: row.shortcut
                            color: Theme.accent
                            font.bold: true
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.title
                            elide: Text.ElideRight
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.preview
                        color: Theme.secondaryText
                        font.pointSize: Theme.smallFontSize
                        elide: Text.ElideRight
                    }
                }
            }
        }
        Label {
            id: empty
            objectName: "cannedEmpty"
            anchors.centerIn: parent
            visible: root.count === 0
            padding: Theme.spacing
            text: qsTr("No canned response matches")
            color: Theme.secondaryText
        }
    }
}
