//! The canonical request: method, canonical URI, canonical query,
//! canonical headers, signed header names and payload hash, one per line.
//!
//! Every rule here is "what the server will compute from what the browser
//! sends": fetch upper-cases only six methods, resolves `.`/`..` path
//! segments, merges repeated headers into one `a, b` line, and sets or
//! drops a list of headers itself.
use crate::prelude::*;

use alloc::borrow::Cow;

use super::fast::{is_canonical_encoding, is_canonical_header_value};
use crate::error::CognitoError;
use crate::wire::encoding::{percent_decode, uri_encode};
use crate::wire::sort::insertion_sort_by;

/// Headers in the canonical request: lower-case names, canonical values,
/// sorted by name, each name once.
pub(super) type HeaderList<'h> = Vec<(Cow<'h, str>, Cow<'h, str>)>;

// ---- method ----------------------------------------------------------

/// Whether `name` is an HTTP token (header names and methods).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The method as the browser sends it: fetch upper-cases `DELETE`, `GET`,
/// `HEAD`, `OPTIONS`, `POST` and `PUT` in any case and sends any other
/// (`patch`) as given, so that is what is signed.
pub(super) fn canonical_method(method: &str) -> Result<Cow<'_, str>, CognitoError> {
    if !is_header_name(method) {
        return Err(CognitoError::invalid_parameter("bad HTTP method"));
    }
    if !method.bytes().any(|b| b.is_ascii_lowercase()) {
        return Ok(Cow::Borrowed(method));
    }
    let upper = method.to_ascii_uppercase();
    Ok(
        if matches!(
            upper.as_str(),
            "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS"
        ) {
            Cow::Owned(upper)
        } else {
            Cow::Borrowed(method)
        },
    )
}

// ---- canonical URI ---------------------------------------------------

pub(super) fn decode_component(s: &str) -> Result<String, CognitoError> {
    percent_decode(s, false)
        .map_err(|_| CognitoError::invalid_parameter("URL has a percent-escape that is not UTF-8"))
}

/// Whether a path segment is one the URL standard reads as `.` or `..`
/// (`%2e` counts as a dot): fetch removes it before sending.
fn is_dot_segment(segment: &str) -> bool {
    let rest = strip_dot(segment);
    rest.is_some_and(|r| r.is_empty() || strip_dot(r) == Some(""))
}

fn strip_dot(s: &str) -> Option<&str> {
    s.strip_prefix('.').or_else(|| {
        s.get(..3)
            .filter(|p| p.eq_ignore_ascii_case("%2e"))
            .and_then(|_| s.get(3..))
    })
}

/// The path fetch sends for `path`: `.` and `..` segments (`%2e` included)
/// resolved as the URL standard does (a path that ends in one keeps a
/// trailing slash); empty segments kept.
pub(super) fn resolve_dot_segments(path: &str) -> Cow<'_, str> {
    let body = path.strip_prefix('/').unwrap_or(path);
    if !body.split('/').any(is_dot_segment) {
        return Cow::Borrowed(path);
    }
    let segments: Vec<&str> = body.split('/').collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        if !is_dot_segment(segment) {
            out.push(segment);
            continue;
        }
        if strip_dot(segment).is_some_and(|r| !r.is_empty()) {
            out.pop();
        }
        if i == last {
            out.push("");
        }
    }
    let mut resolved = String::with_capacity(path.len());
    for segment in out {
        resolved.push('/');
        resolved.push_str(segment);
    }
    if resolved.is_empty() {
        resolved.push('/');
    }
    Cow::Owned(resolved)
}

/// Removes `.` and `..` segments and empty segments (RFC 3986 style, and
/// `//` collapsed as AWS does; a trailing slash is kept).
pub(super) fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split('/') {
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if segments.is_empty() {
        out.push('/');
    }
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// `s` decoded and re-encoded once (RFC 3986), borrowed when it already is.
pub(super) fn canonical_component(s: &str, keep_slash: bool) -> Result<Cow<'_, str>, CognitoError> {
    if is_canonical_encoding(s, keep_slash) {
        Ok(Cow::Borrowed(s))
    } else {
        Ok(Cow::Owned(uri_encode(&decode_component(s)?, keep_slash)))
    }
}

