import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Parley.App

// An integration's typed order event in a conversation (docs/API.md "Integrations"): a card with
// the event's icon and title, the order, and its validated fields laid out (job status and ETA,
// amount and currency, dispute reason) instead of the raw text. `event` is the message's
// metadata (MessageListModel's orderEvent role).
Rectangle {
    id: root
    objectName: "systemEventCard"

    property var event: ({})
    property var createdAt

    readonly property string kind: event && event.event ? event.event : ""
    readonly property string icon: ({ job_update: "🚚", payment_initiated: "💳", dispute_opened: "⚠" })[kind] || "•"
    readonly property string title: ({
            job_update: qsTr("Delivery update"),
            payment_initiated: qsTr("Payment initiated"),
            dispute_opened: qsTr("Dispute opened")
        })[kind] || qsTr("Order event")
    readonly property color tone: kind === "dispute_opened" ? Theme.danger
        : kind === "payment_initiated" ? Theme.success : Theme.accent
    readonly property var fields: fieldsOf(event)
    readonly property string summary: title + (event && event.order_ref ? " · " + qsTr("Order %1").arg(event.order_ref) : "")
        + fields.map(f => ", " + f.label + ": " + f.value).join("")

    // Minor units per major unit (ISO 4217 exponents other than 2).
    function exponent(currency) {
        const zero = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                      "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
        const three = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
        return zero.indexOf(currency) >= 0 ? 0 : three.indexOf(currency) >= 0 ? 3 : 2;
    }
    // 4250, "USD" -> "42.50 USD"; 123456789, "EUR" -> "1,234,567.89 EUR"; 500, "JPY" -> "500 JPY"
    function amountText(minor, currency) {
        const n = Math.round(Number(minor));
        if (isNaN(n))
            return "";
        const e = exponent(currency);
        const scale = Math.pow(10, e);
        const digits = String(Math.floor(n / scale));
        let whole = "";
        for (let i = 0; i < digits.length; ++i)
            whole += (i > 0 && (digits.length - i) % 3 === 0 ? "," : "") + digits[i];
        const fraction = e > 0 ? "." + String(n % scale).padStart(e, "0") : "";
        return whole + fraction + " " + currency;
    }
    // "picked_up" -> "Picked up"
    function words(code) {
        const s = String(code || "").replace(/_/g, " ");
        return s.length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : "";
    }
    function timeText(rfc3339) {
        const d = new Date(rfc3339);
        return isNaN(d.getTime()) ? String(rfc3339) : Qt.formatDateTime(d, "dd MMM yyyy, hh:mm");
    }
    // [{label, value, key}] in the order they are shown; absent optional fields are left out.
    function fieldsOf(e) {
        const out = [];
        if (!e)
            return out;
        const add = (key, label, value) => {
            if (value !== undefined && value !== null && String(value).length > 0)
                out.push({ key: key, label: label, value: String(value) });
        };
        switch (e.event) {
        case "job_update":
            add("status", qsTr("Status"), words(e.status));
            if (e.eta)
                add("eta", qsTr("ETA"), timeText(e.eta));
            add("note", qsTr("Note"), e.note);
            break;
        case "payment_initiated":
            add("amount", qsTr("Amount"), amountText(e.amount_minor, e.currency));
            add("payment_ref", qsTr("Reference"), e.payment_ref);
            break;
        case "dispute_opened":
            add("reason", qsTr("Reason"), words(e.reason));
            add("text", qsTr("Details"), e.text);
            break;
        }
        return out;
    }

    implicitWidth: 360
    implicitHeight: column.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.bubbleIncoming
    border.color: tone
    border.width: 1
    Accessible.role: Accessible.StaticText
    Accessible.name: summary

    Rectangle {
        width: 4
        height: parent.height - 2 * parent.radius
        anchors.verticalCenter: parent.verticalCenter
        x: 1
        color: root.tone
    }

    ColumnLayout {
        id: column
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "eventIcon"
                text: root.icon
                font.pointSize: Theme.titleFontSize * 1.3
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Label {
                    objectName: "eventTitle"
                    text: root.title
                    font.bold: true
                    color: root.tone
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Label {
                    objectName: "eventOrder"
                    visible: text.length > 0
                    text: root.event && root.event.order_ref ? qsTr("Order %1").arg(root.event.order_ref) : ""
                    color: Theme.secondaryText
                    font.pointSize: Theme.smallFontSize
                }
            }
            Label {
                text: Format.clockTime(root.createdAt)
                color: Theme.secondaryText
                font.pointSize: Theme.smallFontSize
                Layout.alignment: Qt.AlignTop
            }
        }

        GridLayout {
            objectName: "eventFields"
            Layout.fillWidth: true
            columns: 2
            columnSpacing: Theme.padding
            rowSpacing: 4
            Repeater {
                model: root.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    objectName: "eventLabel_" + modelData.key
                    text: modelData.label
                    color: Theme.secondaryText
                    Layout.row: index
                    Layout.column: 0
                    Layout.alignment: Qt.AlignTop
                }
            }
            Repeater {
                model: root.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    objectName: "eventValue_" + modelData.key
                    text: modelData.value
                    font.bold: modelData.key === "amount" || modelData.key === "status" || modelData.key === "reason"
                    wrapMode: Text.Wrap
                    Layout.row: index
                    Layout.column: 1
                    Layout.fillWidth: true
                }
            }
        }
    }
}
