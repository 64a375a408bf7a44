//! The servers under load, each a child process on 127.0.0.1 killed when
//! its guard drops: the `iamport-sandbox` binary and Prism. Also what the
//! report says about the machine: CPU time of a process tree, load average.

use std::{
    collections::HashMap,
    io::{BufRead, BufReader, Read},
    net::{Ipv4Addr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, mpsc},
    thread,
    time::Duration,
};

/// How long a server may take to start listening (Prism reads and checks
/// the spec first; a busy two-core machine has needed 15 s).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The most of a server's output kept for the report (the rest is counted).
const MAX_KEPT_OUTPUT: usize = 64 * 1024;

/// A server process, killed and waited for on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// What the server wrote on stderr (and, for Prism, stdout), up to
    /// [`MAX_KEPT_OUTPUT`].
    output: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the `iamport-sandbox` binary on a port of its choosing, with
    /// `notice_url` as its default notice URL, and waits until it listens.
    pub fn sandbox(binary: &Path, notice_url: &str) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args(["--host", "127.0.0.1", "--port", "0", "--notice-url", notice_url])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let output = Arc::new(Mutex::new(String::new()));
        keep(child.stderr.take(), &output);
        let (found, listening) = mpsc::channel();
        watch(child.stdout.take(), None, move |line| {
            if let Some(url) = line.strip_prefix("iamport sandbox listening on ") {
                let _ = found.send(url.trim().to_owned());
            }
        });
        let base_url = match listening.recv_timeout(START_TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the sandbox did not say where it listens within {START_TIMEOUT:?}"));
            }
        };
        Ok(Self { child, base_url, output })
    }

    /// Starts Prism (`node_modules/.bin/prism mock`) of `spec` on a free
    /// port and waits until it listens. Its per-request log lines are read
    /// and dropped; warnings and errors are kept.
    pub fn prism(root: &Path, spec: &Path) -> Result<Self, String> {
        let prism = root.join("node_modules/.bin/prism");
        if !prism.exists() {
            return Err(format!("{} is missing: run `npm ci` in {} first", prism.display(), root.display()));
        }
        let port = free_port()?;
        let mut child = Command::new(&prism)
            .args(["mock", "--host", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        let output = Arc::new(Mutex::new(String::new()));
        keep(child.stderr.take(), &output);
        let (found, listening) = mpsc::channel();
        watch(child.stdout.take(), Some(Arc::clone(&output)), move |line| {
            if line.contains("Prism is listening") {
                let _ = found.send(());
            }
        });
        if listening.recv_timeout(START_TIMEOUT).is_err() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("Prism did not start listening within {START_TIMEOUT:?}"));
        }
        Ok(Self { child, base_url: format!("http://127.0.0.1:{port}"), output })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `None` while it runs, or how it ended.
    pub fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(None) => None,
            Ok(Some(status)) => Some(status.to_string()),
            Err(e) => Some(format!("cannot tell ({e})")),
        }
    }

    /// What it wrote on stderr (and what Prism flagged), as far as kept.
    pub fn output(&self) -> String {
        self.output.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Appends what `stream` says to `output` (up to [`MAX_KEPT_OUTPUT`]).
fn keep(stream: Option<impl Read + Send + 'static>, output: &Arc<Mutex<String>>) {
    let Some(stream) = stream else { return };
    let output = Arc::clone(output);
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            append(&output, &line);
        }
    });
}

/// Reads `stream` line by line until it closes, handing each line to
/// `on_line`; lines that look like a warning or an error also go to `output`.
fn watch(
    stream: Option<impl Read + Send + 'static>,
    output: Option<Arc<Mutex<String>>>,
    mut on_line: impl FnMut(&str) + Send + 'static,
) {
    let Some(stream) = stream else { return };
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            on_line(&line);
            let lower = line.to_ascii_lowercase();
            if let Some(output) = &output
                && (lower.contains("error") || lower.contains("warn") || lower.contains("violation"))
            {
                append(output, &line);
            }
        }
    });
}

fn append(output: &Mutex<String>, line: &str) {
    let mut output = output.lock().unwrap_or_else(|e| e.into_inner());
    if output.len() + line.len() < MAX_KEPT_OUTPUT {
        output.push_str(line);
        output.push('\n');
    }
}

/// A port nobody listens on right now (the OS picks it).
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no local address: {e}"))
}

/// The repository's root (where `spec/` and `node_modules/` are).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Clock ticks per second of `/proc/*/stat` (`getconf CLK_TCK`: 100 on Linux).
const CLOCK_TICKS: f64 = 100.0;

/// User plus system CPU seconds of `pid` and every process below it, from
/// `/proc` (0 where `/proc` cannot be read).
pub fn tree_cpu_seconds(pid: u32) -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0.0 };
    let mut parent_and_ticks: HashMap<u32, (u32, u64)> = HashMap::new();
    for entry in entries.flatten() {
        let Some(id) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        if let Some(stat) = read_stat(&format!("/proc/{id}/stat")) {
            parent_and_ticks.insert(id, stat);
        }
    }
    let in_tree = |mut id: u32| {
        // Bounded: a parent chain is never longer than the process count.
        for _ in 0..parent_and_ticks.len() {
            if id == pid {
                return true;
            }
            match parent_and_ticks.get(&id) {
                Some((parent, _)) if *parent != id && *parent != 0 => id = *parent,
                _ => return false,
            }
        }
        false
    };
    let ticks: u64 = parent_and_ticks.iter().filter(|(id, _)| in_tree(**id)).map(|(_, (_, t))| t).sum();
    ticks as f64 / CLOCK_TICKS
}

/// User plus system CPU seconds of this process (the clients and the
/// webhook receiver).
pub fn own_cpu_seconds() -> f64 {
    read_stat("/proc/self/stat").map_or(0.0, |(_, ticks)| ticks as f64 / CLOCK_TICKS)
}

/// The parent pid and the user plus system ticks of a `/proc/<pid>/stat`.
fn read_stat(path: &str) -> Option<(u32, u64)> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name (field 2) may hold spaces: fields count from its ')'.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split_whitespace().collect();
    let parent = fields.get(1)?.parse().ok()?;
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some((parent, user + system))
}

/// The 1-, 5- and 15-minute load averages, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}
