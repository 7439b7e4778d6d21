//! The reusable per-thread match context: every buffer a decision needs, grown once, reused.

pub(crate) mod merged_query;
pub(crate) mod outcome;

use crate::routes::tree::SegSpan;
use merged_query::MergedQuery;
use outcome::{Hit, Outcome};

/// Capacity reserved up front so that the first match is already allocation-free for
/// typical requests.
const PATH_CAPACITY: usize = 1024;
const SEGMENT_CAPACITY: usize = 64;
/// Regexes whose capture slots a context keeps.
const CAPTURE_CACHE: usize = 64;

/// Scratch space for [`Router::decide`](crate::Router::decide), reused across calls.
///
/// Make one per thread (or per connection) and pass it to every call: after the buffers have
/// grown to fit the largest request seen, deciding allocates nothing. A `Context` is `Send`,
/// so it can move between threads, but one call at a time uses it.
#[derive(Debug)]
pub struct Context {
    pub(crate) path: Vec<u8>,
    pub(crate) base_len: usize,
    pub(crate) match_end: usize,
    /// The percent-decoded segments of `path[base_len..match_end]`, filled on first need
    /// (see [`Context::segments`]); `segmented` says whether they are.
    pub(crate) decoded: Vec<u8>,
    pub(crate) spans: Vec<SegSpan>,
    pub(crate) segmented: bool,
    pub(crate) host: String,
    pub(crate) host_from_target: bool,
    pub(crate) raw_query: String,
    pub(crate) has_query: bool,
    /// Decoded query: bytes, then (key start, key end, value start, value end) spans.
    pub(crate) query: Vec<u8>,
    pub(crate) query_spans: Vec<[u32; 4]>,
    pub(crate) location: String,
    pub(crate) out: Outcome,
    /// Params captured by rule sources and `has` conditions (names and values in `pbuf`).
    pub(crate) params: Vec<RuleParam>,
    pub(crate) pbuf: String,
    /// Scratch space for condition values and decoding.
    pub(crate) scratch: String,
    pub(crate) scratch_bytes: Vec<u8>,
    /// Request header names the decision read, lower case, each once.
    pub(crate) vary: Vec<[u32; 2]>,
    pub(crate) vary_buf: String,
    /// Response headers, request header changes (value `None`: delete), body: spans in `hbuf`.
    pub(crate) response_headers: Vec<[u32; 4]>,
    pub(crate) request_headers: Vec<HeaderChange>,
    /// Scratch for [`Context::settle_lists`].
    pub(crate) header_order: Vec<u32>,
    pub(crate) header_keep: Vec<bool>,
    pub(crate) body: Option<(u32, u32)>,
    pub(crate) hbuf: String,
    /// Query entries added by rewrites (key and value spans in `query`, and 1 when the value
    /// belongs to a list param); they replace request entries with the same key.
    pub(crate) extra_query: Vec<[u32; 5]>,
    /// The query the handler sees (request and rewrite pairs merged), laid out by
    /// `input::query::merge` once the decision is made.
    pub(crate) merged: MergedQuery,
    /// A destination's query entries as the rule author wrote them: (the key's start in
    /// `query`, which names its `extra_query` entry, and the `k=v` text's span in `query`).
    pub(crate) written_query: Vec<[u32; 3]>,
    /// Whether a rewrite changed the path this request is routed by.
    pub(crate) rewritten: bool,
    /// The fully percent-decoded path, for middleware matchers.
    pub(crate) decoded_path: String,
    /// The decoded spelling of the path a custom-route phase tests (every escape but `%2F`
    /// and `%25` decoded; empty when there is none): sources are tested on it too, so no
    /// spelling skips a rule.
    pub(crate) rule_path_decoded: String,
    /// The path as sent (dot segments resolved, escapes untouched), when escapes made the
    /// canonical path differ from it; empty otherwise. Middleware matchers test it too.
    pub(crate) raw_path: String,
    /// Candidate rules of a phase (reused).
    pub(crate) candidates: Vec<u32>,
    /// Rules whose response headers apply once the answer is known.
    pub(crate) hits: Vec<Hit>,
    /// The canonical full path (basePath included), and a scratch path for rewrites.
    pub(crate) full_path: String,
    pub(crate) scratch_path: String,
    /// Capture slots per regex (keyed by the regex's unique id), reused across calls.
    pub(crate) captures: Vec<(u64, regex_automata::util::captures::Captures)>,
}

