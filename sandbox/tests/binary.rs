//! The `iamport-sandbox` binary's command line, as another team's script
//! meets it.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iamport-sandbox")).args(args).output().expect("the binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (output.status.code(), text(output.stdout), text(output.stderr))
}

#[test]
fn a_bad_argument_gets_the_usage_and_exit_code_2() {
    for args in [&["--bogus"][..], &["--port", "not-a-port"], &["--port"]] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains("usage: iamport-sandbox"), "{args:?}: {stderr}");
        assert!(!stderr.contains('"') && !stderr.contains("\\n"), "a plain message, not a Debug string: {stderr}");
    }
}

#[test]
fn every_operation_is_implemented() {
    let (code, stdout, _) = run(&["--list-unimplemented"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "", "operations the sandbox does not implement");
}
