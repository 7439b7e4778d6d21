//! Middleware and `next.config`-style rules: what the host declares (`*Spec` types) and their
//! compiled, linear-time form.
//!
//! Sources are path-to-regexp patterns compiled by [`crate::syntax::p2r`] to linear-time regexes. Each
//! phase indexes its rules by the literal segments their sources start with, so a request
//! tests only the rules whose prefix it has, whatever the number of rules.

pub(crate) mod conditions;
pub(crate) mod destination;
pub(crate) mod intercept;

use crate::context::rule::RuleScratch;
use crate::routes::dict::Dict;
use crate::routes::methods::{Method, MethodSet};
use crate::routes::tree::NONE;
use crate::rules::conditions::{Condition, ConditionSpec};
use crate::rules::destination::Destination;
use crate::syntax::p2r::{self, KeyName, RegexOptions};
use regex_automata::meta::Regex;

/// One entry of the middleware `config.matcher`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatcherSpec {
    /// A path-to-regexp source (case-sensitive), e.g. `/dashboard/:path*`.
    pub source: String,
    /// Conditions that must all hold.
    pub has: Vec<ConditionSpec>,
    /// Conditions none of which may hold.
    pub missing: Vec<ConditionSpec>,
    /// `locale: false` (accepted; routecore has no i18n routing).
    pub locale: Option<bool>,
}

/// The terminal effect of a middleware rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    /// Redirect (307 by default, 308 when permanent, or an explicit 3xx status).
    Redirect {
        /// Path or absolute URL, with `:param` references.
        destination: String,
        /// The status code.
        status: u16,
    },
    /// Rewrite to an internal path, or proxy to an absolute URL.
    Rewrite {
        /// Path or absolute URL, with `:param` references.
        destination: String,
    },
    /// Answer directly.
    Respond {
        /// Status code.
        status: u16,
        /// Response headers.
        headers: Vec<(String, String)>,
        /// Response body.
        body: Option<String>,
    },
}

/// One declarative middleware rule (ROUTING.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MiddlewareRule {
    /// `if.source`: a path-to-regexp source (middleware semantics: case-sensitive).
    pub source: Option<String>,
    /// `if.has`.
    pub has: Vec<ConditionSpec>,
    /// `if.missing`.
    pub missing: Vec<ConditionSpec>,
    /// `if.methods`: exact method names; empty means any. GET includes HEAD (served by GET).
    pub methods: Vec<String>,
    /// `setRequestHeaders`.
    pub set_request_headers: Vec<(String, String)>,
    /// `deleteRequestHeaders`.
    pub delete_request_headers: Vec<String>,
    /// `requestHeaders`: replaces the whole request header set.
    pub request_headers: Option<Vec<(String, String)>>,
    /// `setResponseHeaders`.
    pub set_response_headers: Vec<(String, String)>,
    /// `setCookies`: `Set-Cookie` values.
    pub set_cookies: Vec<String>,
    /// At most one terminal effect.
    pub action: Option<RuleAction>,
}

/// The middleware: its matcher and its rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MiddlewareSpec {
    /// `config.matcher`; `None` runs it for every request (except `/_next/*` assets).
    pub matcher: Option<Vec<MatcherSpec>>,
    /// Ordered rules; without any, middleware just runs (`middleware: true`).
    pub rules: Vec<MiddlewareRule>,
    /// Where it was declared (`middleware.ts`, `routecore.json`), for messages.
    pub file: Option<String>,
}

/// A `headers()` entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderRule {
    /// path-to-regexp source (case-insensitive unless `caseSensitiveRoutes`).
    pub source: String,
    /// Headers to set; values may hold `:param` references.
    pub headers: Vec<(String, String)>,
    /// `has` conditions.
    pub has: Vec<ConditionSpec>,
    /// `missing` conditions.
    pub missing: Vec<ConditionSpec>,
    /// `basePath: false` sets this to `false`: the source is not prefixed with the basePath.
    pub base_path: bool,
}

/// A `redirects()` entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RedirectRule {
    /// path-to-regexp source.
    pub source: String,
    /// Path or absolute URL.
    pub destination: String,
    /// `statusCode`, or 308/307 from `permanent`.
    pub status: u16,
    /// `has` conditions.
    pub has: Vec<ConditionSpec>,
    /// `missing` conditions.
    pub missing: Vec<ConditionSpec>,
    /// `basePath: false` sets this to `false`.
    pub base_path: bool,
}