/// A request header change: name span, and value span (`None`: delete).
pub(crate) type HeaderChange = (u32, u32, Option<(u32, u32)>);

/// A param captured by a rule (not a route param): spans into `Context::pbuf`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleParam {
    pub name: [u32; 2],
    pub value: [u32; 2],
    /// For `:name*` / `:name+`: the separator the value is a list of.
    pub list_sep: Option<u8>,
    /// Raw path text (still percent-encoded) rather than a decoded header/cookie/query value.
    pub raw: bool,
}

impl Context {
    /// A new context with room for typical requests.
    pub fn new() -> Self {
        Context {
            path: Vec::with_capacity(PATH_CAPACITY),
            base_len: 0,
            match_end: 0,
            decoded: Vec::with_capacity(PATH_CAPACITY),
            spans: Vec::with_capacity(SEGMENT_CAPACITY),
            segmented: false,
            host: String::with_capacity(256),
            host_from_target: false,
            raw_query: String::with_capacity(PATH_CAPACITY),
            has_query: false,
            query: Vec::with_capacity(PATH_CAPACITY),
            query_spans: Vec::with_capacity(SEGMENT_CAPACITY),
            location: String::with_capacity(PATH_CAPACITY),
            out: Outcome::default(),
            params: Vec::with_capacity(SEGMENT_CAPACITY),
            pbuf: String::with_capacity(PATH_CAPACITY),
            scratch: String::with_capacity(PATH_CAPACITY),
            scratch_bytes: Vec::with_capacity(PATH_CAPACITY),
            vary: Vec::with_capacity(8),
            vary_buf: String::with_capacity(128),
            response_headers: Vec::with_capacity(16),
            request_headers: Vec::with_capacity(16),
            header_order: Vec::with_capacity(16),
            header_keep: Vec::with_capacity(16),
            body: None,
            hbuf: String::with_capacity(PATH_CAPACITY),
            extra_query: Vec::with_capacity(8),
            merged: MergedQuery::default(),
            written_query: Vec::with_capacity(8),
            rewritten: false,
            decoded_path: String::with_capacity(PATH_CAPACITY),
            rule_path_decoded: String::with_capacity(PATH_CAPACITY),
            raw_path: String::with_capacity(PATH_CAPACITY),
            candidates: Vec::with_capacity(64),
            hits: Vec::with_capacity(16),
            full_path: String::with_capacity(PATH_CAPACITY),
            scratch_path: String::with_capacity(PATH_CAPACITY),
            captures: Vec::new(),
        }
    }

    /// Forgets the previous request, keeping every buffer's capacity.
    pub(crate) fn reset(&mut self) {
        self.path.clear();
        self.base_len = 0;
        self.match_end = 0;
        self.decoded.clear();
        self.spans.clear();
        self.segmented = false;
        self.host.clear();
        self.host_from_target = false;
        self.raw_query.clear();
        self.has_query = false;
        self.query.clear();
        self.query_spans.clear();
        self.location.clear();
        self.out = Outcome::default();
        self.params.clear();
        self.pbuf.clear();
        self.scratch.clear();
        self.vary.clear();
        self.vary_buf.clear();
        self.response_headers.clear();
        self.request_headers.clear();
        self.body = None;
        self.hbuf.clear();
        self.extra_query.clear();
        self.merged.clear();
        self.written_query.clear();
        self.rewritten = false;
        self.decoded_path.clear();
        self.rule_path_decoded.clear();
        self.raw_path.clear();
        self.candidates.clear();
        self.hits.clear();
    }

    /// Reusable capture slots for the regex with unique id `id`.
    pub(crate) fn take_captures(
        &mut self,
        id: u64,
        re: &regex_automata::meta::Regex,
    ) -> regex_automata::util::captures::Captures {
        match self.captures.iter().position(|(k, _)| *k == id) {
            Some(i) => self.captures.swap_remove(i).1,
            None => re.create_captures(),
        }
    }

    /// Returns capture slots taken with [`Context::take_captures`].
    pub(crate) fn return_captures(
        &mut self,
        id: u64,
        caps: regex_automata::util::captures::Captures,
    ) {
        // Bounded: a context serving many routers does not grow without limit.
        if self.captures.len() >= CAPTURE_CACHE {
            self.captures.remove(0);
        }
        self.captures.push((id, caps));
    }

