//! Redirect and rewrite destinations: `:param` substitution done safely (ROUTING.md §5).
//!
//! Path params captured from the request path are inserted as the raw path text they were;
//! values from headers, cookies and the query are percent-encoded as one segment. A result can
//! never start with `//`, a hostname param must be one DNS label, and query values are
//! percent-encoded (Next.js inserts them raw: **differs**). A destination's literal query text
//! reaches a Location as its author wrote it (`?returnUrl=https://a.com/x` stays).

use crate::context::rule::{RuleParam, RuleScratch};
use crate::syntax::p2r::{self, Key, KeyName, Modifier, Token};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

/// What `encodeURIComponent` leaves alone.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// What may not stay raw in a query written into a Location: what a URI never holds raw
/// (non-ASCII is always encoded), and `#`, which would start the fragment.
const QUERY_WRITTEN_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'#');

/// Characters that may not appear raw in a path we emit.
const PATH_UNSAFE: &AsciiSet = &QUERY_WRITTEN_UNSAFE.add(b'?');

/// Characters escaped in a destination's `#fragment` (WHATWG's fragment percent-encode set).
const FRAGMENT_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// Characters that may not appear raw in a `#fragment` we emit.
const HASH_UNSAFE: &AsciiSet = &PATH_UNSAFE.remove(b'#').remove(b'?');

/// An absolute destination's origin.
#[derive(Debug)]
struct Origin {
    scheme: Box<str>,
    host: Vec<Token>,
    port: Port,
}

/// An absolute destination's port.
#[derive(Debug)]
enum Port {
    None,
    Literal(Box<str>),
    /// `https://example.com:port`: a param, which must be digits when rendered.
    Param(Key),
}

/// A parsed destination.
#[derive(Debug)]
pub(crate) struct Destination {
    origin: Option<Origin>,
    path: Vec<Token>,
    /// Decoded query pairs; values may hold `:param` references.
    query: Vec<(String, String)>,
    /// The same pairs as written (not decoded): a Location keeps the author's text.
    query_written: Vec<(String, String)>,
    /// The `#...` part, which may hold `:param` references too.
    hash: Vec<Token>,
    /// Param names used in the path and host (a rewrite that uses none appends all to the query).
    uses: Vec<String>,
    /// Whether any part may refer to a param (a `:` past the scheme): else rendering needs no
    /// captured params at all.
    refers_to_params: bool,
    /// Whether a rendered path is checked for dot segments: its path has a param, and no dot
    /// segment as written (`/a/../b` is the rule author's, kept). A dot segment in a checked
    /// path came from a param, and is refused.
    check_dot_segments: bool,
}

/// Why a destination could not be rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenderError {
    /// A hostname param was not a single DNS label.
    UnsafeHost,
    /// A param made a `.` or `..` segment in the path (a header value `..` in
    /// `/files/:name/raw` would walk the upstream's tree).
    DotSegment,
}