/// A `rewrites()` entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RewriteRule {
    /// path-to-regexp source.
    pub source: String,
    /// Internal path or absolute URL (a proxy).
    pub destination: String,
    /// `has` conditions.
    pub has: Vec<ConditionSpec>,
    /// `missing` conditions.
    pub missing: Vec<ConditionSpec>,
    /// `basePath: false` sets this to `false`.
    pub base_path: bool,
}

/// Every rule of a router.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RulesSpec {
    /// The middleware, if the project has one.
    pub middleware: Option<MiddlewareSpec>,
    /// `headers()`.
    pub headers: Vec<HeaderRule>,
    /// `redirects()`.
    pub redirects: Vec<RedirectRule>,
    /// `rewrites().beforeFiles`.
    pub before_files: Vec<RewriteRule>,
    /// `rewrites().afterFiles` (a plain array means these).
    pub after_files: Vec<RewriteRule>,
    /// `rewrites().fallback`.
    pub fallback: Vec<RewriteRule>,
}

impl RulesSpec {
    /// How many rules in all (for the `maxRules` limit).
    pub fn count(&self) -> usize {
        let mw = self.middleware.as_ref().map_or(0, |m| {
            m.rules.len() + m.matcher.as_ref().map_or(0, Vec::len)
        });
        mw + self.headers.len()
            + self.redirects.len()
            + self.before_files.len()
            + self.after_files.len()
            + self.fallback.len()
    }
}

/// A compiled source.
#[derive(Debug)]
pub(crate) struct Source {
    /// Without lookaheads: a superset, with one group per key (for captures).
    regex: Regex,
    /// The lookahead idiom's variants (regex, must-not-match regex); empty without one.
    variants: Vec<(Regex, Option<Regex>)>,
    /// Param names (unnamed keys are dropped, as Next.js's `removeUnnamedParams` does) and
    /// the list separator of `*` / `+` keys.
    keys: Vec<(Option<Box<str>>, Option<u8>)>,
    /// The literal path segments every match starts with (the phase's index key).
    prefix: Vec<Box<str>>,
    /// Unique id (keys the context's reusable capture slots).
    id: u64,
}

/// A process-wide unique id for a compiled regex.
pub(crate) fn next_regex_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn build_regex(src: &str) -> Result<Regex, String> {
    Regex::builder()
        .syntax(regex_automata::util::syntax::Config::new().utf8(true))
        .build(src)
        .map_err(|e| format!("compiles to an invalid regex: {e}"))
}

impl Source {
    pub fn compile(source: &str, opts: RegexOptions) -> Result<Source, String> {
        let fmt = |e: p2r::P2rError| match e.offset {
            Some(o) => format!("{} (source '{source}', offset {o})", e.message),
            None => format!("{} (source '{source}')", e.message),
        };
        let tokens = p2r::parse(source, opts.delimiter).map_err(fmt)?;
        let compiled = p2r::compile(&tokens, opts).map_err(fmt)?;
        let ci = |s: String| {
            if opts.case_insensitive && !s.starts_with("(?i)") {
                format!("(?i){s}")
            } else {
                s
            }
        };
        let mut variants = Vec::new();
        for v in compiled.variants {
            let excl = v.exclude.map(|e| build_regex(&ci(e))).transpose()?;
            variants.push((build_regex(&v.regex)?, excl));
        }
        let keys = compiled
            .keys
            .iter()
            .map(|k| {
                let name = match &k.name {
                    KeyName::Named(n) => Some(Box::from(n.as_str())),
                    KeyName::Index(_) => None,
                };
                let sep = k
                    .modifier
                    .repeats()
                    .then(|| format!("{}{}", k.suffix, k.prefix).bytes().next())
                    .flatten();
                (name, sep)
            })
            .collect();
        Ok(Source {
            regex: build_regex(&compiled.regex)?,
            variants,
            keys,
            prefix: literal_prefix(&tokens, opts.case_insensitive),
            id: next_regex_id(),
        })
    }

