//! The URL splitter: the parts of an absolute `http`/`https` URL a signature
//! needs (the authority the browser sends as `Host`, the path, the query).
use crate::prelude::*;

use alloc::borrow::Cow;

use super::canonical::ascii_lower;
use crate::error::CognitoError;
use crate::wire::decimal::{parse_u64, push_decimal};
use crate::wire::text::concat;

/// The parts of an absolute `http`/`https` URL a signer needs, borrowed
/// from the URL where they can be (signing splits a URL every time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https` (lower case).
    pub scheme: &'static str,
    /// Host name, lower case (IPv6 literals keep their brackets).
    pub host: Cow<'a, str>,
    /// Port, only when it is not the scheme's default.
    pub port: Option<u16>,
    /// Path as written (at least `/`), still percent-encoded.
    pub path: &'a str,
    /// Query as written, without `?` (and without any `#fragment`).
    pub query: &'a str,
}

impl UrlParts<'_> {
    /// `host[:port]`: the `Host` header the browser will send.
    pub fn authority(&self) -> String {
        let mut out = String::with_capacity(self.host.len() + 6);
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            push_decimal(&mut out, port.into());
        }
        out
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        concat(&[self.scheme, "://", &self.authority()])
    }
}

fn bad_url(what: &str) -> CognitoError {
    CognitoError::invalid_parameter(text!("invalid URL: ", what))
}

/// Splits an absolute URL, strictly: `http`/`https` only, a host, an
/// optional port, no user info, only printable ASCII without spaces or
/// backslashes. A default port is dropped (the browser drops it from `Host`).
pub fn split_url(url: &str) -> Result<UrlParts<'_>, CognitoError> {
    // Byte loops rather than string patterns: this runs for every signature.
    let bytes = url.as_bytes();
    for &b in bytes {
        if b <= b' ' || b >= 0x7f || b == b'\\' {
            let what = if b == b' ' {
                "spaces must be percent-encoded"
            } else if b >= 0x80 {
                "non-ASCII characters must be percent-encoded"
            } else {
                "control characters and backslashes are not allowed"
            };
            return Err(bad_url(what));
        }
    }
    let colon = bytes.iter().position(|&b| b == b':');
    let (scheme, rest) = match colon.and_then(|i| Some((url.get(..i)?, url.get(i..)?))) {
        Some((scheme, rest)) if rest.starts_with("://") => (scheme, rest.get(3..).unwrap_or("")),
        _ => return Err(bad_url("expected scheme://host")),
    };
    let (scheme, default_port) = if scheme.eq_ignore_ascii_case("https") {
        ("https", 443)
    } else if scheme.eq_ignore_ascii_case("http") {
        ("http", 80)
    } else {
        return Err(bad_url("only http and https are supported"));
    };
    let rest = match rest.bytes().position(|b| b == b'#') {
        Some(i) => rest.get(..i).unwrap_or(""),
        None => rest,
    };
    let authority_end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
    let (path, query) = match path_and_query.bytes().position(|b| b == b'?') {
        Some(i) => (
            path_and_query.get(..i).unwrap_or(""),
            path_and_query.get(i + 1..).unwrap_or(""),
        ),
        None => (path_and_query, ""),
    };
    if authority.bytes().any(|b| b == b'@') {
        return Err(bad_url("user info is not allowed"));
    }
    let (host, port) = split_host_port(authority)?;
    let port = port.filter(|&p| p != default_port);
    Ok(UrlParts {
        scheme,
        host,
        port,
        path: if path.is_empty() { "/" } else { path },
        query,
    })
}

fn split_host_port(authority: &str) -> Result<(Cow<'_, str>, Option<u16>), CognitoError> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6
            .split_once(']')
            .ok_or_else(|| bad_url("unterminated IPv6 address"))?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad_url("bad IPv6 address"));
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or_else(|| bad_url("bad port"))?),
        };
        (
            Cow::Owned(concat(&["[", &inside.to_ascii_lowercase(), "]"])),
            port,
        )
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        if !valid {
            return Err(bad_url("bad host name"));
        }
        (ascii_lower(host), port)
    };
    let port = match port {
        None => None,
        Some(p) => {
            let ok = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
            match parse_u64(p).and_then(|n| u16::try_from(n).ok()) {
                Some(n) if ok && n > 0 => Some(n),
                _ => return Err(bad_url("bad port")),
            }
        }
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls_strictly() {
        let u = split_url("HTTP://LocalHost:5000/bucket/a%20b?list-type=2#frag").unwrap();
        assert_eq!(u.scheme, "http");
        assert_eq!(u.authority(), "localhost:5000");
        assert_eq!(u.path, "/bucket/a%20b");
        assert_eq!(u.query, "list-type=2");
        assert_eq!(split_url("https://h:443").unwrap().authority(), "h");
        assert_eq!(split_url("http://h:80/x").unwrap().authority(), "h");
        assert_eq!(split_url("https://h:80/").unwrap().authority(), "h:80");
        assert_eq!(
            split_url("http://[::1]:9000/").unwrap().authority(),
            "[::1]:9000"
        );
        assert_eq!(split_url("https://h?q=1").unwrap().path, "/");
        for bad in [
            "",
            "h/x",
            "ftp://h/",
            "https:///x",
            "https://u:p@h/",
            "https://h:0/",
            "https://h:65536/",
            "https://h:x/",
            "https://h:/",
            "https://h/a b",
            "https://h/é",
            "https://h/a\\b",
            "https://h/\n",
            "https://[::1/",
            "https://[zz]/",
            "https://h!/",
        ] {
            assert!(split_url(bad).is_err(), "accepted {bad:?}");
        }
    }
}
