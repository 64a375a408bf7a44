//! Contract tests: the SDK against Prism, a mock server that checks every
//! request against `spec/iamport.yaml` (body fields and their types and
//! patterns, unknown body fields, path and query parameters, content type,
//! the bearer header) and answers with the spec's own examples.
//!
//! Every operation is called once with a realistic request that sets every
//! optional field, then once per example the spec declares for it (`Prefer:
//! code=404`, `Prefer: code=200, example=declined`, ...), and the SDK must
//! decode each example into exactly what it says. Any request Prism flags
//! fails the test with Prism's own words.
//!
//! Needs Node.js with npm: the first run installs Prism (and the spec
//! linters of `package.json`) with `npm ci` into `./node_modules`. Without
//! Node the test fails and says what to install: a check that did not run
//! never counts as passed. `cargo test --all-features -- --skip prism`
//! leaves it out knowingly.

#[path = "contract/cases.rs"]
mod cases;
#[path = "contract/expect.rs"]
mod expect;
#[path = "contract/prism.rs"]
mod prism;
#[path = "contract/relay.rs"]
mod relay;
#[path = "contract/spec.rs"]
mod spec;

use std::{fmt::Write as _, path::PathBuf};

use iamport::{Client, OPERATIONS, Operation};

use cases::{Case, KEY, SECRET};
use expect::Expected;
use prism::{Prism, Unavailable};
use relay::Relay;
use spec::{Example, Spec};

/// Where the passing run leaves its report (`.ci/run` prints it).
const REPORT: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/contract-report.txt");
/// The copy of the spec Prism reads (see `contract/relay.rs`).
const PRISM_SPEC: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/contract-prism-spec.yaml");
/// Another place for that copy, for a run of this test inside another test
/// (`a_missing_node_fails_the_contract_test`).
const PRISM_SPEC_VAR: &str = "IAMPORT_CONTRACT_PRISM_SPEC";
/// What a machine without Node is told.
const NEEDS_NODE: &str = "the contract tests need Node.js 18 or newer with npm (https://nodejs.org/); \
    their first run installs Prism and the spec linters with `npm ci` into ./node_modules. \
    To run the other tests without them: cargo test --all-features -- --skip prism";

#[test]
fn every_operation_has_a_contract_case() {
    let missing: Vec<String> = OPERATIONS
        .iter()
        .filter(|op| cases::find(op.id).is_none())
        .map(|op| format!("{} ({} {})", op.id, op.method, op.path))
        .collect();
    assert!(
        missing.is_empty(),
        "operations of spec/iamport.yaml without a contract case (add one to tests/contract/cases/<group>.rs and to CASES in tests/contract/cases.rs): {}",
        missing.join(", ")
    );
    let unknown: Vec<&str> =
        cases::CASES.iter().map(|case| case.id).filter(|id| !OPERATIONS.iter().any(|op| op.id == *id)).collect();
    assert!(unknown.is_empty(), "contract cases for operations the spec does not have: {}", unknown.join(", "));
    for (i, case) in cases::CASES.iter().enumerate() {
        assert!(cases::CASES[..i].iter().all(|c| c.id != case.id), "two contract cases for {}", case.id);
    }
}

/// Runs the Prism test in a child process whose PATH has no `node`: it
/// must fail, saying what to install.
#[test]
fn a_missing_node_fails_the_contract_test() {
    let tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let empty_path = tmp.join("contract-no-node-path");
    std::fs::create_dir_all(&empty_path).unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "prism_accepts_every_request_and_the_sdk_decodes_every_example", "--test-threads=1"])
        .env("PATH", &empty_path)
        .env(PRISM_SPEC_VAR, tmp.join("contract-no-node-spec.yaml"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "without node the contract test passed:\n{printed}");
    assert!(printed.contains("`node` is not installed"), "{printed}");
    assert!(printed.contains(NEEDS_NODE), "{printed}");
    assert!(printed.contains("1 failed"), "{printed}");
}

#[tokio::test]
async fn prism_accepts_every_request_and_the_sdk_decodes_every_example() {
    let root = prism::checkout();
    let spec_path = root.join("spec/iamport.yaml");
    let prism_spec = std::env::var_os(PRISM_SPEC_VAR).map_or_else(|| PathBuf::from(PRISM_SPEC), PathBuf::from);
    spec::write_for_prism(&spec_path, &prism_spec);
    let prism = match Prism::start(&root, &prism_spec) {
        Ok(prism) => prism,
        Err(Unavailable(why)) => panic!("{why}: {NEEDS_NODE}"),
    };
    let spec = Spec::load(&spec_path);
    let mut run = Run { prism, failures: Vec::new(), report: String::new(), calls: 0 };
    // Without `Prefer` Prism answers with a success example.
    let (plain, _plain_relay) = client_through_relay(&run.prism, None, None);

    for op in OPERATIONS {
        // An operation without a case fails `every_operation_has_a_contract_case`.
        let Some(case) = cases::find(op.id) else { continue };
        let examples = match spec.examples(op.method, op.path) {
            Ok(examples) => examples,
            Err(why) => {
                run.failures.push(why);
                continue;
            }
        };
        let _ = write!(run.report, "{:<34} {:<6} {:<46}", op.id, op.method, op.path);
        // Without `Prefer`, Prism answers with one of the success examples
        // (the first in the spec's order, which this reading does not keep).
        let successes: Vec<&Example> = examples.iter().filter(|e| (200..300).contains(&e.status)).collect();
        match successes.is_empty() {
            false => run.call(op, case, &plain, &successes, "default").await,
            true => run.failures.push(format!("{}: the spec declares no 2xx example", op.id)),
        }
        for example in &examples {
            let (client, _relay) = client_preferring(&run.prism, op, example);
            run.call(op, case, &client, &[example], &example.label()).await;
        }
        run.report.push('\n');
    }

    let end = run.prism.mark().await;
    let log = run.prism.log();
    let requests =
        log[..end].iter().filter(|l| l.contains("Request received") && !l.contains("/__contract-mark/")).count();
    // Every request fell in some call's window; this re-reads the whole log
    // so that "accepted all" below is checked as it is written.
    let flagged = complaints(&log[..end]);
    if run.failures.is_empty() && !flagged.is_empty() {
        run.failures.push(format!("Prism flagged requests:\n  {}", flagged.join("\n  ")));
    }
    assert!(
        run.failures.is_empty(),
        "{} contract failure(s):\n\n{}\n\nthe calls so far:\n{}",
        run.failures.len(),
        run.failures.join("\n\n"),
        run.report
    );
    let _ = writeln!(
        run.report,
        "Prism accepted all {requests} requests the SDK sent ({} calls, {} operations); every example decoded as the spec says.",
        run.calls,
        OPERATIONS.len()
    );
    print!("{}", run.report);
    std::fs::write(REPORT, &run.report).unwrap_or_else(|e| panic!("cannot write {REPORT}: {e}"));
}

