//! The lookup structure: a segment trie walked depth-first with backtracking.
//!
//! Each node is visited at most once per lookup (a node sits at one depth and every edge
//! consumes one segment), so a lookup costs at most the number of nodes the path can reach and
//! never allocates. Fully static routes are also kept in one hash map keyed by the whole path,
//! which answers the common case with one hash and one compare.

/// Marks an absent node or route.
pub(crate) const NONE: u32 = u32::MAX;

/// Maps (static children, exact paths) above this count get a hash index instead of a scan.
const LINEAR_SCAN_MAX: usize = 8;

/// One request segment, decoded into a shared buffer.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SegSpan {
    /// Start of the decoded bytes.
    pub start: u32,
    /// End of the decoded bytes.
    pub end: u32,
    /// The raw segment's percent-encoding was valid and decoded to UTF-8.
    pub valid: bool,
}

/// The decoded segments of one request path.
#[derive(Clone, Copy)]
pub(crate) struct Segments<'a> {
    pub decoded: &'a [u8],
    pub spans: &'a [SegSpan],
}

impl Segments<'_> {
    #[inline]
    fn get(&self, i: usize) -> (&[u8], bool) {
        let s = self.spans[i];
        (&self.decoded[s.start as usize..s.end as usize], s.valid)
    }
}

/// A map from byte strings to `u32`, built once, tuned for short keys read on the hot path.
///
/// A key is compared through [`Key`]: its length and at most two 8-byte words that together
/// hold every byte of a key up to 16 bytes long, so most compares are three integer compares
/// and never call `memcmp`. Up to [`LINEAR_SCAN_MAX`] entries are scanned in order; larger maps
/// add an open-addressing index (linear probing, at most half full).
#[derive(Debug, Default)]
struct Dict {
    entries: Box<[Entry]>,
    /// Indexes into `entries`, [`NONE`] for an empty slot; empty for a scanned map.
    slots: Box<[u32]>,
    /// A key's slot is the top bits of its hash (a multiplicative hash mixes upwards).
    shift: u32,
    /// The bytes of keys longer than 16 bytes (they need a full compare).
    long: Box<[u8]>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    /// Where the key's bytes start in `Dict::long` (keys longer than 16 bytes only).
    at: u32,
    value: u32,
}

/// A key's length and two words that hold all of its bytes when it is at most 16 bytes long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    a: u64,
    b: u64,
}

impl Key {
    #[inline]
    fn new(s: &[u8]) -> Key {
        let n = s.len();
        let (a, b) = if n >= 8 {
            (le64(&s[..8]), le64(&s[n - 8..]))
        } else if n >= 4 {
            (
                u64::from(le32(&s[..4])) | u64::from(le32(&s[n - 4..])) << 32,
                0,
            )
        } else if n > 0 {
            (
                u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
                0,
            )
        } else {
            (0, 0)
        };
        Key { a, b, len: n }
    }

    /// A hash of the whole key (`s` is the key's bytes).
    #[inline]
    fn hash(&self, s: &[u8]) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5; // rustc-hash's multiplier
        let mut h = (self.len as u64).wrapping_mul(K);
        h = (h ^ self.a).wrapping_mul(K);
        h = (h ^ self.b).wrapping_mul(K);
        // The bytes between the two words, in 8-byte windows (the last may overlap `b`).
        let mut i = 8;
        while i + 8 < self.len {
            h = (h ^ le64(&s[i..i + 8])).wrapping_mul(K);
            i += 8;
        }
        h
    }
}

#[inline]
fn le64(s: &[u8]) -> u64 {
    u64::from_le_bytes(s.try_into().expect("8 bytes"))
}

#[inline]
fn le32(s: &[u8]) -> u32 {
    u32::from_le_bytes(s.try_into().expect("4 bytes"))
}

impl Dict {
    fn new(items: Vec<(Box<[u8]>, u32)>) -> Dict {
        let mut long = Vec::new();
        let entries: Box<[Entry]> = items
            .iter()
            .map(|(k, value)| {
                let at = long.len() as u32;
                if k.len() > 16 {
                    long.extend_from_slice(k);
                }
                Entry {
                    key: Key::new(k),
                    at,
                    value: *value,
                }
            })
            .collect();
        let mut slots = Vec::new();
        let mut shift = 0;
        if entries.len() > LINEAR_SCAN_MAX {
            slots = vec![NONE; (entries.len() * 2).next_power_of_two()];
            shift = 64 - slots.len().trailing_zeros();
            let mask = slots.len() - 1;
            for (i, (k, _)) in items.iter().enumerate() {
                let mut s = (entries[i].key.hash(k) >> shift) as usize;
                while slots[s] != NONE {
                    s = (s + 1) & mask;
                }
                slots[s] = i as u32;
            }
        }
        Dict {
            entries,
            slots: slots.into_boxed_slice(),
            shift,
            long: long.into_boxed_slice(),
        }
    }

    #[inline]
    fn matches(&self, e: &Entry, key: &Key, s: &[u8]) -> bool {
        e.key == *key && (key.len <= 16 || self.long[e.at as usize..][..key.len] == *s)
    }

