//! The lookup structure: a segment trie walked depth-first with backtracking.
//!
//! Each node is visited at most once per lookup (a node sits at one depth and every edge
//! consumes one segment), so a lookup costs at most the number of nodes the path can reach and
//! never allocates. Fully static routes are also kept in one hash map keyed by the whole path,
//! which answers the common case with one hash and one compare.

use rustc_hash::FxHashMap;

/// Marks an absent node or route.
pub(crate) const NONE: u32 = u32::MAX;

/// Static children above this count go into a hash map instead of a linear scan.
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

#[derive(Debug)]
enum Statics {
    Few(Box<[(Box<[u8]>, u32)]>),
    Many(FxHashMap<Box<[u8]>, u32>),
}

impl Statics {
    #[inline]
    fn find(&self, seg: &[u8]) -> u32 {
        match self {
            Statics::Few(list) => {
                for (key, node) in list.iter() {
                    if key.as_ref() == seg {
                        return *node;
                    }
                }
                NONE
            }
            Statics::Many(map) => map.get(seg).copied().unwrap_or(NONE),
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

#[derive(Debug)]
struct Node {
    route: u32,
    dynamic: u32,
    catch_all: u32,
    optional_catch_all: u32,
    statics: Statics,
}

/// The immutable lookup structure.
#[derive(Debug)]
pub(crate) struct Tree {
    nodes: Box<[Node]>,
    /// Fully static routes by their whole path (`/` for the root).
    exact: FxHashMap<Box<[u8]>, u32>,
}

impl Tree {
    /// Builds from node specs (node 0 is the root) and the fully static paths.
    pub fn new(specs: Vec<NodeSpec>, exact: Vec<(Box<[u8]>, u32)>) -> Tree {
        let nodes = specs
            .into_iter()
            .map(|n| Node {
                route: n.route,
                dynamic: n.dynamic,
                catch_all: n.catch_all,
                optional_catch_all: n.optional_catch_all,
                statics: if n.statics.len() <= LINEAR_SCAN_MAX {
                    Statics::Few(n.statics.into_boxed_slice())
                } else {
                    Statics::Many(n.statics.into_iter().collect())
                },
            })
            .collect();
        Tree {
            nodes,
            exact: exact.into_iter().collect(),
        }
    }

    /// The fully static route at exactly `path` (raw bytes that need no decoding).
    #[inline]
    pub fn exact(&self, path: &[u8]) -> u32 {
        self.exact.get(path).copied().unwrap_or(NONE)
    }

    /// The highest-priority route matching `segs`, or [`NONE`].
    pub fn find(&self, segs: Segments<'_>) -> u32 {
        self.walk(0, segs, 0)
    }

    fn walk(&self, node: u32, segs: Segments<'_>, i: usize) -> u32 {
        let n = &self.nodes[node as usize];
        if i == segs.spans.len() {
            // At most one of these is set (the builder rejects both: "same specificity").
            return if n.route != NONE {
                n.route
            } else {
                n.optional_catch_all
            };
        }
        let (seg, valid) = segs.get(i);
        if valid {
            let child = n.statics.find(seg);
            if child != NONE {
                let r = self.walk(child, segs, i + 1);
                if r != NONE {
                    return r;
                }
            }
        }
        if n.dynamic != NONE {
            let r = self.walk(n.dynamic, segs, i + 1);
            if r != NONE {
                return r;
            }
        }
        if n.catch_all != NONE {
            return n.catch_all;
        }
        n.optional_catch_all
    }
}
