//! A plain-HTTP/1.1 server on 127.0.0.1 with three canned answers (a
//! token, a payment, a health check), on a thread of its own: std only, so
//! that it adds nothing to reqwest's features.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
};

/// The payment the server knows.
pub const IMP_UID: &str = "imp_100000000001";

const TOKEN: &str =
    r#"{"code":0,"message":null,"response":{"access_token":"token","now":1700000000,"expired_at":1700001800}}"#;
const PAYMENT: &str = r#"{"code":0,"message":null,"response":{"imp_uid":"imp_100000000001","merchant_uid":"order-1","amount":1000,"cancel_amount":0,"currency":"KRW","status":"paid","pay_method":"card","channel":"api","escrow":false,"sandbox":true,"cash_receipt_issued":false,"started_at":1700000000,"paid_at":1700000001,"failed_at":0,"cancelled_at":0,"cancel_history":[],"cancel_receipt_urls":[]}}"#;
const NOT_FOUND: &str = r#"{"code":-1,"message":"not found","response":null}"#;

pub struct Server {
    port: u16,
    closed_port: u16,
}

impl Server {
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A port nothing listens on (bound, then released).
    pub fn closed_port(&self) -> u16 {
        self.closed_port
    }
}

pub fn start() -> std::io::Result<Server> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let closed_port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    Ok(Server { port, closed_port })
}

/// Answers the requests of one connection (keep-alive) until it closes.
fn serve(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let (status, answer) = match path {
            "/users/getToken" => ("200 OK", TOKEN),
            "/health" => ("200 OK", "{}"),
            p if p.starts_with(&format!("/payments/{IMP_UID}")) => ("200 OK", PAYMENT),
            _ => ("404 Not Found", NOT_FOUND),
        };
        write!(
            writer,
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
            answer.len()
        )?;
    }
}
