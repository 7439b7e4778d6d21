//! The one path cleaner: request target → canonical path, decoded segments and query, or the
//! redirect / error that answers it (ROUTING.md §2). Every matcher reads what this produces.

use crate::context::Context;
use crate::context::request::RequestInput;
use crate::input::percent;
use crate::limits::Limits;
use crate::path_bytes::{CLASS, PLAIN, QUESTION, SLASH_OR_DOT, query_is_plain, zero_bytes};
use crate::reason::Reason;
use crate::routes::tree::SegSpan;
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
    /// The basePath's segments (its `/` count), counted once at build.
    pub base_segments: usize,
    pub trailing_slash: bool,
    pub skip_trailing_slash_redirect: bool,
}

impl PathOptions {
    pub(crate) fn new(base_path: &str, trailing_slash: bool, skip_redirect: bool) -> Self {
        PathOptions {
            base_path: base_path.into(),
            base_segments: base_path.bytes().filter(|&b| b == b'/').count(),
            trailing_slash,
            skip_trailing_slash_redirect: skip_redirect,
        }
    }
}

/// What normalization concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Normalized {
    /// `ctx.input.path` holds the canonical path (segments are split on demand).
    Ok,
    /// The path is outside `basePath`.
    OutsideBasePath,
    /// A 308 to `ctx.answer.location`.
    Redirect,
    /// Answer with this status (400, 414), for this reason.
    Reject(u16, Reason),
}

/// Splits and cleans `target` into `ctx`.
#[inline(always)] // its one caller, `engine::decide`, is the request path
pub(crate) fn normalize(
    target: &[u8],
    opts: &PathOptions,
    limits: &Limits,
    ctx: &mut Context,
) -> Normalized {
    if target.len() > limits.max_target_bytes {
        return Normalized::Reject(414, Reason::LimitTargetBytes);
    }
    // The scan keeps no more segments than a path under the limit has (the basePath's, the
    // app path's, an empty one after a trailing slash): a longer path is a 414 in `finish`,
    // and a hostile target never grows the context past what the limit allows.
    let most = limits
        .max_segments
        .saturating_add(opts.base_segments)
        .saturating_add(1);
    match plain_path_end(target, &mut ctx.input.spans, most) {
        Some(end) => {
            // What `clean_general` computes for such a target: path and query unchanged, and
            // segments that need no decoding (the scan found them: `finish` trims them to
            // the app path).
            ctx.input.path.extend_from_slice(&target[..end]);
            ctx.input.segmented = true;
            ctx.input.spans_in_path = true;
            keep_query(target, end, ctx);
        }
        None => {
            ctx.input.spans.clear();
            if let Some(n) = clean_general(target, ctx) {
                return n;
            }
        }
    }
    finish(opts, limits, ctx)
}

/// The general cleaner: any target. Writes the canonical path into `ctx.input.path`, or returns the
/// answer (400, or a redirect for `\` and `//`).
#[cold]
fn clean_general(target: &[u8], ctx: &mut Context) -> Option<Normalized> {
    let Ok(target) = std::str::from_utf8(target) else {
        return Some(Normalized::Reject(400, Reason::TargetNotUtf8));
    };
    if target.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Some(Normalized::Reject(400, Reason::TargetBadByte));
    }
    let target = match split_absolute(target, ctx) {
        Some(t) => t,
        None => return Some(Normalized::Reject(400, Reason::BadAbsoluteForm)),
    };
    let target = target.split_once('#').map_or(target, |(t, _)| t);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    if !path.starts_with(['/', '\\']) {
        return Some(Normalized::Reject(400, Reason::TargetNotOriginForm));
    }
    ctx.query.raw.push_str(query.unwrap_or(""));
    ctx.query.present = query.is_some_and(|q| !q.is_empty());

    if path.contains('\\') || path.contains("//") {
        write_clean_redirect(path, ctx);
        return Some(Normalized::Redirect);
    }
    resolve_dots(path, &mut ctx.input.path);
    if memchr::memchr(b'%', &ctx.input.path).is_some() {
        // The path as sent (Next.js tests middleware matchers on it): kept for the matcher.
        ctx.input.raw_path.clear();
        ctx.input
            .raw_path
            .push_str(std::str::from_utf8(&ctx.input.path).expect("validated UTF-8"));
    }
    canonicalize_escapes(&mut ctx.input.path, &mut ctx.rule.scratch_bytes);
    percent::encode_path(&mut ctx.input.path, &mut ctx.rule.scratch_bytes);
    None
}

