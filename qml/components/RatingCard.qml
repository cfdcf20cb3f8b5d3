import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// In a closed conversation, for its customer: rate it 1-5 with an optional comment. Once rated it
// shows the rating given, which "Change" edits until the conversation is reopened (the server
// replaces the rating of the same closure).
//
// Keys on the stars: Left/Down and Right/Up move the score, 1-5 pick it, Enter submits. Enter in
// the comment submits too.
Rectangle {
    id: root
    objectName: "ratingCard"

    // The rating given for this closure (0: none yet) and its comment.
    property int givenScore: 0
    property string givenComment: ""
    property bool busy: false
    // The score being chosen (0: none yet).
    property int score: 0
    property alias comment: commentField.text
    // Editing a rating already given.
    property bool changing: false
    readonly property bool showForm: givenScore === 0 || changing
    readonly property bool canSubmit: score >= 1 && score <= 5 && !busy

    signal submitRequested(int score, string comment)

    function stars(n) {
        return "★".repeat(n) + "☆".repeat(5 - n);
    }
    function submit() {
        if (!canSubmit)
            return false;
        submitRequested(score, commentField.text.trim());
        return true;
    }
    function startChange() {
        score = givenScore;
        commentField.text = givenComment;
        changing = true;
        starRow.forceActiveFocus();
    }
    // Another conversation: nothing chosen.
    function reset() {
        score = 0;
        commentField.text = "";
        changing = false;
    }
    // The server took the rating: show it.
    function finish() {
        changing = false;
    }
    function focusStars() {
        starRow.forceActiveFocus();
    }

    implicitHeight: content.implicitHeight + 2 * Theme.padding
    color: Theme.header
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Rate this conversation")

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.divider
    }

    ColumnLayout {
        id: content
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: 6

        // Given: "You rated this conversation ★★★★☆"
        RowLayout {
            objectName: "givenView"
            visible: !root.showForm
            Layout.fillWidth: true
            spacing: Theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    text: qsTr("You rated this conversation")
                    color: Theme.secondaryText
                }
                Label {
                    objectName: "givenStars"
                    text: root.stars(root.givenScore)
                    color: Theme.warning
                    font.pointSize: Theme.titleFontSize
                    Accessible.name: qsTr("%1 of 5 stars").arg(root.givenScore)
                }
                Label {
                    objectName: "givenComment"
                    visible: root.givenComment.length > 0
                    text: root.givenComment
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
            Button {
                objectName: "changeRatingButton"
                text: qsTr("Change")
                onClicked: root.startChange()
                Accessible.name: qsTr("Change your rating")
            }
        }

        // The form.
        Label {
            visible: root.showForm
            text: qsTr("How did we do? Rate this conversation")
            font.bold: true
        }
        RowLayout {
            visible: root.showForm
            Layout.fillWidth: true
            spacing: Theme.spacing

            Row {
                id: starRow
                objectName: "starRow"
                focus: true
                activeFocusOnTab: true
                Accessible.role: Accessible.Slider
                Accessible.name: qsTr("Rating")
                Accessible.description: root.score > 0 ? qsTr("%1 of 5 stars").arg(root.score) : qsTr("No stars chosen")

                Keys.onPressed: event => {
                    if (event.key === Qt.Key_Left || event.key === Qt.Key_Down)
                        root.score = Math.max(1, root.score - 1);
                    else if (event.key === Qt.Key_Right || event.key === Qt.Key_Up)
                        root.score = Math.min(5, root.score + 1);
                    else if (event.key >= Qt.Key_1 && event.key <= Qt.Key_5)
                        root.score = event.key - Qt.Key_0;
                    else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                        root.submit();
                    else
                        return;
                    event.accepted = true;
                }

                Repeater {
                    model: 5
                    delegate: AbstractButton {
                        id: star
                        required property int index
                        readonly property int value: index + 1
                        objectName: "star" + value
                        focusPolicy: Qt.NoFocus
                        implicitWidth: 32
                        implicitHeight: 32
                        Accessible.name: qsTr("%n star(s)", "", value)
                        contentItem: Text {
                            text: star.value <= root.score ? "★" : "☆"
                            color: star.value <= root.score ? Theme.warning : Theme.secondaryText
                            font.pointSize: Theme.titleFontSize * 1.4
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                        }
                        onClicked: {
                            root.score = value;
                            starRow.forceActiveFocus();
                        }
                    }
                }
            }
            Rectangle {
                visible: starRow.activeFocus
                width: 6
                height: 6
                radius: 3
                color: Theme.accent
            }
            Item {
                Layout.fillWidth: true
            }
        }
        RowLayout {
            visible: root.showForm
            Layout.fillWidth: true
            spacing: Theme.spacing
            TextField {
                id: commentField
                objectName: "ratingComment"
                Layout.fillWidth: true
                maximumLength: 1000
                placeholderText: qsTr("Add a comment (optional)")
                Accessible.name: qsTr("Comment")
                onAccepted: root.submit()
            }
            Button {
                objectName: "cancelRatingButton"
                visible: root.changing
                text: qsTr("Cancel")
                onClicked: root.finish()
            }
            Button {
                objectName: "submitRatingButton"
                enabled: root.canSubmit
                palette.button: Theme.accent
                palette.buttonText: Theme.accentText
                text: root.busy ? qsTr("Sending…") : qsTr("Submit")
                onClicked: root.submit()
                Accessible.name: qsTr("Submit rating")
            }
        }
    }
}
