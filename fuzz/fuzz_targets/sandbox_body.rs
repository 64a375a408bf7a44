//! Any body, decoded by the sandbox as one of the spec's request types (the
//! input's first byte picks which): a refusal is fine, a panic is not, and
//! what the sandbox accepts, written back as the client sends it, is
//! accepted again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::{Serialize, de::DeserializeOwned};

include!(concat!(env!("OUT_DIR"), "/request_types.rs"));

fn check<T: DeserializeOwned + Serialize>(body: &[u8]) {
    let Ok(request) = iamport_sandbox::decode_request_body::<T>(body) else { return };
    let sent = serde_json::to_vec(&request).expect("a decoded request serializes");
    if let Err(message) = iamport_sandbox::decode_request_body::<T>(&sent) {
        panic!("the sandbox refuses a request it decoded, as the client writes it: {message}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let (_, check) = REQUEST_TYPES[usize::from(selector) % REQUEST_TYPES.len()];
    check(body);
});
