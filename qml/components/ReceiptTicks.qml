import QtQuick
import Parley.App

// Delivery state of one's own message: a clock while it waits in the outbox, one tick when the
// server stored it, two when delivered, two in the accent colour when read, a red "!" on failure.
Item {
    id: root

    property string status: "sent" // "pending", "sent", "delivered", "read" or "failed"
    property color color: Theme.secondaryText
    readonly property int ticks: status === "delivered" || status === "read" ? 2 : status === "sent" ? 1 : 0
    readonly property color effectiveColor: status === "read" ? Theme.accent
                                          : status === "failed" ? Theme.danger : color

    implicitWidth: 18
    implicitHeight: 12
    Accessible.role: Accessible.StaticText
    Accessible.name: ({
        "pending": qsTr("Waiting to send"),
        "sent": qsTr("Sent"),
        "delivered": qsTr("Delivered"),
        "read": qsTr("Read"),
        "failed": qsTr("Not sent")
    })[status] || ""

    onStatusChanged: canvas.requestPaint()
    onEffectiveColorChanged: canvas.requestPaint()

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            ctx.strokeStyle = root.effectiveColor;
            ctx.fillStyle = root.effectiveColor;
            ctx.lineWidth = 1.6;
            ctx.lineCap = "round";
            ctx.lineJoin = "round";
            const h = height;
            if (root.status === "pending") {
                const r = h / 2 - 1;
                ctx.beginPath();
                ctx.arc(h / 2, h / 2, r, 0, Math.PI * 2);
                ctx.moveTo(h / 2, h / 2 - r * 0.6);
                ctx.lineTo(h / 2, h / 2);
                ctx.lineTo(h / 2 + r * 0.5, h / 2);
                ctx.stroke();
                return;
            }
            if (root.status === "failed") {
                ctx.font = "bold " + h + "px sans-serif";
                ctx.fillText("!", h / 3, h - 1);
                return;
            }
            const tick = function (x) {
                ctx.beginPath();
                ctx.moveTo(x, h * 0.55);
                ctx.lineTo(x + h * 0.3, h * 0.85);
                ctx.lineTo(x + h * 0.8, h * 0.15);
                ctx.stroke();
            };
            tick(1);
            if (root.ticks === 2)
                tick(1 + h * 0.4);
        }
    }
}
