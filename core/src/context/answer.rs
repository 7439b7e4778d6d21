//! The answer part of a context: the decision being built (outcome, location, headers,
//! `vary`, body), and how its lists settle.

use crate::context::outcome::Outcome;
use crate::context::span::Span;

/// The answer being built.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The scalar part of the decision.
    pub out: Outcome,
    pub location: String,
    /// Request header names the decision read, lower case, each once (spans in `vary_buf`).
    pub vary: Vec<Span>,
    pub vary_buf: String,
    /// Response headers, request header changes (value `None`: delete), body: spans in `hbuf`.
    pub response_headers: Vec<Header>,
    pub request_headers: Vec<HeaderChange>,
    pub body: Option<Span>,
    pub hbuf: String,
    /// Scratch for [`Answer::settle_lists`].
    pub header_order: Vec<u32>,
    pub header_keep: Vec<bool>,
}

/// A response header: name and value in [`Answer::hbuf`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub name: Span,
    pub value: Span,
}

/// A request header change for the handler: name, and value (`None`: delete), in
/// [`Answer::hbuf`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeaderChange {
    pub name: Span,
    pub value: Option<Span>,
}

impl Answer {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        Answer {
            out: Outcome::default(),
            location: String::with_capacity(bytes),
            vary: Vec::with_capacity(8),
            vary_buf: String::with_capacity(128),
            response_headers: Vec::with_capacity(16),
            request_headers: Vec::with_capacity(16),
            body: None,
            hbuf: String::with_capacity(bytes),
            header_order: Vec::with_capacity(16),
            header_keep: Vec::with_capacity(16),
        }
    }

    /// Forgets the location, headers and body of the previous decision (its outcome is
    /// overwritten by every decision).
    pub(crate) fn clear_extras(&mut self) {
        self.location.clear();
        self.vary.clear();
        self.vary_buf.clear();
        self.response_headers.clear();
        self.request_headers.clear();
        self.body = None;
        self.hbuf.clear();
    }

    /// Whether the answer is its outcome alone: no location, `vary`, headers or body.
    pub(crate) fn is_bare(&self) -> bool {
        self.location.is_empty()
            && self.vary.is_empty()
            && self.response_headers.is_empty()
            && self.request_headers.is_empty()
            && self.body.is_none()
    }

    /// Whether [`Answer::clear_extras`] would change nothing.
    pub(crate) fn extras_are_clear(&self) -> bool {
        self.is_bare() && self.vary_buf.is_empty() && self.hbuf.is_empty()
    }

    /// Records a request header name the decision depends on (kept once, in
    /// `settle_lists`).
    pub(crate) fn add_vary(&mut self, name: &str) {
        let start = self.vary_buf.len();
        self.vary_buf.push_str(name);
        self.vary_buf[start..].make_ascii_lowercase();
        self.vary.push(Span::since(start, &self.vary_buf));
    }

    /// Adds a response header: same name replaces, except `set-cookie`, which accumulates.
    /// The name is lower-cased; control bytes (but HTAB) in the value are percent-encoded.
    pub(crate) fn set_response_header(&mut self, name: &str, value: &str) {
        self.put_response_header(name, value, false);
    }

    /// [`Answer::set_response_header`] for text checked when the rules were compiled: a
    /// lower-case name and a value without control bytes (but HTAB), copied as they are.
    pub(crate) fn set_checked_response_header(&mut self, name: &str, value: &str) {
        debug_assert!(!name.bytes().any(|b| b.is_ascii_uppercase()));
        debug_assert!(!value.bytes().any(needs_escape_in_header));
        self.put_response_header(name, value, true);
    }

    fn put_response_header(&mut self, name: &str, value: &str, checked: bool) {
        // Same-name replacement happens once, in `settle_lists`.
        let n0 = self.hbuf.len();
        self.hbuf.push_str(name);
        if !checked {
            self.hbuf[n0..].make_ascii_lowercase();
        }
        let name = Span::since(n0, &self.hbuf);
        if checked {
            self.hbuf.push_str(value);
        } else {
            push_header_value(&mut self.hbuf, value);
        }
        let value = Span::since(name.end as usize, &self.hbuf);
        self.response_headers.push(Header { name, value });
    }

    /// Records a request header change for the handler (`None`: delete the header). A later
    /// change of the same name replaces an earlier one once [`Answer::settle_lists`]
    /// runs (deferred, so that a request with many headers costs O(n log n), not O(n²)).
    pub(crate) fn change_request_header(&mut self, name: &str, value: Option<&str>) {
        let n0 = self.hbuf.len();
        self.hbuf.push_str(name);
        self.hbuf[n0..].make_ascii_lowercase();
        let name = Span::since(n0, &self.hbuf);
        let value = value.map(|v| {
            let v0 = self.hbuf.len();
            push_header_value(&mut self.hbuf, v);
            Span::since(v0, &self.hbuf)
        });
        self.request_headers.push(HeaderChange { name, value });
    }

    /// Settles the lists a decision built by appending: of each request header change and
    /// each response header (but `set-cookie`, which accumulates) the last one by name wins,
    /// in the order of those last ones; each `vary` name is kept once, where it first came.
    /// Deferred to one sort per list, so that n headers or rules cost O(n log n), not O(n²);
    /// no allocation once the scratch vectors have grown.
    pub(crate) fn settle_lists(&mut self) {
        let Answer {
            request_headers,
            response_headers,
            vary,
            vary_buf,
            hbuf,
            header_order: order,
            header_keep: keep,
            ..
        } = self;
        if request_headers.is_empty() && response_headers.is_empty() && vary.is_empty() {
            return;
        }
        let hbuf = hbuf.as_bytes();
        let name = |h: &HeaderChange| h.name.in_bytes(hbuf);
        survivors(
            request_headers.len(),
            |i| name(&request_headers[i]),
            Keep::Last,
            order,
            keep,
        );
        retain_marked(request_headers, keep);
        let name = |h: &Header| h.name.in_bytes(hbuf);
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
        let name = |s: &Span| s.of(vary_buf).as_bytes();
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

/// Up to this many items, [`survivors`] compares names pairwise: a few slice compares (most
/// stop at the length) cost less than sorting the indexes.
const PAIRWISE_MAX: usize = 8;

/// Marks in `keep` which of `n` items survive: one per name (names compare bytewise: they
/// are stored lower case). Sorts indexes in `order`, in place (above [`PAIRWISE_MAX`] items).
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
    if n <= PAIRWISE_MAX {
        for i in 0..n {
            for j in i + 1..n {
                if name(i) == name(j) {
                    keep[if which == Keep::First { j } else { i }] = false;
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survivors_keep_one_item_per_name_at_every_size() {
        // Names from a small alphabet (many repeats), 0 to 20 items: both the pairwise and the
        // sorted way, against the plain definition (the first or last item of each name).
        let (mut order, mut keep) = (Vec::new(), Vec::new());
        let mut seed = 7u32;
        // Fewer rounds under Miri (an interpreter): the sizes are what matter there.
        let rounds = if cfg!(miri) { 2 } else { 50 };
        for n in 0..=20usize {
            for _ in 0..rounds {
                let names: Vec<&[u8]> = (0..n)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        [&b"a"[..], b"b", b"ab", b"set-cookie", b"x-a"][(seed >> 16) as usize % 5]
                    })
                    .collect();
                for which in [Keep::First, Keep::Last] {
                    survivors(n, |i| names[i], which, &mut order, &mut keep);
                    for i in 0..n {
                        let same = |j: &usize| names[*j] == names[i];
                        let expected = match which {
                            Keep::First => (0..i).find(same).is_none(),
                            Keep::Last => (i + 1..n).find(same).is_none(),
                        };
                        assert_eq!(keep[i], expected, "{names:?} {i}");
                    }
                }
            }
        }
    }

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
