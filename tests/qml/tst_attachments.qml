import QtQuick
import QtTest
import Parley.App

// FileComponent, LocationComponent, ImageComponent, LocationDialog.
Item {
    width: 600
    height: 600

    Column {
        FileComponent { id: file; name: "invoice.pdf"; mime: "application/pdf"; size: 20480 }
        LocationComponent { id: location; latitude: 52.52; longitude: -13.405 }
        ImageComponent { id: image; sourceWidth: 800; sourceHeight: 400; name: "photo.png" }
    }

    LocationDialog { id: locationDialog }
    SignalSpy { id: chosenSpy; target: locationDialog; signalName: "locationChosen" }
    SignalSpy { id: openSpy; target: file; signalName: "openRequested" }
    SignalSpy { id: saveSpy; target: file; signalName: "saveRequested" }
    SignalSpy { id: mapSpy; target: location; signalName: "openRequested" }
    SignalSpy { id: imageSpy; target: image; signalName: "activated" }

    TestCase {
        name: "Attachments"
        when: windowShown

        function test_file_buttons() {
            file.progress = -1;
            compare(file.extension, "PDF");
            compare(findChild(file, "fileSizeText").text, "20 KB");
            mouseClick(findChild(file, "openFileButton"));
            mouseClick(findChild(file, "saveFileButton"));
            compare(openSpy.count, 1);
            compare(saveSpy.count, 1);
        }

        function test_file_upload_progress() {
            file.progress = 0.4;
            verify(file.uploading);
            verify(findChild(file, "uploadProgress").visible);
            verify(!findChild(file, "openFileButton").visible);
            file.progress = 1;
            verify(!file.uploading);
        }

        function test_location() {
            compare(location.coordinates, "52.52000° N, 13.40500° W");
            mouseClick(location);
            compare(mapSpy.count, 1);
            verify(String(mapSpy.signalArguments[0][0]).indexOf("mlat=52.52") > 0);
        }

        function test_location_dialog_paste_and_send() {
            locationDialog.open();
            tryCompare(locationDialog, "opened", true);
            verify(!locationDialog.valid);
            verify(locationDialog.pastePair("48.8584, 2.2945"));
            verify(locationDialog.valid);
            compare(locationDialog.latitude, 48.8584);
            const send = findChild(locationDialog.contentItem, "sendLocationButton");
            verify(send.enabled);
            mouseClick(send);
            compare(chosenSpy.count, 1);
            compare(chosenSpy.signalArguments[0][1], 2.2945);
            verify(!locationDialog.pastePair("not a place"));
        }

        function test_location_dialog_refuses_out_of_range() {
            locationDialog.pastePair("91, 10");
            verify(!locationDialog.valid);
            locationDialog.pastePair("-33.9, 181");
            verify(!locationDialog.valid);
        }

        function test_image_keeps_aspect_and_opens() {
            compare(image.implicitWidth, 320);
            compare(image.implicitHeight, 160);
            image.forceActiveFocus();
            keyClick(Qt.Key_Return);
            compare(imageSpy.count, 1);
        }
    }
}
