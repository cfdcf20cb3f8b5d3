pragma Singleton
import QtQuick
import Parley.App

// Colours, sizes and fonts for every Parley page. Light or dark follows the system: Qt 6.4 has no
// QStyleHints::colorScheme, so the system palette's window lightness decides. `mode` lets the user
// force one (Settings page).
QtObject {
    id: root

    property string mode: UiSettings.themeMode // "system", "light" or "dark"
    readonly property SystemPalette systemPalette: SystemPalette {
        colorGroup: SystemPalette.Active
    }
    readonly property bool systemDark: systemPalette.window.hslLightness < 0.5
    readonly property bool dark: mode === "dark" || (mode === "system" && systemDark)

    readonly property color window: dark ? "#17212b" : "#ffffff"
    readonly property color sidebar: dark ? "#17212b" : "#ffffff"
    readonly property color chatBackground: dark ? "#0e1621" : "#dfe7ee"
    readonly property color header: dark ? "#17212b" : "#ffffff"
    readonly property color bubbleIncoming: dark ? "#182533" : "#ffffff"
    readonly property color bubbleOutgoing: dark ? "#2b5278" : "#e3f6d0"
    readonly property color accent: dark ? "#5fa3e6" : "#3390ec"
    readonly property color accentText: "#ffffff"
    readonly property color text: dark ? "#f5f5f5" : "#1b1f23"
    readonly property color secondaryText: dark ? "#8b9bab" : "#707579"
    readonly property color outgoingMeta: dark ? "#9fc2e6" : "#4fae4e"
    readonly property color divider: dark ? "#0b121a" : "#e4e7ea"
    readonly property color hover: dark ? "#202b36" : "#f1f3f5"
    readonly property color selected: dark ? "#2b5278" : "#3390ec"
    readonly property color selectedText: "#ffffff"
    readonly property color input: dark ? "#242f3d" : "#f1f3f5"
    readonly property color danger: dark ? "#ef5350" : "#d93025"
    readonly property color warning: dark ? "#f0a742" : "#c77700"
    readonly property color success: dark ? "#5dbb63" : "#2e9d4a"
    readonly property color mutedBadge: dark ? "#3e546a" : "#a8b0b8"
    readonly property color systemPill: dark ? "#1e2c3a" : "#c6d4df"

    readonly property int spacing: 8
    readonly property int padding: 12
    readonly property int radius: 12
    readonly property int smallRadius: 6
    readonly property int sidebarWidth: 340
    readonly property int detailsWidth: 300
    readonly property int bubbleMaxWidth: 520

    readonly property font bodyFont: Qt.application.font
    readonly property real fontSize: bodyFont.pointSize > 0 ? bodyFont.pointSize : 10
    readonly property real smallFontSize: fontSize * 0.85
    readonly property real titleFontSize: fontSize * 1.15

    // One colour per person, stable across runs (Telegram-style avatar palette).
    readonly property var avatarColors: ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae",
        "#6ec9cb", "#faa774", "#5b9bd5"]
    function colorFor(key) {
        let h = 0;
        const s = String(key);
        for (let i = 0; i < s.length; ++i)
            h = (h * 31 + s.charCodeAt(i)) >>> 0;
        return avatarColors[h % avatarColors.length];
    }
}
