import QtQuick
import QtTest
import Parley.App

// The "Assign to..." picker: filtering by typing, availability-first order, keyboard choice.
Item {
    width: 600
    height: 600

    readonly property var people: [
        {userId: "u1", username: "sam", displayName: "Sam Carter", role: "staff", online: true, away: true, openAssigned: 0, isSelf: false},
        {userId: "u2", username: "alex", displayName: "Alex Moreau", role: "staff", online: true, away: false, openAssigned: 3, isSelf: false},
        {userId: "u3", username: "jo", displayName: "Jo Lee", role: "admin", online: true, away: false, openAssigned: 1, isSelf: true},
        {userId: "u4", username: "kim", displayName: "Kim Sato", role: "staff", online: false, away: false, openAssigned: 0, isSelf: false}
    ]

    AssignPicker {
        id: picker
        staff: people
        capacity: 5
        currentAssigneeId: "u2"
    }

    SignalSpy { id: pickedSpy; target: picker; signalName: "picked" }

    TestCase {
        name: "AssignPicker"
        when: windowShown

        function init() {
            pickedSpy.clear();
            picker.open();
            tryCompare(picker, "opened", true);
        }
        function cleanup() {
            picker.close();
            tryCompare(picker, "visible", false);
        }
        function typeText(s) {
            for (let i = 0; i < s.length; ++i)
                keyClick(s[i]);
        }
        function names() {
            return picker.matches.map(p => p.username);
        }

        function test_available_and_least_loaded_first() {
            // Online and available (least loaded first), then available offline, then away.
            compare(names(), ["jo", "alex", "kim", "sam"]);
            compare(picker.currentIndex, 0);
        }

        function test_typing_filters_by_name_or_username() {
            typeText("mor");
            compare(names(), ["alex"]);
            picker.filterText = "";
            typeText("KIM");
            compare(names(), ["kim"]);
            picker.filterText = "";
            typeText("a");
            compare(names(), ["alex", "kim", "sam"]);
        }

        function test_enter_assigns_the_chosen_colleague() {
            keyClick(Qt.Key_Down);
            keyClick(Qt.Key_Down);
            compare(picker.currentIndex, 2);
            keyClick(Qt.Key_Return);
            compare(pickedSpy.count, 1);
            compare(pickedSpy.signalArguments[0][0], "u4");
            compare(pickedSpy.signalArguments[0][1], "Kim Sato");
            tryCompare(picker, "visible", false);
        }

        function test_filter_then_enter_picks_the_first_match() {
            typeText("sam");
            keyClick(Qt.Key_Enter);
            compare(pickedSpy.count, 1);
            compare(pickedSpy.signalArguments[0][0], "u1");
        }

        function test_up_stops_at_the_top() {
            keyClick(Qt.Key_Up);
            compare(picker.currentIndex, 0);
            keyClick(Qt.Key_Down);
            keyClick(Qt.Key_Up);
            compare(picker.currentIndex, 0);
        }

        function test_current_assignee_changes_nothing() {
            typeText("alex");
            keyClick(Qt.Key_Return);
            compare(pickedSpy.count, 0);
            tryCompare(picker, "visible", false);
        }

        function test_no_match_picks_nobody() {
            typeText("zzz");
            compare(picker.matches.length, 0);
            compare(picker.currentIndex, -1);
            verify(findChild(picker.contentItem, "assignNoMatch").visible);
            keyClick(Qt.Key_Return);
            compare(pickedSpy.count, 0);
        }

        function test_escape_closes() {
            keyClick(Qt.Key_Escape);
            tryCompare(picker, "visible", false);
            compare(pickedSpy.count, 0);
        }

        function test_live_update_keeps_a_valid_choice() {
            typeText("s");
            compare(names(), ["kim", "sam"]);
            keyClick(Qt.Key_Down);
            compare(picker.currentIndex, 1);
            // Sam leaves the staff list: the choice moves back into range.
            picker.staff = people.filter(p => p.userId !== "u1");
            compare(names(), ["kim"]);
            compare(picker.currentIndex, 0);
            picker.staff = people;
        }
    }
}
