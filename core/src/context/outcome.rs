//! The scalar part of a decision as it is being made: what to do, with which status and route,
//! why, and which rules' response headers wait for the answer.

use crate::reason::Reason;
use crate::routes::route::Cache;

/// What the host should do with the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Action {
    /// Call the route's handler (`route`, `params`, ...).
    Route = 0,
    /// Answer with `status` and `location`.
    Redirect = 1,
    /// Proxy the request to the absolute URL in `location`.
    RewriteExternal = 2,
    /// Answer with `status`, `response_headers` and `body` as given.
    Respond = 3,
    /// Answer 204 with `allow` (automatic OPTIONS).
    Options = 4,
    /// Answer 405 with `allow`.
    MethodNotAllowed = 5,
    /// Answer 404.
    NotFound = 6,
    /// Answer `status` (400, 414 or 431): the request is malformed or over a limit.
    BadRequest = 7,
}

impl Action {
    /// The JSON name (`route`, `redirect`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Route => "route",
            Action::Redirect => "redirect",
            Action::RewriteExternal => "rewrite_external",
            Action::Respond => "respond",
            Action::Options => "options",
            Action::MethodNotAllowed => "method_not_allowed",
            Action::NotFound => "not_found",
            Action::BadRequest => "bad_request",
        }
    }
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
    pub middleware: bool,
    pub reason: Option<Reason>,
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
            middleware: false,
            reason: None,
        }
    }
}

/// A deferred response-header source.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hit {
    /// A headers rule, and whether its source matched the decoded spelling of the path (see
    /// `engine::decide::decoded_alternative`) rather than the canonical one: its params are captured again
    /// from the same spelling.
    HeaderRule(u32, bool),
    MiddlewareRule(u32),
}
