//! The TLS of the HTTP client that [`crate::ClientBuilder`] makes, chosen
//! by cargo feature (see the README's "Cargo features"):
//!
//! - `rustls` (the default): reqwest's own rustls, with its own crypto
//!   provider (or whichever provider the program installed as rustls's
//!   process default);
//! - `native-tls`: the system's TLS. With both on, it wins.
//!
//! Each feature turns on the reqwest feature of the same name, so any other
//! `reqwest::Client` of the program gets a working TLS too; none of them
//! leaves reqwest with rustls but no provider, which would make such a
//! client panic when it is built. With neither, only plain HTTP is
//! possible, and an `https` base URL is refused when the client is built
//! rather than failing at its first call.

#[allow(unused_imports)] // `Error` is unused with the default features
use crate::{Error, Result};

/// Sets up TLS on `builder`; `https` says whether the base URL needs it.
#[cfg(feature = "native-tls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _https: bool) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_native())
}

/// Sets up TLS on `builder`; `https` says whether the base URL needs it.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _https: bool) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_rustls())
}

/// Without a TLS feature: plain HTTP only.
#[cfg(not(any(feature = "native-tls", feature = "rustls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, https: bool) -> Result<reqwest::ClientBuilder> {
    match https {
        true => Err(Error::Config {
            message: "an https base URL needs a TLS feature of the iamport crate \
                      (rustls or native-tls), or an HTTP client of your own"
                .into(),
        }),
        false => Ok(builder),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which backend a build of the client uses: reqwest's `Debug` of a
    /// client does not say, so this checks what `configure` gives for the
    /// features of this build.
    #[test]
    fn the_features_of_this_build_give_a_client() {
        let any_tls = cfg!(any(feature = "native-tls", feature = "rustls"));
        let https = configure(reqwest::Client::builder(), true)
            .and_then(|b| b.build().map_err(|e| Error::Config { message: e.to_string() }));
        assert_eq!(https.is_ok(), any_tls, "{https:?}");
        if let Err(Error::Config { message }) = https {
            assert!(message.contains("TLS feature"), "{message}");
        }
        assert!(configure(reqwest::Client::builder(), false).unwrap().build().is_ok());
    }
}