    /// Param names this source provides.
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().filter_map(|(n, _)| n.as_deref())
    }

    /// Whether `path` matches (without captures).
    pub fn is_match(&self, path: &str) -> bool {
        if self.variants.is_empty() {
            return self.regex.is_match(path);
        }
        self.variants
            .iter()
            .any(|(re, excl)| re.is_match(path) && !excl.as_ref().is_some_and(|x| x.is_match(path)))
    }

    /// Records the params of a match of `path` in `rule` (raw path text).
    pub fn capture(&self, path: &str, rule: &mut RuleScratch) {
        self.capture_from(path, false, rule);
    }

    /// [`Source::capture`] on the fully decoded path: each `%` in a value is escaped again.
    pub fn capture_decoded(&self, path: &str, rule: &mut RuleScratch) {
        self.capture_from(path, true, rule);
    }

    fn capture_from(&self, path: &str, decoded: bool, rule: &mut RuleScratch) {
        if self.keys.iter().all(|(n, _)| n.is_none()) {
            return;
        }
        let mut caps = rule.take_captures(self.id, &self.regex);
        self.regex.captures(path, &mut caps);
        for (i, (name, sep)) in self.keys.iter().enumerate() {
            if let (Some(name), Some(span)) = (name, caps.get_group(i + 1)) {
                let value = &path[span.range()];
                if decoded {
                    rule.push_decoded_path_param(name, value, *sep);
                } else {
                    rule.push_param(name, value, *sep, true);
                }
            }
        }
        rule.return_captures(self.id, caps);
    }
}

/// A set of rules tested against one path. The rules are indexed by the literal segments
/// their sources start with, so a request only tests the rules whose prefix it has: the cost
/// follows the path and the rules that could match, not the number of rules.
#[derive(Debug)]
pub(crate) struct Phase<R> {
    index: PrefixIndex,
    pub rules: Vec<R>,
}

