//! The XML reader (`wire::xml`): no panic on any text; the pull reader
//! ends (error or end of document) within a bounded number of events, its
//! depth stays within MAX_DEPTH, and the tree builder agrees with it on
//! which documents are well formed.
#![no_main]
use cognito_wasm::wire::xml::{self, XmlEvent, XmlReader};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // parse_document skips a byte order mark before reading.
    let mut reader = XmlReader::new(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut events = 0usize;
    let mut open = 0usize;
    let mut pulled_ok = true;
    loop {
        match reader.next_event() {
            Ok(Some(event)) => {
                events += 1;
                assert!(events <= 2 * text.len() + 2, "reader does not end");
                assert!(reader.depth() <= xml::MAX_DEPTH, "depth past MAX_DEPTH");
                match event {
                    XmlEvent::Start(_) => open += 1,
                    XmlEvent::End(_) => {
                        assert!(open > 0, "End without Start");
                        open -= 1;
                    }
                    XmlEvent::Text(_) => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                pulled_ok = false;
                break;
            }
        }
    }
    if let Ok(root) = xml::parse_document(text) {
        assert!(pulled_ok, "parse_document accepted what the reader refused");
        let _ = root.text();
        let _ = root.find("Contents");
        for child in root.children_named("Contents") {
            let _ = child.child_text("Key");
        }
    }
});
