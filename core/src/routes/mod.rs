//! The route table: patterns, route specs, methods, and the radix tree that matches paths.

pub(crate) mod dict;
pub(crate) mod methods;
pub(crate) mod pattern;
pub(crate) mod route;
pub(crate) mod table;
pub(crate) mod tree;
