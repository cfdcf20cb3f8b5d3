import QtQuick
import QtTest
import Parley.App

// SystemEventCard: each integration event type gets its own title, icon and laid-out fields
// (status, ETA, amount in major units with its currency, dispute reason), never raw JSON.
Item {
    id: container
    width: 600
    height: 400

    Component {
        id: cardComponent
        SystemEventCard { width: 420 }
    }

    TestCase {
        name: "SystemEventCard"
        when: windowShown

        function make(event) {
            const card = createTemporaryObject(cardComponent, container,
                                               { event: event, createdAt: new Date(2026, 10, 21, 9, 5) });
            verify(card, "card created");
            return card;
        }
        function valueOf(card, key) {
            const label = findChild(card, "eventValue_" + key);
            return label ? label.text : undefined;
        }

        function test_types_data() {
            return [
                { tag: "job_update", event: { event: "job_update", event_id: "e1", order_ref: "A-17",
                          status: "picked_up", note: "Courier Sam" },
                  title: "Delivery update", icon: "🚚",
                  values: { status: "Picked up", note: "Courier Sam" }, absent: ["eta", "amount", "reason"] },
                { tag: "payment_initiated", event: { event: "payment_initiated", event_id: "e2", order_ref: "A-17",
                          amount_minor: 4250, currency: "USD", payment_ref: "pay_9" },
                  title: "Payment initiated", icon: "💳",
                  values: { amount: "42.50 USD", payment_ref: "pay_9" }, absent: ["status", "reason"] },
                { tag: "dispute_opened", event: { event: "dispute_opened", event_id: "e3", order_ref: "A-17",
                          reason: "not_as_described", text: "Blue, not red" },
                  title: "Dispute opened", icon: "⚠",
                  values: { reason: "Not as described", text: "Blue, not red" }, absent: ["amount", "status"] }
            ];
        }
        function test_types(data) {
            const card = make(data.event);
            compare(findChild(card, "eventTitle").text, data.title);
            compare(findChild(card, "eventIcon").text, data.icon);
            compare(findChild(card, "eventOrder").text, "Order A-17");
            for (const key in data.values)
                compare(valueOf(card, key), data.values[key], key);
            for (const key of data.absent)
                compare(valueOf(card, key), undefined, key);
            compare(card.fields.length, Object.keys(data.values).length);
            verify(card.Accessible.name.indexOf(data.title) === 0);
            // No raw JSON anywhere on the card.
            verify(card.summary.indexOf("{") < 0);
        }

        function test_job_eta_is_a_local_time() {
            const eta = new Date(2026, 10, 22, 14, 30);
            const card = make({ event: "job_update", order_ref: "B-2", status: "in_transit", eta: eta.toISOString() });
            compare(valueOf(card, "status"), "In transit");
            compare(valueOf(card, "eta"), "22 Nov 2026, 14:30");
        }

        function test_amounts_data() {
            return [
                { tag: "two decimals", minor: 4250, currency: "EUR", text: "42.50 EUR" },
                { tag: "cents only", minor: 5, currency: "USD", text: "0.05 USD" },
                { tag: "thousands", minor: 123456789, currency: "GBP", text: "1,234,567.89 GBP" },
                { tag: "no minor unit", minor: 1500, currency: "JPY", text: "1,500 JPY" },
                { tag: "three decimals", minor: 12345, currency: "KWD", text: "12.345 KWD" },
                { tag: "largest", minor: 1000000000000, currency: "USD", text: "10,000,000,000.00 USD" }
            ];
        }
        function test_amounts(data) {
            const card = make({});
            compare(card.amountText(data.minor, data.currency), data.text);
        }

        function test_tone_per_type() {
            verify(Qt.colorEqual(make({ event: "dispute_opened", reason: "other" }).tone, Theme.danger));
            verify(Qt.colorEqual(make({ event: "payment_initiated", amount_minor: 1, currency: "USD", payment_ref: "p" }).tone, Theme.success));
            verify(Qt.colorEqual(make({ event: "job_update", status: "accepted" }).tone, Theme.accent));
        }
    }
}
