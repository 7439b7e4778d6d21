//! `has` / `missing` conditions (ROUTING.md §4, §5) with Next.js's value semantics:
//! `value` is matched as the regex `^<value>$` (so `a|b` reads as `^a|b$`, as in Next.js);
//! an empty value never satisfies a condition; the first cookie and the last query value win;
//! the host is compared without its port, lower-cased.

use crate::context::Context;
use crate::syntax::jsregex;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;

/// What a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    /// A request header (name compared case-insensitively).
    Header,
    /// A cookie from the `Cookie` header(s).
    Cookie,
    /// A query parameter.
    Query,
    /// The host, without port.
    Host,
}

impl ConditionKind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKind::Header => "header",
            ConditionKind::Cookie => "cookie",
            ConditionKind::Query => "query",
            ConditionKind::Host => "host",
        }
    }
    /// Parses the JSON name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "header" => ConditionKind::Header,
            "cookie" => ConditionKind::Cookie,
            "query" => ConditionKind::Query,
            "host" => ConditionKind::Host,
            _ => return None,
        })
    }
}

/// A `has` / `missing` item as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionSpec {
    /// What to read.
    pub kind: ConditionKind,
    /// Header, cookie or query name (unused for `host`).
    pub key: String,
    /// A JavaScript regex the whole value must match; `None`: present and non-empty.
    pub value: Option<String>,
}

/// A compiled condition.
#[derive(Debug)]
pub(crate) struct Condition {
    kind: ConditionKind,
    key: Box<str>,
    value: Option<Regex>,
    /// Whether `value` has named groups (their captures become params).
    named_groups: bool,
    /// Param name for a condition without `value` (Next.js `getSafeParamName`).
    safe_name: Box<str>,
    /// Unique id of `value` (keys the context's reusable capture slots).
    id: u64,
}

impl Condition {
    pub fn compile(spec: &ConditionSpec) -> Result<Condition, String> {
        let key: Box<str> = match spec.kind {
            ConditionKind::Header => spec.key.to_ascii_lowercase().into(),
            _ => spec.key.as_str().into(),
        };
        if spec.kind != ConditionKind::Host && key.is_empty() {
            return Err(format!(
                "a {} condition needs a non-empty key",
                spec.kind.as_str()
            ));
        }
        let value = match &spec.value {
            None => None,
            Some(v) if v.is_empty() => None,
            Some(v) => {
                let translated = jsregex::translate(v)
                    .map_err(|e| format!("value '{v}': {} at offset {}", e.message, e.offset))?;
                Some(
                    Regex::new(&format!("^{translated}$"))
                        .map_err(|e| format!("value '{v}' is not a valid regex: {e}"))?,
                )
            }
        };
        let safe_name = match spec.kind {
            ConditionKind::Host => "host".into(),
            _ => key.chars().filter(|c| c.is_ascii_alphabetic()).collect(),
        };
        let named_groups = value.as_ref().is_some_and(|re| {
            re.group_info()
                .pattern_names(regex_automata::PatternID::ZERO)
                .any(|n| n.is_some())
        });
        Ok(Condition {
            kind: spec.kind,
            key,
            value,
            named_groups,
            safe_name,
            id: crate::rules::next_regex_id(),
        })
    }

    /// Names of params this condition provides to destinations.
    pub fn param_names(&self) -> Vec<String> {
        match &self.value {
            None => vec![self.safe_name.to_string()],
            Some(re) => {
                let names: Vec<String> = re
                    .group_info()
                    .pattern_names(regex_automata::PatternID::ZERO)
                    .flatten()
                    .map(str::to_owned)
                    .collect();
                if names.is_empty() && self.kind == ConditionKind::Host {
                    vec!["host".into()]
                } else {
                    names
                }
            }
        }
    }
}

/// The request as conditions see it.
pub(crate) struct Inputs<'r> {
    pub headers: &'r [(&'r [u8], &'r [u8])],
    pub host: Option<&'r [u8]>,
}

