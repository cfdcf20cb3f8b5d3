import QtQuick
import QtTest
import Parley.App

// The composer's canned-response picker: "/" in an empty field or Ctrl+Shift+R opens it, typing
// filters it, Up/Down/Enter/Tab/Escape and the mouse drive it, and the rendered body replaces the
// typed "/prefix". Nothing is sent on the way.
Item {
    id: top
    width: 640
    height: 480

    ListModel {
        id: responses
        ListElement { cannedId: "c-close"; shortcut: "/close"; title: "Anything else?"; preview: "Is there anything else?" }
        ListElement { cannedId: "c-refund"; shortcut: "/refund"; title: "Refund timeline"; preview: "The refund reaches you" }
        ListElement { cannedId: "c-return"; shortcut: "/return"; title: "Returns"; preview: "Send it back" }
        ListElement { cannedId: "c-thanks"; shortcut: "/thanks"; title: "Thanks for waiting"; preview: "Thanks, {customer_name}" }
    }

    Composer {
        id: composer
        anchors.bottom: parent.bottom
        width: parent.width
        cannedModel: responses
    }

    SignalSpy { id: requested; target: composer; signalName: "cannedRequested" }
    SignalSpy { id: sent; target: composer; signalName: "sendRequested" }

    TestCase {
        name: "CannedPicker"
        when: windowShown

        function init() {
            composer.closeCanned();
            composer.cancel();
            composer.cannedModel = responses;
            composer.closed = false;
            composer.text = "";
            requested.clear();
            sent.clear();
            composer.inputItem.forceActiveFocus();
        }

        function typeText(s) {
            for (let i = 0; i < s.length; ++i)
                keyClick(s[i]);
        }
        function picker() {
            return findChild(composer, "cannedPicker");
        }
        function shownShortcuts() {
            const list = findChild(picker().contentItem, "cannedList");
            tryCompare(list, "count", picker().count); // the view catches up on its next update
            const out = [];
            for (let i = 0; i < list.count; ++i) {
                list.currentIndex = i;
                out.push(list.currentItem.shortcut);
            }
            list.currentIndex = 0;
            return out;
        }

        function test_slash_opens_and_filters() {
            typeText("/");
            tryVerify(() => composer.cannedOpen);
            compare(picker().count, 4);
            typeText("re");
            compare(shownShortcuts(), ["/refund", "/return"]);
            typeText("f");
            compare(shownShortcuts(), ["/refund"]);
            // A title prefix matches too, in any case.
            composer.closeCanned();
            composer.text = "";
            typeText("/THANKS f");
            verify(!composer.cannedOpen); // the space ended it
            composer.text = "";
            typeText("/anyth");
            compare(shownShortcuts(), ["/close"]);
        }

        function test_slash_inside_text_does_not_open() {
            typeText("see a/b");
            verify(!composer.cannedOpen);
        }

        function test_enter_picks_the_highlighted_one_and_sends_nothing() {
            typeText("/re");
            keyClick(Qt.Key_Down);
            keyClick(Qt.Key_Return);
            compare(requested.count, 1);
            compare(requested.signalArguments[0][0], "c-return");
            verify(!composer.cannedOpen);
            compare(sent.count, 0);
            // The rendered body replaces "/re".
            composer.insertCanned("Send it back to us, Ann.");
            compare(composer.text, "Send it back to us, Ann.");
            compare(composer.inputItem.cursorPosition, composer.text.length);
            compare(sent.count, 0);
            keyClick(Qt.Key_Return);
            compare(sent.count, 1);
            compare(sent.signalArguments[0][0], "Send it back to us, Ann.");
        }

        function test_up_wraps_and_tab_picks() {
            typeText("/");
            keyClick(Qt.Key_Up); // from the first to the last
            keyClick(Qt.Key_Tab);
            compare(requested.count, 1);
            compare(requested.signalArguments[0][0], "c-thanks");
        }

        function test_escape_closes_and_keeps_text_and_reply() {
            composer.startReply("m-1", "Ann", "Where is it?");
            typeText("/ref");
            verify(composer.cannedOpen);
            keyClick(Qt.Key_Escape);
            verify(!composer.cannedOpen);
            compare(composer.text, "/ref");
            compare(composer.replyToId, "m-1"); // only the picker closed
            compare(requested.count, 0);
            // Typing on does not reopen it; a second Escape drops the reply as before.
            typeText("x");
            verify(!composer.cannedOpen);
            keyClick(Qt.Key_Escape);
            compare(composer.replyToId, "");
        }

        function test_backspacing_the_slash_closes() {
            typeText("/r");
            keyClick(Qt.Key_Backspace);
            verify(composer.cannedOpen);
            keyClick(Qt.Key_Backspace);
            verify(!composer.cannedOpen);
        }

        function test_enter_without_match_closes_and_sends_nothing() {
            typeText("/zzz");
            compare(picker().count, 0);
            keyClick(Qt.Key_Return);
            verify(!composer.cannedOpen);
            compare(sent.count, 0);
            compare(requested.count, 0);
            compare(composer.text, "/zzz");
        }

        function test_ctrl_shift_r_inserts_at_the_cursor() {
            typeText("Hello! ");
            keyClick(Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier);
            tryVerify(() => composer.cannedOpen);
            typeText("than");
            compare(shownShortcuts(), ["/thanks"]);
            keyClick(Qt.Key_Enter);
            compare(requested.signalArguments[0][0], "c-thanks");
            composer.insertCanned("Thanks for waiting, Ann.");
            compare(composer.text, "Hello! Thanks for waiting, Ann.");
        }

        function test_mouse_picks() {
            typeText("/");
            tryVerify(() => composer.cannedOpen);
            const list = findChild(picker().contentItem, "cannedList");
            list.currentIndex = 1;
            waitForRendering(list);
            mouseClick(list.currentItem);
            compare(requested.count, 1);
            compare(requested.signalArguments[0][0], "c-refund");
        }

        function test_text_edited_meanwhile_inserts_at_cursor() {
            typeText("/ref");
            keyClick(Qt.Key_Return);
            compare(requested.count, 1);
            // The answer is late and the user typed on: the body goes in at the cursor.
            composer.text = "Hi ";
            composer.inputItem.cursorPosition = 3;
            composer.insertCanned("body");
            compare(composer.text, "Hi body");
        }

        function test_failed_render_leaves_the_text() {
            typeText("/ref");
            keyClick(Qt.Key_Return);
            composer.cannedFailed();
            compare(composer.text, "/ref");
            composer.insertCanned("late");
            compare(composer.text, "/reflate"); // no pending range any more: at the cursor
        }

        function test_customers_get_no_picker() {
            composer.cannedModel = null;
            typeText("/");
            verify(!composer.cannedOpen);
            keyClick(Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier);
            verify(!composer.cannedOpen);
            compare(composer.text, "/");
        }

        function test_query_rule_data() {
            return [
                {tag: "slash and prefix", text: "/ref", start: 0, cursor: 4, slash: true, expected: "ref"},
                {tag: "slash gone", text: "ref", start: 0, cursor: 3, slash: true, expected: null},
                {tag: "space ends it", text: "/ref x", start: 0, cursor: 6, slash: true, expected: null},
                {tag: "cursor before start", text: "ab/x", start: 2, cursor: 1, slash: false, expected: null},
                {tag: "mid text, no slash", text: "Hi than", start: 3, cursor: 7, slash: false, expected: "than"},
                {tag: "mid text, own slash", text: "Hi /th", start: 3, cursor: 6, slash: false, expected: "th"},
                {tag: "nothing typed yet", text: "Hi ", start: 3, cursor: 3, slash: false, expected: ""},
            ];
        }
        function test_query_rule(data) {
            compare(composer.cannedQuery(data.text, data.start, data.cursor, data.slash), data.expected);
        }
    }
}
