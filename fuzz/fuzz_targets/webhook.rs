//! Any body given to every webhook parser (JSON, form-encoded, by each kind
//! of `Content-Type`). What a parser accepts, written back as JSON and as a
//! form, parses again into the same value.
#![no_main]

use iamport::webhook::{CvsConfirm, MAX_BODY_LEN, Notification};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 5] = [
    None,
    Some("application/json"),
    Some("application/x-www-form-urlencoded; charset=utf-8"),
    Some("application/vnd.example+json"),
    Some("text/plain"),
];

fuzz_target!(|body: &[u8]| {
    for content_type in CONTENT_TYPES {
        match Notification::parse(content_type, body) {
            Ok(notification) => reads_back(&notification),
            Err(error) => drop(error.to_string()),
        }
    }
    if let Ok(notification) = Notification::from_form(body) {
        reads_back(&notification);
    }
    if let Ok(confirm) = CvsConfirm::from_json(body) {
        let json = serde_json::to_vec(&confirm).expect("a confirm request serializes");
        if json.len() <= MAX_BODY_LEN {
            assert_eq!(CvsConfirm::from_json(&json), Ok(confirm));
        }
    }
});

fn reads_back(notification: &Notification) {
    let json = serde_json::to_vec(notification).expect("a notification serializes as JSON");
    if json.len() <= MAX_BODY_LEN {
        assert_eq!(Notification::from_json(&json).as_ref(), Ok(notification));
    }
    let form = serde_urlencoded::to_string(notification).expect("a notification serializes as a form");
    if form.len() <= MAX_BODY_LEN {
        assert_eq!(Notification::from_form(form.as_bytes()).as_ref(), Ok(notification));
    }
}
