//! The query string as the handler sees it: form-decoded pairs, reserved keys dropped, and
//! the pairs a rewrite set merged in.

use crate::context::query::{KeyRun, MergedQuery, QueryPair, QueryParts};
use crate::context::span::Span;
use crate::input::percent::{self, hex};
use std::hash::BuildHasher;

/// Query keys Next.js reserves for itself; a client can never set them (ROUTING.md §2).
pub(crate) fn is_reserved_key(key: &[u8]) -> bool {
    key.starts_with(b"nxtP")
        || key.starts_with(b"nxtI")
        || matches!(
            key,
            b"__nextLocale" | b"__nextDefaultLocale" | b"__nextDataReq"
        )
}

/// Decodes `q.raw` into `q.bytes` / `q.pairs`.
pub(crate) fn parse(q: &mut QueryParts) {
    let QueryParts {
        raw: raw_query,
        bytes: query,
        pairs: query_spans,
        ..
    } = q;
    for pair in raw_query.as_bytes().split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = match memchr::memchr(b'=', pair) {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let ks = query.len();
        form_decode(k, query);
        let key = Span::since(ks, query);
        if is_reserved_key(&query[ks..]) {
            query.truncate(ks);
            continue;
        }
        form_decode(v, query);
        let value = Span::since(key.end as usize, query);
        query_spans.push(QueryPair {
            key,
            value,
            list: false,
        });
    }
}

/// The entries a merge numbers: request pairs first, then the rewrites'. Borrowed apart from
/// the merged layout, which is written while they are read.
#[derive(Clone, Copy)]
struct Entries<'a> {
    pairs: &'a [QueryPair],
    extra: &'a [QueryPair],
    bytes: &'a [u8],
}

impl<'a> Entries<'a> {
    fn of(q: &'a QueryParts) -> Self {
        Entries {
            pairs: &q.pairs,
            extra: &q.extra,
            bytes: &q.bytes,
        }
    }

    /// Entry `e`: a request pair, or after them a rewrite's.
    fn pair(self, e: u32) -> &'a QueryPair {
        let e = e as usize;
        self.pairs
            .get(e)
            .unwrap_or_else(|| &self.extra[e - self.pairs.len()])
    }

    /// The key of entry `e`, as bytes (the grouping compares these: no UTF-8 check each time).
    fn key(self, e: u32) -> &'a [u8] {
        self.pair(e).key.in_bytes(self.bytes)
    }
}

/// Key and value text of entry `e`, and whether the value belongs to a list param.
pub(crate) fn entry(q: &QueryParts, e: u32) -> (&str, &str, bool) {
    let text = |s: Span| std::str::from_utf8(s.in_bytes(&q.bytes)).unwrap_or("");
    let p = Entries::of(q).pair(e);
    (text(p.key), text(p.value), p.list)
}

/// Lays out `q.merged` from the request's pairs and the rewrites' (Next.js's
/// `{...requestQuery, ...rewriteQuery}`): a key a rewrite set loses its request values, and
/// the rewrite's values take the place of its first request occurrence; new keys follow.
#[inline]
pub(crate) fn merge(q: &mut QueryParts) {
    if q.pairs.is_empty() && q.extra.is_empty() {
        q.merged.clear();
    } else {
        merge_entries(q);
    }
}

fn merge_entries(q: &mut QueryParts) {
    let QueryParts {
        pairs,
        extra,
        bytes,
        merged,
        ..
    } = q;
    merged.clear();
    let entries = Entries {
        pairs,
        extra,
        bytes,
    };
    let requests = pairs.len() as u32;
    let total = requests + extra.len() as u32;
    if total > 0 {
        group(entries, merged, total);
        place(entries, merged, requests, total);
    }
}

/// Fills `by_key`: the entries grouped by key, in two linear passes (a hash lookup per
/// entry, then a counting sort).
fn group(q: Entries<'_>, m: &mut MergedQuery, total: u32) {
    let MergedQuery {
        by_key,
        first,
        count,
        table,
        hasher,
        ..
    } = m;
    table.clear();
    first.clear();
    count.clear();
    count.resize(total as usize, 0);
    for e in 0..total {
        let key = q.key(e);
        let hash = hasher.hash_one(key);
        let f = match table.find(hash, |&f| q.key(f) == key) {
            Some(&f) => f,
            None => {
                table.insert_unique(hash, e, |&f| hasher.hash_one(q.key(f)));
                e
            }
        };
        first.push(f);
        count[f as usize] += 1;
    }
    // Each first entry's count becomes where its run starts, then its next free place.
    let mut at = 0;
    for e in 0..total as usize {
        if first[e] == e as u32 {
            let c = count[e];
            count[e] = at;
            at += c;
        }
    }
    by_key.resize(total as usize, 0);
    for e in 0..total {
        let slot = &mut count[first[e as usize] as usize];
        by_key[*slot as usize] = e;
        *slot += 1;
    }
}

