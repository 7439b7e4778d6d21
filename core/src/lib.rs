//! # Overview
//!
//! `routecore` decides what happens to an HTTP request under Next.js App Router rules: which
//! route handler, page or metadata route serves it and with which params, or which redirect,
//! 404, 405 (with `Allow`), automatic OPTIONS or HEAD-via-GET answers it. It runs no JavaScript
//! and no I/O on the request path: build a [`Router`] once, then call [`Router::decide`] from any
//! thread with a reusable [`Context`]; deciding allocates nothing once the context is warm.
//!
//! The behaviour is specified in the repository's `docs/ROUTING.md`; every binding (C, Go,
//! Python) calls this crate and replays the same conformance vectors.
//!
//! # Example: route a request
//!
//! ```
//! use routecore::{Action, Context, ParamValue, Request, RouteSpec, Router};
//!
//! let router = Router::builder()
//!     .route(RouteSpec::route("/api/users/[id]", &["GET", "DELETE"]).with_id(7))
//!     .route(RouteSpec::page("/blog/[...slug]"))
//!     .build()
//!     .expect("valid routes");
//!
//! let mut ctx = Context::new(); // one per thread, reused
//! let d = router.decide(&Request::new("GET", "/api/users/42?x=1"), &mut ctx);
//! assert_eq!(d.action(), Action::Route);
//! assert_eq!(d.route().unwrap().id(), 7);
//! assert!(matches!(d.param("id"), Some(ParamValue::One("42"))));
//!
//! let d = router.decide(&Request::new("POST", "/api/users/42"), &mut ctx);
//! assert_eq!(d.status(), 405);
//! assert_eq!(d.allow(), Some("DELETE, GET, HEAD, OPTIONS"));
//! ```
//!
//! # Example: load `routecore.json`
//!
//! Loading (`routecore.json`, the `app/` directory scan, [`load_project`]) is the `load`
//! feature, on by default. Without it the crate is the matching engine alone: no filesystem
//! access and no JSON types in its API; routes and rules are given as typed specs
//! ([`RouteSpec`], [`RulesSpec`]).
//!
//! ```
//! let builder = routecore::parse_config(r#"{"trailingSlash": false,
//!     "routes": [{"pattern": "/about", "kind": "page"}]}"#).unwrap();
//! let router = builder.build().unwrap();
//! let mut ctx = routecore::Context::new();
//! let d = router.decide(&routecore::Request::new("GET", "/about/?a=1"), &mut ctx);
//! assert_eq!((d.status(), d.location()), (308, Some("/about?a=1")));
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Layers, lowest first: error, limits, reason, path_bytes → syntax → routes → context → input → rules →
// engine → load. Each imports only its own layer and those below it (core/tests/layers.rs
// checks; ARCHITECTURE.md draws them). `load` (files and JSON) is the `load` feature.
mod context;
mod engine;
mod error;
mod input;
mod limits;
#[cfg(feature = "load")]
mod load;
mod path_bytes;
mod reason;
mod routes;
mod rules;
#[cfg(all(test, feature = "load"))]
mod smoke_tests;
mod syntax;

pub use context::Context;
pub use context::outcome::Action;
pub use engine::decision::{Decision, Param, ParamValue, Params, QueryEntry, RouteRef, Segments};
pub use engine::router::{Request, RouteInfo, Router, RouterBuilder, RouterOptions};
pub use error::{BuildError, BuildErrorKind, BuildErrors};
pub use limits::Limits;
#[cfg(feature = "load")]
pub use load::app_dir::{MiddlewareSource, ScannedProject, scan_project, scan_project_with};
#[cfg(feature = "load")]
pub use load::config::{config_from_value, matcher_from_value, parse_config};
#[cfg(feature = "load")]
pub use load::project::{CONFIG_FILE, load_project};
pub use reason::Reason;
pub use routes::methods::{Method, MethodSet, is_token};
pub use routes::route::{Cache, Dynamic, Revalidate, RouteKind, RouteSpec};
pub use routes::table::ParamKind;
pub use rules::conditions::{ConditionKind, ConditionSpec};
pub use rules::{
    HeaderRule, MatcherSpec, MiddlewareRule, MiddlewareSpec, RedirectRule, RewriteRule, RuleAction,
    RulesSpec,
};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
