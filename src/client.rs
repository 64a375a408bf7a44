//! Building a [`Client`]: credentials, base URL, tier, timeouts, HTTP client.

use std::{fmt, sync::Arc, time::Duration};

use crate::{
    Client, Error, Result,
    auth::TokenCache,
    clock::{Clock, SystemClock},
    retry::RetryPolicy,
    secret::ImpSecret,
};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.iamport.kr";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TOKEN_MARGIN: Duration = Duration::from_secs(60);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;

/// The handwritten state a [`Client`] carries. Opaque; build it with
/// [`ClientBuilder`].
#[derive(Clone, Debug)]
pub struct Inner {
    pub(crate) shared: Arc<Shared>,
    pub(crate) retry: RetryPolicy,
}

/// What every clone of a [`Client`] shares: credentials, settings and the
/// token cache.
pub(crate) struct Shared {
    pub(crate) imp_key: String,
    pub(crate) imp_secret: ImpSecret,
    /// The `Tier` header value, checked when the client was built.
    pub(crate) tier: Option<reqwest::header::HeaderValue>,
    pub(crate) tokens: TokenCache,
    /// A deadline per attempt enforced by the client itself when the caller
    /// brought the `reqwest::Client` (which may have no timeout); the one
    /// the builder makes enforces the timeout already.
    pub(crate) own_deadline: Option<Duration>,
    pub(crate) max_response_bytes: u64,
}

// Written by hand: the secret and the cached token stay out of it.
impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("imp_key", &self.imp_key)
            .field("imp_secret", &self.imp_secret)
            .field("tier", &self.tier)
            .field("own_deadline", &self.own_deadline)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts a client for the REST API key and secret of the admin console.
    pub fn builder(imp_key: impl Into<String>, imp_secret: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(imp_key, imp_secret)
    }

    /// A client configured from the environment: `IAMPORT_API_KEY`,
    /// `IAMPORT_API_SECRET`, and optionally `IAMPORT_BASE_URL` and
    /// `IAMPORT_TIER`.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }

    /// A clone of this client that retries with `policy`, for the calls made
    /// through it: `client.with_retry_policy(RetryPolicy::none()).get_payment_by_imp_uid()...`.
    /// The clone shares the token cache.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
        let mut client = self.clone();
        client.inner.retry = policy;
        client
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

/// Settings for a [`Client`]. Defaults are safe: TLS, a timeout of 60 s per
/// attempt, a connect timeout of 10 s, no redirects, answers of at most
/// 4 MiB, lookups retried twice with backoff, and a token refreshed a minute
/// before it expires.
pub struct ClientBuilder {
    imp_key: String,
    imp_secret: String,
    base_url: String,
    tier: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
    token_margin: Duration,
    clock: Arc<dyn Clock>,
    retry: RetryPolicy,
    max_response_bytes: u64,
}

