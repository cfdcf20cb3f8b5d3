import QtQuick
import QtTest
import Parley.App

// RoomNotes (the details panel's private notes): marked staff-only, "Add note" needs text,
// Enter in the field makes a new line while Ctrl+Enter adds the note (it never lands in the text).
Item {
    id: container
    width: 400
    height: 500

    Component {
        id: notesComponent
        RoomNotes { width: container.width }
    }

    TestCase {
        name: "RoomNotes"
        when: windowShown

        function make() {
            const notes = createTemporaryObject(notesComponent, container, {});
            verify(notes, "notes created");
            return notes;
        }

        function test_marked_staff_only() {
            const notes = make();
            compare(findChild(notes, "notesHeader").text, "Private notes");
            verify(notes.field.Accessible.name.indexOf("staff only") >= 0);
        }

        function test_add_needs_text() {
            const notes = make();
            const add = findChild(notes, "addNoteButton");
            verify(!add.enabled);
            notes.field.text = "  \n ";
            verify(!add.enabled);
            notes.field.text = "VIP";
            verify(add.enabled);
        }

        Component {
            id: spyComponent
            SignalSpy {}
        }

        // Without a session the model refuses with a message: proof that the add path ran.
        function test_enter_and_ctrl_enter() {
            const notes = make();
            const tried = createTemporaryObject(spyComponent, container, { target: notes, signalName: "errorOccurred" });
            notes.focusField();
            verify(notes.field.activeFocus);
            keyClick(Qt.Key_A);
            keyClick(Qt.Key_Return);
            keyClick(Qt.Key_B);
            compare(notes.field.text, "a\nb");
            compare(tried.count, 0);
            keyClick(Qt.Key_Return, Qt.ControlModifier);
            compare(tried.count, 1);
            keyClick(Qt.Key_Enter, Qt.ControlModifier);
            compare(tried.count, 2);
            compare(notes.field.text, "a\nb");
        }
    }
}