/// Bytes a browser percent-encodes in a path before sending it: a path
/// holding one raw would not be sent as signed.
const BROWSER_ESCAPED: &[u8] = b"\"<>`{}|^";

/// The canonical URI.
///
/// - S3 rules (`normalize` false): the decoded path encoded once, not
///   normalised. A `.` or `..` segment is refused: fetch would remove it
///   before sending (also written `%2E`), so the object key signed would
///   not be the one requested.
/// - Every other service: the path as sent (dot segments resolved by
///   fetch), with empty segments removed, URI-encoded a second time (`%`
///   becomes `%25`), as AWS computes it from the path it receives.
pub(super) fn canonical_path(path: &str, normalize: bool) -> Result<Cow<'_, str>, CognitoError> {
    if !normalize {
        let body = path.strip_prefix('/').unwrap_or(path);
        if body.split('/').any(is_dot_segment) {
            return Err(CognitoError::invalid_parameter(
                "S3 path has a '.' or '..' segment (fetch would remove it)",
            ));
        }
        return canonical_component(path, true);
    }
    if path.bytes().any(|b| BROWSER_ESCAPED.contains(&b)) {
        return Err(CognitoError::invalid_parameter(
            "invalid URL: percent-encode \" < > ` { } | ^ in the path",
        ));
    }
    Ok(Cow::Owned(uri_encode(
        &normalize_path(&resolve_dot_segments(path)),
        true,
    )))
}

/// The path to put in the signed URL: for S3 the canonical path that was
/// signed (the request is sent in canonical form); for other services the
/// caller's path byte for byte (its canonical form is only signed).
pub(super) fn wire_path<'a>(
    given: &'a str,
    canonical: Cow<'a, str>,
    normalize: bool,
) -> Cow<'a, str> {
    if normalize {
        Cow::Borrowed(given)
    } else {
        canonical
    }
}

// ---- canonical query -------------------------------------------------

/// The canonical query: every `key=value` decoded and re-encoded (RFC
/// 3986), `extra` pairs added, sorted by key then value.
pub(super) fn canonical_query(query: &str, extra: &[(&str, &str)]) -> Result<String, CognitoError> {
    let mut pairs: Vec<(Cow<str>, Cow<str>)> = Vec::with_capacity(extra.len() + 4);
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((
            canonical_component(k, false)?,
            canonical_component(v, false)?,
        ));
    }
    for (k, v) in extra {
        pairs.push((
            Cow::Owned(uri_encode(k, false)),
            Cow::Owned(uri_encode(v, false)),
        ));
    }
    insertion_sort_by(&mut pairs, |a, b| a < b);
    let len = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(len);
    for (k, v) in &pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    Ok(out)
}

// ---- canonical headers -----------------------------------------------

/// Headers never signed: the browser sets, drops or rewrites them (fetch's
/// forbidden request headers; `cache-control` and `pragma`, which fetch
/// adds for some cache modes), or proxies change them on the way (as
/// @smithy/signature-v4 leaves them unsigned). They are still sent as
/// given; names starting with `proxy-` or `sec-` count too. One
/// space-separated string rather than a table: smaller in the wasm.
const UNSIGNABLE: &str = "accept-charset accept-encoding access-control-request-headers \
    access-control-request-method cache-control connection content-length cookie cookie2 date \
    dnt expect from keep-alive max-forwards origin pragma referer set-cookie te trailer \
    transfer-encoding upgrade user-agent via x-amzn-trace-id";

