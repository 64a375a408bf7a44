//! The client generated from `spec/iamport.yaml` at build time (see
//! `build.rs` and `build/`). Nothing in this module is written by hand.

#![allow(clippy::all, clippy::pedantic, unused_imports, unused_mut, unreachable_pub)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
