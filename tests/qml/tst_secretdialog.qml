import QtQuick
import QtQuick.Controls
import QtTest
import Parley.App

// The "shown once" dialogs of the admin's integrations: the secret is shown with its warning,
// Copy (button or Ctrl+C) puts exactly it on the clipboard, closing forgets it; the confirmation
// runs its action only when confirmed.
Item {
    width: 640
    height: 480

    SecretDialog {
        id: dialog
    }
    ConfirmDialog {
        id: confirm
    }
    TextField {
        id: pasteTarget
    }
    SignalSpy { id: closedSpy; target: dialog; signalName: "closed" }

    TestCase {
        name: "SecretDialog"
        when: windowShown

        function child(root, name) {
            return findChild(root.contentItem, name);
        }
        function pasted() {
            pasteTarget.text = "";
            pasteTarget.paste();
            return pasteTarget.text;
        }

        function init() {
            if (dialog.opened)
                dialog.close();
            tryCompare(dialog, "visible", false);
            closedSpy.clear();
        }

        function test_shows_secret_and_warning() {
            dialog.show("API key created", "Key “shop”", "pk_live_abc123");
            tryCompare(dialog, "opened", true);
            compare(child(dialog, "secretField").text, "pk_live_abc123");
            verify(child(dialog, "secretField").readOnly);
            verify(child(dialog, "secretWarning").text.indexOf("will not see it again") >= 0);
            compare(dialog.title, "API key created");
            compare(child(dialog, "copySecretButton").text, "Copy");
        }

        function test_copy_button_puts_the_secret_on_the_clipboard() {
            pasteTarget.text = "something else";
            pasteTarget.selectAll();
            pasteTarget.copy();
            dialog.show("Webhook signing secret", "https://example.com/h", "whsec_0123456789");
            tryCompare(dialog, "opened", true);
            mouseClick(child(dialog, "copySecretButton"));
            verify(dialog.copied);
            compare(child(dialog, "copySecretButton").text, "Copied");
            compare(pasted(), "whsec_0123456789");
        }

        function test_ctrl_c_copies() {
            dialog.show("API key created", "Key “k”", "pk_live_keyboard");
            tryCompare(dialog, "opened", true);
            keySequence(StandardKey.Copy);
            verify(dialog.copied);
            compare(pasted(), "pk_live_keyboard");
        }

        function test_closing_forgets_the_secret() {
            dialog.show("API key created", "Key “gone”", "pk_live_forgotten");
            tryCompare(dialog, "opened", true);
            mouseClick(child(dialog, "secretDoneButton"));
            tryCompare(closedSpy, "count", 1);
            compare(dialog.secret, "");
            compare(child(dialog, "secretField").text, "");
            // Shown again for another secret: nothing of the first one, not marked copied.
            dialog.show("API key created", "Key “next”", "pk_live_second");
            tryCompare(dialog, "opened", true);
            compare(child(dialog, "secretField").text, "pk_live_second");
            verify(!dialog.copied);
        }

        function test_escape_closes_and_forgets() {
            dialog.show("API key created", "Key “esc”", "pk_live_escape");
            tryCompare(dialog, "opened", true);
            keyClick(Qt.Key_Escape);
            tryCompare(closedSpy, "count", 1);
            compare(dialog.secret, "");
        }

        function test_confirm_runs_action_only_when_confirmed() {
            let runs = 0;
            confirm.ask("Revoke key", "Revoke “shop”?", "Revoke", () => ++runs);
            tryCompare(confirm, "opened", true);
            mouseClick(findChild(confirm.contentItem, "confirmCancelButton"));
            tryCompare(confirm, "visible", false);
            compare(runs, 0);
            confirm.ask("Revoke key", "Revoke “shop”?", "Revoke", () => ++runs);
            tryCompare(confirm, "opened", true);
            compare(findChild(confirm.contentItem, "confirmButton").text, "Revoke");
            keyClick(Qt.Key_Return);
            tryCompare(confirm, "visible", false);
            compare(runs, 1);
        }
    }
}
