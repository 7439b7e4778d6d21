//! The reusable per-thread match context: every buffer a decision needs, grown once, reused.

use crate::decision::Action;
use crate::route::Cache;
use crate::tree::SegSpan;

/// Capacity reserved up front so that the first match is already allocation-free for
/// typical requests.
const PATH_CAPACITY: usize = 1024;
const SEGMENT_CAPACITY: usize = 64;

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
    pub(crate) decoded: Vec<u8>,
    pub(crate) spans: Vec<SegSpan>,
    pub(crate) host: String,
    pub(crate) host_from_target: bool,
    pub(crate) raw_query: String,
    pub(crate) has_query: bool,
    /// Decoded query: bytes, then (key start, key end, value start, value end) spans.
    pub(crate) query: Vec<u8>,
    pub(crate) query_spans: Vec<[u32; 4]>,
    pub(crate) location: String,
    pub(crate) out: Outcome,
}

/// The scalar part of a decision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
    pub action: Action,
    pub status: u16,
    pub route: Option<u32>,
    pub head_via_get: bool,
    pub cache: Option<Cache>,
    pub revalidate: Option<u32>,
    pub has_pathname: bool,
    pub has_location: bool,
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome {
            action: Action::NotFound,
            status: 404,
            route: None,
            head_via_get: false,
            cache: None,
            revalidate: None,
            has_pathname: false,
            has_location: false,
        }
    }
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
            host: String::with_capacity(256),
            host_from_target: false,
            raw_query: String::with_capacity(PATH_CAPACITY),
            has_query: false,
            query: Vec::with_capacity(PATH_CAPACITY),
            query_spans: Vec::with_capacity(SEGMENT_CAPACITY),
            location: String::with_capacity(PATH_CAPACITY),
            out: Outcome::default(),
        }
    }

    /// Forgets the previous request, keeping every buffer's capacity.
    pub(crate) fn reset(&mut self) {
        self.path.clear();
        self.base_len = 0;
        self.match_end = 0;
        self.decoded.clear();
        self.spans.clear();
        self.host.clear();
        self.host_from_target = false;
        self.raw_query.clear();
        self.has_query = false;
        self.query.clear();
        self.query_spans.clear();
        self.location.clear();
        self.out = Outcome::default();
    }
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}
