//! The TLS of the HTTP client that [`crate::ClientBuilder`] makes, chosen
//! by cargo feature (see the README's "Cargo features"):
//!
//! - `native-tls`: the system's TLS;
//! - `rustls-aws-lc-rs`: rustls with reqwest's own default provider,
//!   aws-lc-rs (or whichever provider the program installed as rustls's
//!   process default);
//! - `rustls-ring` (the default): rustls with `ring`. reqwest offers ring
//!   only through a ready-made rustls configuration, so it is built here,
//!   as reqwest builds its own: the platform's certificate verifier, TLS 1.2
//!   and 1.3, ALPN for HTTP/2 and HTTP/1.1.
//!
//! With several on, the first of that list wins. With none, only plain
//! HTTP is possible, and an `https` base URL is refused when the client is
//! built rather than failing at its first call.

#[allow(unused_imports)] // `Error` is unused with the default features
use crate::{Error, Result};

/// Sets up TLS on `builder`; `https` says whether the base URL needs it.
#[cfg(feature = "native-tls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _https: bool) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_native())
}

/// Sets up TLS on `builder`; `https` says whether the base URL needs it.
#[cfg(all(feature = "rustls-aws-lc-rs", not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _https: bool) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_rustls())
}

/// Sets up TLS on `builder`; `https` says whether the base URL needs it.
#[cfg(all(feature = "rustls-ring", not(any(feature = "native-tls", feature = "rustls-aws-lc-rs"))))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _https: bool) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_preconfigured(ring_config()?))
}

/// Without a TLS feature: plain HTTP only.
#[cfg(not(any(feature = "native-tls", feature = "rustls-aws-lc-rs", feature = "rustls-ring")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, https: bool) -> Result<reqwest::ClientBuilder> {
    match https {
        true => Err(Error::Config {
            message: "an https base URL needs a TLS feature of the iamport crate \
                      (rustls-ring, rustls-aws-lc-rs or native-tls), or an HTTP client of your own"
                .into(),
        }),
        false => Ok(builder),
    }
}

/// reqwest's rustls configuration, with the `ring` provider.
#[cfg(all(feature = "rustls-ring", not(any(feature = "native-tls", feature = "rustls-aws-lc-rs"))))]
fn ring_config() -> Result<rustls::ClientConfig> {
    use rustls_platform_verifier::BuilderVerifierExt;

    let failed = |e: rustls::Error| Error::Config { message: format!("cannot set up TLS: {e}") };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(failed)?
        .with_platform_verifier()
        .map_err(failed)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which backend a build of the client uses: reqwest's `Debug` of a
    /// client does not say, so this checks what `configure` gives for the
    /// features of this build.
    #[test]
    fn the_features_of_this_build_give_a_client() {
        let any_tls = cfg!(any(feature = "native-tls", feature = "rustls-aws-lc-rs", feature = "rustls-ring"));
        let https = configure(reqwest::Client::builder(), true)
            .and_then(|b| b.build().map_err(|e| Error::Config { message: e.to_string() }));
        assert_eq!(https.is_ok(), any_tls, "{https:?}");
        if let Err(Error::Config { message }) = https {
            assert!(message.contains("TLS feature"), "{message}");
        }
        assert!(configure(reqwest::Client::builder(), false).unwrap().build().is_ok());
    }
}