impl Destination {
    /// Parses `dest`; `available` are the param names the source and `has` provide.
    pub fn parse(dest: &str, available: &[String]) -> Result<Destination, String> {
        if dest.bytes().any(|b| b.is_ascii_control()) {
            return Err(format!(
                "destination '{}' contains a control character",
                dest.escape_debug()
            ));
        }
        let (rest, hash) = match dest.split_once('#') {
            // Written into the Location as is: escape what may not appear raw in a URI.
            Some((r, h)) => (r, format!("#{}", utf8_percent_encode(h, FRAGMENT_UNSAFE))),
            None => (dest, String::new()),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, q),
            None => (rest, ""),
        };
        let (origin, path) = if rest.starts_with('/') {
            // `/\(` is an escaped `(` (path-to-regexp), not a backslash.
            let escaped_other = rest.len() > 2 && !matches!(rest.as_bytes()[2], b'\\' | b'/');
            if rest.starts_with("//") || (rest.starts_with("/\\") && !escaped_other) {
                return Err(format!(
                    "destination '{dest}' is protocol-relative; write an absolute URL (https://...) to leave this origin"
                ));
            }
            (None, rest)
        } else {
            let (scheme, after) = rest.split_once("://").ok_or_else(|| {
                format!("destination '{dest}' must start with '/' or be an absolute http(s) URL")
            })?;
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return Err(format!(
                    "destination '{dest}' uses the scheme '{scheme}'; only http and https are allowed"
                ));
            }
            let end = after.find('/').unwrap_or(after.len());
            let authority = &after[..end];
            if authority.is_empty() || authority.contains(['@', '\\']) {
                return Err(format!("destination '{dest}' has an invalid host"));
            }
            // What RFC 3986 allows in a host and port (IDNs go in as punycode): a space or a
            // quote in the authority would be copied into the Location as written.
            if let Some(c) = authority
                .chars()
                .find(|&c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:[]%".contains(c)))
            {
                return Err(format!(
                    "destination '{dest}' has the character {c:?} in its host (write an IDN in punycode)"
                ));
            }
            let (host, port) = match authority.rsplit_once(':') {
                Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty() => {
                    (h, Port::Literal(p.into()))
                }
                _ => (authority, Port::None),
            };
            let mut host = p2r::parse(host, ".")
                .map_err(|e| format!("destination '{dest}' host: {}", e.message))?;
            let port = match port {
                Port::None => host_param_port(&mut host).map_or(Port::None, Port::Param),
                literal => literal,
            };
            check_host_labels(&host)
                .map_err(|name| format!("destination '{dest}' host: the param ':{name}' must be a whole DNS label (https://:{name}.example.com) or the port (https://example.com:{name}); a param may not extend a literal host"))?;
            let path = if end == after.len() {
                "/"
            } else {
                &after[end..]
            };
            (
                Some(Origin {
                    scheme: scheme.to_ascii_lowercase().into(),
                    host,
                    port,
                }),
                path,
            )
        };
        let path_tokens =
            p2r::parse(path, "/#?").map_err(|e| format!("destination '{dest}': {}", e.message))?;
        let check_dot_segments =
            path_tokens.iter().any(|t| matches!(t, Token::Key(_))) && !has_dot_segment(path);
        let mut uses = Vec::new();
        let mut missing = Vec::new();
        let host_tokens = origin.as_ref().map(|o| &o.host[..]).unwrap_or(&[]);
        let port_token = match origin.as_ref().map(|o| &o.port) {
            Some(Port::Param(k)) => Some(Token::Key(k.clone())),
            _ => None,
        };
        for t in path_tokens.iter().chain(host_tokens).chain(&port_token) {
            if let Token::Key(Key {
                name: KeyName::Named(n),
                modifier,
                ..
            }) = t
            {
                if n.is_empty() {
                    continue;
                }
                uses.push(n.clone());
                if !available.contains(n) && *modifier == Modifier::None {
                    missing.push(n.clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(format!(
                "destination '{dest}' has segments not in source or has ({})",
                missing.join(", ")
            ));
        }
        let query_written = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let d = |s: &str| {
                    percent_encoding::percent_decode_str(&s.replace('+', " "))
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (d(k), d(v))
            })
            .collect();
        let after_scheme = dest.split_once("://").map_or(dest, |(_, rest)| rest);
        Ok(Destination {
            refers_to_params: after_scheme.contains(':'),
            check_dot_segments,
            origin,
            path: path_tokens,
            query,
            query_written,
            hash: if hash.is_empty() {
                Vec::new()
            } else {
                p2r::parse(&hash, "/#?")
                    .map_err(|e| format!("destination '{dest}' hash: {}", e.message))?
            },
            uses,
        })
    }

    /// Whether rendering may use a captured param (conservative: any `:` past the scheme).
    pub fn refers_to_params(&self) -> bool {
        self.refers_to_params
    }

    /// Whether the destination is an absolute URL (a redirect elsewhere, or a proxy rewrite).
    pub fn is_external(&self) -> bool {
        self.origin.is_some()
    }

    /// Whether the path or host uses any param captured for this request.
    pub fn uses_params(&self, rule: &RuleScratch) -> bool {
        self.uses.iter().any(|u| rule.rule_param(u).is_some())
    }

    /// The destination's query pairs, params substituted (decoded text).
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Writes query pair `n` (`k=v`) as the rule author wrote it, params substituted and
    /// percent-encoded (`encodeURIComponent`), into `out` (not yet safe to emit: see
    /// [`push_written_query`]).
    pub fn render_written_pair(&self, n: usize, rule: &RuleScratch, out: &mut String) {
        let (k, v) = &self.query_written[n];
        out.push_str(k);
        out.push('=');
        // The value substituted alone, as in the decoded query: a list param at its start
        // joins its items with `/`.
        substitute_text(v, rule, out, TextMode::Encoded);
    }

    /// Writes `scheme://host[:port]` (external) into `out`.
    pub fn render_origin(&self, rule: &RuleScratch, out: &mut String) -> Result<(), RenderError> {
        let Some(o) = &self.origin else {
            return Ok(());
        };
        out.push_str(&o.scheme);
        out.push_str("://");
        for t in &o.host {
            match t {
                Token::Text(s) => out.push_str(s),
                Token::Key(k) => {
                    let Some(p) = key_param(k, rule) else {
                        continue;
                    };
                    let v = rule.param_text(p.value);
                    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                        return Err(RenderError::UnsafeHost);
                    }
                    out.push_str(&k.prefix);
                    out.push_str(v);
                    out.push_str(&k.suffix);
                }
            }
        }
        match &o.port {
            Port::None => {}
            Port::Literal(p) => {
                out.push(':');
                out.push_str(p);
            }
            Port::Param(k) => {
                if let Some(p) = key_param(k, rule) {
                    let v = rule.param_text(p.value);
                    if !is_port(v) {
                        return Err(RenderError::UnsafeHost);
                    }
                    out.push(':');
                    out.push_str(v);
                }
            }
        }
        Ok(())
    }

