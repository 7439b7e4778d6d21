//! The one path cleaner: request target → canonical path, decoded segments and query, or the
//! redirect / error that answers it (ROUTING.md §2). Every matcher reads what this produces.

use crate::context::Context;
use crate::limits::Limits;
use crate::tree::SegSpan;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Bytes escaped when a cleaned path is written into a `Location` header.
const LOCATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// The path options normalization needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathOptions {
    pub base_path: Box<str>,
    pub trailing_slash: bool,
    pub skip_trailing_slash_redirect: bool,
}

/// What normalization concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Normalized {
    /// `ctx.path` holds the canonical path; segments are decoded.
    Ok,
    /// The path is outside `basePath`.
    OutsideBasePath,
    /// A 308 to `ctx.location`.
    Redirect,
    /// Answer with this status (400, 414).
    Reject(u16),
}

/// Splits and cleans `target` into `ctx`.
pub(crate) fn normalize(
    target: &[u8],
    opts: &PathOptions,
    limits: &Limits,
    ctx: &mut Context,
) -> Normalized {
    if target.len() > limits.max_target_bytes {
        return Normalized::Reject(414);
    }
    let Ok(target) = std::str::from_utf8(target) else {
        return Normalized::Reject(400);
    };
    if target.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Normalized::Reject(400);
    }
    let target = match split_absolute(target, ctx) {
        Some(t) => t,
        None => return Normalized::Reject(400),
    };
    let target = target.split_once('#').map_or(target, |(t, _)| t);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    if !path.starts_with(['/', '\\']) {
        return Normalized::Reject(400);
    }
    ctx.raw_query.push_str(query.unwrap_or(""));
    ctx.has_query = query.is_some_and(|q| !q.is_empty());

    if path.contains('\\') || path.contains("//") {
        write_clean_redirect(path, ctx);
        return Normalized::Redirect;
    }
    resolve_dots(path, &mut ctx.path);
    if memchr::memchr(b'%', &ctx.path).is_some() {
        // The path as sent (Next.js tests middleware matchers on it): kept for the matcher.
        ctx.raw_path.clear();
        ctx.raw_path
            .push_str(std::str::from_utf8(&ctx.path).expect("validated UTF-8"));
    }
    canonicalize_escapes(&mut ctx.path);

    let base = opts.base_path.as_bytes();
    let p = &ctx.path;
    let inside = base.is_empty()
        || (p.starts_with(base) && (p.len() == base.len() || p[base.len()] == b'/'));
    if !inside {
        ctx.base_len = 0;
        ctx.match_end = ctx.path.len();
        return Normalized::OutsideBasePath;
    }
    ctx.base_len = base.len();
    if ctx.path.len() == base.len() {
        ctx.path.push(b'/');
    }
    let rest_has_slash = ctx.path.len() - ctx.base_len > 1 && ctx.path.ends_with(b"/");
    ctx.match_end = ctx.path.len() - usize::from(rest_has_slash);

    if !opts.skip_trailing_slash_redirect {
        if let Some(add) = trailing_slash_redirect(&ctx.path[ctx.base_len..], opts.trailing_slash) {
            let end = if add {
                ctx.path.len()
            } else {
                ctx.path.len() - 1
            };
            let mut loc = std::mem::take(&mut ctx.location);
            loc.clear();
            let path = std::str::from_utf8(&ctx.path[..end]).expect("validated UTF-8");
            loc.extend(utf8_percent_encode(path, LOCATION));
            if add {
                loc.push('/');
            }
            push_query(&mut loc, ctx);
            ctx.location = loc;
            return Normalized::Redirect;
        }
    }

    if !split_segments(ctx, limits.max_segments) {
        return Normalized::Reject(414);
    }
    Normalized::Ok
}