    #[inline(always)]
    fn get(&self, s: &[u8]) -> u32 {
        if self.entries.is_empty() {
            return NONE;
        }
        let key = Key::new(s);
        if self.slots.is_empty() {
            for e in self.entries.iter() {
                if self.matches(e, &key, s) {
                    return e.value;
                }
            }
            return NONE;
        }
        let mask = self.slots.len() - 1;
        let mut slot = (key.hash(s) >> self.shift) as usize;
        loop {
            let i = self.slots[slot];
            if i == NONE {
                return NONE;
            }
            let e = &self.entries[i as usize];
            if self.matches(e, &key, s) {
                return e.value;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A trie node as the table builder describes it.
#[derive(Debug)]
pub(crate) struct NodeSpec {
    /// The route ending here.
    pub route: u32,
    /// Static children: (decoded segment text, child node index).
    pub statics: Vec<(Box<[u8]>, u32)>,
    /// `[x]` child node.
    pub dynamic: u32,
    /// Route of the `[...x]` child (always a leaf).
    pub catch_all: u32,
    /// Route of the `[[...x]]` child (always a leaf).
    pub optional_catch_all: u32,
}

/// A node as the walk reads it: what ends here, what takes one segment, what takes the rest.
#[derive(Debug)]
struct Node {
    statics: Dict,
    /// The `[x]` child.
    dynamic: u32,
    /// The route for a path that ends here: the node's own, else its `[[...x]]` (taking
    /// nothing). The builder never lets both exist ("same specificity").
    end: u32,
    /// The route taking every remaining segment (one or more): the `[...x]` child, else the
    /// `[[...x]]` one.
    rest: u32,
}

/// The immutable lookup structure.
#[derive(Debug)]
pub(crate) struct Tree {
    nodes: Box<[Node]>,
    /// Fully static routes by their whole path (`/` for the root).
    exact: Dict,
    /// One bit per [`filter_bit`] of the `exact` keys: most dynamic paths are told apart
    /// from every static one without hashing the whole path.
    exact_filter: [u64; 16],
}

/// A bit of the `exact` filter: from the length and two bytes of a path (cheap, and enough to
/// separate most dynamic request paths from a table's static ones).
#[inline]
fn filter_bit(path: &[u8]) -> usize {
    let n = path.len();
    let (mid, last) = match path {
        [] => (0, 0),
        _ => (path[n / 2], path[n - 1]),
    };
    (n.wrapping_mul(0x9e37) ^ usize::from(mid).wrapping_mul(0x85) ^ usize::from(last) << 3) & 1023
}

impl Tree {
    /// Builds from node specs (node 0 is the root) and the fully static paths. A path with a
    /// `%` in it is left to the trie: a request path with an escape must be decoded before it
    /// is compared, and without such keys [`Tree::exact`] can take raw paths as they are.
    pub fn new(specs: Vec<NodeSpec>, exact: Vec<(Box<[u8]>, u32)>) -> Tree {
        let nodes = specs
            .into_iter()
            .map(|n| Node {
                statics: Dict::new(n.statics),
                dynamic: n.dynamic,
                end: if n.route != NONE {
                    n.route
                } else {
                    n.optional_catch_all
                },
                rest: if n.catch_all != NONE {
                    n.catch_all
                } else {
                    n.optional_catch_all
                },
            })
            .collect();
        let exact: Vec<_> = exact
            .into_iter()
            .filter(|(k, _)| !k.contains(&b'%'))
            .collect();
        let mut exact_filter = [0u64; 16];
        for (k, _) in &exact {
            let bit = filter_bit(k);
            exact_filter[bit / 64] |= 1 << (bit % 64);
        }
        Tree {
            nodes,
            exact: Dict::new(exact),
            exact_filter,
        }
    }

    /// The fully static route at exactly `path`, a canonical path still percent-encoded: no
    /// key has a `%`, so a path with an escape never hits (the trie decodes and matches it).
    #[inline]
    pub fn exact(&self, path: &[u8]) -> u32 {
        let bit = filter_bit(path);
        if self.exact_filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return NONE;
        }
        self.exact.get(path)
    }

    /// The highest-priority route matching `segs`, or [`NONE`].
    pub fn find(&self, segs: Segments<'_>) -> u32 {
        self.walk(0, segs, 0)
    }

    /// Depth-first, static before `[x]` before `[...x]` before `[[...x]]`. A node with no
    /// alternative to the edge it takes is left by a loop, not a call: only real branch points
    /// recurse (and are returned to when their first choice dead-ends).
    fn walk(&self, mut node: u32, segs: Segments<'_>, mut i: usize) -> u32 {
        loop {
            let n = &self.nodes[node as usize];
            if i == segs.spans.len() {
                return n.end;
            }
            // A node of `[x]` children alone (most levels of an API's tree) never reads the
            // segment's bytes.
            let child = if n.statics.entries.is_empty() {
                NONE
            } else {
                match segs.get(i) {
                    (seg, true) => n.statics.get(seg),
                    (_, false) => NONE,
                }
            };
            if child != NONE {
                if n.dynamic == NONE && n.rest == NONE {
                    node = child;
                    i += 1;
                    continue;
                }
                let r = self.walk(child, segs, i + 1);
                if r != NONE {
                    return r;
                }
            }
            if n.dynamic != NONE {
                if n.rest == NONE {
                    node = n.dynamic;
                    i += 1;
                    continue;
                }
                let r = self.walk(n.dynamic, segs, i + 1);
                if r != NONE {
                    return r;
                }
            }
            return n.rest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exact_filter_lets_every_static_path_through() {
        // Lengths 1..=300 and assorted bytes: every key is found; a path of a length and
        // ending no key has is refused by the filter alone or by the map, never misreported.
        let keys: Vec<Vec<u8>> = (1..=300usize)
            .map(|n| {
                let mut k = vec![b'/'];
                k.extend((1..n).map(|i| b"abc/xyz-_.09"[(i * 7 + n) % 12]));
                k
            })
            .collect();
        let exact = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (Box::from(&k[..]), i as u32))
            .collect();
        let tree = Tree::new(Vec::new(), exact);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(tree.exact(k), i as u32, "{:?}", String::from_utf8_lossy(k));
            let mut other = k.clone();
            other.push(b'!');
            assert_eq!(tree.exact(&other), NONE);
        }
        assert_eq!(tree.exact(b""), NONE);
    }
}