/// Whether a request header is left out of the signature (see
/// `UNSIGNABLE`); `host` is signed from the URL instead.
pub fn is_unsignable(name: &str) -> bool {
    let prefixed = |p: &str| {
        name.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    prefixed("proxy-")
        || prefixed("sec-")
        || UNSIGNABLE
            .split_ascii_whitespace()
            .any(|u| u.eq_ignore_ascii_case(name))
}

/// Whether header signing sends a request header as given: not `host`
/// (the browser sets it) nor one the signer sets itself (`authorization`,
/// `x-amz-date`, and `x-amz-security-token` when signing with a session
/// token).
pub fn is_sent_as_given(name: &str, with_session_token: bool) -> bool {
    !(name.eq_ignore_ascii_case("host")
        || name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("x-amz-date")
        || (with_session_token && name.eq_ignore_ascii_case("x-amz-security-token")))
}

/// Checks header names, and that a `host` header (if any) matches the URL.
pub(super) fn check_headers(headers: &[(&str, &str)], authority: &str) -> Result<(), CognitoError> {
    for &(name, value) in headers {
        if !is_header_name(name) {
            return Err(CognitoError::invalid_parameter("bad header name"));
        }
        if name.eq_ignore_ascii_case("host") && !value.trim().eq_ignore_ascii_case(authority) {
            return Err(CognitoError::invalid_parameter(
                "Host header does not match the URL",
            ));
        }
    }
    Ok(())
}

/// `name` in ASCII lower case, borrowed when it already is.
pub(super) fn ascii_lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Trims a header value and collapses runs of whitespace (folded lines
/// included) to one space; borrowed when it already is in that form.
pub(super) fn canonical_header_value(value: &str) -> Cow<'_, str> {
    if is_canonical_header_value(value) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// A value as the `Headers` object keeps it: leading and trailing HTTP
/// whitespace removed.
fn header_trim(value: &str) -> &str {
    // Byte by byte: the whitespace is ASCII, so the cuts fall between
    // characters (and core's char-pattern trimming stays out of the wasm).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = value.as_bytes();
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    value.get(start..end).unwrap_or_default()
}

/// The values of a repeated header joined as the browser sends them: each
/// trimmed, `, ` between them.
fn join_repeated<'v>(values: impl Iterator<Item = &'v str>) -> String {
    let mut joined = String::new();
    for (i, value) in values.enumerate() {
        if i > 0 {
            joined.push_str(", ");
        }
        joined.push_str(header_trim(value));
    }
    joined
}

/// The headers to send, those `keep` accepts: a repeated name (in any
/// case) becomes one header under its first spelling, its values joined as
/// the browser would join them (see `join_repeated`); others as given.
pub fn merged_headers<'h>(
    headers: &[(&'h str, &'h str)],
    keep: &dyn Fn(&str) -> bool,
) -> Vec<(&'h str, Cow<'h, str>)> {
    let mut merged: Vec<(&str, Cow<str>)> = Vec::with_capacity(headers.len() + 4);
    for (i, &(name, value)) in headers.iter().enumerate() {
        if !keep(name) || merged.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        let same = |(n, _): &&(&str, &str)| n.eq_ignore_ascii_case(name);
        let value = if headers.iter().skip(i + 1).any(|h| same(&h)) {
            Cow::Owned(join_repeated(
                headers.iter().skip(i).filter(same).map(|(_, v)| *v),
            ))
        } else {
            Cow::Borrowed(value)
        };
        merged.push((name, value));
    }
    merged
}

