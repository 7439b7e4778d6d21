//! The query part of a context: the query as sent, its parsed pairs, the pairs rewrites add,
//! and the merged layout every reader walks (filled by `input::query`).

use crate::context::span::Span;
use hashbrown::HashTable;
use std::hash::RandomState;

/// The query of one request as the engine builds it up.
#[derive(Debug)]
pub(crate) struct QueryParts {
    /// The query as sent (after `?`, without the fragment), and whether there was a `?`.
    pub raw: String,
    pub present: bool,
    /// Decoded text: request pairs, then what rewrites add (keys, values, written text).
    pub bytes: Vec<u8>,
    /// Request pairs.
    pub pairs: Vec<QueryPair>,
    /// Pairs added by rewrites; they replace request pairs with the same key.
    pub extra: Vec<QueryPair>,
    /// A destination's query entries as the rule author wrote them.
    pub written: Vec<WrittenPair>,
    /// The query the handler sees (request and rewrite pairs merged), laid out by
    /// `input::query::merge` once the decision is made.
    pub merged: MergedQuery,
}

/// One query pair: key and value in [`QueryParts::bytes`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryPair {
    pub key: Span,
    pub value: Span,
    /// The value belongs to a list param (a rewrite's `:path*`): the key is an array.
    pub list: bool,
}

/// A destination's `k=v` as its author wrote it, for a Location.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WrittenPair {
    /// The start of its key in [`QueryParts::bytes`], which names its [`QueryParts::extra`]
    /// entry.
    pub key_start: u32,
    /// The `k=v` text in [`QueryParts::bytes`].
    pub text: Span,
}

impl QueryParts {
    pub(crate) fn with_capacity(bytes: usize, pairs: usize) -> Self {
        QueryParts {
            raw: String::with_capacity(bytes),
            present: false,
            bytes: Vec::with_capacity(bytes),
            pairs: Vec::with_capacity(pairs),
            extra: Vec::with_capacity(8),
            written: Vec::with_capacity(8),
            merged: MergedQuery::default(),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.raw.clear();
        self.present = false;
        self.bytes.clear();
        self.pairs.clear();
        self.extra.clear();
        self.written.clear();
        self.merged.clear();
    }

    /// Whether [`QueryParts::clear`] would change nothing.
    pub(crate) fn is_clear(&self) -> bool {
        self.raw.is_empty()
            && !self.present
            && self.bytes.is_empty()
            && self.pairs.is_empty()
            && self.extra.is_empty()
            && self.written.is_empty()
            && self.merged.is_clear()
    }
}

/// The merged query of a decision, laid out once so that every read is linear in its size:
/// `input::query::merge` groups the keys with a hash table (O(n) whatever keys a client sends: the hash is
/// keyed at random per context, so no chosen set of keys collides) and every reader then
/// walks plain arrays.
///
/// Entries are numbered request pairs first ([`QueryParts::pairs`]), then rewrite pairs
/// ([`QueryParts::extra`]).
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
    /// Whether [`MergedQuery::clear`] would change nothing.
    pub(crate) fn is_clear(&self) -> bool {
        self.order.is_empty() && self.by_key.is_empty() && self.runs.is_empty()
    }

    pub(crate) fn clear(&mut self) {
        self.order.clear();
        self.by_key.clear();
        self.runs.clear();
    }
}