/// basePath, trailing-slash redirects and the segment limit, on the canonical `ctx.input.path`.
///
/// The trailing-slash redirects are Next.js's internal ones: they are not prefixed by the
/// basePath, so they apply outside it too (`/other/` → `/other`, then not found), and the
/// basePath root has its own case-insensitive rule (`/DOCS/` → `/docs` without trailing slash,
/// `/docs` → `/docs/` with it).
#[inline(always)] // `normalize`'s every path ends here: one frame for the request path
fn finish(opts: &PathOptions, limits: &Limits, ctx: &mut Context) -> Normalized {
    let base = opts.base_path.as_bytes();
    let p = &ctx.input.path;
    let inside = base.is_empty()
        || (p.starts_with(base) && (p.len() == base.len() || p[base.len()] == b'/'));
    if !opts.skip_trailing_slash_redirect {
        let redirect = if !base.is_empty() && is_base_root(p, base, !opts.trailing_slash) {
            Some(BaseRootRedirect)
        } else if inside && p.len() == base.len() {
            None // the basePath root is `/`, which no rule below touches
        } else {
            let rest = if inside { &p[base.len()..] } else { &p[..] };
            trailing_slash_redirect(rest, opts.trailing_slash).map(PathRedirect)
        };
        if let Some(r) = redirect {
            let mut loc = std::mem::take(&mut ctx.answer.location);
            loc.clear();
            match r {
                BaseRootRedirect => {
                    loc.push_str(&opts.base_path);
                    if opts.trailing_slash {
                        loc.push('/');
                    }
                }
                PathRedirect(add) => {
                    let end = ctx.input.path.len() - usize::from(!add);
                    let path =
                        std::str::from_utf8(&ctx.input.path[..end]).expect("validated UTF-8");
                    loc.extend(utf8_percent_encode(path, LOCATION));
                    if add {
                        loc.push('/');
                    }
                }
            }
            push_query(&mut loc, ctx);
            ctx.answer.location = loc;
            return Normalized::Redirect;
        }
    }
    if !inside {
        ctx.input.base_len = 0;
        ctx.input.match_end = ctx.input.path.len();
        ctx.input.forget_segments();
        return Normalized::OutsideBasePath;
    }
    ctx.input.base_len = base.len();
    if ctx.input.path.len() == base.len() {
        ctx.input.path.push(b'/');
    }
    let rest_has_slash =
        ctx.input.path.len() - ctx.input.base_len > 1 && ctx.input.path.ends_with(b"/");
    ctx.input.match_end = ctx.input.path.len() - usize::from(rest_has_slash);
    if ctx.input.spans_in_path {
        trim_scanned_spans(&mut ctx.input, opts.base_segments, rest_has_slash);
    }

    // Segments of an escaped path are split (and percent-decoded) only when the route tree
    // needs them: a fully static route is found by the whole path. The limit is enforced here
    // all the same (the plain scan kept at most the segments a path under it has).
    // Each segment takes at least one byte (its `/`), so only a long path can be over.
    let rest = &ctx.input.path[ctx.input.base_len..ctx.input.match_end];
    if rest.len() > limits.max_segments
        && rest.iter().filter(|&&b| b == b'/').count() > limits.max_segments
    {
        return Normalized::Reject(414, Reason::LimitSegments);
    }
    Normalized::Ok
}

/// The fast path: for an origin-form target of printable ASCII without a fragment whose path
/// has no `%`, `\\`, `//` or segment starting with `.`, the general cleaner would copy the path
/// and query unchanged. Returns where the path ends (the `?`, or the length), having pushed the
/// path's segments onto `spans` (positions in the target, which is the path's first bytes);
/// `None` when the general cleaner must run (`spans` then holds garbage). Keeps at most
/// `most` segments (a path with more is over the segment limit).
#[inline(always)] // the common path's whole scan: one frame for the request path
fn plain_path_end(target: &[u8], spans: &mut Vec<SegSpan>, most: usize) -> Option<usize> {
    plain_scan(target, 0, spans, most)
}

