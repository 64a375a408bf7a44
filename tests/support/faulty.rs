//! An HTTP server on 127.0.0.1 that misbehaves on purpose: resets, cuts
//! bodies short, stalls, floods. Written on raw TCP so that it can break the
//! protocol in ways a well-behaved server library will not.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// A normal answer.
    Respond { status: u16, content_type: &'static str, body: Vec<u8>, extra_headers: Vec<(String, String)> },
    /// Reads the request, then resets the connection without answering.
    ResetBeforeResponse,
    /// Sends the head and part of the body, then resets.
    ResetMidBody { status: u16, body: Vec<u8>, sent: usize },
    /// Declares `declared` bytes, sends `body`, then closes cleanly.
    Truncated { body: Vec<u8>, declared: usize },
    /// Answers after a delay.
    SlowHeaders { delay: Duration, then: Box<Fault> },
    /// Sends the head at once, then one byte of the body every `interval`.
    SlowBody { body: Vec<u8>, interval: Duration },
    /// A body of `size` bytes, with or without Content-Length.
    Huge { size: usize, chunked: bool },
    /// Answers 302 to `location`.
    Redirect { location: String },
}

impl Fault {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::Respond {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(body).unwrap(),
            extra_headers: Vec::new(),
        }
    }

    pub fn raw(status: u16, content_type: &'static str, body: &str) -> Self {
        Self::Respond { status, content_type, body: body.as_bytes().to_vec(), extra_headers: Vec::new() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { extra_headers, .. } = &mut self {
            extra_headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
}

type Script = dyn Fn(&Seen) -> Fault + Send + Sync;

/// A running faulty server; it stops when dropped.
pub struct FaultyServer {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultyServer {
    /// Starts a server answering each request with `script(request)`.
    pub async fn start(script: impl Fn(&Seen) -> Fault + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (script, log) = (script.clone(), log.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, script, log).await;
                });
            }
        });
        Self { base_url, seen, task }
    }

    /// How many requests came for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.seen.lock().unwrap().iter().filter(|s| s.path == path).count()
    }

    /// Every request seen, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut socket: TcpStream, script: Arc<Script>, log: Arc<Mutex<Vec<Seen>>>) -> std::io::Result<()> {
    let Some(seen) = read_request(&mut socket).await? else { return Ok(()) };
    log.lock().unwrap().push(seen.clone());
    let fault = script(&seen);
    answer(socket, fault).await
}

async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<Seen>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if buffer.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body_read = buffer.len() - head_end;
    while body_read < length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body_read += n;
    }
    Ok(Some(Seen { method, path, headers }))
}

fn head(status: u16, content_type: &str, length: Option<usize>, extra: &[(String, String)]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\nconnection: close\r\n");
    match length {
        Some(length) => head.push_str(&format!("content-length: {length}\r\n")),
        None => head.push_str("transfer-encoding: chunked\r\n"),
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn reset(socket: TcpStream) {
    // Closing with a zero linger sends RST instead of FIN.
    let _ = socket.set_zero_linger();
    drop(socket);
}

async fn answer(mut socket: TcpStream, fault: Fault) -> std::io::Result<()> {
    match fault {
        Fault::Respond { status, content_type, body, extra_headers } => {
            socket.write_all(&head(status, content_type, Some(body.len()), &extra_headers)).await?;
            socket.write_all(&body).await?;
        }
        Fault::ResetBeforeResponse => reset(socket),
        Fault::ResetMidBody { status, body, sent } => {
            socket.write_all(&head(status, "application/json", Some(body.len()), &[])).await?;
            socket.write_all(&body[..sent]).await?;
            socket.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            reset(socket);
        }
        Fault::Truncated { body, declared } => {
            socket.write_all(&head(200, "application/json", Some(declared), &[])).await?;
            socket.write_all(&body).await?;
            socket.shutdown().await?;
        }
        Fault::SlowHeaders { delay, then } => {
            tokio::time::sleep(delay).await;
            Box::pin(answer(socket, *then)).await?;
        }
        Fault::SlowBody { body, interval } => {
            socket.write_all(&head(200, "application/json", Some(body.len()), &[])).await?;
            for byte in body {
                socket.write_all(&[byte]).await?;
                socket.flush().await?;
                tokio::time::sleep(interval).await;
            }
        }
        Fault::Huge { size, chunked } => {
            let block = vec![b' '; 64 * 1024];
            if chunked {
                socket.write_all(&head(200, "application/json", None, &[])).await?;
                let mut left = size;
                while left > 0 {
                    let n = left.min(block.len());
                    socket.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                    socket.write_all(&block[..n]).await?;
                    socket.write_all(b"\r\n").await?;
                    left -= n;
                }
                socket.write_all(b"0\r\n\r\n").await?;
            } else {
                socket.write_all(&head(200, "application/json", Some(size), &[])).await?;
                let mut left = size;
                while left > 0 {
                    let n = left.min(block.len());
                    socket.write_all(&block[..n]).await?;
                    left -= n;
                }
            }
        }
        Fault::Redirect { location } => {
            let extra = [("location".to_owned(), location)];
            socket.write_all(&head(302, "text/plain", Some(0), &extra)).await?;
        }
    }
    Ok(())
}