// Written by hand so that the secret never prints.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("imp_key", &self.imp_key)
            .field("imp_secret", &"** redacted **")
            .field("base_url", &self.base_url)
            .field("tier", &self.tier)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Settings for the REST API key and secret of the admin console.
    pub fn new(imp_key: impl Into<String>, imp_secret: impl Into<String>) -> Self {
        Self {
            imp_key: imp_key.into(),
            imp_secret: imp_secret.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            tier: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http: None,
            allow_insecure_http: false,
            token_margin: DEFAULT_TOKEN_MARGIN,
            clock: Arc::new(SystemClock),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Settings from `IAMPORT_API_KEY`, `IAMPORT_API_SECRET`, and optionally
    /// `IAMPORT_BASE_URL` and `IAMPORT_TIER`.
    pub fn from_env() -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let required = |name: &str| {
            var(name).ok_or_else(|| Error::Config { message: format!("environment variable {name} is not set") })
        };
        let mut builder = Self::new(required("IAMPORT_API_KEY")?, required("IAMPORT_API_SECRET")?);
        if let Some(url) = var("IAMPORT_BASE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(tier) = var("IAMPORT_TIER") {
            builder = builder.tier(tier);
        }
        Ok(builder)
    }

    /// Where requests go (default [`DEFAULT_BASE_URL`]). Plain `http://` is
    /// accepted only for loopback addresses unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The tier code of a sub-merchant of an agency account, sent as the
    /// `Tier` header with every call.
    pub fn tier(mut self, tier: impl Into<String>) -> Self {
        self.tier = Some(tier.into());
        self
    }

    /// The longest one attempt of a call may take, from connecting to the
    /// last byte of the answer (default 60 s). With
    /// [`http_client`](Self::http_client) the client still enforces it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Uses a `reqwest::Client` of the caller's: its own timeouts, proxy and
    /// TLS settings apply instead of this builder's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Accepts a plain `http://` base URL on a non-loopback host. Tokens and
    /// card data then cross the network unencrypted; use only on a trusted
    /// network.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How long before its expiry a token is replaced (default 60 s; never
    /// more than half of the token's life).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_margin = margin;
        self
    }

    /// The clock that measures token lifetimes (tests use
    /// [`crate::clock::ManualClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest answer body accepted (default 4 MiB); a larger one is a
    /// [`crate::DecodeErrorKind::TooLarge`] error and is not read further.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Checks the settings and builds the client. Nothing is sent yet: the
    /// first call fetches the token.
    pub fn build(self) -> Result<Client> {
        let base_url = checked_base_url(&self.base_url, self.allow_insecure_http)?;
        if self.imp_key.trim().is_empty() {
            return Err(Error::Config { message: "imp_key is empty".into() });
        }
        let imp_secret =
            ImpSecret::new(self.imp_secret).map_err(|_| Error::Config { message: "imp_secret is empty".into() })?;
        let tier = match &self.tier {
            Some(tier) if tier.len() == 3 && tier.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                Some(reqwest::header::HeaderValue::from_str(tier).map_err(|_| tier_error())?)
            }
            Some(_) => return Err(tier_error()),
            None => None,
        };
        // A moment later than reqwest's, whose timeout error is more precise.
        let own_deadline = self.http.is_some().then(|| self.timeout + Duration::from_millis(500));
        let http = match self.http {
            Some(http) => http,
            None => crate::tls::configure(reqwest::Client::builder(), base_url.scheme() == "https")?
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .https_only(!self.allow_insecure_http && !crate::url_parts::is_loopback(&base_url))
                .build()
                .map_err(|e| Error::Config { message: format!("cannot build the HTTP client: {e}") })?,
        };
        let shared = Shared {
            imp_key: self.imp_key,
            imp_secret,
            tier,
            tokens: TokenCache::new(self.token_margin, self.clock),
            own_deadline,
            max_response_bytes: self.max_response_bytes,
        };
        let inner = Inner { shared: Arc::new(shared), retry: self.retry };
        Ok(Client::new_with_client(base_url.as_str().trim_end_matches('/'), http, inner))
    }
}

fn tier_error() -> Error {
    Error::Config { message: "tier must be a 3-character code".into() }
}

fn checked_base_url(raw: &str, allow_insecure_http: bool) -> Result<reqwest::Url> {
    let invalid = |why: &str| Error::Config { message: format!("base URL {raw:?} {why}") };
    let url = reqwest::Url::parse(raw).map_err(|_| invalid("is not a URL"))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("must not carry credentials, a query or a fragment"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure_http || crate::url_parts::is_loopback(&url) => Ok(url),
        "http" => Err(invalid("uses plain http on a non-loopback host (see allow_insecure_http)")),
        _ => Err(invalid("must be http or https")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert!(checked_base_url("https://api.iamport.kr", false).is_ok());
        assert!(checked_base_url("http://127.0.0.1:4010", false).is_ok());
        assert!(checked_base_url("http://localhost:4010", false).is_ok());
        assert!(checked_base_url("http://[::1]:4010", false).is_ok());
        assert!(checked_base_url("http://api.example.com", false).is_err());
        assert!(checked_base_url("http://api.example.com", true).is_ok());
        assert!(checked_base_url("ftp://api.example.com", true).is_err());
        assert!(checked_base_url("https://user:pw@api.example.com", false).is_err());
        assert!(checked_base_url("not a url", false).is_err());
    }

    #[test]
    fn builder_debug_hides_the_secret() {
        let printed = format!("{:?}", Client::builder("key", "s3cr3t-value"));
        assert!(!printed.contains("s3cr3t-value"), "{printed}");
    }
}
