//! Limits that bound the work of one build and one request (ROUTING.md §2).

/// Configurable limits. Exceeding a request limit yields a 414/431 decision; exceeding a build
/// limit is a build error. Never a slowdown or a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest request target in bytes (→ 414).
    pub max_target_bytes: usize,
    /// Most path segments in a request (→ 414).
    pub max_segments: usize,
    /// Most request headers considered (→ 431).
    pub max_headers: usize,
    /// Longest header value in bytes (→ 431).
    pub max_header_bytes: usize,
    /// Longest route pattern in bytes (build error).
    pub max_pattern_bytes: usize,
    /// Most routes per router (build error).
    pub max_routes: usize,
    /// Most middleware, header, redirect and rewrite rules per router (build error).
    pub max_rules: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_target_bytes: 8 * 1024,
            max_segments: 256,
            max_headers: 64,
            max_header_bytes: 8 * 1024,
            max_pattern_bytes: 1024,
            max_routes: 100_000,
            max_rules: 10_000,
        }
    }
}