/// Takes the host out of an absolute-form target (`http://host/path`), returning the rest.
/// `None` for an authority with user info or a malformed scheme.
fn split_absolute<'t>(target: &'t str, ctx: &mut Context) -> Option<&'t str> {
    let lower_starts = |p: &str| {
        target.len() >= p.len() && target.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let rest = if lower_starts("http://") {
        &target[7..]
    } else if lower_starts("https://") {
        &target[8..]
    } else {
        return Some(target);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() || authority.contains(['@', '\\']) {
        return None;
    }
    ctx.host.clear();
    ctx.host.push_str(authority);
    ctx.host_from_target = true;
    let path = &rest[end..];
    Some(if path.is_empty() { "/" } else { path })
}

/// Writes the 308 target for a path with `\` or `//`: backslashes become `/`, runs collapse.
fn write_clean_redirect(path: &str, ctx: &mut Context) {
    let mut clean = std::mem::take(&mut ctx.location);
    clean.clear();
    let mut prev_slash = false;
    for c in path.chars() {
        let c = if c == '\\' { '/' } else { c };
        if c == '/' && prev_slash {
            continue;
        }
        prev_slash = c == '/';
        let mut buf = [0u8; 4];
        clean.extend(utf8_percent_encode(c.encode_utf8(&mut buf), LOCATION));
    }
    push_query(&mut clean, ctx);
    ctx.location = clean;
}

fn push_query(loc: &mut String, ctx: &Context) {
    if ctx.has_query {
        loc.push('?');
        loc.extend(utf8_percent_encode(&ctx.raw_query, LOCATION));
    }
}

/// Resolves `.` and `..` segments (and their `%2e` forms) as the WHATWG URL parser does.
fn resolve_dots(path: &str, out: &mut Vec<u8>) {
    out.clear();
    let mut segs = path[1..].split('/').peekable();
    while let Some(s) = segs.next() {
        let last = segs.peek().is_none();
        if is_double_dot(s) {
            let cut = out.iter().rposition(|&b| b == b'/').unwrap_or(0);
            out.truncate(cut);
            if last {
                out.push(b'/');
            }
        } else if is_single_dot(s) {
            if last {
                out.push(b'/');
            }
        } else {
            out.push(b'/');
            out.extend_from_slice(s.as_bytes());
        }
    }
    if out.is_empty() {
        out.push(b'/');
    }
}

/// RFC 3986 §6.2.2: decodes escapes of unreserved characters (`%61` → `a`) and upper-cases
/// the hex of the others, in place, so one spelling of a path reaches every matcher.
fn canonicalize_escapes(path: &mut Vec<u8>) {
    if memchr::memchr(b'%', path).is_none() {
        return;
    }
    let (mut r, mut w) = (0, 0);
    while r < path.len() {
        let b = path[r];
        if b == b'%' && r + 2 < path.len() {
            if let (Some(h), Some(l)) = (hex(&path[r + 1]), hex(&path[r + 2])) {
                let v = h << 4 | l;
                if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                    path[w] = v;
                    w += 1;
                } else {
                    path[w] = b'%';
                    path[w + 1] = path[r + 1].to_ascii_uppercase();
                    path[w + 2] = path[r + 2].to_ascii_uppercase();
                    w += 3;
                }
                r += 3;
                continue;
            }
        }
        path[w] = b;
        w += 1;
        r += 1;
    }
    path.truncate(w);
}

fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

fn is_double_dot(s: &str) -> bool {
    matches!(s.len(), 2 | 4 | 6)
        && ["..", ".%2e", "%2e.", "%2e%2e"]
            .iter()
            .any(|d| s.eq_ignore_ascii_case(d))
}

/// Next.js's internal trailing-slash redirects. `Some(true)`: add a slash; `Some(false)`: drop it.
fn trailing_slash_redirect(rest: &[u8], trailing_slash: bool) -> Option<bool> {
    if rest == b"/" {
        return None;
    }
    let has_slash = rest.ends_with(b"/");
    if !trailing_slash {
        return has_slash.then_some(false);
    }
    // `/.well-known/...` is left alone in both directions.
    if rest.starts_with(b"/.well-known") && matches!(rest.get(12), None | Some(b'/')) {
        return None;
    }
    let body = if has_slash {
        &rest[..rest.len() - 1]
    } else {
        rest
    };
    let last = &body[body.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1)..];
    let is_file = match last.iter().rposition(|&b| b == b'.') {
        Some(d) => {
            d > 0
                && d + 1 < last.len()
                && last[d + 1..]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        }
        None => false,
    };
    if is_file {
        has_slash.then_some(false)
    } else if !has_slash && !last.contains(&b'.') {
        Some(true)
    } else {
        None
    }
}

