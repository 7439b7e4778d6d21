//! The lookup structure: a segment trie walked depth-first with backtracking.
//!
//! Each node is visited at most once per lookup (a node sits at one depth and every edge
//! consumes one segment), so a lookup costs at most the number of nodes the path can reach and
//! never allocates. Fully static routes are also kept in one hash map keyed by the whole path,
//! which answers the common case with one hash and one compare. (A rule-less router's static
//! targets already answer those paths, so there a path that reaches the table skips the map.)
//! A target that is already canonical can be walked as it was sent ([`raw`]): the same nodes
//! in the same order, each still visited at most once.

use crate::routes::dict::{Dict, PathMap};

mod raw;
use raw::ByFirstByte;
pub(crate) use raw::Raw;

/// Marks an absent node or route.
pub(crate) const NONE: u32 = u32::MAX;

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
    /// The static children again, as a raw walk compares them.
    by_first_byte: ByFirstByte,
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
    exact: PathMap,
    /// The most edges from the root to a node: how deep a walk can go (and recurse).
    depth: usize,
}

impl Tree {
    /// Builds from node specs (node 0 is the root) and the fully static paths. A path with a
    /// `%` in it is left to the trie: a request path with an escape must be decoded before it
    /// is compared, and without such keys [`Tree::exact`] can take raw paths as they are.
    pub fn new(specs: Vec<NodeSpec>, exact: Vec<(Box<[u8]>, u32)>) -> Tree {
        // The builder adds a node after its parent, so one pass in order finds every depth.
        let mut depths = vec![0usize; specs.len()];
        for (parent, n) in specs.iter().enumerate() {
            let children = n.statics.iter().map(|&(_, c)| c).chain([n.dynamic]);
            for child in children.filter(|&c| c != NONE) {
                debug_assert!(child as usize > parent, "a child node before its parent");
                depths[child as usize] = depths[parent] + 1;
            }
        }
        let depth = depths.into_iter().max().unwrap_or(0);
        let nodes = specs
            .into_iter()
            .map(|n| Node {
                by_first_byte: ByFirstByte::new(&n.statics),
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
        let exact = exact
            .into_iter()
            .filter(|(k, _)| !k.contains(&b'%'))
            .collect();
        Tree {
            nodes,
            exact: PathMap::new(exact),
            depth,
        }
    }

    /// The most segments a walk can take before a catch-all: the deepest route's static and
    /// `[x]` segments.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The fully static route at exactly `path`, a canonical path still percent-encoded: no
    /// key has a `%`, so a path with an escape never hits (the trie decodes and matches it).
    #[inline]
    pub fn exact(&self, path: &[u8]) -> u32 {
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
            let child = if n.statics.is_empty() {
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