/// Whether a header name is one of the internal ones a client may never set: Next.js's
/// `INTERNAL_HEADERS` (`x-middleware-*`, `x-nextjs-data`, `x-matched-path`,
/// `x-now-route-matches`, `next-resume`, `x-next-resume-state-length`), every `x-nextjs-*`,
/// and the `x-invoke-*` headers earlier Next.js versions trusted between their processes.
pub(crate) fn is_internal_header(name: &[u8]) -> bool {
    // Every internal name starts with `x` or `n`: most fields are told apart by one byte.
    if !matches!(name.first(), Some(b'x' | b'X' | b'n' | b'N')) {
        return false;
    }
    let starts = |p: &[u8]| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p);
    starts(b"x-middleware-")
        || starts(b"x-nextjs-")
        || starts(b"x-invoke-")
        || [
            &b"x-matched-path"[..],
            b"x-now-route-matches",
            b"next-resume",
            b"x-next-resume-state-length",
        ]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// Evaluates every `has` (all must hold) and `missing` (none may hold) condition, recording
/// what was read in `vary` and captured values as params. `false` when they do not hold.
pub(crate) fn check(
    has: &[Condition],
    missing: &[Condition],
    inputs: &Inputs<'_>,
    ctx: &mut Context,
) -> bool {
    let mark = ctx.rule.params.len();
    let ok = has.iter().all(|c| eval(c, inputs, ctx, true))
        && !missing.iter().any(|c| eval(c, inputs, ctx, false));
    if !ok {
        ctx.rule.truncate_params(mark);
    }
    ok
}

fn eval(c: &Condition, inputs: &Inputs<'_>, ctx: &mut Context, capture: bool) -> bool {
    ctx.rule.scratch.clear();
    let found: Found = match c.kind {
        ConditionKind::Header => {
            ctx.answer.add_vary(&c.key);
            header_value(inputs.headers, c.key.as_bytes(), &mut ctx.rule.scratch).into()
        }
        ConditionKind::Cookie => {
            ctx.answer.add_vary("cookie");
            cookie_value(
                inputs.headers,
                &c.key,
                &mut ctx.rule.scratch,
                &mut ctx.rule.scratch_bytes,
            )
            .into()
        }
        ConditionKind::Host => {
            ctx.answer.add_vary("host");
            host_value(inputs, ctx).into()
        }
        ConditionKind::Query => query_value(ctx, &c.key),
    };
    // Next.js: an empty value is "not present" (but a repeated query key is an array, which
    // is present even when its last value is empty).
    match found {
        Found::No => return false,
        Found::Value if ctx.rule.scratch.is_empty() => return false,
        _ => {}
    }
    let value = std::mem::take(&mut ctx.rule.scratch);
    let result = match &c.value {
        None => {
            if capture {
                ctx.rule.push_param(&c.safe_name, &value, None, false);
            }
            true
        }
        Some(re) if !(capture && c.named_groups) => {
            let hit = re.is_match(value.as_str());
            if hit && capture && c.kind == ConditionKind::Host {
                ctx.rule.push_param("host", &value, None, false);
            }
            hit
        }
        Some(re) => {
            // Named groups: their values become params.
            let mut caps: Captures = ctx.rule.take_captures(c.id, re);
            re.captures(value.as_str(), &mut caps);
            if caps.is_match() {
                let names = re
                    .group_info()
                    .pattern_names(regex_automata::PatternID::ZERO);
                for (i, name) in names.enumerate() {
                    if let (Some(name), Some(span)) = (name, caps.get_group(i)) {
                        ctx.rule.push_param(name, &value[span.range()], None, false);
                    }
                }
            }
            let hit = caps.is_match();
            ctx.rule.return_captures(c.id, caps);
            hit
        }
    };
    ctx.rule.scratch = value;
    result
}

/// Headers Node.js keeps only the first of when repeated.
const SINGLE_VALUED: &[&str] = &[
    "age",
    "authorization",
    "content-length",
    "content-type",
    "etag",
    "expires",
    "from",
    "host",
    "if-modified-since",
    "if-unmodified-since",
    "last-modified",
    "location",
    "max-forwards",
    "proxy-authorization",
    "referer",
    "retry-after",
    "server",
    "user-agent",
];

