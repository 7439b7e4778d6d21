//! The request as the engine reads it: the canonical path and the parsed, merged query.

pub(crate) mod normalize;
pub(crate) mod percent;
pub(crate) mod query;