    /// Writes the path with params substituted. Always starts with exactly one `/`. An error
    /// when a param made a dot segment (what was written is then meaningless).
    pub fn render_path(&self, rule: &RuleScratch, out: &mut String) -> Result<(), RenderError> {
        let start = out.len();
        render_tokens(&self.path, rule, out, PATH_UNSAFE);
        // An absent optional param drops its `/` prefix: `https://a.com/:x*.evil.com` must not
        // become `https://a.com.evil.com`, nor `/:x*evil` a relative `evil`.
        if !out[start..].starts_with('/') {
            out.insert(start, '/');
        }
        // A leading `//` would make the Location another origin.
        while out[start..].starts_with("//") {
            out.replace_range(start + 1..start + 2, "%2F");
        }
        if self.check_dot_segments && has_dot_segment(&out[start..]) {
            return Err(RenderError::DotSegment);
        }
        Ok(())
    }

    /// Writes the `#hash` part, if any, params substituted.
    pub fn render_hash(&self, rule: &RuleScratch, out: &mut String) {
        render_tokens(&self.hash, rule, out, HASH_UNSAFE);
    }
}

/// Takes a param written right after the host's text (`example.com:port`) out of `host`: it
/// is the port, not part of the last label.
fn host_param_port(host: &mut Vec<Token>) -> Option<Key> {
    let [.., Token::Text(before), Token::Key(k)] = &host[..] else {
        return None;
    };
    if before.ends_with('.') || !k.prefix.is_empty() || !k.suffix.is_empty() {
        return None;
    }
    match host.pop() {
        Some(Token::Key(k)) => Some(k),
        _ => None,
    }
}

/// Checks that every host param is a whole label: nothing but a `.` or the start before it,
/// nothing but a `.` or the end after it. `Err` names the first param that is not.
fn check_host_labels(host: &[Token]) -> Result<(), String> {
    for (i, t) in host.iter().enumerate() {
        let Token::Key(k) = t else { continue };
        let starts_label = k.prefix == "."
            || (k.prefix.is_empty()
                && match i.checked_sub(1).map(|j| &host[j]) {
                    None => true,
                    Some(Token::Text(s)) => s.ends_with('.'),
                    Some(Token::Key(_)) => false,
                });
        let ends_label = k.suffix.is_empty()
            && match host.get(i + 1) {
                None => true,
                Some(Token::Text(s)) => s.starts_with('.'),
                Some(Token::Key(next)) => next.prefix == ".",
            };
        if !(starts_label && ends_label) {
            return Err(match &k.name {
                KeyName::Named(n) => n.clone(),
                KeyName::Index(n) => n.to_string(),
            });
        }
    }
    Ok(())
}

/// A port number: 1 to 5 digits, at most 65535.
fn is_port(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 5
        && v.bytes().all(|b| b.is_ascii_digit())
        && v.parse::<u32>().is_ok_and(|p| p <= 65535)
}

/// Whether `path` has a `.` or `..` segment, in any spelling a URL parser resolves
/// (`%2e`, `.%2E`, ...).
fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|seg| {
        let seg = seg.as_bytes();
        let dot = |s: &[u8]| s == b"." || s.eq_ignore_ascii_case(b"%2e");
        // At most `%2e%2e`: six bytes.
        seg.len() <= 6
            && (dot(seg) || (1..seg.len()).any(|cut| dot(&seg[..cut]) && dot(&seg[cut..])))
    })
}