    /// Records a request header name the decision depends on (kept once, in
    /// `settle_lists`).
    pub(crate) fn add_vary(&mut self, name: &str) {
        let start = self.vary_buf.len() as u32;
        self.vary_buf.push_str(name);
        self.vary_buf[start as usize..].make_ascii_lowercase();
        self.vary.push([start, self.vary_buf.len() as u32]);
    }

    /// Records a rule param.
    pub(crate) fn push_param(&mut self, name: &str, value: &str, list_sep: Option<u8>, raw: bool) {
        self.push_param_text(name, list_sep, raw, |buf| buf.push_str(value));
    }

    /// A path param captured from the fully decoded path: raw path text, except that a `%`
    /// (a decoded `%25`) is written `%25` again, so the value never carries an escape that
    /// the next parse of a destination would decode a second time.
    pub(crate) fn push_decoded_path_param(
        &mut self,
        name: &str,
        value: &str,
        list_sep: Option<u8>,
    ) {
        self.push_param_text(name, list_sep, true, |buf| {
            for (i, piece) in value.split('%').enumerate() {
                if i > 0 {
                    buf.push_str("%25");
                }
                buf.push_str(piece);
            }
        });
    }

    fn push_param_text(
        &mut self,
        name: &str,
        list_sep: Option<u8>,
        raw: bool,
        write_value: impl FnOnce(&mut String),
    ) {
        let n0 = self.pbuf.len() as u32;
        self.pbuf.push_str(name);
        let n1 = self.pbuf.len() as u32;
        write_value(&mut self.pbuf);
        self.params.push(RuleParam {
            name: [n0, n1],
            value: [n1, self.pbuf.len() as u32],
            list_sep,
            raw,
        });
    }

    /// Forgets params recorded after `mark`.
    pub(crate) fn truncate_params(&mut self, mark: usize) {
        if let Some(p) = self.params.get(mark) {
            self.pbuf.truncate(p.name[0] as usize);
        }
        self.params.truncate(mark);
    }

    /// The value of rule param `name` (the last one recorded wins).
    pub(crate) fn rule_param(&self, name: &str) -> Option<RuleParam> {
        self.params
            .iter()
            .rev()
            .find(|p| &self.pbuf[p.name[0] as usize..p.name[1] as usize] == name)
            .copied()
    }

    pub(crate) fn param_text(&self, span: [u32; 2]) -> &str {
        &self.pbuf[span[0] as usize..span[1] as usize]
    }

    /// Adds a response header: same name replaces, except `set-cookie`, which accumulates.
    /// The name is lower-cased; control bytes (but HTAB) in the value are percent-encoded.
    pub(crate) fn set_response_header(&mut self, name: &str, value: &str) {
        self.put_response_header(name, value, false);
    }

    /// [`Context::set_response_header`] for text checked when the rules were compiled: a
    /// lower-case name and a value without control bytes (but HTAB), copied as they are.
    pub(crate) fn set_checked_response_header(&mut self, name: &str, value: &str) {
        debug_assert!(!name.bytes().any(|b| b.is_ascii_uppercase()));
        debug_assert!(!value.bytes().any(needs_escape_in_header));
        self.put_response_header(name, value, true);
    }

    fn put_response_header(&mut self, name: &str, value: &str, checked: bool) {
        // Same-name replacement happens once, in `settle_lists`.
        let n0 = self.hbuf.len() as u32;
        self.hbuf.push_str(name);
        if !checked {
            self.hbuf[n0 as usize..].make_ascii_lowercase();
        }
        let n1 = self.hbuf.len() as u32;
        if checked {
            self.hbuf.push_str(value);
        } else {
            push_header_value(&mut self.hbuf, value);
        }
        self.response_headers
            .push([n0, n1, n1, self.hbuf.len() as u32]);
    }

    /// Records a request header change for the handler (`None`: delete the header). A later
    /// change of the same name replaces an earlier one once [`Context::settle_lists`]
    /// runs (deferred, so that a request with many headers costs O(n log n), not O(n²)).
    pub(crate) fn change_request_header(&mut self, name: &str, value: Option<&str>) {
        let n0 = self.hbuf.len() as u32;
        self.hbuf.push_str(name);
        self.hbuf[n0 as usize..].make_ascii_lowercase();
        let n1 = self.hbuf.len() as u32;
        let v = value.map(|v| {
            let v0 = self.hbuf.len() as u32;
            push_header_value(&mut self.hbuf, v);
            (v0, self.hbuf.len() as u32)
        });
        self.request_headers.push((n0, n1, v));
    }
}