/// Fills `runs` and `order` from the grouped entries.
fn place(q: Entries<'_>, m: &mut MergedQuery, requests: u32, total: u32) {
    // Request entries a rewrite replaced are hidden; the first of them marks where the
    // rewrite's values go instead (its `end` is the run's first rewrite entry).
    const HIDDEN: u32 = u32::MAX;
    m.runs.resize(total as usize, KeyRun::default());
    let mut start = 0usize;
    while start < m.by_key.len() {
        let leader = m.first[m.by_key[start] as usize];
        let mut end = start + 1;
        while end < m.by_key.len() && m.first[m.by_key[end] as usize] == leader {
            end += 1;
        }
        // Within a run, request entries (lower numbers) come first.
        let first_extra = (start..end)
            .find(|&i| m.by_key[i] >= requests)
            .unwrap_or(end);
        let visible = if first_extra < end {
            first_extra
        } else {
            start
        };
        let list = end - visible > 1
            || (visible..end).any(|i| {
                let e = m.by_key[i];
                e >= requests && q.extra[(e - requests) as usize].list
            });
        let run = KeyRun {
            start: visible as u32,
            end: end as u32,
            list,
        };
        for i in start..end {
            let e = m.by_key[i] as usize;
            m.runs[e] = if i < visible {
                KeyRun {
                    start: HIDDEN,
                    end: if i == start { visible as u32 } else { HIDDEN },
                    list,
                }
            } else {
                run
            };
        }
        start = end;
    }
    for e in 0..requests {
        let r = m.runs[e as usize];
        if r.start != HIDDEN {
            m.order.push(e);
        } else if r.end != HIDDEN {
            // The first request occurrence of a replaced key: the rewrite's values go here.
            let run = m.runs[m.by_key[r.end as usize] as usize];
            m.order
                .extend_from_slice(&m.by_key[run.start as usize..run.end as usize]);
        }
    }
    for e in requests..total {
        // A rewrite key the request also has was placed above; the others follow, in order.
        if m.first[e as usize] == e || m.first[e as usize] >= requests {
            m.order.push(e);
        }
    }
}

/// `application/x-www-form-urlencoded` decoding as Node's `querystring` does it: `+` is a
/// space, malformed escapes stay as written, invalid UTF-8 becomes U+FFFD.
fn form_decode(raw: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() && hex(raw[i + 1]).is_some() && hex(raw[i + 2]).is_some() => {
                out.push(hex(raw[i + 1]).unwrap_or(0) << 4 | hex(raw[i + 2]).unwrap_or(0));
                i += 3;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
    percent::make_tail_utf8(out, start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;

    fn pairs(q: &str) -> Vec<(String, String)> {
        let mut ctx = Context::new();
        ctx.query.raw.push_str(q);
        parse(&mut ctx.query);
        ctx.query
            .pairs
            .iter()
            .map(|p| {
                let t = |s: Span| String::from_utf8(s.in_bytes(&ctx.query.bytes).to_vec()).unwrap();
                (t(p.key), t(p.value))
            })
            .collect()
    }

    #[test]
    fn decodes_like_node_querystring() {
        assert_eq!(
            pairs("a=1&b=x+y&c=%41&d&=e&&f=%zz"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "A".into()),
                ("d".into(), "".into()),
                ("".into(), "e".into()),
                ("f".into(), "%zz".into()),
            ]
        );
        assert_eq!(pairs("x=%FF"), vec![("x".into(), "\u{FFFD}".into())]);
    }

    #[test]
    fn drops_reserved_keys() {
        assert_eq!(
            pairs("nxtPid=1&nxtIx=2&__nextLocale=fr&__nextDataReq=1&__nextDefaultLocale=en&ok=1"),
            vec![("ok".into(), "1".into())]
        );
    }
}
