//! The walk over a raw request target that is already canonical: the path cleaner's scan and
//! the trie walk in one pass, for a router without rules or basePath.
//!
//! A target the cleaner would copy unchanged (printable ASCII; no `%`, `\`, `//`, dot segment
//! or fragment; see `input::normalize::plain_path_end`) has segments that need no decoding, so
//! the trie can take them from the target itself. A node compares its static keys of plain
//! text with the bytes at the segment's start ([`ByFirstByte`]), before the segment's end is
//! known: bytes equal to such a key need no check. A segment taken by `[x]` is cut and checked
//! in one byte loop. So every byte of a path that reaches a route has been checked by the time
//! it does, and the walk answers exactly what the cleaner plus [`Tree::find`] would. Anything
//! else (a byte the cleaner must judge, an empty or dot segment) is left to them: the walk says [`Raw::Judge`] and the caller runs the general way. After a miss
//! ([`Raw::Missed`]) or at a catch-all ([`Raw::Rest`]) the bytes the walk did not read are the
//! cleaner's scan's to check (`input::normalize::plain_rest`), with no second walk.
//!
//! The walk keeps the spans of the segments that params take, and only those: a route's
//! `[x]` edges are its params in order, so param `i` is span `i` (a catch-all's segments are
//! the spans from its index on). A static segment's text is the route's own and needs none.
//! Nor does the walk count segments: each takes at least two bytes, so only a path over twice
//! the segment limit can be over it, and the caller counts that one's slashes. (A router whose
//! tree is deeper than the limit is not walked raw, so the walk never goes deeper than it.)

use super::{NONE, Node, SegSpan, Tree};
use crate::path_bytes::{ENDS, IN_SEGMENT, KEEPS, cleaner_keeps_segment, query_is_plain};
use crate::routes::dict::{Key, le64};

/// What the raw walk concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Raw {
    /// This route, for the canonical path `target[..path_end]`; its params' spans are in
    /// the span list, as positions in the target.
    Found { route: u32, path_end: usize },
    /// This catch-all (or optional catch-all) route takes the segments after the `/` at
    /// `from`, if the rest of the target is plain (the spans hold the params' segments before
    /// it):
    /// the cleaner's scan checks and splits the rest faster than the walk would.
    Rest { route: u32, from: usize },
    /// No route, if the rest of the target from `from` (a `/`, or where the path ends) is
    /// plain: the walk read the bytes before it.
    Missed { from: usize },
    /// The general way must decide (a byte to judge).
    Judge,
}

/// One branch's outcome.
enum Step {
    Found(u32, usize),
    /// A catch-all takes the segments after the `/` at this position.
    Rest(u32, usize),
    /// No route; the walk read the target up to here (0 if it cut no segment).
    Miss(usize),
    Judge,
}

impl Tree {
    /// Walks `target` as it was sent (see the module doc), pushing the spans of the segments
    /// params take onto `spans` (which must be empty). Segments are not counted: the caller
    /// holds the path to the limit.
    #[inline]
    pub(crate) fn find_raw(&self, target: &[u8], spans: &mut Vec<SegSpan>) -> Raw {
        // A trailing slash (a redirect, or the cleaner's to keep) is seen before any walk, so
        // such a target is not read twice. (One before a query the walk meets as an empty
        // segment.)
        if target.first() != Some(&b'/') || target.len() > 1 && target.ends_with(b"/") {
            return Raw::Judge;
        }
        // `/` alone is the root, which has no segment.
        let start = if matches!(target.get(1), None | Some(b'?')) {
            1
        } else {
            0
        };
        match self.walk_raw(0, target, start, spans) {
            Step::Found(route, end) if query_is_plain(target, end) => Raw::Found {
                route,
                path_end: end,
            },
            Step::Rest(route, from) => Raw::Rest { route, from },
            Step::Miss(far) => Raw::Missed { from: far },
            _ => Raw::Judge,
        }
    }