/// `(name, value)` pairs borrowed from owned headers.
pub fn borrowed_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// The headers to sign: `host`, the `given` ones `keep` accepts, then
/// `added`; lower-cased, sorted by name, a repeated name's values merged
/// as the browser sends them, values canonical (trimmed, inner runs of
/// whitespace collapsed).
pub(super) fn header_list<'h>(
    host: &'h str,
    given: &[(&'h str, &'h str)],
    keep: &dyn Fn(&str) -> bool,
    added: &[(&'h str, &'h str)],
) -> HeaderList<'h> {
    let mut list: Vec<(Cow<str>, &str)> = Vec::with_capacity(given.len() + added.len() + 1);
    list.push((Cow::Borrowed("host"), host));
    for &(name, value) in given.iter().filter(|(n, _)| keep(n)).chain(added) {
        list.push((ascii_lower(name), value));
    }
    // Stable: a repeated name keeps its values in the order given.
    insertion_sort_by(&mut list, |a, b| a.0 < b.0);
    let mut out: HeaderList = Vec::with_capacity(list.len());
    let mut rest = list.as_slice();
    while let Some((name, value)) = rest.first() {
        let run = rest.iter().take_while(|(n, _)| n == name).count();
        let value = match rest.get(..run) {
            Some(values) if run > 1 => Cow::Owned(
                canonical_header_value(&join_repeated(values.iter().map(|(_, v)| *v))).into_owned(),
            ),
            _ => canonical_header_value(value),
        };
        out.push((name.clone(), value));
        rest = rest.get(run..).unwrap_or(&[]);
    }
    out
}