impl<R> Phase<R> {
    pub fn new(rules: Vec<R>, source: impl Fn(&R) -> &Source, case_insensitive: bool) -> Phase<R> {
        let index = PrefixIndex::new(
            rules.iter().map(|r| &source(r).prefix[..]),
            case_insensitive,
        );
        Phase { index, rules }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Indexes of the rules whose source may match `path` (or `decoded`, its decoded
    /// spelling, when there is one), in order, written into `out`.
    pub fn candidates(
        &self,
        path: &str,
        decoded: Option<&str>,
        scratch: &mut String,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let mut runs = self.index.collect(path, scratch, out);
        if let Some(d) = decoded {
            runs += self.index.collect(d, scratch, out);
        }
        // One run is in rule order already (the common case: the root's rules alone).
        if runs > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

/// Rules by the literal segments their sources start with (a segment trie).
#[derive(Debug)]
pub(crate) struct PrefixIndex {
    nodes: Box<[IndexNode]>,
    case_insensitive: bool,
}

#[derive(Debug)]
struct IndexNode {
    rules: Box<[u32]>,
    /// Child node by segment text.
    children: Dict,
}

impl PrefixIndex {
    /// Indexes each rule (numbered as given) under its prefix.
    pub fn new<'a>(prefixes: impl Iterator<Item = &'a [Box<str>]>, case_insensitive: bool) -> Self {
        #[derive(Default)]
        struct Building {
            rules: Vec<u32>,
            children: rustc_hash::FxHashMap<Box<str>, u32>,
        }
        let mut nodes = vec![Building::default()];
        for (rule, prefix) in prefixes.enumerate() {
            let mut node = 0;
            for seg in prefix {
                node = match nodes[node].children.get(seg.as_ref()) {
                    Some(&c) => c as usize,
                    None => {
                        nodes.push(Building::default());
                        let c = nodes.len() - 1;
                        nodes[node].children.insert(seg.clone(), c as u32);
                        c
                    }
                };
            }
            nodes[node].rules.push(rule as u32);
        }
        let nodes = nodes
            .into_iter()
            .map(|n| IndexNode {
                rules: n.rules.into_boxed_slice(),
                children: Dict::new(
                    n.children
                        .into_iter()
                        .map(|(k, c)| (Box::from(k.as_bytes()), c))
                        .collect(),
                ),
            })
            .collect();
        PrefixIndex {
            nodes,
            case_insensitive,
        }
    }

    /// Appends every rule whose prefix `path` starts with, as runs in rule order (one per
    /// index node); returns how many non-empty runs it appended (one or none: `out`'s new
    /// part is sorted).
    pub fn collect(&self, path: &str, scratch: &mut String, out: &mut Vec<u32>) -> usize {
        let mut node = 0;
        let mut runs = usize::from(!self.nodes[0].rules.is_empty());
        out.extend_from_slice(&self.nodes[0].rules);
        for seg in segments(path.strip_prefix('/').unwrap_or(path)) {
            let n = &self.nodes[node];
            if n.children.is_empty() {
                break;
            }
            let key = if self.case_insensitive {
                scratch.clear();
                scratch.push_str(seg);
                scratch.make_ascii_lowercase();
                scratch.as_str()
            } else {
                seg
            };
            match n.children.get(key.as_bytes()) {
                NONE => break,
                c => {
                    node = c as usize;
                    runs += usize::from(!self.nodes[node].rules.is_empty());
                    out.extend_from_slice(&self.nodes[node].rules);
                }
            }
        }
        runs
    }
}

/// `s` split on `/` (a byte loop: segments are short, where `str::split` and a `memchr` call
/// per segment cost several times more).
fn segments(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'/') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The complete literal segments a source starts with (ASCII-lower-cased when the source is
/// case-insensitive; a segment with other characters ends the prefix there).
fn literal_prefix(tokens: &[p2r::Token], case_insensitive: bool) -> Vec<Box<str>> {
    let Some(p2r::Token::Text(text)) = tokens.first() else {
        return Vec::new();
    };
    let Some(body) = text.strip_prefix('/') else {
        return Vec::new();
    };
    let mut segments: Vec<&str> = body.split('/').collect();
    // The last segment is complete only when the source ends there or a `/`-prefixed
    // parameter follows; otherwise the request segment continues past it.
    let last_complete = match tokens.get(1) {
        None => true,
        Some(p2r::Token::Key(k)) => k.prefix == "/" && !k.pattern.is_empty(),
        Some(p2r::Token::Text(_)) => false,
    };
    if !last_complete || segments.last() == Some(&"") {
        segments.pop();
    }
    let mut out = Vec::new();
    for seg in segments {
        if case_insensitive && !seg.is_ascii() {
            break;
        }
        out.push(Box::from(if case_insensitive {
            seg.to_ascii_lowercase()
        } else {
            seg.to_owned()
        }));
    }
    out
}

/// The options of sources in each kind of rule.
pub(crate) fn middleware_options() -> RegexOptions {
    RegexOptions {
        delimiter: "/#?",
        strict: false,
        trailing_slash: false,
        case_insensitive: false,
        normalize_repeats: true,
    }
}

pub(crate) fn custom_route_options(case_sensitive: bool) -> RegexOptions {
    RegexOptions {
        delimiter: "/",
        strict: true,
        trailing_slash: true,
        case_insensitive: !case_sensitive,
        // `getPathMatch` compiles custom routes without `normalizeTokensForRegexp`.
        normalize_repeats: false,
    }
}

/// Compiled `has` + `missing`.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    pub has: Vec<Condition>,
    pub missing: Vec<Condition>,
}

impl Conditions {
    pub fn compile(has: &[ConditionSpec], missing: &[ConditionSpec]) -> Result<Conditions, String> {
        let c = |list: &[ConditionSpec], what: &str| {
            list.iter()
                .enumerate()
                .map(|(i, s)| Condition::compile(s).map_err(|e| format!("{what}[{i}]: {e}")))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Conditions {
            has: c(has, "has")?,
            missing: c(missing, "missing")?,
        })
    }
    /// Names of the params `has` captures.
    pub fn param_names(&self) -> Vec<String> {
        self.has.iter().flat_map(|c| c.param_names()).collect()
    }
}

/// A compiled middleware matcher entry.
#[derive(Debug)]
pub(crate) struct Matcher {
    pub source: Source,
    pub conditions: Conditions,
}

/// A compiled middleware rule.
#[derive(Debug)]
pub(crate) struct CompiledMiddlewareRule {
    pub source: Option<Source>,
    pub conditions: Conditions,
    pub methods: Option<MethodSet>,
    pub other_methods: Vec<Box<str>>,
    pub set_request_headers: Vec<(Box<str>, Box<str>)>,
    pub delete_request_headers: Vec<Box<str>>,
    pub request_headers: Option<Vec<(Box<str>, Box<str>)>>,
    pub set_response_headers: Vec<(Box<str>, Box<str>)>,
    pub set_cookies: Vec<Box<str>>,
    pub action: Option<CompiledAction>,
}

impl CompiledMiddlewareRule {
    /// Whether a match needs the source's params: only a redirect or rewrite renders them
    /// (header changes are plain text).
    pub fn captures(&self) -> bool {
        match &self.action {
            Some(CompiledAction::Redirect(d, _)) => d.refers_to_params(),
            Some(CompiledAction::Rewrite(_)) => true,
            _ => false,
        }
    }

    pub fn method_matches(&self, method: &[u8]) -> bool {
        match (&self.methods, Method::from_bytes(method)) {
            (None, _) => true,
            (Some(set), Some(m)) if set.contains(m) => true,
            _ => self.other_methods.iter().any(|o| o.as_bytes() == method),
        }
    }
}

/// A compiled terminal effect.
#[derive(Debug)]
pub(crate) enum CompiledAction {
    Redirect(Destination, u16),
    Rewrite(Destination),
    Respond {
        status: u16,
        headers: Vec<(Box<str>, Box<str>)>,
        body: Option<Box<str>>,
    },
}

/// The compiled middleware.
#[derive(Debug)]
pub(crate) struct Middleware {
    pub matchers: Option<Vec<Matcher>>,
    pub rules: Vec<CompiledMiddlewareRule>,
    /// The rules by their sources' literal prefixes (rules without a source are at the root).
    pub index: PrefixIndex,
}

/// A compiled `headers()` entry.
#[derive(Debug)]
pub(crate) struct CompiledHeaderRule {
    pub source: Source,
    pub conditions: Conditions,
    pub headers: Vec<(Box<str>, Box<str>)>,
    /// Whether a key or value may refer to a param (holds a `:`): only then are the source's
    /// params captured when the headers are written.
    pub uses_params: bool,
}

/// A compiled redirect or rewrite.
#[derive(Debug)]
pub(crate) struct CompiledRoute {
    pub source: Source,
    pub conditions: Conditions,
    pub destination: Destination,
    pub status: u16,
    pub base_path: bool,
    /// Whether a match needs the source's params: a rewrite always (it appends them to the
    /// query when its destination uses none), a redirect only when its destination refers
    /// to one.
    pub captures: bool,
}

/// Every compiled rule of a router.
#[derive(Debug)]
pub(crate) struct Rules {
    pub middleware: Option<Middleware>,
    pub headers: Phase<CompiledHeaderRule>,
    pub redirects: Phase<CompiledRoute>,
    pub before_files: Phase<CompiledRoute>,
    pub after_files: Phase<CompiledRoute>,
    pub fallback: Phase<CompiledRoute>,
}

impl Rules {
    /// Whether there is no rule at all (no middleware, headers, redirects or rewrites).
    pub fn is_empty(&self) -> bool {
        self.middleware.is_none()
            && self.headers.is_empty()
            && self.redirects.is_empty()
            && self.before_files.is_empty()
            && self.after_files.is_empty()
            && self.fallback.is_empty()
    }
}

/// A header name must be a token (`:param` references allowed); a value may not hold control
/// bytes other than HTAB.
fn check_header(name: &str, value: &str) -> Result<(), String> {
    if !crate::routes::methods::is_token(name.replace(':', "").as_bytes()) || name.is_empty() {
        return Err(format!(
            "'{}' is not a valid header name",
            name.escape_debug()
        ));
    }
    if value
        .bytes()
        .any(crate::context::answer::needs_escape_in_header)
    {
        return Err(format!(
            "the value of header '{name}' contains a control character ('{}')",
            value.escape_debug()
        ));
    }
    Ok(())
}

/// Headers that frame a message or belong to one connection (RFC 9110 §7.6.1, RFC 9112 §6):
/// only the server that writes the response may set them, so no rule does.
const FRAMING_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether a rule may never set response header `name`: a framing or hop-by-hop header.
pub(crate) fn is_framing_header(name: &str) -> bool {
    FRAMING_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether a response header name a rule built from params is refused: a framing header, or
/// `set-cookie` (a request must not be able to set cookies through a param).
pub(crate) fn is_refused_param_header(name: &str) -> bool {
    is_framing_header(name) || name.eq_ignore_ascii_case("set-cookie")
}

/// Which way a list of headers goes: response header names are checked against
/// [`FRAMING_HEADERS`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderList {
    Request,
    Response,
}

/// Checks and boxes a header list; `path(i, name)` names item `i` in messages (an array item
/// `headers[i].key`, or a map key `setResponseHeaders.name`).
fn boxed_headers(
    list: &[(String, String)],
    path: impl Fn(usize, &str) -> String,
    which: HeaderList,
    errors: &mut Vec<String>,
) -> Vec<(Box<str>, Box<str>)> {
    list.iter()
        .enumerate()
        .filter_map(|(i, (k, v))| {
            let checked = check_header(k, v).and_then(|()| {
                if which == HeaderList::Response && is_framing_header(k) {
                    Err(format!(
                        "'{k}' frames the response or belongs to one connection ({}): the server sets it, a rule may not",
                        FRAMING_HEADERS.join(", ")
                    ))
                } else {
                    Ok(())
                }
            });
            match checked {
                Ok(()) => Some((k.to_ascii_lowercase().into(), v.as_str().into())),
                Err(e) => {
                    errors.push(format!("{}: {e}", path(i, k)));
                    None
                }
            }
        })
        .collect()
}

/// Where a rule list lives in `routecore.json`, for messages.
pub(crate) struct Place<'a> {
    pub middleware: &'a str,
}

/// Compiles every rule, collecting every error (each prefixed with its JSON path).
pub(crate) fn compile(
    spec: &RulesSpec,
    base_path: &str,
    case_sensitive: bool,
    place: Place<'_>,
) -> Result<Rules, Vec<String>> {
    let mut errors = Vec::new();
    let custom = custom_route_options(case_sensitive);
    let prefix = |rule_base: bool, source: &str| {
        if rule_base && !base_path.is_empty() {
            if source == "/" {
                base_path.to_owned()
            } else {
                format!("{base_path}{source}")
            }
        } else {
            source.to_owned()
        }
    };
    let check_source = |s: &str| -> Result<(), String> {
        if !s.starts_with('/') {
            return Err(format!("source '{s}' must start with '/'"));
        }
        Ok(())
    };

    let middleware = spec.middleware.as_ref().map(|m| {
        let mw = place.middleware;
        let matchers = m.matcher.as_ref().map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, ms)| {
                    let path = format!("{mw}.matcher[{i}]");
                    let r = (|| {
                        check_source(&ms.source)?;
                        // Errors point into the user's text, not the rewritten source.
                        p2r::parse(&ms.source, "/#?").map_err(|e| match e.offset {
                            Some(o) => {
                                format!("{} (source '{}', offset {o})", e.message, ms.source)
                            }
                            None => format!("{} (source '{}')", e.message, ms.source),
                        })?;
                        let source = middleware_source(&ms.source, base_path);
                        Ok::<_, String>(Matcher {
                            source: Source::compile(&source, middleware_options())?,
                            conditions: Conditions::compile(&ms.has, &ms.missing)?,
                        })
                    })();
                    r.map_err(|e| errors.push(format!("{path}: {e}"))).ok()
                })
                .collect()
        });
        let rules: Vec<CompiledMiddlewareRule> = m
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let path = format!("{mw}.rules[{i}]");
                compile_middleware_rule(r, base_path, &path, &mut errors)
            })
            .collect();
        let index = PrefixIndex::new(
            rules
                .iter()
                .map(|r| r.source.as_ref().map_or(&[][..], |s| &s.prefix[..])),
            false,
        );
        Middleware {
            matchers,
            rules,
            index,
        }
    });

    let headers: Vec<CompiledHeaderRule> = spec
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let path = format!("headers[{i}]");
            let r = (|| {
                check_source(&h.source)?;
                let source = Source::compile(&prefix(h.base_path, &h.source), custom)?;
                let conditions = Conditions::compile(&h.has, &h.missing)?;
                Ok::<_, String>((source, conditions))
            })();
            let headers = boxed_headers(
                &h.headers,
                |i, _| format!("{path}.headers[{i}].key"),
                HeaderList::Response,
                &mut errors,
            );
            match r {
                Ok((source, conditions)) => Some(CompiledHeaderRule {
                    source,
                    conditions,
                    uses_params: headers
                        .iter()
                        .any(|(k, v)| k.contains(':') || v.contains(':')),
                    headers,
                }),
                Err(e) => {
                    errors.push(format!("{path}: {e}"));
                    None
                }
            }
        })
        .collect();

    let route = |what: &str,
                 i: usize,
                 source: &str,
                 dest: &str,
                 has: &[ConditionSpec],
                 missing: &[ConditionSpec],
                 base: bool,
                 status: u16,
                 errors: &mut Vec<String>| {
        let path = format!("{what}[{i}]");
        let r = (|| {
            check_source(source)?;
            let src = Source::compile(&prefix(base, source), custom)?;
            let conditions = Conditions::compile(has, missing)?;
            let mut available: Vec<String> = src.param_names().map(str::to_owned).collect();
            available.extend(conditions.param_names());
            let destination = Destination::parse(dest, &available)?;
            Ok::<_, String>(CompiledRoute {
                source: src,
                conditions,
                captures: what != "redirects" || destination.refers_to_params(),
                destination,
                status,
                base_path: base,
            })
        })();
        r.map_err(|e| errors.push(format!("{path}: {e}"))).ok()
    };
    let redirects: Vec<CompiledRoute> = spec
        .redirects
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            if !matches!(r.status, 301 | 302 | 303 | 307 | 308) {
                errors.push(format!(
                    "redirects[{i}].statusCode: {} is not a redirect status (301, 302, 303, 307 or 308)",
                    r.status
                ));
                return None;
            }
            route("redirects", i, &r.source, &r.destination, &r.has, &r.missing, r.base_path, r.status, &mut errors)
        })
        .collect();
    let mut rewrites = |list: &[RewriteRule], what: &str| -> Vec<CompiledRoute> {
        list.iter()
            .enumerate()
            .filter_map(|(i, r)| {
                route(
                    what,
                    i,
                    &r.source,
                    &r.destination,
                    &r.has,
                    &r.missing,
                    r.base_path,
                    200,
                    &mut errors,
                )
            })
            .collect()
    };
    let before_files = rewrites(&spec.before_files, "rewrites.beforeFiles");
    let after_files = rewrites(&spec.after_files, "rewrites.afterFiles");
    let fallback = rewrites(&spec.fallback, "rewrites.fallback");

    let ci = !case_sensitive;
    let phase = |rules| Phase::new(rules, |r: &CompiledRoute| &r.source, ci);
    let rules = Rules {
        middleware,
        headers: Phase::new(headers, |r: &CompiledHeaderRule| &r.source, ci),
        redirects: phase(redirects),
        before_files: phase(before_files),
        after_files: phase(after_files),
        fallback: phase(fallback),
    };
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// The middleware matcher source as Next.js's `getMiddlewareMatchers` rewrites it: an optional
/// `/_next/data/<build>` prefix and the `.json` / `.rsc` / segment-prefetch suffixes, so those
/// transport forms of a page cannot bypass middleware.
fn middleware_source(source: &str, base_path: &str) -> String {
    let transport = r"\.rsc|\.segments/.+\.segment\.rsc";
    let suffix = if source == "/" {
        format!(r"(/?index|/?index\.json|/?index(?:{transport}))?")
    } else {
        format!(r"{{(\.json|{transport})}}?")
    };
    format!(
        "{base_path}/:nextData({})?{source}{suffix}",
        p2r::NEXT_DATA_PATTERN
    )
}