    /// [`Tree::walk`] over raw bytes: `i` is the `/` before the next segment, or where the
    /// path ends (the target's end or its `?`).
    fn walk_raw(&self, mut node: u32, t: &[u8], mut i: usize, spans: &mut Vec<SegSpan>) -> Step {
        // How far this call's branches read before they missed (a miss says how far it read:
        // the end of its last segment, or of a branch's, whichever is farther).
        let mut far = 0;
        loop {
            let n: &Node = &self.nodes[node as usize];
            // `i` is where a segment was cut: at a `/`, the `?` or the end.
            if t.get(i) != Some(&b'/') {
                return if n.end == NONE {
                    Step::Miss(far.max(i))
                } else {
                    Step::Found(n.end, i)
                };
            }
            let s = i + 1;
            // An empty segment (`//`, a trailing slash) or one starting with `.`: the
            // cleaner's to judge.
            let Some(&first) = t.get(s) else {
                return Step::Judge;
            };
            if matches!(first, b'/' | b'?' | b'.') {
                return Step::Judge;
            }
            // The segment's end once known, and whether its bytes are known to be plain.
            let mut end = 0;
            let mut plain = false;
            if !n.statics.is_empty() {
                let (child, e) = match n.by_first_byte.find(t, s, first) {
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
                    if n.dynamic == NONE && n.rest == NONE {
                        node = child;
                        i = e;
                        continue;
                    }
                    let params = spans.len();
                    match self.walk_raw(child, t, e, spans) {
                        Step::Miss(f) => {
                            far = far.max(f);
                            spans.truncate(params);
                        }
                        found_or_judge => return found_or_judge,
                    }
                }
            }
            if n.dynamic == NONE && n.rest == NONE {
                return Step::Miss(far.max(i));
            }
            if !plain {
                match plain_segment_end(t, s) {
                    Some(e) => end = e,
                    None => return Step::Judge,
                }
            }
            if n.dynamic != NONE {
                let params = spans.len();
                spans.push(span(s, end));
                if n.rest == NONE {
                    node = n.dynamic;
                    i = end;
                    continue;
                }
                match self.walk_raw(n.dynamic, t, end, spans) {
                    Step::Miss(f) => {
                        far = far.max(f);
                        spans.truncate(params);
                    }
                    found_or_judge => return found_or_judge,
                }
            }
            if n.rest == NONE {
                return Step::Miss(far.max(end));
            }
            return Step::Rest(n.rest, i);
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

/// A group's count that says "crowded" (more than [`GROUP_MAX`] keys).
const CROWD: u32 = 255;

/// Nodes with this many keys or fewer have no first-byte table: each key's first byte is
/// compared in turn.
const FEW: usize = 4;

/// A node's static children as the raw walk reads them: the keys of plain text, grouped by
/// their first byte, so that a segment is compared with its candidates before its end is
/// known. (A key of other text can never equal a segment of a plain target.)
#[derive(Debug, Default)]
pub(super) struct ByFirstByte {
    /// By first byte (keys start with ASCII): the keys starting with it, as where they start
    /// in `keys` (the low 24 bits) and how many they are (the top 8; 0 for none, and 255 for a
    /// crowd, which the hashed map answers). One load says where to look. Empty for [`FEW`]
    /// keys or fewer.
    group: Box<[u32]>,
    keys: Box<[RawKey]>,
    /// The bytes of keys longer than 16 bytes.
    long: Box<[u8]>,
}

#[derive(Debug)]
struct RawKey {
    key: Key,
    /// The key's first 8 bytes (all of a short key) as one word (little-endian, zero above its
    /// length), and the mask of those bytes: compared with the 8 bytes at the segment's start
    /// in one step.
    word: u64,
    mask: u64,
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
        let (mut keys, mut long) = (vec![], vec![]);
        let mut group = vec![0u32; 128];
        for (k, child) in &plain {
            let b = usize::from(k[0]);
            group[b] = match group[b] >> 24 {
                // A group past what 24 bits can place is a crowd: the hashed map finds it.
                0 if keys.len() < 1 << 24 => keys.len() as u32 | 1 << 24,
                0 => CROWD << 24,
                CROWD => group[b],
                n => group[b] & 0xff_ffff | (n + 1).min(CROWD) << 24,
            };
            let mut word = [0u8; 8];
            let short = &k[..k.len().min(8)];
            word[..short.len()].copy_from_slice(short);
            keys.push(RawKey {
                key: Key::new(k),
                word: u64::from_le_bytes(word),
                mask: u64::MAX >> (64 - 8 * short.len()),
                at: long.len() as u32,
                child: *child,
            });
            if k.len() > 16 {
                long.extend_from_slice(k);
            }
        }
        if plain.len() <= FEW {
            group.clear();
        }
        ByFirstByte {
            group: group.into(),
            keys: keys.into(),
            long: long.into(),
        }
    }

    /// The child whose key is the segment starting at `s` with byte `first` (not `/`, `?` or
    /// `.`), compared in place: the key's first 8 bytes with the segment's in one masked
    /// compare, then the rest of a longer key, then a `/`, a `?` or the end after them.
    #[inline(always)]
    fn find(&self, t: &[u8], s: usize, first: u8) -> Found {
        let keys = if self.group.is_empty() {
            &self.keys[..]
        } else {
            let Some(&g) = self.group.get(usize::from(first)) else {
                return Found::Nothing; // not ASCII
            };
            let (at, count) = ((g & 0xff_ffff) as usize, g >> 24);
            if count > GROUP_MAX {
                return Found::Crowded;
            }
            // No key starts with `first` when `count` is 0.
            match self.keys.get(at..at + count as usize) {
                Some(keys) => keys,
                None => return Found::Nothing,
            }
        };
        let w = word_at(t, s);
        for k in keys {
            if w & k.mask == k.word {
                if let Some(e) = self.rest_matches(k, t, s) {
                    return Found::Child(k.child, e);
                }
            }
        }
        Found::Nothing
    }

    /// Where the segment at `s` ends if it is `k`'s key, given that its first bytes (up to
    /// 8) are the key's.
    #[inline(always)]
    fn rest_matches(&self, k: &RawKey, t: &[u8], s: usize) -> Option<usize> {
        let e = s + k.key.len;
        if !matches!(t.get(e), None | Some(b'/' | b'?')) || e > t.len() {
            return None;
        }
        (k.key.len <= 8
            || Key::new(&t[s..e]) == k.key
                && (k.key.len <= 16 || self.long[k.at as usize..][..k.key.len] == t[s..e]))
            .then_some(e)
    }
}

/// The 8 bytes of `t` from `s` as a little-endian word, zero past the end of `t` (no key has
/// a zero byte, so a key longer than what is left never compares equal).
#[inline(always)]
fn word_at(t: &[u8], s: usize) -> u64 {
    if let Some(w) = t.get(s..s + 8) {
        return le64(w);
    }
    if t.len() >= 8 {
        // The last 8 bytes, shifted down to start at `s`.
        return le64(&t[t.len() - 8..]) >> (8 * (s + 8 - t.len()));
    }
    let mut w = [0u8; 8];
    let tail = t.get(s..).unwrap_or_default();
    w[..tail.len()].copy_from_slice(tail);
    u64::from_le_bytes(w)
}

/// Where the segment starting at `s` ends (its `/`, its `?` or the target's end) when every
/// byte of it is one the cleaner keeps; `None` at the first that is not.
#[inline(always)]
fn plain_segment_end(t: &[u8], s: usize) -> Option<usize> {
    let mut i = s;
    while let Some(&b) = t.get(i) {
        match IN_SEGMENT[usize::from(b)] {
            KEEPS => {}
            ENDS => return Some(i),
            _ => return None,
        }
        i += 1;
    }
    Some(i)
}