/// The state of the contract run.
struct Run {
    prism: Prism,
    failures: Vec<String>,
    report: String,
    calls: usize,
}

impl Run {
    /// Calls `case` through `client`, which makes Prism answer with one of
    /// `examples`, and records whether Prism accepted the requests and the
    /// SDK returned what that example says.
    async fn call(&mut self, op: &Operation, case: &Case, client: &Client, examples: &[&Example], label: &str) {
        let start = self.prism.mark().await;
        let outcome = (case.call)(client).await;
        let end = self.prism.mark().await;
        self.calls += 1;
        let complaints = complaints(&self.prism.log()[start..end]);
        let checks: Vec<Result<(), String>> =
            examples.iter().map(|example| Expected::of(op, example).check(&outcome)).collect();
        let checked = match checks.iter().any(Result::is_ok) {
            true => Ok(()),
            false => Err(checks.into_iter().filter_map(Result::err).collect::<Vec<_>>().join("\n  or: ")),
        };
        let verdict = match (&checked, complaints.is_empty()) {
            (Ok(()), true) => "ok",
            _ => "FAILED",
        };
        let _ = write!(self.report, " {label}:{verdict}");
        if verdict == "ok" {
            return;
        }
        let mut failure = format!("{} ({} {}), Prism answering {label}:", op.id, op.method, op.path);
        for line in complaints {
            let _ = write!(failure, "\n  Prism: {line}");
        }
        if let Err(why) = checked {
            let _ = write!(failure, "\n  the SDK: {why}");
        }
        self.failures.push(failure);
    }
}

/// What Prism logged against the requests or its own answers: failed
/// validations and requests it could not route.
fn complaints(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|line| {
            let validator = line.contains("[VALIDATOR]") && !line.contains("success");
            let unrouted = line.contains("Request terminated with error") && !line.contains("/__contract-mark/");
            validator || unrouted
        })
        .map(|line| line.split_once(" › ").map_or(line.as_str(), |(_, rest)| rest.trim()).to_owned())
        .collect()
}

/// A client whose calls carry `Prefer: <example>`, so that Prism answers
/// with that example, through a relay that spares the token fetch of an
/// authenticated call (getToken has no `404` to prefer). Keep the relay
/// alive while the client is used.
fn client_preferring(prism: &Prism, op: &Operation, example: &Example) -> (Client, Relay) {
    let token_path = match op.requires_auth {
        true => OPERATIONS.iter().find(|o| o.id == "getToken").map(|o| o.path),
        false => None,
    };
    client_through_relay(prism, Some(example.prefer()), token_path)
}

/// A client of Prism through a relay (which adds `prefer`, if any, to
/// every request but those to `token_path`). Keep the relay alive while the
/// client is used.
fn client_through_relay(prism: &Prism, prefer: Option<String>, token_path: Option<&'static str>) -> (Client, Relay) {
    let relay = Relay::start(prism.address(), prefer, token_path);
    // One request per connection: the relay closes each after the answer.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("HTTP client builds");
    let client =
        Client::builder(KEY, SECRET).base_url(relay.base_url()).http_client(http).build().expect("client builds");
    (client, relay)
}

#[test]
fn same_json_treats_null_as_absent_and_numbers_by_value() {
    use serde_json::json;
    let example = json!({ "a": 8900, "b": null, "c": [{ "d": "x" }] });
    assert!(expect::same_json(&example, &json!({ "a": 8900.0, "c": [{ "d": "x" }] }), "r").is_ok());
    assert!(expect::same_json(&example, &json!({ "a": 8900.5, "c": [{ "d": "x" }] }), "r").is_err());
    assert!(expect::same_json(&example, &json!({ "a": 8900, "c": [] }), "r").is_err());
    assert!(expect::same_json(&example, &json!({ "a": 8900, "c": [{ "d": "x" }], "e": 1 }), "r").is_err());
    assert!(expect::same_json(&example, &json!({ "a": 8900, "b": "y", "c": [{ "d": "x" }] }), "r").is_err());
}
