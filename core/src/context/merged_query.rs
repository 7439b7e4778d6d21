//! The layout of a decision's merged query (filled by `input::query::merge`).

use hashbrown::HashTable;
use std::hash::RandomState;

/// The merged query of a decision, laid out once so that every read is linear in its size:
/// `input::query::merge` groups the keys with a hash table (O(n) whatever keys a client sends: the hash is
/// keyed at random per context, so no chosen set of keys collides) and every reader then
/// walks plain arrays.
///
/// Entries are numbered request pairs first (`Context::query_spans`), then rewrite pairs
/// (`Context::extra_query`).
#[derive(Debug, Default)]
pub(crate) struct MergedQuery {
    /// The entries the handler sees, in `{...requestQuery, ...rewriteQuery}` order.
    pub order: Vec<u32>,
    /// Every entry, grouped by key (groups in order of first appearance, entries in number
    /// order within a group): the values of one key are a run.
    pub by_key: Vec<u32>,
    /// Per entry: the run of `by_key` holding its key's visible values.
    pub runs: Vec<KeyRun>,
    /// Scratch: per entry, the first entry with its key; per first entry, its count, then
    /// the next free place of its run.
    pub first: Vec<u32>,
    pub count: Vec<u32>,
    /// First entries by key.
    pub table: HashTable<u32>,
    pub hasher: RandomState,
}

/// The visible values of one key: `by_key[start..end]`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KeyRun {
    pub start: u32,
    pub end: u32,
    /// The JSON form writes the key as an array (it repeats, or holds a list param).
    pub list: bool,
}

impl MergedQuery {
    pub(crate) fn clear(&mut self) {
        self.order.clear();
        self.by_key.clear();
        self.runs.clear();
    }
}
