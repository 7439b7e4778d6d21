//! The walk over a raw request target that is already canonical: the path cleaner's scan and
//! the trie walk in one pass, for a rule-less router without a basePath.
//!
//! A target the cleaner would copy unchanged (printable ASCII; no `%`, `\`, `//`, dot segment
//! or fragment; see `input::normalize::plain_path_end`) has segments that need no decoding, so
//! the trie can take them from the target itself. Each segment is cut at its `/` or `?` (8
//! bytes at a time); a static child found by the cut bytes needs no byte check, because the
//! bytes equal a key of plain text; a segment taken by `[x]` or a catch-all is checked byte by
//! byte. So every byte of a path that reaches a route has been validated by the time it does,
//! and the walk answers exactly what the cleaner plus [`Tree::find`] would. Anything else (a
//! byte the cleaner must judge, too many segments) is left to them: the walk says
//! [`Raw::Judge`] and the caller runs the general way. A miss ([`Raw::Missed`]) still needs
//! the cleaner (the bytes the walk skipped may be a redirect or a 400), but not a second walk
//! when the cleaner finds the target plain.

use super::{NONE, Node, SegSpan, Tree};
use crate::path_bytes::{
    CLASS, PLAIN, QUESTION, SLASH_OR_DOT, cleaner_keeps_segment, query_is_plain,
};
use crate::routes::dict::Key;

/// What the raw walk concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Raw {
    /// This route, for the canonical path `target[..path_end]`; the segments' spans are in
    /// the span list, as positions in the target.
    Found { route: u32, path_end: usize },
    /// No route, if the target is plain: the bytes the walk did not read are the path
    /// cleaner's to judge, and a plain target then needs no second walk.
    Missed,
    /// The general way must decide (a byte to judge, a limit).
    Judge,
}

/// One branch's outcome.
enum Step {
    Found(u32, usize),
    Miss,
    Judge,
}

impl Tree {
    /// Walks `target` as it was sent (see the module doc), pushing its segments' spans onto
    /// `spans` (which must be empty). At most `max_segments` segments are taken.
    #[inline]
    pub(crate) fn find_raw(
        &self,
        target: &[u8],
        spans: &mut Vec<SegSpan>,
        max_segments: usize,
    ) -> Raw {
        if target.first() != Some(&b'/') {
            return Raw::Judge;
        }
        // `/` alone is the root, which has no segment.
        let start = if matches!(target.get(1), None | Some(b'?')) {
            1
        } else {
            0
        };
        match self.walk_raw(0, target, start, spans, max_segments) {
            Step::Found(route, end) if query_is_plain(target, end) => Raw::Found {
                route,
                path_end: end,
            },
            Step::Miss => Raw::Missed,
            _ => Raw::Judge,
        }
    }

    /// [`Tree::walk`] over raw bytes: `i` is the `/` before the next segment, or where the
    /// path ends (the target's end or its `?`).
    fn walk_raw(
        &self,
        mut node: u32,
        t: &[u8],
        mut i: usize,
        spans: &mut Vec<SegSpan>,
        most: usize,
    ) -> Step {
        loop {
            let n: &Node = &self.nodes[node as usize];
            if i == t.len() || t[i] == b'?' {
                return if n.end == NONE {
                    Step::Miss
                } else {
                    Step::Found(n.end, i)
                };
            }
            let s = i + 1;
            // An empty segment (`//`, a trailing slash) or one starting with `.`: the
            // cleaner's to judge, as is a path over the segment limit.
            if matches!(t.get(s), None | Some(b'/' | b'?' | b'.')) || spans.len() == most {
                return Step::Judge;
            }
            let depth = spans.len();
            // The segment's end once known, and whether its bytes are known to be plain.
            let mut end = 0;
            let mut plain = false;
            if !n.statics.is_empty() {
                let (child, e) = match n.by_first_byte.find(t, s) {
                    Found::Child(child, e) => {
                        plain = true; // equal to a key of plain text
                        (child, e)
                    }
                    Found::Nothing => (NONE, 0),
                    Found::Crowded => {
                        let Some(e) = plain_segment_end(t, s) else {
                            return Step::Judge;
                        };
                        plain = true;
                        (n.statics.get(&t[s..e]), e)
                    }
                };
                end = e;
                if child != NONE {
                    spans.push(span(s, e));
                    if n.dynamic == NONE && n.rest == NONE {
                        node = child;
                        i = e;
                        continue;
                    }
                    match self.walk_raw(child, t, e, spans, most) {
                        Step::Miss => spans.truncate(depth),
                        found_or_judge => return found_or_judge,
                    }
                }
            }
            if n.dynamic == NONE && n.rest == NONE {
                return Step::Miss;
            }
            if !plain {
                match plain_segment_end(t, s) {
                    Some(e) => end = e,
                    None => return Step::Judge,
                }
            }
            if n.dynamic != NONE {
                spans.push(span(s, end));
                if n.rest == NONE {
                    node = n.dynamic;
                    i = end;
                    continue;
                }
                match self.walk_raw(n.dynamic, t, end, spans, most) {
                    Step::Miss => spans.truncate(depth),
                    found_or_judge => return found_or_judge,
                }
            }
            if n.rest == NONE {
                return Step::Miss;
            }
            return take_rest(t, span(s, end), spans, most, n.rest);
        }
    }
}

