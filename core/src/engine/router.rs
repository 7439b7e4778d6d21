//! The router: built once from route specs and options, then shared by every thread.

use crate::context::Context;
use crate::engine::decision::Decision;
use crate::engine::static_targets::StaticTargets;
use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::input::normalize::PathOptions;
use crate::limits::Limits;
use crate::routes::route::RouteSpec;
use crate::routes::table::{self, Table};
use crate::routes::tree::NONE;
use crate::rules::{self, MatcherSpec, MiddlewareSpec, Rules, RulesSpec};

/// One request as the host received it. Every field is raw bytes: nothing is assumed valid.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The method token, e.g. `GET`.
    pub method: &'a [u8],
    /// The request target: `/path?query`, or an absolute URL (its host is used, and `host`
    /// and any `Host` header are ignored, as RFC 9112 §3.2.2 requires).
    pub target: &'a [u8],
    /// The `Host` (or `:authority`), when the host knows it apart from the headers; it wins
    /// over a `Host` header.
    pub host: Option<&'a [u8]>,
    /// Header (name, value) pairs; names are compared case-insensitively.
    pub headers: &'a [(&'a [u8], &'a [u8])],
}

impl<'a> Request<'a> {
    /// A request without headers.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Request {
            method: method.as_bytes(),
            target: target.as_bytes(),
            host: None,
            headers: &[],
        }
    }

    /// Sets the host.
    pub fn with_host(mut self, host: &'a str) -> Self {
        self.host = Some(host.as_bytes());
        self
    }

    /// Sets the headers.
    pub fn with_headers(mut self, headers: &'a [(&'a [u8], &'a [u8])]) -> Self {
        self.headers = headers;
        self
    }
}

/// Router-wide options (the `next.config` fields that shape routing).
#[derive(Debug, Clone, Default)]
pub struct RouterOptions {
    /// `basePath`: a prefix every route lives under (`/docs`), or empty.
    pub base_path: String,
    /// `trailingSlash`: canonical URLs end with `/`.
    pub trailing_slash: bool,
    /// `skipTrailingSlashRedirect`: never redirect to add or drop a trailing slash.
    pub skip_trailing_slash_redirect: bool,
    /// `experimental.caseSensitiveRoutes` (custom-route sources match case-sensitively).
    pub case_sensitive_routes: bool,
    /// Request and build limits.
    pub limits: Limits,
}

/// Collects routes and options, then builds a [`Router`], reporting every error at once.
#[derive(Debug, Clone, Default)]
pub struct RouterBuilder {
    options: RouterOptions,
    routes: Vec<RouteSpec>,
    rules: RulesSpec,
    /// A middleware file and its `config.matcher`, merged into `rules` at build.
    middleware_matcher: Option<(String, Option<Vec<MatcherSpec>>)>,
    warnings: Vec<String>,
    /// Errors found before the build (a project scan's), reported first by `build`.
    errors: Vec<BuildError>,
}