/// Splits `ctx.path[base_len..match_end]` into percent-decoded segments. `false` over the limit.
pub(crate) fn split_segments(ctx: &mut Context, max_segments: usize) -> bool {
    let Context {
        path,
        decoded,
        spans,
        base_len,
        match_end,
        ..
    } = ctx;
    let rest = &path[*base_len..*match_end];
    if rest.len() <= 1 {
        return true;
    }
    for raw in rest[1..].split(|&b| b == b'/') {
        if spans.len() == max_segments {
            return false;
        }
        let start = decoded.len();
        let valid = decode_segment(raw, decoded);
        spans.push(SegSpan {
            start: start as u32,
            end: decoded.len() as u32,
            valid,
        });
    }
    true
}

/// Strict percent-decoding into `out`: `false` for a malformed escape or non-UTF-8 result.
pub(crate) fn decode_segment(raw: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    if memchr::memchr(b'%', raw).is_none() {
        out.extend_from_slice(raw);
        return true;
    }
    let mut i = 0;
    let mut ok = true;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' {
            match (raw.get(i + 1).and_then(hex), raw.get(i + 2).and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => ok = false,
            }
        }
        out.push(b);
        i += 1;
    }
    ok && std::str::from_utf8(&out[start..]).is_ok()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(target: &str, opts: &PathOptions) -> (Normalized, String, String) {
        let mut ctx = Context::new();
        let n = normalize(target.as_bytes(), opts, &Limits::default(), &mut ctx);
        (
            n,
            String::from_utf8(ctx.path.clone()).unwrap(),
            ctx.location.clone(),
        )
    }

    #[test]
    fn dot_segments_resolve_like_whatwg() {
        let o = PathOptions::default();
        assert_eq!(run("/a/b/../c", &o).1, "/a/c");
        assert_eq!(run("/a/%2e%2E/c", &o).1, "/c");
        assert_eq!(run("/../../x", &o).1, "/x");
        assert_eq!(run("/a/./b", &o).1, "/a/b");
        assert_eq!(run("/a/.%2e", &o).1, "/");
        assert_eq!(run("/a/b/.", &o).0, Normalized::Redirect); // → /a/b/ → 308 /a/b
        assert_eq!(run("/a/b/.", &o).2, "/a/b");
        assert_eq!(run("/a/..b", &o).1, "/a/..b");
    }

    #[test]
    fn backslashes_and_double_slashes_redirect() {
        let o = PathOptions::default();
        assert_eq!(run("//evil.com", &o).2, "/evil.com");
        assert_eq!(run("/\\evil.com", &o).2, "/evil.com");
        assert_eq!(run("\\\\evil.com/x?q=1", &o).2, "/evil.com/x?q=1");
        assert_eq!(run("/a//b///c?x", &o).2, "/a/b/c?x");
    }

    #[test]
    fn trailing_slash_rules() {
        let off = PathOptions::default();
        assert_eq!(run("/about/", &off).2, "/about");
        assert_eq!(run("/", &off).0, Normalized::Ok);
        let on = PathOptions {
            trailing_slash: true,
            ..Default::default()
        };
        assert_eq!(run("/about", &on).2, "/about/");
        assert_eq!(run("/about/", &on).0, Normalized::Ok);
        assert_eq!(run("/file.txt", &on).0, Normalized::Ok);
        assert_eq!(run("/file.txt/", &on).2, "/file.txt");
        assert_eq!(run("/.well-known/x", &on).0, Normalized::Ok);
        assert_eq!(run("/a/foo.", &on).0, Normalized::Ok);
    }

    #[test]
    fn strict_decoding() {
        let mut out = Vec::new();
        assert!(decode_segment(b"a%20b", &mut out));
        assert_eq!(out, b"a b");
        out.clear();
        assert!(!decode_segment(b"%zz", &mut out));
        out.clear();
        assert!(!decode_segment(b"%E0%A4", &mut out));
        out.clear();
        assert!(decode_segment(b"a%2Fb", &mut out));
        assert_eq!(out, b"a/b");
    }

    #[test]
    fn rejects_bad_targets() {
        let o = PathOptions::default();
        assert_eq!(run("no-slash", &o).0, Normalized::Reject(400));
        assert_eq!(run("/a b", &o).0, Normalized::Reject(400));
        assert_eq!(run("/a\r\nb", &o).0, Normalized::Reject(400));
        let long = format!("/{}", "a".repeat(9000));
        assert_eq!(run(&long, &o).0, Normalized::Reject(414));
        let many = "/a".repeat(300);
        assert_eq!(run(&many, &o).0, Normalized::Reject(414));
    }
}