fn compile_middleware_rule(
    r: &MiddlewareRule,
    base_path: &str,
    path: &str,
    errors: &mut Vec<String>,
) -> Option<CompiledMiddlewareRule> {
    let before = errors.len();
    let source = match &r.source {
        None => None,
        Some(s) if !s.starts_with('/') => {
            errors.push(format!(
                "{path}.if.source: source '{s}' must start with '/'"
            ));
            None
        }
        Some(s) => {
            let full = if base_path.is_empty() {
                s.clone()
            } else if s == "/" {
                base_path.to_owned()
            } else {
                format!("{base_path}{s}")
            };
            Source::compile(&full, middleware_options())
                .map_err(|e| errors.push(format!("{path}.if.source: {e}")))
                .ok()
        }
    };
    let conditions = Conditions::compile(&r.has, &r.missing)
        .map_err(|e| errors.push(format!("{path}.if.{e}")))
        .unwrap_or_default();
    let (mut methods, mut other_methods) = (None::<MethodSet>, Vec::new());
    for (i, m) in r.methods.iter().enumerate() {
        if !crate::routes::methods::is_token(m.as_bytes()) {
            errors.push(format!(
                "{path}.if.methods[{i}]: '{}' is not a method token",
                m.escape_debug()
            ));
            continue;
        }
        match Method::from_bytes(m.as_bytes()) {
            Some(m) => methods.get_or_insert(MethodSet::EMPTY).insert(m),
            None => other_methods.push(Box::from(m.as_str())),
        }
    }
    if methods.is_none() && !other_methods.is_empty() {
        methods = Some(MethodSet::EMPTY);
    }
    // HEAD is answered by the GET handler, so a rule guarding GET guards HEAD too (else
    // `HEAD /secret` would run the GET handler past a GET-only `respond: 401`).
    if let Some(set) = methods.as_mut().filter(|s| s.contains(Method::Get)) {
        set.insert(Method::Head);
    }
    let mut available: Vec<String> = source
        .as_ref()
        .map(|s| s.param_names().map(str::to_owned).collect())
        .unwrap_or_default();
    available.extend(conditions.param_names());
    let action = match &r.action {
        None => None,
        Some(RuleAction::Redirect {
            destination,
            status,
        }) => {
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                errors.push(format!("{path}.redirect.statusCode: {status} is not a redirect status (301, 302, 303, 307 or 308)"));
            }
            Destination::parse(destination, &available)
                .map_err(|e| errors.push(format!("{path}.redirect.destination: {e}")))
                .ok()
                .map(|d| CompiledAction::Redirect(d, *status))
        }
        Some(RuleAction::Rewrite { destination }) => Destination::parse(destination, &available)
            .map_err(|e| errors.push(format!("{path}.rewrite.destination: {e}")))
            .ok()
            .map(CompiledAction::Rewrite),
        Some(RuleAction::Respond {
            status,
            headers,
            body,
        }) => {
            if !(100..=599).contains(status) {
                errors.push(format!(
                    "{path}.respond.status: {status} is not an HTTP status"
                ));
            }
            Some(CompiledAction::Respond {
                status: *status,
                headers: boxed_headers(
                    headers,
                    |_, k| format!("{path}.respond.headers.{k}"),
                    HeaderList::Response,
                    errors,
                ),
                body: body.as_deref().map(Box::from),
            })
        }
    };
    let set_request_headers = boxed_headers(
        &r.set_request_headers,
        |_, k| format!("{path}.setRequestHeaders.{k}"),
        HeaderList::Request,
        errors,
    );
    let set_response_headers = boxed_headers(
        &r.set_response_headers,
        |_, k| format!("{path}.setResponseHeaders.{k}"),
        HeaderList::Response,
        errors,
    );
    let request_headers = r.request_headers.as_ref().map(|h| {
        boxed_headers(
            h,
            |_, k| format!("{path}.requestHeaders.{k}"),
            HeaderList::Request,
            errors,
        )
    });
    for (i, h) in r.delete_request_headers.iter().enumerate() {
        if !crate::routes::methods::is_token(h.as_bytes()) {
            errors.push(format!(
                "{path}.deleteRequestHeaders[{i}]: '{}' is not a valid header name",
                h.escape_debug()
            ));
        }
    }
    for (i, c) in r.set_cookies.iter().enumerate() {
        if c.bytes()
            .any(crate::context::answer::needs_escape_in_header)
        {
            errors.push(format!(
                "{path}.setCookies[{i}]: contains a control character"
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(CompiledMiddlewareRule {
        source,
        conditions,
        methods,
        other_methods,
        set_request_headers,
        delete_request_headers: r
            .delete_request_headers
            .iter()
            .map(|h| Box::from(h.to_ascii_lowercase().as_str()))
            .collect(),
        request_headers,
        set_response_headers,
        set_cookies: r
            .set_cookies
            .iter()
            .map(|c| Box::from(c.as_str()))
            .collect(),
        action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_like_str_split() {
        for s in ["", "a", "a/b", "a//b/", "/", "//", "é/ü/"] {
            assert_eq!(
                segments(s).collect::<Vec<_>>(),
                s.split('/').collect::<Vec<_>>()
            );
        }
    }

    fn prefix(source: &str, ci: bool) -> Vec<String> {
        let opts = RegexOptions {
            case_insensitive: ci,
            ..custom_route_options(!ci)
        };
        Source::compile(source, opts)
            .unwrap()
            .prefix
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn literal_prefixes_stop_where_a_segment_may_continue() {
        assert_eq!(prefix("/legacy/a-1/:path*", true), ["legacy", "a-1"]);
        assert_eq!(prefix("/About", true), ["about"]);
        assert_eq!(prefix("/About", false), ["About"]);
        assert_eq!(prefix("/post-:id", true), Vec::<String>::new());
        assert_eq!(prefix("/docs/v:n/x", true), ["docs"]);
        assert_eq!(prefix("/file.:ext", true), Vec::<String>::new());
        assert_eq!(prefix("/(.*)", true), Vec::<String>::new());
        assert_eq!(prefix("/a/", true), ["a"]);
        assert_eq!(prefix("/", true), Vec::<String>::new());
    }

    #[test]
    fn many_rules_build_and_only_candidates_are_tested() {
        let redirects: Vec<RedirectRule> = (0..2_000)
            .map(|i| RedirectRule {
                source: format!("/legacy/item-{i}/:path*"),
                destination: "/new/:path*".into(),
                status: 308,
                base_path: true,
                ..Default::default()
            })
            .collect();
        let spec = RulesSpec {
            redirects,
            ..Default::default()
        };
        let rules = compile(
            &spec,
            "",
            false,
            Place {
                middleware: "middleware",
            },
        )
        .unwrap();
        let mut scratch = String::new();
        let mut out = Vec::new();
        rules
            .redirects
            .candidates("/legacy/item-1777/a/b", None, &mut scratch, &mut out);
        assert_eq!(out, [1777]);
        rules
            .redirects
            .candidates("/LEGACY/ITEM-42", None, &mut scratch, &mut out);
        assert_eq!(out, [42]);
        rules
            .redirects
            .candidates("/other/path", None, &mut scratch, &mut out);
        assert!(out.is_empty());
    }
}
