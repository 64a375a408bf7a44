//! Where webhooks may go: loopback hosts always, and the hosts the sandbox
//! is told to allow (`--allow-webhooks-to`), so that a merchant's app in
//! another container on the same network receives them. Anything else is
//! recorded, not sent: a sandbox fed arbitrary URLs, by a fuzzer for
//! instance, must not reach out to the internet.

use std::{fmt, str::FromStr};

/// A host (and optionally a port) webhooks may be sent to besides loopback,
/// written `HOST` or `HOST:PORT` (`merchant-app:8080`, `10.0.0.7`,
/// `[fd00::7]:80`). Without a port, any port of the host is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    host: String,
    port: Option<u16>,
}

/// Why a `HOST[:PORT]` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookTargetError {
    /// The host is empty or not a host name or IP address.
    #[error("`{0}` is not a host name or IP address (HOST or HOST:PORT)")]
    Host(String),
    /// What follows the host's last `:` is not a port number.
    #[error("`{0}` is not a port number (HOST:PORT)")]
    Port(String),
}

impl WebhookTarget {
    /// Any port of `host`.
    pub fn host(host: impl Into<String>) -> Result<Self, WebhookTargetError> {
        let host = normalized(&host.into())?;
        Ok(Self { host, port: None })
    }

    /// Only `port` of `host`.
    pub fn host_and_port(host: impl Into<String>, port: u16) -> Result<Self, WebhookTargetError> {
        Ok(Self { port: Some(port), ..Self::host(host)? })
    }

    /// Whether `url` (http or https) goes to this host (and port).
    fn matches(&self, url: &url::Url) -> bool {
        let host_matches = url.host_str().is_some_and(|host| bare(host).eq_ignore_ascii_case(&self.host));
        host_matches && self.port.is_none_or(|port| url.port_or_known_default() == Some(port))
    }
}

impl FromStr for WebhookTarget {
    type Err = WebhookTargetError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        // `[v6]:port`, `[v6]`, a bare v6 address (several colons), `host:port` or `host`.
        let (host, port) = match text.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
            Some((host, "")) => (host, None),
            Some((host, rest)) => (host, Some(rest.strip_prefix(':').unwrap_or(rest))),
            None if text.matches(':').count() > 1 => (text, None),
            None => match text.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (text, None),
            },
        };
        match port {
            None => Self::host(host),
            Some(port) => {
                let port = port.parse().map_err(|_| WebhookTargetError::Port(port.to_owned()))?;
                Self::host_and_port(host, port)
            }
        }
    }
}

impl fmt::Display for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = match self.host.contains(':') {
            true => format!("[{}]", self.host),
            false => self.host.clone(),
        };
        match self.port {
            Some(port) => write!(f, "{host}:{port}"),
            None => f.write_str(&host),
        }
    }
}

/// A host as URLs write it, checked, lower-case, without IPv6 brackets.
fn normalized(host: &str) -> Result<String, WebhookTargetError> {
    let host = bare(host.trim());
    let bracketed = match host.contains(':') {
        true => format!("[{host}]"),
        false => host.to_owned(),
    };
    match url::Host::parse(&bracketed) {
        Ok(parsed) if !host.is_empty() => Ok(bare(&parsed.to_string()).to_ascii_lowercase()),
        _ => Err(WebhookTargetError::Host(host.to_owned())),
    }
}

fn bare(host: &str) -> &str {
    host.trim_start_matches('[').trim_end_matches(']')
}

/// Whether a webhook may be POSTed to `url`: `http` or `https`, to a
/// loopback host (`localhost`, 127.0.0.0/8, `::1`) or one of `allowed`.
pub(crate) fn may_send_to(url: &url::Url, allowed: &[WebhookTarget]) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = bare(host);
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    matches!(url.scheme(), "http" | "https") && (loopback || allowed.iter().any(|target| target.matches(url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_send(url: &str, allowed: &[&str]) -> bool {
        let allowed: Vec<WebhookTarget> = allowed.iter().map(|a| a.parse().unwrap()).collect();
        may_send_to(&url::Url::parse(url).unwrap(), &allowed)
    }

    #[test]
    fn loopback_is_always_allowed_and_nothing_else_by_default() {
        for url in ["http://127.0.0.1:9/n", "http://localhost/n", "https://[::1]:8443/n", "http://127.1.2.3/n"] {
            assert!(may_send(url, &[]), "{url}");
        }
        for url in ["http://10.0.0.7/n", "http://merchant-app:8080/n", "http://example.com/n", "ftp://127.0.0.1/n"] {
            assert!(!may_send(url, &[]), "{url}");
        }
    }

    #[test]
    fn an_allowed_host_takes_any_port_and_a_host_with_a_port_only_that_one() {
        assert!(may_send("http://merchant-app:8080/n", &["merchant-app"]));
        assert!(may_send("http://Merchant-App/n", &["merchant-app"]));
        assert!(may_send("http://merchant-app:8080/n", &["merchant-app:8080"]));
        assert!(!may_send("http://merchant-app:8081/n", &["merchant-app:8080"]));
        assert!(may_send("http://merchant-app/n", &["merchant-app:80"]), "the scheme's default port");
        assert!(may_send("http://10.0.0.7:3000/n", &["merchant-app", "10.0.0.7:3000"]));
        assert!(may_send("http://[fd00::7]:80/n", &["[fd00::7]:80"]));
        assert!(may_send("http://[fd00::7]:81/n", &["fd00::7"]));
        assert!(!may_send("http://merchant-app.example.com/n", &["merchant-app"]));
        assert!(!may_send("ftp://merchant-app/n", &["merchant-app"]));
    }

    #[test]
    fn a_target_is_read_and_written_back() {
        for text in ["merchant-app", "merchant-app:8080", "10.0.0.7", "[fd00::7]:80", "[fd00::7]"] {
            assert_eq!(text.parse::<WebhookTarget>().unwrap().to_string(), text);
        }
        assert_eq!("fd00::7".parse::<WebhookTarget>().unwrap().to_string(), "[fd00::7]");
    }

    #[test]
    fn a_malformed_target_says_what_is_wrong() {
        assert_eq!("app:http".parse::<WebhookTarget>(), Err(WebhookTargetError::Port("http".to_owned())));
        assert_eq!("app:70000".parse::<WebhookTarget>(), Err(WebhookTargetError::Port("70000".to_owned())));
        assert!(matches!("".parse::<WebhookTarget>(), Err(WebhookTargetError::Host(_))));
        assert!(matches!(":80".parse::<WebhookTarget>(), Err(WebhookTargetError::Host(_))));
        assert!(matches!("a b:80".parse::<WebhookTarget>(), Err(WebhookTargetError::Host(_))));
        assert!(matches!("http://app".parse::<WebhookTarget>(), Err(WebhookTargetError::Port(_))));
    }
}
