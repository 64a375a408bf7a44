//! Reading URLs and path templates: loopback hosts, percent-decoding, and
//! matching a path against a spec template such as `/payments/{imp_uid}`.

/// Whether the URL's host is `localhost` or a loopback address.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The segments of a URL path, percent-decoded.
pub(crate) fn path_segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/').split('/').map(percent_decode).collect()
}

/// The parameters of `template` (by name) and its number of literal
/// segments, when the decoded `segments` match it. A parameter never
/// matches an empty segment.
pub(crate) fn match_template(
    template: &'static str,
    segments: &[String],
) -> Option<(Vec<(&'static str, String)>, usize)> {
    let parts: Vec<&'static str> = template.trim_start_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    let mut literals = 0;
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => params.push((name, segment.clone())),
            Some(_) => return None,
            None if *part == segment => literals += 1,
            None => return None,
        }
    }
    Some((params, literals))
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_decoded_segments() {
        let segments = path_segments("/payments/find/o%2F1");
        assert_eq!(
            match_template("/payments/find/{merchant_uid}", &segments),
            Some((vec![("merchant_uid", "o/1".into())], 2))
        );
        assert_eq!(match_template("/payments/{imp_uid}", &segments), None);
        assert_eq!(match_template("/payments/{imp_uid}", &path_segments("/payments/")), None);
    }
}
