import QtQuick
import QtTest
import Parley.App

Item {
    id: container
    width: 700
    height: 500

    Component {
        id: delegateComponent
        MessageDelegate { width: container.width }
    }

    function message(overrides) {
        const base = {
            index: 0, messageId: "m-1", clientId: "", type: "text", content: "Hello there",
            senderId: "u-2", senderName: "Alice Smith", senderRole: "customer", isMine: false,
            isSystem: false, showSender: true, createdAt: new Date(2026, 10, 21, 9, 5),
            edited: false, deleted: false, deliveryState: 0, errorText: "", replyToId: "",
            replyToSender: "", replyToPreview: "", latitude: 0, longitude: 0, attachmentName: "",
            attachmentMime: "", attachmentSize: 0, attachmentUrl: "", thumbnailUrl: "",
            imageWidth: 0, imageHeight: 0, localFile: "", uploadProgress: -1, orderEvent: ({})
        };
        for (const k in overrides)
            base[k] = overrides[k];
        return base;
    }

    TestCase {
        name: "MessageDelegate"
        when: windowShown

        function make(overrides) {
            const item = createTemporaryObject(delegateComponent, container, container.message(overrides));
            verify(item, "delegate created");
            return item;
        }

        function test_incoming_text() {
            const d = make({});
            compare(findChild(d, "messageText").text, "Hello there");
            verify(findChild(d, "senderName").visible);
            verify(!findChild(d, "ticks").visible);
            verify(!findChild(d, "editedLabel").visible);
            compare(d.Accessible.name, "Alice Smith at 09:05: Hello there");
        }

        function test_mine_ticks_data() {
            return [
                { tag: "pending", state: 1, status: "pending" },
                { tag: "sent", state: 2, status: "sent" },
                { tag: "delivered", state: 3, status: "delivered" },
                { tag: "read", state: 4, status: "read" },
                { tag: "failed", state: 5, status: "failed" }
            ];
        }
        function test_mine_ticks(data) {
            const d = make({ isMine: true, deliveryState: data.state, senderId: "me" });
            const ticks = findChild(d, "ticks");
            verify(ticks.visible);
            compare(ticks.status, data.status);
            verify(!findChild(d, "senderName").visible);
            compare(findChild(d, "failedRow").visible, data.state === 5);
        }

        function test_mine_bubble_on_the_right() {
            const mine = make({ isMine: true, deliveryState: 2 });
            const theirs = make({});
            const mineBubble = findChild(mine, "bubble");
            const theirBubble = findChild(theirs, "bubble");
            verify(mineBubble.mapToItem(container, 0, 0).x > theirBubble.mapToItem(container, 0, 0).x);
        }

        function test_edited_and_deleted() {
            const e = make({ edited: true });
            verify(findChild(e, "editedLabel").visible);
            verify(e.Accessible.name.indexOf("edited") > 0);
            const d = make({ deleted: true, content: "", edited: true });
            verify(findChild(d, "deletedText").visible);
            verify(!findChild(d, "messageText").visible);
            verify(!findChild(d, "editedLabel").visible);
        }

        function test_reply_quote() {
            const d = make({ replyToId: "m-0", replyToSender: "Sam", replyToPreview: "How can I help?" });
            const quote = findChild(d, "replyQuote");
            verify(quote.visible);
            compare(quote.senderName, "Sam");
            compare(quote.text, "How can I help?");
        }

        function test_body_by_type_data() {
            return [
                { tag: "image", type: "image", shown: "imageComponent" },
                { tag: "file", type: "file", shown: "fileComponent" },
                { tag: "location", type: "location", shown: "locationComponent" }
            ];
        }
        function test_body_by_type(data) {
            const d = make({ type: data.type, content: "", attachmentName: "a.pdf", attachmentSize: 2048,
                             latitude: 48.85, longitude: 2.35, imageWidth: 640, imageHeight: 480 });
            for (const name of ["imageComponent", "fileComponent", "locationComponent"])
                compare(findChild(d, name).visible, name === data.shown, name);
            verify(!findChild(d, "messageText").visible);
        }

        function test_edit_and_delete_rights() {
            const mine = make({ isMine: true, deliveryState: 2 });
            verify(mine.canEdit);
            verify(mine.canDelete);
            const theirs = make({});
            verify(!theirs.canEdit);
            verify(!theirs.canDelete);
            theirs.canModerate = true;
            verify(theirs.canDelete);
            const pending = make({ isMine: true, messageId: "", deliveryState: 1 });
            verify(!pending.canEdit);
        }

        function test_system_message() {
            const d = make({ isSystem: true, type: "system", senderName: "", content: "Sam Carter joined the conversation" });
            verify(!findChild(d, "bubble").visible);
            compare(d.Accessible.name, "Sam Carter joined the conversation");
        }

        // ui-close: an integration's order event is a card, not the pill with its raw text.
        function test_order_event_card() {
            const plain = make({ isSystem: true, type: "system", senderName: "", content: "Sam closed the conversation" });
            verify(!plain.isOrderEvent);
            verify(!findChild(plain, "systemEventCard").visible);
            const d = make({ isSystem: true, type: "system", senderName: "",
                             content: "Order A-17: payment of 42.50 USD initiated (pay_9)",
                             orderEvent: { event: "payment_initiated", order_ref: "A-17", amount_minor: 4250,
                                           currency: "USD", payment_ref: "pay_9" } });
            verify(d.isOrderEvent);
            const card = findChild(d, "systemEventCard");
            verify(card.visible);
            verify(!findChild(d, "bubble").visible);
            compare(findChild(card, "eventValue_amount").text, "42.50 USD");
            verify(d.implicitHeight >= card.height);
            compare(d.Accessible.name, card.summary);
        }
    }
}
