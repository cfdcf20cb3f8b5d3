import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// One message in a conversation: a bubble (mine on the right), the sender's name and avatar at the
// start of a run, the quoted message, the body by type, "edited", the time and my ticks. System
// messages are a centred pill. Actions go out as signals; ChatPage performs them.
Item {
    id: root

    required property int index
    required property string messageId
    required property string clientId
    required property string type
    required property string content
    required property string senderId
    required property string senderName
    required property string senderRole
    required property bool isMine
    required property bool isSystem
    required property bool showSender
    required property var createdAt
    required property bool edited
    required property bool deleted
    required property int deliveryState // MessageListModel.DeliveryState
    required property string errorText
    required property string replyToId
    required property string replyToSender
    required property string replyToPreview
    required property real latitude
    required property real longitude
    required property string attachmentName
    required property string attachmentMime
    required property int attachmentSize
    required property url attachmentUrl
    required property url thumbnailUrl
    required property int imageWidth
    required property int imageHeight
    required property url localFile
    required property real uploadProgress
    required property var orderEvent // ui-close: an integration's event ({} otherwise)

    property bool isCurrent: false
    property bool canModerate: false // staff may delete anyone's message
    property real maxBubbleWidth: Math.min(Theme.bubbleMaxWidth, width * 0.78)

    // MessageListModel.DeliveryState in the order it is declared: NotMine, Pending, Sent,
    // Delivered, Read, Failed.
    readonly property string tickStatus: ["", "pending", "sent", "delivered", "read", "failed"][deliveryState] || ""
    readonly property bool canEdit: isMine && type === "text" && !deleted && messageId.length > 0
    readonly property bool canDelete: (isMine || canModerate) && !deleted && messageId.length > 0
    readonly property string quoteText: Format.preview(type, content, deleted, attachmentName)
    readonly property bool isOrderEvent: isSystem && !!orderEvent && !!orderEvent.event
    readonly property string accessibleText: isOrderEvent ? eventCard.summary : isSystem ? content
        : qsTr("%1 at %2: %3").arg(isMine ? qsTr("You") : senderName).arg(Format.clockTime(createdAt)).arg(quoteText)
          + (edited ? qsTr(", edited") : "") + (tickStatus ? ", " + ticks.Accessible.name : "")

    signal replyRequested
    signal editRequested
    signal deleteRequested
    signal reportRequested
    signal openAttachmentRequested
    signal saveAttachmentRequested
    signal imageActivated
    signal locationActivated(url mapUrl)
    signal retryRequested
    signal discardRequested
    signal quoteActivated

    function openMenu(x, y) {
        menu.popup(root, x === undefined ? bubble.x + 20 : x, y === undefined ? bubble.y + 10 : y);
    }

    implicitHeight: isOrderEvent ? eventCard.height + 12
        : isSystem ? systemPill.height + 12 : row.implicitHeight + (showSender ? 8 : 2)
    Accessible.role: Accessible.ListItem
    Accessible.name: accessibleText

    Rectangle {
        anchors.fill: parent
        visible: root.isCurrent
        color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.12)
    }

    // System message: "Sam Carter joined the conversation"
    Rectangle {
        id: systemPill
        visible: root.isSystem && !root.isOrderEvent
        anchors.centerIn: parent
        width: Math.min(systemText.implicitWidth + 24, root.width - 40)
        height: systemText.implicitHeight + 8
        radius: height / 2
        color: Theme.systemPill
        Text {
            id: systemText
            anchors.centerIn: parent
            width: parent.width - 24
            horizontalAlignment: Text.AlignHCenter
            text: root.content
            color: Theme.dark ? Theme.text : "#ffffff"
            font.pointSize: Theme.smallFontSize
            wrapMode: Text.Wrap
        }
    }

    // An order event posted by an integration: a card with its fields.
    SystemEventCard {
        id: eventCard
        visible: root.isOrderEvent
        anchors.centerIn: parent
        width: Math.min(420, root.width - 40)
        event: root.isOrderEvent ? root.orderEvent : ({})
        createdAt: root.createdAt
    }

    RowLayout {
        id: row
        visible: !root.isSystem
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        layoutDirection: root.isMine ? Qt.RightToLeft : Qt.LeftToRight
        spacing: Theme.spacing

        Item {
            visible: !root.isMine
            Layout.preferredWidth: 36
            Layout.preferredHeight: 36
            Layout.alignment: Qt.AlignBottom
            Avatar {
                visible: root.showSender
                size: 36
                name: root.senderName
                key: root.senderId
            }
        }

        Rectangle {
            id: bubble
            objectName: "bubble"
            Layout.alignment: Qt.AlignBottom
            Layout.preferredWidth: Math.min(root.maxBubbleWidth, Math.max(body.implicitWidth, footer.implicitWidth + 8) + 2 * Theme.padding)
            Layout.preferredHeight: body.implicitHeight + 2 * 6
            radius: Theme.radius
            color: root.isMine ? Theme.bubbleOutgoing : Theme.bubbleIncoming
            border.color: root.deliveryState === 5 ? Theme.danger : "transparent"

            ColumnLayout {
                id: body
                x: Theme.padding
                y: 6
                width: parent.width - 2 * Theme.padding
                spacing: 4

                Text {
                    objectName: "senderName"
                    visible: root.showSender && !root.isMine
                    text: root.senderName + (root.senderRole === "staff" || root.senderRole === "admin" ? "  · " + qsTr("Support") : "")
                    color: Theme.colorFor(root.senderId)
                    font.bold: true
                    font.pointSize: Theme.smallFontSize
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }

                ReplyQuote {
                    objectName: "replyQuote"
                    visible: root.replyToId.length > 0
                    Layout.fillWidth: true
                    Layout.maximumWidth: root.maxBubbleWidth - 2 * Theme.padding
                    senderName: root.replyToSender
                    text: root.replyToPreview
                    onActivated: root.quoteActivated()
                }

                Text {
                    objectName: "deletedText"
                    visible: root.deleted
                    text: qsTr("This message was deleted")
                    font.italic: true
                    color: Theme.secondaryText
                }

                TextEdit {
                    objectName: "messageText"
                    visible: !root.deleted && root.type === "text"
                    Layout.fillWidth: true
                    Layout.maximumWidth: root.maxBubbleWidth - 2 * Theme.padding
                    text: root.type === "text" ? root.content : ""
                    textFormat: TextEdit.PlainText
                    wrapMode: TextEdit.Wrap
                    readOnly: true
                    selectByMouse: true
                    color: Theme.text
                    selectedTextColor: Theme.selectedText
                    selectionColor: Theme.accent
                    activeFocusOnPress: false
                }

                ImageComponent {
                    objectName: "imageComponent"
                    visible: !root.deleted && root.type === "image"
                    source: visible ? (root.thumbnailUrl.toString().length > 0 ? root.thumbnailUrl
                                       : root.localFile.toString().length > 0 ? root.localFile : root.attachmentUrl) : ""
                    sourceWidth: root.imageWidth
                    sourceHeight: root.imageHeight
                    name: root.attachmentName
                    maxWidth: Math.min(320, root.maxBubbleWidth - 2 * Theme.padding)
                    Layout.preferredWidth: implicitWidth
                    Layout.preferredHeight: implicitHeight
                    onActivated: root.imageActivated()
                }

                ProgressBar {
                    visible: root.type === "image" && root.uploadProgress >= 0 && root.uploadProgress < 1
                    value: root.uploadProgress
                    Layout.fillWidth: true
                }

                FileComponent {
                    objectName: "fileComponent"
                    visible: !root.deleted && root.type === "file"
                    Layout.fillWidth: true
                    name: root.attachmentName
                    mime: root.attachmentMime
                    size: root.attachmentSize
                    progress: root.uploadProgress
                    onOpenRequested: root.openAttachmentRequested()
                    onSaveRequested: root.saveAttachmentRequested()
                }

                LocationComponent {
                    objectName: "locationComponent"
                    visible: !root.deleted && root.type === "location"
                    latitude: root.latitude
                    longitude: root.longitude
                    onOpenRequested: mapUrl => root.locationActivated(mapUrl)
                }

                RowLayout {
                    objectName: "failedRow"
                    visible: root.deliveryState === 5
                    Text {
                        text: root.errorText.length > 0 ? root.errorText : qsTr("Not sent")
                        color: Theme.danger
                        font.pointSize: Theme.smallFontSize
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Button {
                        text: qsTr("Retry")
                        flat: true
                        onClicked: root.retryRequested()
                    }
                    Button {
                        text: qsTr("Discard")
                        flat: true
                        onClicked: root.discardRequested()
                    }
                }

                RowLayout {
                    id: footer
                    Layout.alignment: Qt.AlignRight
                    spacing: 4
                    Text {
                        objectName: "editedLabel"
                        visible: root.edited && !root.deleted
                        text: qsTr("edited")
                        font.italic: true
                        color: root.isMine ? Theme.outgoingMeta : Theme.secondaryText
                        font.pointSize: Theme.smallFontSize * 0.95
                    }
                    Text {
                        text: Format.clockTime(root.createdAt)
                        color: root.isMine ? Theme.outgoingMeta : Theme.secondaryText
                        font.pointSize: Theme.smallFontSize * 0.95
                    }
                    ReceiptTicks {
                        id: ticks
                        objectName: "ticks"
                        visible: root.isMine
                        status: root.tickStatus
                        color: Theme.outgoingMeta
                    }
                }
            }

            TapHandler {
                acceptedButtons: Qt.RightButton
                onTapped: eventPoint => root.openMenu(bubble.x + eventPoint.position.x, bubble.y + eventPoint.position.y)
            }
            TapHandler {
                acceptedButtons: Qt.LeftButton
                onTapped: if (tapCount === 2) root.replyRequested()
            }
        }

        Item {
            Layout.fillWidth: true
        }
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Reply")
            enabled: !root.deleted && root.messageId.length > 0
            onTriggered: root.replyRequested()
        }
        MenuItem {
            text: qsTr("Copy text")
            enabled: root.type === "text" && !root.deleted
            onTriggered: {
                clipboardHelper.text = root.content;
                clipboardHelper.selectAll();
                clipboardHelper.copy();
            }
        }
        MenuItem {
            text: qsTr("Edit")
            visible: root.canEdit
            height: visible ? implicitHeight : 0
            onTriggered: root.editRequested()
        }
        MenuItem {
            text: qsTr("Save attachment…")
            visible: (root.type === "file" || root.type === "image") && !root.deleted
            height: visible ? implicitHeight : 0
            onTriggered: root.saveAttachmentRequested()
        }
        MenuItem {
            text: qsTr("Report to admins…")
            visible: !root.isMine && !root.deleted && root.messageId.length > 0
            height: visible ? implicitHeight : 0
            onTriggered: root.reportRequested()
        }
        MenuItem {
            text: qsTr("Delete")
            visible: root.canDelete
            height: visible ? implicitHeight : 0
            onTriggered: root.deleteRequested()
        }
    }

    TextEdit {
        id: clipboardHelper
        visible: false
    }
}
