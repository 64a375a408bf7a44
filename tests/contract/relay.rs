//! A relay on 127.0.0.1 in front of Prism that adds a `Prefer` header to
//! every request except the token fetch, and takes the brackets out of
//! query parameter names.
//!
//! `Prefer: code=404` makes Prism answer an operation with its 404 example,
//! but a client sends the same default headers with the getToken call it
//! makes first, and getToken has no 404. A header per path is what reqwest
//! cannot do (its custom proxy sees only scheme, host and port), hence this
//! small relay: one request per connection, `Connection: close` both ways.
//!
//! Prism cannot match a query parameter whose name has brackets
//! (`customer_uid[]`, `extra[requester]`; stoplightio/prism#2443): it
//! refuses a required one that is present and ignores an optional one
//! unchecked. So Prism gets a copy of the spec with the brackets taken out
//! of those names ([`unbracket`]), and the relay takes them out of the
//! names in the query the SDK sent (`customer_uid%5B%5D=a` becomes
//! `customer_uid=a`), values untouched.

use std::{
    io::{self, Read, Write},
    net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// Request heads of the SDK are far smaller; a longer one is an error.
const MAX_HEAD: usize = 64 * 1024;

/// A running relay; stopped and joined on drop.
pub struct Relay {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Relay {
    /// Relays to `upstream`, adding `prefer` (if any) to every request whose
    /// path is not `exempt_path`.
    pub fn start(upstream: SocketAddr, prefer: Option<String>, exempt_path: Option<&'static str>) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("can bind 127.0.0.1:0");
        let address = listener.local_addr().expect("bound socket has an address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::Acquire) {
                    break;
                }
                let Ok(client) = client else { continue };
                if let Err(e) = relay_one(client, upstream, prefer.as_deref(), exempt_path) {
                    eprintln!("contract relay: {e}");
                }
            }
        });
        Self { address, stop, thread: Some(thread) }
    }

    /// The relay's base URL, to give the client instead of Prism's.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wakes the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn relay_one(
    mut client: TcpStream,
    upstream: SocketAddr,
    prefer: Option<&str>,
    exempt_path: Option<&str>,
) -> io::Result<()> {
    client.set_read_timeout(Some(IO_TIMEOUT))?;
    let mut received = Vec::new();
    let head_len = loop {
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if received.len() > MAX_HEAD {
            return Err(io::Error::other("request head too long"));
        }
        let mut chunk = [0; 4096];
        match client.read(&mut chunk)? {
            0 => return Ok(()), // closed without a request (e.g. the wake-up connect)
            n => received.extend_from_slice(&chunk[..n]),
        }
    };
    let head = std::str::from_utf8(&received[..head_len]).map_err(io::Error::other)?.to_owned();
    let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
    let request_line = lines.next().ok_or_else(|| io::Error::other("empty request"))?;
    let mut parts = request_line.splitn(3, ' ');
    let (method, target, version) =
        (parts.next().unwrap_or(""), parts.next().unwrap_or("/"), parts.next().unwrap_or(""));
    let (path, query) = target.split_once('?').map_or((target, None), |(path, query)| (path, Some(query)));
    let target = match query {
        Some(query) => format!("{path}?{}", unbracket_query(query)),
        None => path.to_owned(),
    };
    let mut content_length = 0;
    let mut forwarded = format!("{method} {target} {version}\r\n");
    for line in lines {
        let (name, value) = line.split_once(':').ok_or_else(|| io::Error::other("malformed header"))?;
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value.trim().parse().map_err(io::Error::other)?;
        }
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(io::Error::other("chunked request bodies are not relayed"));
        }
        if !name.eq_ignore_ascii_case("connection") && !name.eq_ignore_ascii_case("prefer") {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    if let Some(prefer) = prefer.filter(|_| Some(path) != exempt_path) {
        forwarded.push_str(&format!("prefer: {prefer}\r\n"));
    }
    forwarded.push_str("connection: close\r\n\r\n");

    let mut body = received[head_len..].to_vec();
    while body.len() < content_length {
        let mut chunk = [0; 4096];
        match client.read(&mut chunk)? {
            0 => return Err(io::Error::other("request body cut short")),
            n => body.extend_from_slice(&chunk[..n]),
        }
    }

    let mut server = TcpStream::connect(upstream)?;
    server.set_read_timeout(Some(IO_TIMEOUT))?;
    server.write_all(forwarded.as_bytes())?;
    server.write_all(&body)?;
    // Prism closes after its answer (connection: close); pass it on as is.
    io::copy(&mut server, &mut client)?;
    Ok(())
}

/// A parameter name as Prism's copy of the spec has it: without brackets,
/// raw or percent-encoded (`customer_uid[]` and `customer_uid%5B%5D` both
/// become `customer_uid`, `extra[requester]` becomes `extrarequester`).
pub fn unbracket(name: &str) -> String {
    ["[", "]", "%5B", "%5D", "%5b", "%5d"].iter().fold(name.to_owned(), |name, bracket| name.replace(bracket, ""))
}

/// `unbracket` applied to the name of every `name=value` pair of a query.
fn unbracket_query(query: &str) -> String {
    let pairs = query.split('&').map(|pair| match pair.split_once('=') {
        Some((name, value)) => format!("{}={value}", unbracket(name)),
        None => unbracket(pair),
    });
    pairs.collect::<Vec<_>>().join("&")
}