impl Context {
    /// Settles the lists a decision built by appending: of each request header change and
    /// each response header (but `set-cookie`, which accumulates) the last one by name wins,
    /// in the order of those last ones; each `vary` name is kept once, where it first came.
    /// Deferred to one sort per list, so that n headers or rules cost O(n log n), not O(n²);
    /// no allocation once the scratch vectors have grown.
    pub(crate) fn settle_lists(&mut self) {
        let Context {
            request_headers,
            response_headers,
            vary,
            vary_buf,
            hbuf,
            header_order: order,
            header_keep: keep,
            ..
        } = self;
        let hbuf = hbuf.as_bytes();
        let name = |h: &HeaderChange| &hbuf[h.0 as usize..h.1 as usize];
        survivors(
            request_headers.len(),
            |i| name(&request_headers[i]),
            Keep::Last,
            order,
            keep,
        );
        retain_marked(request_headers, keep);
        let name = |h: &[u32; 4]| &hbuf[h[0] as usize..h[1] as usize];
        survivors(
            response_headers.len(),
            |i| name(&response_headers[i]),
            Keep::Last,
            order,
            keep,
        );
        for (k, h) in keep.iter_mut().zip(response_headers.iter()) {
            *k |= name(h) == b"set-cookie";
        }
        retain_marked(response_headers, keep);
        let name = |s: &[u32; 2]| &vary_buf.as_bytes()[s[0] as usize..s[1] as usize];
        survivors(vary.len(), |i| name(&vary[i]), Keep::First, order, keep);
        retain_marked(vary, keep);
    }
}

/// Which item of a name [`survivors`] keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    First,
    Last,
}

/// Marks in `keep` which of `n` items survive: one per name (names compare bytewise: they
/// are stored lower case). Sorts indexes in `order`, in place.
fn survivors<'a>(
    n: usize,
    name: impl Fn(usize) -> &'a [u8],
    which: Keep,
    order: &mut Vec<u32>,
    keep: &mut Vec<bool>,
) {
    keep.clear();
    keep.resize(n, true);
    if n < 2 {
        return;
    }
    order.clear();
    order.extend(0..n as u32);
    order.sort_unstable_by(|&a, &b| name(a as usize).cmp(name(b as usize)).then(a.cmp(&b)));
    for w in 1..n {
        let (before, here) = (order[w - 1] as usize, order[w] as usize);
        if name(before) == name(here) {
            // Runs are in index order: drop all but the run's first (or last) item.
            keep[if which == Keep::First { here } else { before }] = false;
        }
    }
}

fn retain_marked<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut k = 0;
    items.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// Appends a header value, percent-encoding every control byte but HTAB (CR, LF and NUL
/// could split or end a header; the other C0 controls and DEL are not field-vchars, RFC 9110
/// §5.5). Visible ASCII and non-ASCII text (obs-text) are copied as they are.
fn push_header_value(out: &mut String, value: &str) {
    let mut rest = value;
    // Runs between the bytes to escape are copied whole (they are ASCII, so every cut is on a
    // character boundary).
    while let Some(i) = rest.bytes().position(needs_escape_in_header) {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes()[i];
        let hex = b"0123456789ABCDEF";
        out.push('%');
        out.push(hex[usize::from(b >> 4)] as char);
        out.push(hex[usize::from(b & 15)] as char);
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Whether a byte may not appear raw in a header value we emit (a control other than HTAB).
pub(crate) fn needs_escape_in_header(b: u8) -> bool {
    b.is_ascii_control() && b != b'\t'
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_cannot_split_a_header() {
        let mut out = String::new();
        push_header_value(&mut out, "a\r\nSet-Cookie: x\0é\n");
        assert_eq!(out, "a%0D%0ASet-Cookie: x%00é%0A");
        out.clear();
        push_header_value(&mut out, "v\x0bw\x0c\x7f\x1b\tx");
        assert_eq!(out, "v%0Bw%0C%7F%1B\tx");
        out.clear();
        push_header_value(&mut out, "max-age=63072000; includeSubDomains");
        assert_eq!(out, "max-age=63072000; includeSubDomains");
    }
}
