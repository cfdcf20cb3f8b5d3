import QtQuick
import QtTest
import Parley.App

// RatingCard: a customer picks 1-5 stars by keyboard or click, may add a comment, and submits;
// Submit needs a star; a given rating is shown and can be changed.
Item {
    id: container
    width: 600
    height: 300

    Component {
        id: cardComponent
        RatingCard { width: container.width }
    }

    TestCase {
        name: "RatingCard"
        when: windowShown

        function make(props) {
            const card = createTemporaryObject(cardComponent, container, props || {});
            verify(card, "card created");
            return card;
        }
        function submitSpy(card) {
            return createTemporaryObject(spyComponent, container, { target: card, signalName: "submitRequested" });
        }

        Component {
            id: spyComponent
            SignalSpy {}
        }

        function test_submit_needs_a_star() {
            const card = make();
            const spy = submitSpy(card);
            const submit = findChild(card, "submitRatingButton");
            verify(card.showForm);
            verify(!submit.enabled);
            mouseClick(submit);
            compare(spy.count, 0);
            mouseClick(findChild(card, "star3"));
            compare(card.score, 3);
            verify(submit.enabled);
            card.busy = true;
            verify(!submit.enabled);
        }

        function test_keys_move_the_score_data() {
            return [
                { tag: "right from none", keys: [Qt.Key_Right], score: 1 },
                { tag: "right right up", keys: [Qt.Key_Right, Qt.Key_Right, Qt.Key_Up], score: 3 },
                { tag: "stops at five", keys: [Qt.Key_5, Qt.Key_Right], score: 5 },
                { tag: "left stops at one", keys: [Qt.Key_2, Qt.Key_Left, Qt.Key_Left, Qt.Key_Down], score: 1 },
                { tag: "digit", keys: [Qt.Key_4], score: 4 },
                { tag: "digits out of range ignored", keys: [Qt.Key_2, Qt.Key_6, Qt.Key_0], score: 2 }
            ];
        }
        function test_keys_move_the_score(data) {
            const card = make();
            card.focusStars();
            verify(findChild(card, "starRow").activeFocus);
            for (const k of data.keys)
                keyClick(k);
            compare(card.score, data.score);
        }

        function test_enter_submits_score_and_comment() {
            const card = make();
            const spy = submitSpy(card);
            card.focusStars();
            keyClick(Qt.Key_Return); // no star yet: nothing
            compare(spy.count, 0);
            keyClick(Qt.Key_4);
            const comment = findChild(card, "ratingComment");
            comment.forceActiveFocus();
            keyClick(Qt.Key_O);
            keyClick(Qt.Key_K);
            keyClick(Qt.Key_Return);
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], 4);
            compare(spy.signalArguments[0][1], "ok");
        }

        function test_given_rating_shown_and_changed() {
            const card = make({ givenScore: 4, givenComment: "Quick help" });
            const spy = submitSpy(card);
            verify(!card.showForm);
            verify(findChild(card, "givenView").visible);
            compare(findChild(card, "givenStars").text, "★★★★☆");
            compare(findChild(card, "givenComment").text, "Quick help");
            verify(!findChild(card, "submitRatingButton").visible);

            mouseClick(findChild(card, "changeRatingButton"));
            verify(card.showForm);
            compare(card.score, 4);
            compare(card.comment, "Quick help");
            verify(findChild(card, "starRow").activeFocus);
            keyClick(Qt.Key_Right);
            mouseClick(findChild(card, "submitRatingButton"));
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], 5);
            card.givenScore = 5;
            card.finish();
            verify(!card.showForm);
            compare(findChild(card, "givenStars").text, "★★★★★");
        }

        function test_reset_forgets_the_choice() {
            const card = make();
            card.score = 3;
            card.comment = "draft";
            card.reset();
            compare(card.score, 0);
            compare(card.comment, "");
            verify(!findChild(card, "submitRatingButton").enabled);
        }

        function test_cancel_change_keeps_given() {
            const card = make({ givenScore: 2 });
            card.startChange();
            verify(findChild(card, "cancelRatingButton").visible);
            mouseClick(findChild(card, "cancelRatingButton"));
            verify(!card.showForm);
        }
    }
}
