import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.Client
import Parley.App

// In the room details panel (staff): the customers' ratings of this conversation, newest closure
// first, with stars, comment, who and when. Live: a customer's rating appears without reload.
ColumnLayout {
    id: root
    objectName: "roomRatings"

    property string roomId
    readonly property alias model: ratings

    spacing: 6

    RatingListModel {
        id: ratings
        roomId: root.roomId
    }

    Label {
        objectName: "ratingsHeader"
        Layout.leftMargin: Theme.padding
        Layout.topMargin: Theme.padding
        text: ratings.count === 0 ? qsTr("Ratings")
            : qsTr("Ratings (%1) · average %2").arg(ratings.count).arg(ratings.average.toFixed(1))
        color: Theme.secondaryText
        font.bold: true
    }
    Label {
        visible: ratings.count === 0
        Layout.leftMargin: Theme.padding
        text: qsTr("Not rated yet")
        color: Theme.secondaryText
    }
    Repeater {
        model: ratings
        delegate: ColumnLayout {
            required property string customerName
            required property string customerUsername
            required property int score
            required property string comment
            required property var updatedAt
            Layout.leftMargin: Theme.padding
            Layout.rightMargin: Theme.padding
            Layout.fillWidth: true
            spacing: 2
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("%1 rated %2 of 5: %3").arg(customerName).arg(score).arg(comment)
            Label {
                text: "★".repeat(score) + "☆".repeat(5 - score)
                color: Theme.warning
                font.pointSize: Theme.titleFontSize
            }
            Label {
                visible: comment.length > 0
                text: comment
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                text: customerName + " (@" + customerUsername + ") · " + Qt.formatDateTime(updatedAt, "dd MMM yyyy, hh:mm")
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
    }
}