/// Header `name` as Node.js presents it (what Next.js reads): repeated values joined with
/// `", "` (`"; "` for `cookie`), or only the first for single-valued headers.
pub(crate) fn header_value(headers: &[(&[u8], &[u8])], name: &[u8], out: &mut String) -> bool {
    if is_internal_header(name) {
        return false;
    }
    let single = SINGLE_VALUED
        .iter()
        .any(|h| h.as_bytes().eq_ignore_ascii_case(name));
    let sep = if name.eq_ignore_ascii_case(b"cookie") {
        "; "
    } else {
        ", "
    };
    let mut found = false;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            if found {
                if single {
                    break;
                }
                out.push_str(sep);
            }
            // Node.js trims a field value's surrounding whitespace (RFC 9110 §5.5: it is
            // not part of the value): a value of only spaces is empty, so not present.
            out.push_str(String::from_utf8_lossy(v).trim_matches([' ', '\t']));
            found = true;
        }
    }
    found
}

/// The first cookie called `name` (as the `cookie` package parses it), decoded with
/// `decodeURIComponent` when that succeeds.
fn cookie_value(
    headers: &[(&[u8], &[u8])],
    name: &str,
    out: &mut String,
    tmp: &mut Vec<u8>,
) -> bool {
    for (n, v) in headers {
        if !n.eq_ignore_ascii_case(b"cookie") {
            continue;
        }
        for pair in v.split(|&b| b == b';') {
            let Some(eq) = pair.iter().position(|&b| b == b'=') else {
                continue;
            };
            if pair[..eq].trim_ascii() != name.as_bytes() {
                continue;
            }
            let mut value = pair[eq + 1..].trim_ascii();
            if value.len() >= 2 && value[0] == b'"' && value[value.len() - 1] == b'"' {
                value = &value[1..value.len() - 1];
            }
            tmp.clear();
            if memchr::memchr(b'%', value).is_some()
                && crate::input::percent::decode_strict(value, tmp)
            {
                value = tmp.as_slice();
            }
            out.push_str(&String::from_utf8_lossy(value));
            return true;
        }
    }
    false
}

fn host_value(inputs: &Inputs<'_>, ctx: &mut Context) -> bool {
    let mut host = String::new();
    std::mem::swap(&mut host, &mut ctx.rule.scratch);
    // An absolute-form target's authority wins over any Host (RFC 9112 §3.2.2: the server
    // MUST ignore the Host header then); otherwise the host's own value, then the header.
    let found = if ctx.input.host_from_target {
        host.push_str(&ctx.input.host);
        true
    } else if let Some(h) = inputs.host {
        host.push_str(String::from_utf8_lossy(h).trim_matches([' ', '\t']));
        true
    } else {
        header_value(inputs.headers, b"host", &mut host)
    };
    canonical_host(&mut host);
    ctx.rule.scratch = host;
    found
}

/// The host as a `has: host` condition compares it, so that no spelling of one host skips a
/// rule: without the port (`[v6]:port` keeps its brackets), without one trailing dot
/// (`example.com.` is the same DNS name), lower case.
fn canonical_host(host: &mut String) {
    let end = if host.starts_with('[') {
        host.find(']').map_or(host.len(), |i| i + 1)
    } else {
        host.find(':').unwrap_or(host.len())
    };
    host.truncate(end);
    if host.ends_with('.') {
        host.pop();
    }
    host.make_ascii_lowercase();
}

/// The last value of query key `key`.
fn query_value(ctx: &mut Context, key: &str) -> Found {
    let mut found = None;
    let mut count = 0;
    for p in &ctx.query.pairs {
        if p.key.in_bytes(&ctx.query.bytes) == key.as_bytes() {
            found = Some(*p);
            count += 1;
        }
    }
    match found {
        Some(p) => {
            let v = p.value.in_bytes(&ctx.query.bytes);
            let text = std::str::from_utf8(v).unwrap_or("");
            ctx.rule.scratch.push_str(text);
            if count > 1 {
                Found::Array
            } else {
                Found::Value
            }
        }
        None => Found::No,
    }
}

/// Whether a condition's input exists, and in which shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    No,
    Value,
    /// A repeated query key: present even when empty.
    Array,
}

impl From<bool> for Found {
    fn from(b: bool) -> Found {
        if b { Found::Value } else { Found::No }
    }
}