impl RouterBuilder {
    /// An empty builder with default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the options.
    pub fn options(mut self, options: RouterOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `basePath`.
    pub fn base_path(mut self, base_path: &str) -> Self {
        self.options.base_path = base_path.to_owned();
        self
    }

    /// Sets `trailingSlash`.
    pub fn trailing_slash(mut self, on: bool) -> Self {
        self.options.trailing_slash = on;
        self
    }

    /// Adds a route (a pattern with a silently static bracket segment, `/a/[id`, adds a
    /// warning: [`RouterBuilder::warnings`]).
    pub fn route(mut self, spec: RouteSpec) -> Self {
        self.warnings
            .extend(crate::routes::pattern::bracket_warning(&spec.pattern));
        self.routes.push(spec);
        self
    }

    /// Adds a route (by reference, for loops).
    pub fn add(&mut self, spec: RouteSpec) -> &mut Self {
        self.warnings
            .extend(crate::routes::pattern::bracket_warning(&spec.pattern));
        self.routes.push(spec);
        self
    }

    /// The routes added so far.
    pub fn routes(&self) -> &[RouteSpec] {
        &self.routes
    }

    /// Replaces every middleware and `next.config` rule.
    pub fn rules(mut self, rules: RulesSpec) -> Self {
        self.rules = rules;
        self
    }

    /// The rules so far, to add to them.
    pub fn rules_mut(&mut self) -> &mut RulesSpec {
        &mut self.rules
    }

    /// Sets the middleware (its matcher and rules).
    pub fn middleware(mut self, middleware: MiddlewareSpec) -> Self {
        self.rules.middleware = Some(middleware);
        self
    }

    /// Records the project's middleware file (`middleware.ts` / `proxy.ts`) and its
    /// `config.matcher` (`None`: no matcher, it runs for every request). At build it becomes
    /// the middleware's matcher; the middleware's rules may come from `routecore.json`. A
    /// matcher in both places is an error.
    pub fn middleware_matcher(
        mut self,
        file: impl Into<String>,
        matcher: Option<Vec<MatcherSpec>>,
    ) -> Self {
        self.middleware_matcher = Some((file.into(), matcher));
        self
    }

    /// The middleware file and matcher recorded with [`RouterBuilder::middleware_matcher`].
    pub fn middleware_source(&self) -> Option<(&str, Option<&[MatcherSpec]>)> {
        self.middleware_matcher
            .as_ref()
            .map(|(f, m)| (f.as_str(), m.as_deref()))
    }

    /// Adds a warning (something allowed but probably a mistake) for the host to show.
    pub fn warn(&mut self, warning: impl Into<String>) -> &mut Self {
        self.warnings.push(warning.into());
        self
    }

    /// The warnings collected while loading the project.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Adds errors found while loading the project (a scan's); [`RouterBuilder::build`] then
    /// fails with them first, followed by every error of the build itself.
    pub fn add_errors(&mut self, errors: impl IntoIterator<Item = BuildError>) -> &mut Self {
        self.errors.extend(errors);
        self
    }

    /// Builds the router, or returns every error found.
    pub fn build(self) -> Result<Router, BuildErrors> {
        let mut errors = self.errors;
        let mut spec = self.rules;
        if let Some((file, matcher)) = self.middleware_matcher {
            let mw = spec.middleware.get_or_insert_with(MiddlewareSpec::default);
            if let Some(m) = matcher {
                if mw.matcher.is_some() {
                    errors.push(BuildError::new(
                        BuildErrorKind::Config,
                        format!(
                            "the middleware matcher is declared twice: in {file} (config.matcher) and in routecore.json (middleware.matcher); keep one"
                        ),
                    ));
                }
                mw.matcher = Some(m);
            }
            mw.file.get_or_insert(file);
        }
        // Interception routes become `beforeFiles` rewrites after the configured ones (Next.js).
        for r in self
            .routes
            .iter()
            .filter(|r| crate::routes::pattern::is_intercepting(&r.pattern))
        {
            match crate::rules::intercept::rewrite(&r.pattern) {
                Ok(rule) => spec.before_files.push(rule),
                Err(m) => {
                    let at = r
                        .file
                        .as_deref()
                        .map(|f| format!("{f}: "))
                        .unwrap_or_default();
                    errors.push(BuildError::new(BuildErrorKind::Pattern, format!("{at}{m}")));
                }
            }
        }
        let base = &self.options.base_path;
        if !base.is_empty()
            && (!base.starts_with('/')
                || base.ends_with('/')
                || base.contains(['?', '#', '\\', '%'])
                || base.contains("//")
                || base.bytes().any(|b| b.is_ascii_control() || b == b' '))
        {
            errors.push(BuildError::new(
                BuildErrorKind::Config,
                format!(
                    "basePath '{}' must start with '/', must not end with '/', and may not contain '?', '#', '%', '\\\\', '//', spaces or control bytes",
                    base.escape_debug()
                ),
            ));
        }
        let table = match table::build(&self.routes, &self.options.limits) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        let count = spec.count();
        if count > self.options.limits.max_rules {
            errors.push(BuildError::new(
                BuildErrorKind::Limit,
                format!(
                    "{count} rules exceed the limit of {} rules per router",
                    self.options.limits.max_rules
                ),
            ));
        }
        let place = rules::Place {
            middleware: spec
                .middleware
                .as_ref()
                .and_then(|m| m.file.as_deref())
                .unwrap_or("middleware"),
        };
        let compiled = match rules::compile(
            &spec,
            &self.options.base_path,
            self.options.case_sensitive_routes,
            place,
        ) {
            Ok(r) => Some(r),
            Err(msgs) => {
                errors.extend(
                    msgs.into_iter()
                        .map(|m| BuildError::new(BuildErrorKind::Rule, m)),
                );
                None
            }
        };
        match (table, compiled) {
            (Some(table), Some(rules)) if errors.is_empty() => {
                let mut router = Router {
                    table,
                    rules,
                    paths: PathOptions::new(
                        &self.options.base_path,
                        self.options.trailing_slash,
                        self.options.skip_trailing_slash_redirect,
                    ),
                    static_targets: StaticTargets::default(),
                    raw_walk: false,
                    options: self.options,
                };
                // (With no segment allowed, even the root is over the limit: a 414 the walk
                // would not see. The walk does not count segments: a tree deeper than the
                // limit would let it recurse past it.)
                router.raw_walk = router.rules.is_empty()
                    && router.paths.base_path.is_empty()
                    && (!router.paths.trailing_slash || router.paths.skip_trailing_slash_redirect)
                    && router.options.limits.max_segments > 0
                    && router.table.tree.depth() <= router.options.limits.max_segments;
                router.static_targets = StaticTargets::build(&router);
                Ok(router)
            }
            _ => Err(BuildErrors(errors)),
        }
    }
}

/// An immutable, thread-safe router. Build it once; call [`Router::decide`] from any thread.
#[derive(Debug)]
pub struct Router {
    pub(crate) table: Table,
    pub(crate) rules: Rules,
    pub(crate) paths: PathOptions,
    /// The targets that need neither the path cleaner nor the table's lookup.
    pub(crate) static_targets: StaticTargets,
    /// The route table alone decides (no rule), and a canonical path without a trailing
    /// slash is matched as it is (no basePath, no trailing-slash redirect that adds one): a
    /// plain target may be walked raw (`Tree::find_raw`).
    pub(crate) raw_walk: bool,
    options: RouterOptions,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Router>();
    const fn assert_send<T: Send>() {}
    assert_send::<Context>();
};

/// A route of the built table, as `routecore routes` lists it.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo<'a> {
    /// The pattern.
    pub pattern: &'a str,
    /// Route handler, page or metadata route.
    pub kind: crate::RouteKind,
    /// The implemented methods (pages and metadata: GET).
    pub methods: crate::MethodSet,
    /// The source file, when known.
    pub file: Option<&'a str>,
    /// The host's handler id.
    pub id: u64,
}

