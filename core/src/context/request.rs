//! The request part of a context: the path in each spelling a matcher tests, and the host.

use crate::routes::tree::SegSpan;

/// The request as the engine reads it.
#[derive(Debug)]
pub(crate) struct RequestInput {
    /// The canonical path (basePath included); `path[base_len..match_end]` is what routes are
    /// matched against.
    pub path: Vec<u8>,
    pub base_len: usize,
    pub match_end: usize,
    /// The percent-decoded segments of `path[base_len..match_end]`, filled on first need
    /// (`input::normalize::segments`); `segmented` says whether they are. A path without
    /// escapes needs no decoding: its spans then point into `path` itself (`spans_in_path`),
    /// found by the same scan that validated the target.
    pub decoded: Vec<u8>,
    pub spans: Vec<SegSpan>,
    pub segmented: bool,
    pub spans_in_path: bool,
    /// The spans are those of the segments the route's params took, and only those (the raw
    /// walk's, `routes::tree::raw`): param `i` starts at span `i`, not at its position.
    pub spans_are_params: bool,
    /// The host (from the target's authority or the `Host` header), and which it came from.
    pub host: String,
    pub host_from_target: bool,
    /// Whether a rewrite changed the path this request is routed by.
    pub rewritten: bool,
    /// The fully percent-decoded path, for middleware matchers.
    pub decoded_path: String,
    /// The decoded spelling of the path a custom-route phase tests (every escape but `%2F`
    /// and `%25` decoded; empty when there is none): sources are tested on it too, so no
    /// spelling skips a rule.
    pub rule_path_decoded: String,
    /// The path as sent (dot segments resolved, escapes untouched), when escapes made the
    /// canonical path differ from it; empty otherwise. Middleware matchers test it too.
    pub raw_path: String,
    /// The canonical full path (basePath included) a rule phase tests.
    pub full_path: String,
}

impl RequestInput {
    pub(crate) fn with_capacity(bytes: usize, segments: usize) -> Self {
        RequestInput {
            path: Vec::with_capacity(bytes),
            base_len: 0,
            match_end: 0,
            decoded: Vec::with_capacity(bytes),
            spans: Vec::with_capacity(segments),
            segmented: false,
            spans_in_path: false,
            spans_are_params: false,
            host: String::with_capacity(256),
            host_from_target: false,
            rewritten: false,
            decoded_path: String::with_capacity(bytes),
            rule_path_decoded: String::with_capacity(bytes),
            raw_path: String::with_capacity(bytes),
            full_path: String::with_capacity(bytes),
        }
    }

    /// The bytes segment spans point into: the path itself, or the decoded copy.
    #[inline]
    pub(crate) fn segment_buffer(&self) -> &[u8] {
        if self.spans_in_path {
            &self.path
        } else {
            &self.decoded
        }
    }

    /// Whether every segment decoded (always, when the path has no escape).
    #[inline]
    pub(crate) fn segments_valid(&self) -> bool {
        self.spans_in_path || self.spans.iter().all(|s| s.valid)
    }

    /// Forgets the segments (the path changed): they are split again on next need.
    pub(crate) fn forget_segments(&mut self) {
        self.decoded.clear();
        self.spans.clear();
        self.segmented = false;
        self.spans_in_path = false;
        self.spans_are_params = false;
    }

    /// Forgets what every decision writes: the path and its segments.
    pub(crate) fn clear_path(&mut self) {
        self.path.clear();
        self.base_len = 0;
        self.match_end = 0;
        self.forget_segments();
    }

    /// Forgets what only the path cleaner and the rules write: the host and the path's other
    /// spellings (`full_path` is rewritten before each use).
    pub(crate) fn clear_extras(&mut self) {
        self.host.clear();
        self.host_from_target = false;
        self.rewritten = false;
        self.decoded_path.clear();
        self.rule_path_decoded.clear();
        self.raw_path.clear();
    }

    /// Whether [`RequestInput::clear_extras`] would change nothing.
    pub(crate) fn extras_are_clear(&self) -> bool {
        self.host.is_empty()
            && !self.host_from_target
            && !self.rewritten
            && self.decoded_path.is_empty()
            && self.rule_path_decoded.is_empty()
            && self.raw_path.is_empty()
    }
}
