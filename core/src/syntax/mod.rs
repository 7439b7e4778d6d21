//! Pattern languages: path-to-regexp (Next.js `source` patterns) and JavaScript regexes.

pub(crate) mod jsregex;
pub(crate) mod p2r;
