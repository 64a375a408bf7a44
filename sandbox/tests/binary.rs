//! The `iamport-sandbox` binary's command line, as another team's script
//! meets it.

use std::{
    io::{BufRead, BufReader, Read},
    process::{Command, Stdio},
};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iamport-sandbox")).args(args).output().expect("the binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (output.status.code(), text(output.stdout), text(output.stderr))
}

#[test]
fn a_bad_argument_gets_the_usage_and_exit_code_2() {
    let bad: [&[&str]; 7] = [
        &["--bogus"],
        &["--port", "not-a-port"],
        &["--port"],
        &["--host", "not-an-address"],
        &["--merchant-code", "imp123"],
        &["--notice-url", "not a url"],
        &["--allow-webhooks-to", "app:http"],
    ];
    for args in bad {
        let (code, _, stderr) = run(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains("Usage: iamport-sandbox"), "{args:?}: {stderr}");
        assert!(!stderr.contains('"') && !stderr.contains("\\n"), "a plain message, not a Debug string: {stderr}");
    }
}

#[test]
fn help_lists_every_option() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    for option in [
        "--host",
        "--port",
        "--merchant-code",
        "--key",
        "--secret",
        "--notice-url",
        "--allow-webhooks-to <HOST[:PORT]>",
        "--list-unimplemented",
    ] {
        assert!(stdout.contains(option), "{option} missing from:\n{stdout}");
    }
}

#[test]
fn every_operation_is_implemented() {
    let (code, stdout, _) = run(&["--list-unimplemented"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "", "operations the sandbox does not implement");
}

#[test]
fn another_address_than_loopback_is_warned_about() {
    // 192.0.2.1 (TEST-NET-1) is nobody's address: the bind fails after the
    // warning, and nothing listens beyond loopback.
    let (code, _, stderr) = run(&["--host", "192.0.2.1", "--port", "0"]);
    assert!(stderr.contains("warning:") && stderr.contains("no authentication"), "{stderr}");
    assert!(stderr.contains("cannot start the sandbox on 192.0.2.1:0"), "{stderr}");
    assert_eq!(code, Some(1));
}

#[test]
fn the_server_starts_with_the_options_given_and_keeps_a_custom_secret_to_itself() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamport-sandbox"))
        .args(["--port", "0", "--key", "team_key", "--secret", "team_secret_value", "--merchant-code", "imp12345678"])
        .args(["--notice-url", "http://127.0.0.1:9/notice", "--allow-webhooks-to", "merchant-app:8080"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    // The banner's four lines, then the server runs until killed.
    let mut banner = String::new();
    for _ in 0..4 {
        stdout.read_line(&mut banner).expect("a line");
    }
    child.kill().expect("the server stops");
    child.wait().expect("the server exits");
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("stderr read");
    assert!(banner.contains("listening on http://127.0.0.1:"), "{banner}");
    assert!(banner.contains("imp_key=team_key") && banner.contains("imp12345678"), "{banner}");
    assert!(!banner.contains("team_secret_value") && !stderr.contains("team_secret_value"), "{banner}{stderr}");
    assert!(!stderr.contains("warning"), "loopback is not warned about: {stderr}");
}