/// For a raw walk (`routes::tree::raw`) that read a plain target up to `from` (a `/`, or
/// where the path ends): where the path ends when the rest of the target is plain too and the
/// path has no trailing slash, having pushed the rest's segments onto `spans`, which keeps at
/// most `most` (a bound on what is kept: the caller holds the path to the segment limit).
/// `None` when the general way must decide.
pub(crate) fn plain_rest(
    target: &[u8],
    from: usize,
    spans: &mut Vec<SegSpan>,
    most: usize,
) -> Option<usize> {
    let end = if matches!(target.get(from), None | Some(b'?')) {
        query_is_plain(target, from).then_some(from)?
    } else {
        plain_scan(target, from, spans, most)?
    };
    (end < 2 || target[end - 1] != b'/').then_some(end)
}

/// [`plain_path_end`] from `target[from]`, a `/` (the bytes before it are known plain).
#[inline(always)]
fn plain_scan(target: &[u8], from: usize, spans: &mut Vec<SegSpan>, most: usize) -> Option<usize> {
    if target.get(from) != Some(&b'/') {
        return None;
    }
    let mut seg_start = from as u32 + 1;
    let mut push = |slash: usize| {
        if spans.len() < most {
            spans.push(SegSpan {
                start: seg_start,
                end: slash as u32,
                valid: true,
            });
        }
        seg_start = slash as u32 + 1;
    };
    // Whole words that need no closer look, 8 bytes at a time (one table read per byte for
    // the bytes `CLASS` does not call plain or slash-or-dot); the byte loop below starts at the
    // first word that does (or at the tail).
    let mut start = from;
    while let Some(word) = target.get(start..start + 8) {
        let look = word.iter().fold(0u64, |a, &b| {
            a | u64::from(CLASS[b as usize] > SLASH_OR_DOT)
        });
        if look != 0 {
            break;
        }
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        let mut m = zero_bytes(w ^ 0x2f2f_2f2f_2f2f_2f2f);
        while m != 0 {
            let at = start + m.trailing_zeros() as usize / 8;
            // An empty segment or one starting with `.` (`//`, `/.`): the general cleaner's.
            if matches!(target.get(at + 1), Some(b'/' | b'.')) {
                return None;
            }
            if at > from {
                push(at);
            }
            m &= m - 1;
        }
        start += 8;
    }
    let mut prev = if start > 0 { target[start - 1] } else { 0 };
    let mut end = target.len();
    for (i, &b) in target.iter().enumerate().skip(start) {
        match CLASS[b as usize] {
            PLAIN => {}
            SLASH_OR_DOT if prev != b'/' => {
                if b == b'/' && i > from {
                    push(i);
                }
            }
            QUESTION => {
                end = i;
                break;
            }
            _ => return None,
        }
        prev = b;
    }
    if !query_is_plain(target, end) {
        return None;
    }
    push(end);
    Some(end)
}

/// Keeps the plain query of `target` (after the `?` at `end`, if any) as sent.
#[inline]
pub(crate) fn keep_query(target: &[u8], end: usize, ctx: &mut Context) {
    if end < target.len() {
        let query = std::str::from_utf8(&target[end + 1..]).expect("checked ASCII");
        ctx.query.raw.push_str(query);
        ctx.query.present = !query.is_empty();
    }
}

/// Trims the segments [`plain_path_end`] found in the whole path to those of the app path
/// `path[base_len..match_end]`: without the basePath's, and without the empty one after a
/// trailing slash. The root has none.
#[inline(always)] // called once per plain path, from `finish`
fn trim_scanned_spans(input: &mut RequestInput, base_segments: usize, rest_has_slash: bool) {
    if input.match_end - input.base_len <= 1 {
        input.spans.clear();
        return;
    }
    if rest_has_slash {
        input.spans.pop();
    }
    if base_segments > 0 {
        input.spans.drain(..base_segments);
    }
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
    ctx.input.host.clear();
    ctx.input.host.push_str(authority);
    ctx.input.host_from_target = true;
    let path = &rest[end..];
    Some(if path.is_empty() { "/" } else { path })
}

