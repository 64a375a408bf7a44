//! The Prism mock server of `spec/iamport.yaml`, run on 127.0.0.1 for the
//! length of one test and killed when its guard drops (also on a panic).
//!
//! Prism logs every request it validates on stdout, one line each step, in
//! order. After each call the test sends a marker request (a path the spec
//! does not have) and waits for it in the log: everything Prism logged about
//! the call is then in, and the call's lines are those between two markers.

use std::{
    io::{BufRead, BufReader},
    net::{Ipv4Addr, SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    thread,
    time::Duration,
};

/// How long Prism may take to start (it reads and validates the spec); a
/// busy two-core machine has been seen to need 15 s.
const START_ATTEMPTS: u32 = 240;
const START_POLL: Duration = Duration::from_millis(250);
/// How long a marker may take to show up in the log.
const MARK_ATTEMPTS: u32 = 200;
const MARK_POLL: Duration = Duration::from_millis(25);

/// Why the contract tests cannot run here.
pub struct Unavailable(pub String);

/// A running Prism; killed and waited for on drop.
pub struct Prism {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
    base_url: String,
    marks: u32,
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 for the spec at `spec`.
    ///
    /// Node or npm missing is `Unavailable` (the caller fails, saying what
    /// to install). With Node but without the checkout's `node_modules`,
    /// this runs `npm ci` first, as `.ci/run` does.
    pub fn start(root: &Path, spec: &Path) -> Result<Self, Unavailable> {
        if !runs("node", &["--version"]) {
            return Err(Unavailable("`node` is not installed (or not on PATH)".into()));
        }
        let prism = root.join("node_modules/.bin/prism");
        if !prism.exists() {
            eprintln!("contract: {} is missing; running `npm ci` in {}", prism.display(), root.display());
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(root)
                .status();
            match status {
                Ok(s) if s.success() => {}
                Ok(s) => panic!("`npm ci` failed ({s}); the contract tests need its Prism"),
                Err(e) => return Err(Unavailable(format!("`npm` cannot be run: {e}"))),
            }
            assert!(prism.exists(), "`npm ci` did not install {}", prism.display());
        }

        let port = free_port();
        let mut child = Command::new(&prism)
            .args(["mock", "--host", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", prism.display()));
        let log = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take().expect("stdout is piped"), &log);
        collect(child.stderr.take().expect("stderr is piped"), &log);
        let mut prism = Self { child, log, base_url: format!("http://127.0.0.1:{port}"), marks: 0 };
        prism.wait_until_listening();
        Ok(prism)
    }

    /// Prism's socket address.
    pub fn address(&self) -> SocketAddr {
        self.base_url.trim_start_matches("http://").parse().expect("Prism's address parses")
    }

    /// Every line Prism has logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }

    /// Sends a marker request and waits until Prism has logged it, so that
    /// every line about earlier requests is in the log. Returns the number of
    /// log lines up to and including the marker.
    pub async fn mark(&mut self) -> usize {
        self.marks += 1;
        let path = format!("/__contract-mark/{}", self.marks);
        // Prism answers 404 (no such path); only the log line matters.
        let _ = reqwest::get(format!("{}{path}", self.base_url)).await;
        let needle = format!("get {path} ");
        for _ in 0..MARK_ATTEMPTS {
            let seen = self.log.lock().expect("log lock").iter().position(|line| line.contains(&needle));
            if let Some(i) = seen {
                return i + 1;
            }
            tokio::time::sleep(MARK_POLL).await;
        }
        panic!("Prism did not log the marker request {path}; its log:\n{}", self.log().join("\n"));
    }

    fn wait_until_listening(&mut self) {
        for _ in 0..START_ATTEMPTS {
            if self.log().iter().any(|line| line.contains("Prism is listening")) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited before listening ({status}); its log:\n{}", self.log().join("\n"));
            }
            thread::sleep(START_POLL);
        }
        panic!(
            "Prism did not start listening within {:?}; its log:\n{}",
            START_POLL * START_ATTEMPTS,
            self.log().join("\n")
        );
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The checkout's root (where `Cargo.toml`, `spec/` and `node_modules/` are).
pub fn checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// A port nobody listens on right now (the OS picks it).
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("can bind 127.0.0.1:0");
    listener.local_addr().expect("bound socket has an address").port()
}

fn collect(stream: impl std::io::Read + Send + 'static, log: &Arc<Mutex<Vec<String>>>) {
    let log = Arc::clone(log);
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            log.lock().expect("log lock").push(line);
        }
    });
}