/// Writes the canonical headers of a [`header_list`] into `out`:
/// `name:value\n` each.
fn write_canonical_headers(out: &mut String, list: &HeaderList) {
    for (name, value) in list {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
}

/// Writes the signed header names of a [`header_list`] into `out`,
/// `;`-joined.
pub(super) fn write_signed_names(out: &mut String, list: &HeaderList) {
    for (i, (name, _)) in list.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
}

/// The canonical request (method, path, query, the canonical headers of a
/// [`header_list`], their names, the payload hash), written once into one
/// buffer, and where the signed header names are in it.
pub(super) fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    list: &HeaderList,
    payload_hash: &str,
) -> (String, core::ops::Range<usize>) {
    let headers_len: usize = list.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(
        method.len() + path.len() + query.len() + 2 * headers_len + payload_hash.len() + 6,
    );
    for part in [method, path, query] {
        out.push_str(part);
        out.push('\n');
    }
    write_canonical_headers(&mut out, list);
    out.push('\n');
    let names_start = out.len();
    write_signed_names(&mut out, list);
    let names = names_start..out.len();
    out.push('\n');
    out.push_str(payload_hash);
    (out, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    /// The plain collapsing the canonical header value must equal.
    fn collapsed(value: &str) -> String {
        value.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
        #[test]
        fn header_trim_is_trimming_http_whitespace(v in "[ \t\r\n\x0ca-zé]{0,12}") {
            let expected = v.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            prop_assert_eq!(header_trim(&v), expected);
        }
    }

    #[test]
    fn path_normalisation() {
        assert_eq!(normalize_path("/"), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(normalize_path("/a/b/.."), "/a/");
        assert_eq!(normalize_path("/../.."), "/");
        assert_eq!(canonical_path("/a%2Fb/c%20d", false).unwrap(), "/a/b/c%20d");
        assert_eq!(canonical_path("/a+b~c", false).unwrap(), "/a%2Bb~c");
    }

    #[test]
    fn dot_segments_resolve_as_the_url_standard_does() {
        for (given, sent) in [
            ("/a/b", "/a/b"),
            ("/a/./b", "/a/b"),
            ("/a/b/..", "/a/"),
            ("/a/b/.", "/a/b/"),
            ("/a/%2e%2E/b", "/b"),
            ("/a/.%2e/b/%2E", "/b/"),
            ("/..", "/"),
            ("/../../x", "/x"),
            ("//a/../b", "//b"),
            ("/a..b/.c/", "/a..b/.c/"),
        ] {
            assert_eq!(resolve_dot_segments(given), sent, "{given}");
        }
    }

    #[test]
    fn non_s3_paths_are_encoded_twice_and_normalised() {
        for (given, canonical) in [
            ("/prod/u/a%40b.com", "/prod/u/a%2540b.com"),
            ("/a%2Fb", "/a%252Fb"),
            ("//a//b/", "/a/b/"),
            ("/a/./b/../c", "/a/c"),
            ("/a/%2E%2E/c", "/c"),
            ("/a+b=c~d", "/a%2Bb%3Dc~d"),
            ("/caf%C3%A9", "/caf%25C3%25A9"),
            ("/", "/"),
        ] {
            assert_eq!(canonical_path(given, true).unwrap(), canonical, "{given}");
        }
        assert!(canonical_path("/a{b}", true).is_err());
        assert!(canonical_path("/a%ff", true).is_ok());
    }

    #[test]
    fn s3_paths_with_dot_segments_are_refused() {
        for path in ["/b/../k", "/b/./k", "/b/%2E%2e/k", "/b/.%2E", "/."] {
            let e = canonical_path(path, false).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidParameterException, "{path}");
            assert!(e.message.contains("'.'"), "{}", e.message);
        }
        assert_eq!(canonical_path("/b/..k/.k.", false).unwrap(), "/b/..k/.k.");
    }

    #[test]
    fn methods_are_signed_as_fetch_sends_them() {
        assert_eq!(canonical_method("get").unwrap(), "GET");
        assert_eq!(canonical_method("Delete").unwrap(), "DELETE");
        assert_eq!(canonical_method("patch").unwrap(), "patch");
        assert_eq!(canonical_method("PATCH").unwrap(), "PATCH");
        assert!(canonical_method("GE T").is_err());
    }

    #[test]
    fn unsignable_headers() {
        for name in [
            "User-Agent",
            "content-length",
            "Date",
            "connection",
            "Accept-Encoding",
            "expect",
            "X-Amzn-Trace-Id",
            "Sec-Fetch-Mode",
            "proxy-authorization",
            "cache-control",
        ] {
            assert!(is_unsignable(name), "{name}");
        }
        for name in ["content-type", "x-amz-target", "x-amz-content-sha256", "se"] {
            assert!(!is_unsignable(name), "{name}");
        }
    }

    #[test]
    fn repeated_headers_merge_as_the_browser_sends_them() {
        let given = [
            ("X-A", " 1 "),
            ("content-type", "text/plain"),
            ("x-a", "2  and   3"),
            ("X-A", "\t4"),
        ];
        let sent = merged_headers(&given, &|_| true);
        assert_eq!(
            sent,
            [
                ("X-A", Cow::Borrowed("1, 2  and   3, 4")),
                ("content-type", Cow::Borrowed("text/plain")),
            ]
        );
        let list = header_list("h", &given, &|_| true, &[]);
        let signed: Vec<(&str, &str)> = list.iter().map(|(n, v)| (&**n, &**v)).collect();
        assert_eq!(
            signed,
            [
                ("content-type", "text/plain"),
                ("host", "h"),
                ("x-a", "1, 2 and 3, 4")
            ]
        );
        let only_type = merged_headers(&given, &|n| n != "content-type");
        assert_eq!(only_type.len(), 1);
        assert_eq!(canonical_header_value("  a \t b\r\n c "), "a b c");
        assert_eq!(ascii_lower("X-Amz-Date"), "x-amz-date");
    }

    proptest! {
        #[test]
        fn canonical_component_is_decode_encode(
            s in "[a-zA-Z0-9%/+~._ -]{0,12}|(%[0-9A-Fa-f]{2}|[a-z/]){0,6}",
            keep_slash in any::<bool>(),
        ) {
            if let Ok(decoded) = decode_component(&s) {
                let slow = uri_encode(&decoded, keep_slash);
                prop_assert_eq!(canonical_component(&s, keep_slash).unwrap(), slow);
            }
        }

        #[test]
        fn canonical_header_value_is_collapsing(v in "[ a\t\r\nb]{0,10}|.{0,10}") {
            prop_assert_eq!(canonical_header_value(&v).into_owned(), collapsed(&v));
        }
    }
}