impl Router {
    /// Starts a builder.
    pub fn builder() -> RouterBuilder {
        RouterBuilder::new()
    }

    /// The options the router was built with.
    pub fn options(&self) -> &RouterOptions {
        &self.options
    }

    /// The routes in priority order (Next.js `getSortedRoutes`).
    pub fn routes(&self) -> impl ExactSizeIterator<Item = RouteInfo<'_>> {
        self.table.routes.iter().map(|r| RouteInfo {
            pattern: &r.pattern,
            kind: r.kind,
            methods: r.methods,
            file: r.file.as_deref(),
            id: r.id,
        })
    }

    /// Decides what to do with `req`. Allocation-free once `ctx` has grown to fit the request.
    pub fn decide<'a>(&'a self, req: &Request<'_>, ctx: &'a mut Context) -> Decision<'a> {
        let known = self.static_targets.find(req.target);
        if known == NONE
            || !self
                .static_targets
                .decide(known, req, &self.options.limits, ctx)
        {
            ctx.reset();
            ctx.reset_but_for_static = false;
            // A request the raw walk settled wrote no header list, and merged its query.
            if crate::engine::decide::decide(self, req, ctx, known) {
                debug_assert!(ctx.answer.extras_are_clear());
            } else {
                ctx.answer.settle_lists();
                crate::input::query::merge(&mut ctx.query);
            }
            if ctx.answer.out.reason.is_none() {
                ctx.answer.out.reason = crate::engine::explain::explain(self, req, ctx);
            }
        }
        Decision { router: self, ctx }
    }

    /// The decision the last [`Router::decide`] call left in `ctx`, viewed again.
    ///
    /// For hosts that keep the router and the context between calls but cannot keep the
    /// [`Decision`] borrow (the C ABI re-reads the decision on every accessor call).
    /// `ctx` must last have been passed to `decide` on this same router: with another router
    /// the view is meaningless and reading it may panic (it is never unsafe).
    pub fn decision<'a>(&'a self, ctx: &'a Context) -> Decision<'a> {
        Decision { router: self, ctx }
    }
}
