import QtQuick
import QtTest
import Parley.App

Item {
    width: 600
    height: 100

    ConnectionBanner {
        id: banner
        width: parent.width
        backOnlineMs: 200
    }

    TestCase {
        name: "ConnectionBanner"
        when: windowShown

        function init() {
            banner.state = "connected";
            banner.showBackOnline = false;
            banner.lost = false;
            banner.everConnected = true;
            banner.newMessages = 0;
        }

        function test_hidden_when_connected() {
            verify(!banner.visible);
            compare(banner.text, "");
        }

        function test_texts_data() {
            return [
                { tag: "connecting", state: "connecting", text: "Connecting..." },
                { tag: "reconnecting", state: "reconnecting", text: "Connecting..." },
                { tag: "offline", state: "offline", text: "Offline: messages will be sent when you are back" }
            ];
        }
        function test_texts(data) {
            banner.state = data.state;
            verify(banner.visible);
            compare(banner.text, data.text);
            compare(banner.Accessible.name, data.text);
        }

        function test_back_online_then_hides() {
            banner.state = "offline";
            banner.newMessages = 7;
            banner.state = "connected";
            compare(banner.text, "Back online: 7 new messages");
            verify(banner.visible);
            tryCompare(banner, "visible", false, 3000);
        }

        function test_first_connection_is_not_back_online() {
            banner.everConnected = false;
            banner.state = "offline";
            banner.state = "connecting";
            banner.newMessages = 3;
            banner.state = "connected";
            verify(!banner.visible);
        }

        function test_back_online_singular_and_none() {
            banner.state = "reconnecting";
            banner.newMessages = 1;
            banner.state = "connected";
            compare(banner.text, "Back online: 1 new message");
            banner.state = "offline";
            banner.newMessages = 0;
            banner.state = "connected";
            compare(banner.text, "Back online");
        }
    }
}