#[inline(always)]
fn span(start: usize, end: usize) -> SegSpan {
    SegSpan {
        start: start as u32,
        end: end as u32,
        valid: true,
    }
}

/// Groups of this many keys or fewer are compared one by one; a larger group sends the walk
/// to the node's hashed [`Dict`](crate::routes::dict::Dict).
const GROUP_MAX: u32 = 8;

/// A node's static children as the raw walk reads them: the keys of plain text, grouped by
/// their first byte, so that a segment is compared with its candidates before its end is
/// known. (A key of other text can never equal a segment of a plain target.)
#[derive(Debug, Default)]
pub(super) struct ByFirstByte {
    /// By first byte (keys start with ASCII): 0, or 1 + the index of its keys' group.
    group: Box<[u8]>,
    /// Where each group's keys start in `keys`, and the end.
    starts: Box<[u32]>,
    keys: Box<[RawKey]>,
    /// The bytes of keys longer than 16 bytes.
    long: Box<[u8]>,
}

#[derive(Debug)]
struct RawKey {
    key: Key,
    /// Where the key's bytes start in `long` (keys longer than 16 bytes).
    at: u32,
    child: u32,
}

/// What [`ByFirstByte::find`] found.
enum Found {
    /// The child, and where its segment ends.
    Child(u32, usize),
    Nothing,
    /// Too many keys start with the segment's byte: the hashed map must say.
    Crowded,
}

impl ByFirstByte {
    pub(super) fn new(statics: &[(Box<[u8]>, u32)]) -> ByFirstByte {
        let mut plain: Vec<&(Box<[u8]>, u32)> = statics
            .iter()
            .filter(|(k, _)| !k.is_empty() && k[0] != b'.' && cleaner_keeps_segment(k))
            .collect();
        plain.sort_by_key(|(k, _)| k[0]);
        let (mut starts, mut keys, mut long) = (vec![], vec![], vec![]);
        let mut group = if plain.is_empty() {
            vec![]
        } else {
            vec![0u8; 128]
        };
        for (k, child) in plain {
            let b = usize::from(k[0]);
            if group[b] == 0 {
                starts.push(keys.len() as u32);
                group[b] = starts.len() as u8;
            }
            keys.push(RawKey {
                key: Key::new(k),
                at: long.len() as u32,
                child: *child,
            });
            if k.len() > 16 {
                long.extend_from_slice(k);
            }
        }
        starts.push(keys.len() as u32);
        ByFirstByte {
            group: group.into(),
            starts: starts.into(),
            keys: keys.into(),
            long: long.into(),
        }
    }

    /// The child whose key is the segment starting at `s` (a byte that is not `/`, `?` or
    /// `.`), compared in place: the key's bytes, then a `/`, a `?` or the end after them.
    #[inline(always)]
    fn find(&self, t: &[u8], s: usize) -> Found {
        let b = t[s];
        if usize::from(b) >= self.group.len() {
            return Found::Nothing; // non-ASCII, or no key of plain text
        }
        let g = self.group[usize::from(b)];
        if g == 0 {
            return Found::Nothing;
        }
        let g = usize::from(g - 1);
        let (lo, hi) = (self.starts[g], self.starts[g + 1]);
        if hi - lo > GROUP_MAX {
            return Found::Crowded;
        }
        for k in &self.keys[lo as usize..hi as usize] {
            let e = s + k.key.len;
            if e > t.len() || !matches!(t.get(e), None | Some(b'/' | b'?')) {
                continue;
            }
            let seg = &t[s..e];
            if Key::new(seg) == k.key
                && (k.key.len <= 16 || self.long[k.at as usize..][..k.key.len] == *seg)
            {
                return Found::Child(k.child, e);
            }
        }
        Found::Nothing
    }
}

/// The catch-all `route` takes `first` and every segment after it, each checked.
fn take_rest(t: &[u8], first: SegSpan, spans: &mut Vec<SegSpan>, most: usize, route: u32) -> Step {
    spans.push(first);
    let mut i = first.end as usize;
    while i < t.len() && t[i] != b'?' {
        let s = i + 1;
        if matches!(t.get(s), None | Some(b'/' | b'?' | b'.')) || spans.len() == most {
            return Step::Judge;
        }
        let Some(e) = plain_segment_end(t, s) else {
            return Step::Judge;
        };
        spans.push(span(s, e));
        i = e;
    }
    Step::Found(route, i)
}

/// Where the segment starting at `s` ends (its `/`, its `?` or the target's end) when every
/// byte of it is one the cleaner keeps; `None` at the first that is not.
#[inline(always)]
fn plain_segment_end(t: &[u8], s: usize) -> Option<usize> {
    let mut i = s;
    while let Some(&b) = t.get(i) {
        match CLASS[usize::from(b)] {
            PLAIN => {}
            SLASH_OR_DOT if b == b'.' => {}
            SLASH_OR_DOT | QUESTION => return Some(i),
            _ => return None,
        }
        i += 1;
    }
    Some(i)
}