/// Writes `tokens` with params substituted: raw path text stays as it was, other values are
/// encoded as one segment.
fn render_tokens(
    tokens: &[Token],
    rule: &RuleScratch,
    out: &mut String,
    unsafe_set: &'static AsciiSet,
) {
    for t in tokens {
        match t {
            Token::Text(s) => out.extend(utf8_percent_encode(s, unsafe_set)),
            Token::Key(k) => {
                let Some(p) = key_param(k, rule) else {
                    continue;
                };
                out.push_str(&k.prefix);
                let v = rule.param_text(p.value);
                if p.raw {
                    out.extend(utf8_percent_encode(v, unsafe_set));
                } else {
                    out.extend(utf8_percent_encode(v, COMPONENT));
                }
                out.push_str(&k.suffix);
            }
        }
    }
}

fn key_param(k: &Key, rule: &RuleScratch) -> Option<RuleParam> {
    match &k.name {
        KeyName::Named(n) if !n.is_empty() => rule.rule_param(n),
        _ => None,
    }
}

/// How [`substitute_text`] inserts raw path params.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextMode {
    /// As the raw path text (header values, as Next.js does).
    Raw,
    /// Percent-decoded (query values, which the handler reads decoded).
    Decoded,
    /// Percent-encoded as `encodeURIComponent` does, whatever the param's origin (a query
    /// value in a Location, where a param must not add `&`, `=` or `#`).
    Encoded,
}

/// Appends query text as written to `out`, escaping only what a URI may not hold raw (and a
/// `%` that starts no escape): the author's `https://a.com/x` stays as written.
pub(crate) fn push_written_query(out: &mut Vec<u8>, text: &str) {
    let b = text.as_bytes();
    let mut from = 0;
    for (i, _) in text.match_indices('%') {
        let escape =
            b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
        if !escape {
            out.extend(
                utf8_percent_encode(&text[from..i], QUERY_WRITTEN_UNSAFE).flat_map(str::bytes),
            );
            out.extend_from_slice(b"%25");
            from = i + 1;
        }
    }
    out.extend(utf8_percent_encode(&text[from..], QUERY_WRITTEN_UNSAFE).flat_map(str::bytes));
}

/// Substitutes `:name` references to captured params in a header or query value (Next.js
/// `compileNonPath`). A list param (`:name*` / `:name+`) is joined with the `/` or `.` before
/// the reference, or with nothing (as path-to-regexp's `compile` does).
pub(crate) fn substitute_text(
    template: &str,
    rule: &RuleScratch,
    out: &mut String,
    mode: TextMode,
) {
    let start = out.len();
    let mut rest = template;
    while let Some(i) = memchr::memchr(b':', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let Some(p) = (len > 0).then(|| rule.rule_param(&after[..len])).flatten() else {
            out.push(':');
            rest = after;
            continue;
        };
        rest = &after[len..];
        let repeat = rest.starts_with(['*', '+']);
        if rest.starts_with(['*', '+', '?']) {
            rest = &rest[1..];
        }
        let v = rule.param_text(p.value);
        let push = |out: &mut String, item: &str| match mode {
            TextMode::Decoded if p.raw => out.extend(
                percent_encoding::percent_decode_str(item)
                    .decode_utf8_lossy()
                    .chars(),
            ),
            TextMode::Encoded if p.raw => out.extend(utf8_percent_encode(
                &percent_encoding::percent_decode_str(item).decode_utf8_lossy(),
                COMPONENT,
            )),
            TextMode::Encoded => out.extend(utf8_percent_encode(item, COMPONENT)),
            _ => out.push_str(item),
        };
        match p.list_sep {
            Some(sep) if repeat => {
                // Next.js compiles `"/" + value`: at the start the prefix is that `/`.
                let joiner = match out[start..].chars().last() {
                    None => Some('/'),
                    Some(c @ ('/' | '.')) => Some(c),
                    _ => None,
                };
                for (n, item) in v.split(sep as char).enumerate() {
                    if n > 0 {
                        if let Some(j) = joiner {
                            out.push(j);
                        }
                    }
                    push(out, item);
                }
            }
            _ => push(out, v),
        }
    }
    out.push_str(rest);
}
