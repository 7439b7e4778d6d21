//! The order of evaluation: the router, the phases of a decision, the decision read-out
//! and the reasons for non-route answers.

pub(crate) mod common_fields;
pub(crate) mod decide;
pub(crate) mod decision;
pub(crate) mod explain;
#[cfg(test)]
mod raw_walk_tests;
pub(crate) mod router;
pub(crate) mod static_targets;
