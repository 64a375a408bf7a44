//! `Timestamp` from any JSON text: what decodes reads back from its own JSON
//! unchanged, and converts to a `SystemTime` without a panic.
#![no_main]

use iamport::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(timestamp) = serde_json::from_slice::<Timestamp>(data) else { return };
    let json = serde_json::to_string(&timestamp).expect("a timestamp serializes");
    assert_eq!(serde_json::from_str::<Timestamp>(&json).ok(), Some(timestamp), "{json}");
    assert_eq!(timestamp.is_set(), timestamp.unix().is_some());
    if timestamp.to_system_time().is_some() {
        assert!(timestamp.is_set());
    }
    let _ = format!("{timestamp} {timestamp:?}");
});
