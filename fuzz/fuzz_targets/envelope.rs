//! Any body, decoded as every type the spec generates (each operation's
//! success and failure envelope, and every type inside them): accepting or
//! refusing is fine, a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = iamport::decode_as_every_type(body);
});