/// Writes the 308 target for a path with `\` or `//`: backslashes become `/`, runs collapse.
fn write_clean_redirect(path: &str, ctx: &mut Context) {
    let mut clean = std::mem::take(&mut ctx.answer.location);
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
    ctx.answer.location = clean;
}

fn push_query(loc: &mut String, ctx: &Context) {
    if ctx.query.present {
        loc.push('?');
        loc.extend(utf8_percent_encode(&ctx.query.raw, LOCATION));
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
/// the hex of the others, so one spelling of a path reaches every matcher. A path with a
/// malformed escape is left as sent (it is malformed anyway: its segments do not decode).
fn canonicalize_escapes(path: &mut Vec<u8>, scratch: &mut Vec<u8>) {
    if memchr::memchr(b'%', path).is_none() {
        return;
    }
    scratch.clear();
    let unreserved = |v: u8| v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~');
    if percent::decode_escapes_where(path, scratch, unreserved) {
        path.clear();
        path.extend_from_slice(scratch);
    }
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

/// Which internal trailing-slash redirect applies.
enum TrailingSlashRedirect {
    /// The basePath root, to `<basePath>` or `<basePath>/`.
    BaseRootRedirect,
    /// Any other path: `true` adds a slash, `false` drops it.
    PathRedirect(bool),
}
use TrailingSlashRedirect::{BaseRootRedirect, PathRedirect};

/// Whether `path` is the basePath root in the form that gets redirected (`<basePath>/` when
/// `with_slash`, else `<basePath>`), compared ASCII case-insensitively as Next.js's
/// (case-insensitive) redirect source is.
fn is_base_root(path: &[u8], base: &[u8], with_slash: bool) -> bool {
    let want = base.len() + usize::from(with_slash);
    path.len() == want
        && path[..base.len()].eq_ignore_ascii_case(base)
        && (!with_slash || path[base.len()] == b'/')
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

/// The decoded segments of the app path, split on first use: a fully static route is found
/// by the whole path and never needs them.
pub(crate) fn segments(ctx: &mut Context) -> crate::routes::tree::Segments<'_> {
    // A raw walk's spans are its params' alone; it settles its decision without asking here.
    debug_assert!(!ctx.input.spans_are_params);
    if !ctx.input.segmented {
        split_segments(ctx, usize::MAX);
    }
    crate::routes::tree::Segments {
        decoded: ctx.input.segment_buffer(),
        spans: &ctx.input.spans,
    }
}

/// Splits `ctx.input.path[base_len..match_end]` into percent-decoded segments. `false` over the limit.
pub(crate) fn split_segments(ctx: &mut Context, max_segments: usize) -> bool {
    let crate::context::request::RequestInput {
        path,
        decoded,
        spans,
        segmented,
        base_len,
        match_end,
        ..
    } = &mut ctx.input;
    *segmented = true;
    let rest = &path[*base_len..*match_end];
    if rest.len() <= 1 {
        return true;
    }
    let rest = &rest[1..];
    // Optimistically nothing to decode: one copy, then a span per `/`, found 8 bytes at a
    // time; undone for the general loop below if a `%` turns up.
    let (offset, first_span) = (decoded.len(), spans.len());
    decoded.extend_from_slice(rest);
    let mut start = offset as u32;
    let mut over = false;
    let mut push = |end: u32| {
        if spans.len() == max_segments {
            over = true;
        } else {
            spans.push(SegSpan {
                start,
                end,
                valid: true,
            });
        }
        start = end + 1;
    };
    let mut chunks = rest.chunks_exact(8);
    let mut at = offset as u32;
    let mut escapes = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        escapes |= zero_bytes(w ^ 0x2525_2525_2525_2525);
        let mut m = zero_bytes(w ^ 0x2f2f_2f2f_2f2f_2f2f);
        while m != 0 {
            push(at + m.trailing_zeros() / 8);
            m &= m - 1;
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        escapes |= u64::from(b == b'%');
        if b == b'/' {
            push(at + i as u32);
        }
    }
    push((offset + rest.len()) as u32);
    if escapes == 0 {
        return !over;
    }
    decoded.truncate(offset);
    spans.truncate(first_span);
    for raw in rest.split(|&b| b == b'/') {
        if spans.len() == max_segments {
            return false;
        }
        let start = decoded.len();
        let valid = percent::decode_strict(raw, decoded);
        spans.push(SegSpan {
            start: start as u32,
            end: decoded.len() as u32,
            valid,
        });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(target: &str, opts: &PathOptions) -> (Normalized, String, String) {
        let mut ctx = Context::new();
        let n = normalize(target.as_bytes(), opts, &Limits::default(), &mut ctx);
        (
            n,
            String::from_utf8(ctx.input.path.clone()).unwrap(),
            ctx.answer.location.clone(),
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
    fn fast_path_agrees_with_the_general_cleaner() {
        let samples = [
            "/",
            "/a",
            "/about",
            "/about/",
            "/a/b/c?x=1&y=%20",
            "/abcdefg/",
            "/abcdefgh//x",
            "/abcdefg//x",
            "/abcdefgh/./x",
            "/abcdefg/.well-known",
            "/abcdefg/..",
            "/abcdefgh%41",
            "/abcdefgh\\x",
            "/abcdefgh#frag",
            "/abcdefgh?q#f",
            "/abcdefghijklmnop?q=\u{e9}",
            "/abcdefgh\u{e9}",
            "/abcdefgh\u{7f}",
            "/abcdefgh x",
            "/abcdefgh\tx",
            "//abcdefgh",
            "/abcdefgh/ijklmnop/qrstuvwx/",
            "/abcdefg./x",
            "/abcdefg/.x",
            "/a.b.c.d.e/f.g",
            "/abcdef/.x",
            "/abcdef//x",
            "/abcdefghijklmn/.x",
            "/abcdefghijklmn//",
            "/abcdefghijklmn/",
            "/abcdefg/",
            "/.abcdefgh",
            "/abcdefgh/ijklmno.?q=/./",
        ];
        for t in samples {
            let mut spans = Vec::new();
            let fast = plain_path_end(t.as_bytes(), &mut spans, usize::MAX);
            let mut general = Context::new();
            let answer = clean_general(t.as_bytes(), &mut general);
            if let Some(end) = fast {
                assert_eq!(answer, None, "{t:?}");
                assert_eq!(&general.input.path[..], &t.as_bytes()[..end], "{t:?}");
                assert_eq!(
                    general.query.raw.as_bytes(),
                    t.as_bytes().get(end + 1..).unwrap_or(b"")
                );
                // The scan's segments are the general split of the whole path.
                general.input.match_end = end;
                assert!(split_segments(&mut general, usize::MAX));
                let split: Vec<&[u8]> = general
                    .input
                    .spans
                    .iter()
                    .map(|s| &general.input.decoded[s.start as usize..s.end as usize])
                    .collect();
                let scanned: Vec<&[u8]> = spans
                    .iter()
                    .map(|s| &t.as_bytes()[s.start as usize..s.end as usize])
                    .collect();
                if end > 1 {
                    assert_eq!(scanned, split, "{t:?}");
                }
            }
            // Every sample with something to clean or reject must leave the fast path.
            let path = t.split('?').next().unwrap();
            let plain = !t.contains(['#', ' ', '\t', '\u{7f}', '\u{e9}'])
                && !path.contains(['%', '\\'])
                && !path.contains("//")
                && !path.contains("/.");
            assert_eq!(fast.is_some(), plain, "{t:?}");
        }
    }

    #[test]
    fn a_long_plain_path_keeps_no_more_segments_than_the_limit_allows() {
        let limits = Limits::default();
        let target = "/a".repeat(4 * limits.max_segments);
        for base in ["", "/docs"] {
            let opts = PathOptions::new(base, false, false);
            let mut ctx = Context::new();
            let t = format!("{base}{target}");
            let n = normalize(t.as_bytes(), &opts, &limits, &mut ctx);
            assert_eq!(n, Normalized::Reject(414, Reason::LimitSegments));
            assert!(
                ctx.input.spans.len() <= limits.max_segments + 2,
                "{}",
                ctx.input.spans.len()
            );
            // At the limit exactly, every segment is kept and the path is routed.
            let mut ctx = Context::new();
            let t = format!("{base}{}", "/a".repeat(limits.max_segments));
            let n = normalize(t.as_bytes(), &opts, &limits, &mut ctx);
            assert_eq!(n, Normalized::Ok);
            assert_eq!(ctx.input.spans.len(), limits.max_segments);
        }
    }

    #[test]
    fn splits_segments_across_words() {
        for path in [
            "/a",
            "/abcdefg/h",
            "/abcdefgh/ijklmnopq/r/",
            "/x/%41bcdefgh/i%2Fj/k",
            "/1234567/1234567/1234567/1234567",
        ] {
            let mut ctx = Context::new();
            ctx.input.path.extend_from_slice(path.as_bytes());
            ctx.input.match_end = path.len() - usize::from(path.ends_with('/'));
            assert!(split_segments(&mut ctx, 256));
            let got: Vec<String> = ctx
                .input
                .spans
                .iter()
                .map(|s| {
                    String::from_utf8(ctx.input.decoded[s.start as usize..s.end as usize].to_vec())
                        .unwrap()
                })
                .collect();
            let want: Vec<String> = path[1..ctx.input.match_end]
                .split('/')
                .map(|s| {
                    let mut out = Vec::new();
                    assert!(percent::decode_strict(s.as_bytes(), &mut out));
                    String::from_utf8(out).unwrap()
                })
                .collect();
            assert_eq!(got, want, "{path}");
        }
        let mut ctx = Context::new();
        ctx.input
            .path
            .extend_from_slice("/a".repeat(300).as_bytes());
        ctx.input.match_end = ctx.input.path.len();
        assert!(!split_segments(&mut ctx, 256));
    }

    #[test]
    fn paths_are_percent_encoded_as_whatwg_does() {
        let o = PathOptions::default();
        assert_eq!(run("/a<b>\"c`{d}", &o).1, "/a%3Cb%3E%22c%60%7Bd%7D");
        assert_eq!(run("/日/x?q=<", &o).1, "/%E6%97%A5/x");
        assert_eq!(
            run("/longer-than-eight-<x>", &o).1,
            "/longer-than-eight-%3Cx%3E"
        );
        assert_eq!(run("/%61bc%2fx%e2%82%ac", &o).1, "/abc%2Fx%E2%82%AC");
    }

    #[test]
    fn strict_decoding() {
        let mut out = Vec::new();
        assert!(percent::decode_strict(b"a%20b", &mut out));
        assert_eq!(out, b"a b");
        out.clear();
        assert!(!percent::decode_strict(b"%zz", &mut out));
        out.clear();
        assert!(!percent::decode_strict(b"%E0%A4", &mut out));
        out.clear();
        assert!(percent::decode_strict(b"a%2Fb", &mut out));
        assert_eq!(out, b"a/b");
    }

    #[test]
    fn rejects_bad_targets() {
        let o = PathOptions::default();
        assert_eq!(
            run("no-slash", &o).0,
            Normalized::Reject(400, Reason::TargetNotOriginForm)
        );
        assert_eq!(
            run("/a b", &o).0,
            Normalized::Reject(400, Reason::TargetBadByte)
        );
        assert_eq!(
            run("/a\r\nb", &o).0,
            Normalized::Reject(400, Reason::TargetBadByte)
        );
        let long = format!("/{}", "a".repeat(9000));
        assert_eq!(
            run(&long, &o).0,
            Normalized::Reject(414, Reason::LimitTargetBytes)
        );
        let many = "/a".repeat(300);
        assert_eq!(
            run(&many, &o).0,
            Normalized::Reject(414, Reason::LimitSegments)
        );
    }
}
