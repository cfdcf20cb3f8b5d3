import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Parley.Client
import Parley.App

// One conversation: header with the room's actions, the messages (scroll up for older ones), who
// is typing, and the composer. Files can be dropped anywhere on the page. In the staff console the
// details panel sits on the right.
//
// Keys: Ctrl+O attach, Ctrl+Shift+L share a location, Ctrl+Up (or Shift+Tab from the composer)
// walks the messages; there R replies, E edits, Delete deletes, Enter opens an attachment, the
// Menu key or Shift+F10 shows all actions, Escape goes back to the composer. Ctrl+M mutes,
// Ctrl+I shows the details, Ctrl+J joins (staff), Ctrl+Shift+E exports the transcript (staff),
// Ctrl+Shift+G assigns to a colleague (staff), Ctrl+Shift+N opens the details on the private
// note field (staff).
// A customer rates a closed conversation in the card above the composer. Staff: "/" in the empty
// composer or Ctrl+Shift+R inserts a canned response.
Rectangle {
    id: root
    objectName: "chatPage"

    property string roomId
    property bool showing: true
    property bool showDetails: false
    readonly property alias model: messages
    readonly property var room: messages.room
    readonly property bool closed: room.status === "closed"
    property var pendingOpen: ({})
    readonly property bool windowActive: Window.active

    function focusComposer() {
        composer.inputItem.forceActiveFocus();
    }
    function sendFiles(urls) {
        for (const url of urls)
            messages.sendFile(url, composer.replyToId);
        composer.cancel();
    }
    function editLast() {
        for (let i = messages.count - 1; i >= 0; --i) {
            const m = messages.get(i);
            if (m.isMine && m.type === "text" && !m.deleted && m.messageId.length > 0) {
                composer.startEdit(m.messageId, m.content);
                return;
            }
        }
    }
    function openAttachment(m) {
        pendingOpen[m.attachmentUrl.toString()] = true;
        Parley.downloadAttachment(m.attachmentUrl.toString(), m.attachmentName);
    }
    function saveAttachment(m) {
        saveDialog.message = m;
        saveDialog.currentFile = "file:///" + m.attachmentName;
        saveDialog.open();
    }

    color: Theme.chatBackground

    MessageListModel {
        id: messages
        roomId: root.roomId
        active: root.showing && root.visible && root.roomId.length > 0 && root.windowActive
        onOlderLoaded: count => list.positionViewAtIndex(count, ListView.Beginning)
        onMessageAppended: mine => {
            if (mine || list.atBottom)
                Qt.callLater(list.positionViewAtEnd);
        }
        onErrorOccurred: message => toast.show(message)
        onReportSent: toast.show(qsTr("Reported to the admins. Thank you."))
        onRoomIdChanged: list.initialPositioned = false
    }

    Connections {
        target: Parley
        function onDownloadFinished(urlOrPath, localFile) {
            if (root.pendingOpen[urlOrPath]) {
                delete root.pendingOpen[urlOrPath];
                Qt.openUrlExternally(localFile);
            } else {
                toast.show(qsTr("Saved to %1").arg(localFile.toString().replace("file://", "")));
            }
        }
        function onDownloadFailed(urlOrPath, message) {
            delete root.pendingOpen[urlOrPath];
            toast.show(message);
        }
    }

    Shortcut {
        sequence: "Ctrl+O"
        enabled: root.visible && messages.canSend
        onActivated: fileDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Shift+L"
        enabled: root.visible && messages.canSend
        onActivated: locationDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+Up"
        enabled: root.visible && messages.count > 0
        onActivated: {
            list.currentIndex = messages.count - 1;
            list.forceActiveFocus();
        }
    }
    Shortcut {
        sequence: "Ctrl+M"
        enabled: root.visible && messages.isMember
        onActivated: Parley.setMuted(root.roomId, !root.room.muted)
    }
    Shortcut {
        sequence: "Ctrl+I"
        enabled: root.visible && Parley.session.isStaff
        onActivated: root.showDetails = !root.showDetails
    }
    Shortcut { // ui-close
        sequence: "Ctrl+Shift+E"
        enabled: root.visible && Parley.session.isStaff && root.roomId.length > 0
        onActivated: transcriptDialog.openFor(root.roomId)
    }
    // Support desk (ui-assign): "Assign to..." a colleague, or myself.
    readonly property bool canAssign: Parley.session.isStaff && root.room.kind === "support" && !root.closed
    StaffDirectory {
        id: staffDirectory
        active: assignPicker.opened
        onErrorOccurred: message => toast.show(message)
    }
    AssignPicker {
        id: assignPicker
        staff: staffDirectory.staff
        capacity: staffDirectory.capacity
        currentAssigneeId: root.room.assigneeId || ""
        onPicked: userId => Parley.assignRoom(root.roomId, userId)
    }
    Connections {
        target: Parley
        enabled: root.visible && root.showing
        function onErrorOccurred(message) {
            toast.show(message);
        }
    }
    Shortcut {
        sequence: "Ctrl+Shift+G"
        enabled: root.visible && root.canAssign
        onActivated: assignPicker.open()
    }
    Shortcut { // ui-notes
        sequence: "Ctrl+Shift+N"
        enabled: root.visible && Parley.session.isStaff && root.roomId.length > 0
        onActivated: {
            root.showDetails = true;
            detailsPanel.focusNoteField();
        }
    }
    Shortcut {
        sequence: "Ctrl+J"
        enabled: root.visible && Parley.session.isStaff && !messages.isMember && root.roomId.length > 0
        onActivated: Parley.joinRoom(root.roomId)
    }

    Label {
        anchors.centerIn: parent
        visible: root.roomId.length === 0
        text: qsTr("Select a conversation to start messaging")
        padding: Theme.spacing
        color: Theme.dark ? Theme.text : "white"
        background: Rectangle {
            radius: height / 2
            color: Theme.systemPill
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: root.roomId.length > 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            // Header
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                color: Theme.header
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.padding
                    anchors.rightMargin: Theme.spacing
                    spacing: Theme.padding
                    Avatar {
                        size: 38
                        name: root.room.title || ""
                        key: root.roomId
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            objectName: "chatTitle"
                            Layout.fillWidth: true
                            text: root.room.title || ""
                            font.bold: true
                            font.pointSize: Theme.titleFontSize
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: messages.typingText.length > 0 ? messages.typingText
                                : root.closed ? qsTr("closed")
                                : (root.room.members ? (root.room.members.length === 1 ? qsTr("1 member") : qsTr("%1 members").arg(root.room.members.length)) : "")
                                  + (root.room.orderRef ? " · " + qsTr("order %1").arg(root.room.orderRef) : "")
                                  + (root.room.assigneeName ? " · " + qsTr("assigned to %1").arg(root.room.assigneeName) : "")
                            color: messages.typingText.length > 0 ? Theme.accent : Theme.secondaryText
                            font.pointSize: Theme.smallFontSize
                            elide: Text.ElideRight
                        }
                    }
                    Button {
                        objectName: "joinButton"
                        visible: Parley.session.isStaff && !messages.isMember
                        palette.button: Theme.accent
                        palette.buttonText: Theme.accentText
                        text: qsTr("Join")
                        onClicked: Parley.joinRoom(root.roomId)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Join this conversation (Ctrl+J)")
                    }
                    ToolButton {
                        objectName: "assignButton"
                        visible: root.canAssign
                        text: qsTr("Assign…")
                        onClicked: assignPicker.open()
                        Accessible.name: qsTr("Assign to a colleague")
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Assign to… (Ctrl+Shift+G)")
                    }
                    ToolButton {
                        objectName: "closeRoomButton"
                        text: root.closed ? qsTr("Reopen") : qsTr("Close")
                        onClicked: root.closed ? Parley.reopenRoom(root.roomId) : Parley.closeRoom(root.roomId)
                        Accessible.name: root.closed ? qsTr("Reopen conversation") : qsTr("Close conversation")
                    }
                    ToolButton {
                        objectName: "roomMenuButton"
                        text: "⋮"
                        font.pointSize: Theme.titleFontSize
                        onClicked: headerMenu.open()
                        Accessible.name: qsTr("More actions")
                        Menu {
                            id: headerMenu
                            y: parent.height
                            MenuItem {
                                enabled: messages.isMember
                                text: root.room.muted ? qsTr("Unmute (Ctrl+M)") : qsTr("Mute (Ctrl+M)")
                                onTriggered: Parley.setMuted(root.roomId, !root.room.muted)
                            }
                            MenuItem {
                                enabled: messages.isMember
                                text: root.room.archived ? qsTr("Unarchive") : qsTr("Archive")
                                onTriggered: Parley.setArchived(root.roomId, !root.room.archived)
                            }
                            MenuItem {
                                visible: Parley.session.isStaff && messages.isMember
                                height: visible ? implicitHeight : 0
                                text: qsTr("Leave conversation")
                                onTriggered: Parley.leaveRoom(root.roomId)
                            }
                            MenuItem {
                                visible: Parley.session.isStaff
                                height: visible ? implicitHeight : 0
                                text: root.showDetails ? qsTr("Hide details (Ctrl+I)") : qsTr("Show details (Ctrl+I)")
                                onTriggered: root.showDetails = !root.showDetails
                            }
                        }
                    }
                }
                Rectangle {
                    anchors.bottom: parent.bottom
                    width: parent.width
                    height: 1
                    color: Theme.divider
                }
            }

            ListView {
                id: list
                objectName: "messageList"
                property bool initialPositioned: false
                readonly property bool atBottom: contentHeight <= height || contentY + height >= contentHeight + originY - 40

                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: messages
                spacing: 2
                activeFocusOnTab: true
                keyNavigationEnabled: true
                highlightMoveDuration: 0
                cacheBuffer: 1200
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Messages")
                ScrollBar.vertical: ScrollBar {}
                topMargin: Theme.spacing
                bottomMargin: Theme.spacing

                onCountChanged: {
                    if (!initialPositioned && count > 0) {
                        initialPositioned = true;
                        Qt.callLater(positionViewAtEnd);
                    }
                }
                onContentYChanged: {
                    if (initialPositioned && contentY - originY < 300 && messages.hasMore && !messages.loading)
                        messages.loadOlder();
                }

                section.property: "day"
                section.delegate: Item {
                    required property string section
                    width: ListView.view.width
                    height: 36
                    Label {
                        anchors.centerIn: parent
                        padding: 4
                        leftPadding: 12
                        rightPadding: 12
                        text: {
                            const d = new Date(section + "T00:00:00");
                            const today = new Date();
                            today.setHours(0, 0, 0, 0);
                            const diff = Math.round((today - d) / 86400000);
                            return diff === 0 ? qsTr("Today") : diff === 1 ? qsTr("Yesterday") : Qt.formatDate(d, "d MMMM yyyy");
                        }
                        color: Theme.dark ? Theme.text : "white"
                        font.pointSize: Theme.smallFontSize
                        background: Rectangle {
                            radius: height / 2
                            color: Theme.systemPill
                        }
                    }
                }

                header: Item {
                    width: ListView.view.width
                    height: messages.loading || messages.hasMore ? 40 : 0
                    BusyIndicator {
                        anchors.centerIn: parent
                        running: messages.loading
                        height: 32
                    }
                }

                delegate: MessageDelegate {
                    id: delegate
                    width: ListView.view.width
                    isCurrent: ListView.isCurrentItem && list.activeFocus
                    canModerate: Parley.session.isStaff
                    onReplyRequested: composer.startReply(messageId, isMine ? qsTr("You") : senderName, quoteText)
                    onEditRequested: composer.startEdit(messageId, content)
                    onDeleteRequested: deleteDialog.ask(messageId)
                    onReportRequested: reportDialog.ask(messageId)
                    onOpenAttachmentRequested: root.openAttachment(messages.get(index))
                    onSaveAttachmentRequested: root.saveAttachment(messages.get(index))
                    onImageActivated: imageViewer.show(messages.get(index))
                    onLocationActivated: mapUrl => Qt.openUrlExternally(mapUrl)
                    onRetryRequested: messages.retry(clientId)
                    onDiscardRequested: messages.discard(clientId)
                    onQuoteActivated: {
                        const i = messages.indexOfMessage(replyToId);
                        if (i >= 0) {
                            list.currentIndex = i;
                            list.positionViewAtIndex(i, ListView.Center);
                        }
                    }
                }

                Keys.onPressed: event => {
                    const item = currentItem;
                    if (!item)
                        return;
                    if (event.key === Qt.Key_R) {
                        item.replyRequested();
                    } else if (event.key === Qt.Key_E && item.canEdit) {
                        item.editRequested();
                    } else if (event.key === Qt.Key_Delete && item.canDelete) {
                        item.deleteRequested();
                    } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                        if (item.type === "image")
                            item.imageActivated();
                        else if (item.type === "file")
                            item.openAttachmentRequested();
                        else if (item.type === "location")
                            item.locationActivated(Qt.url("https://www.openstreetmap.org/?mlat=" + item.latitude + "&mlon=" + item.longitude));
                    } else if (event.key === Qt.Key_Menu || (event.key === Qt.Key_F10 && (event.modifiers & Qt.ShiftModifier))) {
                        item.openMenu();
                    } else if (event.key === Qt.Key_Escape) {
                        root.focusComposer();
                    } else {
                        return;
                    }
                    event.accepted = true;
                }

                RoundButton {
                    objectName: "scrollToBottomButton"
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.margins: Theme.padding
                    visible: !list.atBottom
                    text: "↓"
                    onClicked: list.positionViewAtEnd()
                    Accessible.name: qsTr("Scroll to the newest message")
                }
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: typing.visible ? 24 : 0
                color: Theme.header
                TypingIndicator {
                    id: typing
                    objectName: "typingIndicator"
                    anchors.verticalCenter: parent.verticalCenter
                    x: Theme.padding
                    // The model already words it ("Alex is typing…").
                    text: messages.typingText
                }
            }

            // Staff reading a conversation they are not in: join to answer.
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                visible: Parley.session.isStaff && !messages.isMember && root.roomId.length > 0
                color: Theme.header
                Button {
                    objectName: "joinBarButton"
                    anchors.centerIn: parent
                    palette.button: Theme.accent
                    palette.buttonText: Theme.accentText
                    text: qsTr("Join the conversation to answer")
                    onClicked: Parley.joinRoom(root.roomId)
                }
            }

            // ui-close: the customer rates the closed conversation.
            RatingCard {
                id: ratingCard
                Layout.fillWidth: true
                visible: root.closed && messages.isMember && !Parley.session.isStaff
                         && (root.room.kind === "support" || root.room.kind === "order")
                givenScore: myRatings.mine.score || 0
                givenComment: myRatings.mine.comment || ""
                busy: myRatings.busy
                onSubmitRequested: (score, comment) => myRatings.rate(score, comment)
                RatingListModel {
                    id: myRatings
                    roomId: ratingCard.visible ? root.roomId : ""
                    closingSeq: messages.closedSeq
                    onRoomIdChanged: ratingCard.reset()
                    onRated: {
                        ratingCard.finish();
                        toast.show(qsTr("Thank you for your rating"));
                    }
                    onErrorOccurred: message => toast.show(message)
                }
            }

            Composer {
                id: composer
                objectName: "composer"
                Layout.fillWidth: true
                visible: messages.isMember || !Parley.session.isStaff
                closed: !messages.canSend
                onSendRequested: (text, replyToId) => messages.sendText(text, replyToId)
                onEditRequested: (messageId, text) => messages.editMessage(messageId, text)
                onAttachRequested: fileDialog.open()
                onLocationRequested: locationDialog.open()
                onEditLastRequested: root.editLast()
                onTyping: active => messages.setTyping(active)
                Keys.onBacktabPressed: list.forceActiveFocus()
                // Support desk (ui-canned): canned responses, rendered for this room, for staff.
                property int cannedRequest: 0
                cannedModel: Parley.session.isStaff ? Parley.canned : null
                onCannedRequested: cannedId => cannedRequest = Parley.canned.render(root.roomId, cannedId)
            }
        }

        RoomDetailsPanel {
            id: detailsPanel // ui-notes
            Layout.preferredWidth: Theme.detailsWidth
            Layout.fillHeight: true
            visible: root.showDetails && root.roomId.length > 0
            room: messages.room
            isMember: messages.isMember
            onExportTranscriptRequested: transcriptDialog.openFor(root.roomId) // ui-close
            onNoteErrorOccurred: message => toast.show(message) // ui-notes
        }
    }

    DropArea {
        id: drop
        anchors.fill: parent
        enabled: messages.canSend
        onDropped: drop => {
            if (drop.hasUrls) {
                root.sendFiles(drop.urls);
                drop.accept(Qt.CopyAction);
            }
        }
        Rectangle {
            anchors.fill: parent
            anchors.margins: Theme.padding
            visible: drop.containsDrag
            radius: Theme.radius
            color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.15)
            border.color: Theme.accent
            border.width: 2
            Label {
                anchors.centerIn: parent
                text: qsTr("Drop files to send them")
                font.pointSize: Theme.titleFontSize * 1.4
                color: Theme.accent
            }
        }
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Send photos or files")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Photos and documents (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.doc *.docx *.odt)"), qsTr("All files (*)")]
        onAccepted: root.sendFiles(selectedFiles)
    }

    FileDialog {
        id: saveDialog
        property var message: ({})
        title: qsTr("Save attachment")
        fileMode: FileDialog.SaveFile
        onAccepted: Parley.downloadAttachment(message.attachmentUrl.toString(), message.attachmentName, selectedFile)
    }

    LocationDialog {
        id: locationDialog
        onLocationChosen: (lat, lng) => messages.sendLocation(lat, lng, composer.replyToId)
    }

    ImageViewer {
        id: imageViewer
        onSaveRequested: m => root.saveAttachment(m)
    }

    Dialog {
        id: deleteDialog
        property string messageId
        function ask(id) {
            messageId = id;
            open();
        }
        title: qsTr("Delete message")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Yes | Dialog.No
        Label {
            text: qsTr("Delete this message for everyone?")
        }
        onAccepted: messages.deleteMessage(messageId)
    }

    Dialog {
        id: reportDialog
        property string messageId
        function ask(id) {
            messageId = id;
            reasonField.text = "";
            open();
            reasonField.forceActiveFocus();
        }
        title: qsTr("Report message")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Ok | Dialog.Cancel
        width: 380
        ColumnLayout {
            anchors.fill: parent
            Label {
                text: qsTr("Why should the admins look at this message?")
            }
            TextField {
                id: reasonField
                Layout.fillWidth: true
                placeholderText: qsTr("e.g. Abusive language")
                Accessible.name: qsTr("Reason")
                onAccepted: reportDialog.accept()
            }
        }
        onAccepted: messages.reportMessage(messageId, reasonField.text.trim().length > 0 ? reasonField.text.trim() : qsTr("No reason given"))
    }

    TranscriptExportDialog { // ui-close
        id: transcriptDialog
        onNotify: message => toast.show(message)
    }

    Toast {
        id: toast
    }

    // Support desk (ui-canned): the composer's canned response comes back rendered.
    Connections {
        target: Parley.canned
        function onRendered(request, text) {
            if (request === composer.cannedRequest)
                composer.insertCanned(text);
        }
        function onRenderFailed(request, message) {
            if (request !== composer.cannedRequest)
                return;
            composer.cannedFailed();
            toast.show(message);
        }
    }
}
