//! The order of evaluation (ROUTING.md §5): the only module that knows it.
//!
//! 1. `headers` (collected, applied at the end unless the answer is a redirect),
//! 2. `redirects`, 3. middleware, 4. `beforeFiles` rewrites, 5. static routes,
//! 6. `afterFiles` rewrites, 7. dynamic routes, 8. `fallback` rewrites.
//!
//! Each rewrite phase walks its rules once, in order; a rewrite changes the path the next rules
//! and the route table see, and the walk stops as soon as the rewritten path names a route
//! (Next.js's `check: true`). A request therefore sees at most one middleware rewrite plus one
//! pass per phase: a chain cannot loop, and its length is bounded by the number of rules.

use crate::context::Context;
use crate::context::outcome::Outcome;
use crate::context::outcome::{Action, Hit};
use crate::context::query::{QueryPair, QueryParts, WrittenPair};
use crate::context::request::RequestInput;
use crate::context::span::Span;
use crate::engine::common_fields::{Common, common_field};
use crate::engine::router::{Request, Router};
use crate::input::normalize::{self, Normalized};
use crate::input::{percent, query};
use crate::limits::Limits;
use crate::reason::Reason;
use crate::routes::methods::{self, Method};
use crate::routes::route::Cache;
use crate::routes::tree::{NONE, Raw};
use crate::rules::conditions::{self, Inputs, is_internal_header};
use crate::rules::destination::{self, COMPONENT, Destination, TextMode, substitute_text};
use crate::rules::{
    CompiledAction, CompiledMiddlewareRule, CompiledRoute, Middleware, Phase, Source,
};
use percent_encoding::utf8_percent_encode;

/// What a rewrite did.
enum Rewritten {
    /// The decision is made (external proxy, or an unsafe destination).
    Answered,
    /// The app path changed; `false` when it left the basePath (nothing can match it).
    Internal(bool),
}

/// Decides `req` into `ctx.answer.out` (which `Context::reset` left at its default: not found).
/// `known` is the request target's static target, or `NONE` (`StaticTargets::find`).
/// Returns true when the raw walk settled it: no header list was written and the query, if
/// any, is merged.
#[inline(always)] // one caller, `Router::decide`: the whole request path in one frame
pub(crate) fn decide(router: &Router, req: &Request<'_>, ctx: &mut Context, known: u32) -> bool {
    ctx.answer.out = match decide_early(router, req, ctx, known) {
        Ok(settled) => return settled,
        Err(out) => out,
    };
    false
}

/// `decide`, with the answers that end it before the route table (a bad request, a
/// normalization redirect) and the rule phases' answer returned as `Err`; the rule-less route
/// table writes its answer in place (no outcome copied on the common path).
#[inline(always)] // its one caller, `decide`, is the request path
fn decide_early(
    router: &Router,
    req: &Request<'_>,
    ctx: &mut Context,
    known: u32,
) -> Result<bool, Outcome> {
    let limits = &router.options().limits;
    // The seven handler methods are tokens; any other method is checked byte by byte.
    let method = Method::from_bytes(req.method);
    if method.is_none() && !methods::is_token(req.method) {
        return Err(reject(400, Reason::MethodNotToken));
    }
    let internal = !req.headers.is_empty() && check_headers(req.headers, limits)?;
    // A static route's own spelling needs neither the path cleaner nor the table's lookup.
    let known = router.static_targets.take(known, req.target, ctx);
    let raw = if known == NONE && router.raw_walk && req.target.len() <= limits.max_target_bytes {
        raw_walk(router, req.target, ctx)
    } else {
        RawWalk::General
    };
    if raw != RawWalk::General && !internal {
        // The raw walk settled it (a rule-less router), here; the general way is
        // `decide_general`, out of line, so this path keeps its values in registers.
        if !ctx.query.raw.is_empty() {
            ctx.writes_extras();
            query::parse(&mut ctx.query);
            query::merge(&mut ctx.query);
        }
        ctx.answer.out.has_pathname = true;
        if let RawWalk::Route(route) = raw {
            route_found_in_line(router, method, &ctx.input, route, &mut ctx.answer.out);
        }
        return Ok(true);
    }
    decide_general(router, req, ctx, known, raw, method, internal).map(|()| false)
}

/// [`decide_early`] past the static targets and the raw walk.
#[inline(never)]
fn decide_general(
    router: &Router,
    req: &Request<'_>,
    ctx: &mut Context,
    known: u32,
    raw: RawWalk,
    method: Option<Method>,
    internal: bool,
) -> Result<(), Outcome> {
    let limits = &router.options().limits;
    let known = match raw {
        RawWalk::Route(route) => route,
        _ => known,
    };
    let inside = known != NONE || raw == RawWalk::NotFound || {
        ctx.writes_extras();
        match normalize::normalize(req.target, &router.paths, limits, ctx) {
            Normalized::Ok => true,
            Normalized::OutsideBasePath => false,
            Normalized::Reject(status, reason) => return Err(reject(status, reason)),
            Normalized::Redirect => {
                let mut out = Outcome {
                    action: Action::Redirect,
                    status: 308,
                    has_location: true,
                    ..Outcome::default()
                };
                add_refresh(ctx, &mut out);
                return Err(out);
            }
        }
    };
    if !ctx.query.raw.is_empty() {
        ctx.writes_extras();
        query::parse(&mut ctx.query);
    }
    if internal {
        ctx.writes_extras();
        for (name, _) in req.headers {
            if is_internal_header(name) {
                let name = std::str::from_utf8(name).unwrap_or("x-middleware-invalid");
                ctx.answer.change_request_header(name, None);
            }
        }
    }
    if router.rules.is_empty() {
        // No rule can see the request: the route table alone decides (steps 5 and 7).
        ctx.answer.out.has_pathname = inside;
        let route = match (known, inside) {
            (NONE, true) if raw == RawWalk::NotFound => NONE,
            // The static routes' own spellings were static targets: what is left for the
            // whole-path map (a static route with a query, say) the trie finds as well.
            (NONE, true) if !router.static_targets.is_empty() => {
                router.table.tree.find(normalize::segments(ctx))
            }
            (NONE, true) => lookup(router, ctx),
            _ => known,
        };
        if route != NONE {
            route_found(router, method, &ctx.input, route, &mut ctx.answer.out);
        }
        return Ok(());
    }
    ctx.writes_extras();
    let inputs = Inputs {
        headers: req.headers,
        host: req.host,
    };
    // The canonical full path (basePath included) every custom-route source sees.
    let mut full = std::mem::take(&mut ctx.input.full_path);
    full.clear();
    full.push_str(std::str::from_utf8(&ctx.input.path).unwrap_or("/"));
    let mut out = Outcome {
        has_pathname: inside,
        ..Outcome::default()
    };
    run(router, req, &inputs, ctx, &full, inside, &mut out);
    apply_response_headers(router, &inputs, ctx, &full, &mut out);
    ctx.input.full_path = full;
    Err(out)
}

/// What a raw walk settled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawWalk {
    Route(u32),
    NotFound,
    /// The general way must decide: the cleaner, then the trie.
    General,
}

/// The raw walk of `target` (`Tree::find_raw`), with the cleaner's scan checking what the walk
/// did not read. When it settles the target, `ctx` is left holding what the cleaner would
/// have left for it; otherwise `ctx` is as it was.
#[inline(always)] // one caller, `decide_early`
fn raw_walk(router: &Router, target: &[u8], ctx: &mut Context) -> RawWalk {
    let max = router.options().limits.max_segments;
    // Over the segment limit: the general way rejects it. A segment takes two bytes at least
    // (the walk and the scan leave empty ones to the cleaner), so a path of at most twice the
    // limit is under it uncounted.
    let over =
        |end: usize| end / 2 > max && memchr::memchr_iter(b'/', &target[..end]).count() > max;
    let spans = &mut ctx.input.spans;
    let (walk, path_end) = match router.table.tree.find_raw(target, spans) {
        Raw::Found { route, path_end } => (RawWalk::Route(route), Some(path_end)),
        Raw::Rest { route, from } => {
            // The spans kept stop at one more than the limit; `over` below tells a path over it.
            let end = normalize::plain_rest(target, from, spans, max.saturating_add(1));
            (RawWalk::Route(route), end)
        }
        Raw::Missed { from } => {
            spans.clear();
            (
                RawWalk::NotFound,
                normalize::plain_rest(target, from, spans, 0),
            )
        }
        Raw::Judge => (RawWalk::General, None),
    };
    let Some(path_end) = path_end.filter(|&end| !over(end)) else {
        spans.clear();
        return RawWalk::General;
    };
    let input = &mut ctx.input;
    input.path.extend_from_slice(&target[..path_end]);
    input.match_end = path_end;
    // A miss kept no segment: they are split on first need, as after the cleaner.
    let segmented = walk != RawWalk::NotFound;
    input.segmented = segmented;
    input.spans_in_path = segmented;
    input.spans_are_params = segmented;
    normalize::keep_query(target, path_end, ctx);
    walk
}

/// Whether a rule-less router's decision is the same with `headers` as without them: they
/// pass [`check_headers`] and none is internal (no request-header change to record).
pub(crate) fn headers_change_nothing(headers: &[(&[u8], &[u8])], limits: &Limits) -> bool {
    matches!(check_headers(headers, limits), Ok(false))
}

/// The header fields' limits and syntax: a 431 or 400 for a request that breaks them, else
/// whether one of them is internal (the decision then records its removal). One pass over the
/// fields (a host server sends a dozen with every request); the answers keep their order of
/// precedence.
fn check_headers(headers: &[(&[u8], &[u8])], limits: &Limits) -> Result<bool, Outcome> {
    if headers.len() > limits.max_headers {
        return Err(reject(431, Reason::LimitHeaders));
    }
    let (mut too_long, mut names_ok, mut hosts, mut internal) = (false, true, 0u32, false);
    for (n, v) in headers {
        too_long |= v.len() > limits.max_header_bytes;
        match common_field(n) {
            // A name every client sends: a token, not internal.
            Some(common) => hosts += u32::from(common == Common::Host),
            None => {
                let (token, host, is_internal) = check_name(n);
                names_ok &= token;
                hosts += u32::from(host);
                internal |= is_internal;
            }
        }
    }
    if too_long {
        return Err(reject(431, Reason::LimitHeaderBytes));
    }
    if !names_ok {
        return Err(reject(400, Reason::HeaderNameNotToken));
    }
    // Two Host fields make the request's host ambiguous: a 400 (RFC 9112 §3.2).
    if hosts > 1 {
        return Err(reject(400, Reason::DuplicateHost));
    }
    Ok(internal)
}

/// What the header checks need to know of a name that is not a common one: whether it is a
/// token, `Host`, internal. (Out of line: the loop over the fields keeps its registers.)
#[inline(never)]
fn check_name(n: &[u8]) -> (bool, bool, bool) {
    // A field name must be a token (RFC 9110 §5.1): a name with CR, LF, NUL or a space is a
    // malformed request, and must never be echoed into the request-header changes.
    (
        methods::is_token_inline(n),
        n.len() == 4 && n.eq_ignore_ascii_case(b"host"),
        is_internal_header(n),
    )
}

/// Steps 1–8. Leaves the answer in `out`.
fn run(
    router: &Router,
    req: &Request<'_>,
    inputs: &Inputs<'_>,
    ctx: &mut Context,
    full: &str,
    mut inside: bool,
    out: &mut Outcome,
) {
    ctx.rule.clear();
    let rules = &router.rules;
    let base = router.options().base_path.as_str();
    let method = Method::from_bytes(req.method);

    // 1. headers: remember which apply.
    if !rules.headers.is_empty() {
        let mut cands = std::mem::take(&mut ctx.rule.candidates);
        let mut decoded = std::mem::take(&mut ctx.input.rule_path_decoded);
        let alt = decoded_alternative(full, &mut decoded, &mut ctx.rule.scratch_bytes);
        rules.headers.candidates(
            full,
            alt.then_some(&*decoded),
            &mut ctx.rule.scratch,
            &mut cands,
        );
        for &i in &cands {
            let h = &rules.headers.rules[i as usize];
            let mark = ctx.rule.params.len();
            let Some(on_decoded) = matched_spelling(&h.source, full, alt.then_some(&*decoded))
            else {
                continue;
            };
            if conditions::check(&h.conditions.has, &h.conditions.missing, inputs, ctx) {
                ctx.rule.hits.push(Hit::HeaderRule(i, on_decoded));
            }
            // Its params are captured again when its headers are written, at the end.
            ctx.rule.truncate_params(mark);
        }
        ctx.rule.candidates = cands;
        ctx.input.rule_path_decoded = decoded;
    }

    // 2. redirects (never below `<basePath>/_next`).
    if !rules.redirects.is_empty() && !under_next(full, base) {
        if let Some(i) = first_match(&rules.redirects, full, 0, inputs, ctx) {
            let r = &rules.redirects.rules[i];
            return redirect_to(router, ctx, &r.destination, r.base_path, r.status, out);
        }
    }

    // 3. middleware.
    if let Some(mw) = &rules.middleware {
        if middleware_runs(mw, base, full, inputs, ctx) {
            out.middleware = true;
            // Candidates for the canonical and the decoded path, in rule order.
            let mut cands = std::mem::take(&mut ctx.rule.candidates);
            cands.clear();
            let mut runs = mw.index.collect(full, &mut ctx.rule.scratch, &mut cands);
            if ctx.input.decoded_path != full {
                runs +=
                    mw.index
                        .collect(&ctx.input.decoded_path, &mut ctx.rule.scratch, &mut cands);
            }
            if runs > 1 {
                cands.sort_unstable();
                cands.dedup();
            }
            let mut terminal = None;
            for &i in &cands {
                let i = i as usize;
                let rule = &mw.rules[i];
                if !rule.method_matches(req.method) {
                    continue;
                }
                // Each rule substitutes only what its own source and `has` captured.
                ctx.rule.truncate_params(0);
                if let Some(src) = &rule.source {
                    let captures = rule.captures();
                    if src.is_match(full) {
                        if captures {
                            src.capture(full, &mut ctx.rule);
                        }
                    } else if ctx.input.decoded_path != full
                        && src.is_match(&ctx.input.decoded_path)
                    {
                        if captures {
                            src.capture_decoded(&ctx.input.decoded_path, &mut ctx.rule);
                        }
                    } else {
                        continue;
                    }
                }
                if !conditions::check(&rule.conditions.has, &rule.conditions.missing, inputs, ctx) {
                    ctx.rule.truncate_params(0);
                    continue;
                }
                apply_request_headers(rule, req, ctx);
                ctx.rule.hits.push(Hit::MiddlewareRule(i as u32));
                if rule.action.is_some() {
                    terminal = Some(i);
                    break;
                }
            }
            ctx.rule.candidates = cands;
            match terminal.and_then(|i| mw.rules[i].action.as_ref()) {
                None => {}
                Some(CompiledAction::Redirect(dest, status)) => {
                    return redirect_to(router, ctx, dest, true, *status, out);
                }
                Some(CompiledAction::Respond { status, body, .. }) => {
                    out.action = Action::Respond;
                    out.status = *status;
                    out.route = None;
                    if let Some(b) = body {
                        let start = ctx.answer.hbuf.len();
                        ctx.answer.hbuf.push_str(b);
                        ctx.answer.body = Some(Span::since(start, &ctx.answer.hbuf));
                    }
                    return;
                }
                Some(CompiledAction::Rewrite(dest)) => {
                    match rewrite(router, ctx, dest, true, out) {
                        Rewritten::Answered => return,
                        Rewritten::Internal(now_inside) => inside = now_inside,
                    }
                }
            }
        }
    }

    // 4. beforeFiles rewrites. Each matching rule rewrites in turn with no `check: true`
    // (Next.js's `before_files_rewrite` routes): only the static routes of step 5 end the
    // walk, so a path that names a dynamic route still goes through afterFiles.
    let answered = |rules, check, ctx: &mut Context, out: &mut Outcome, inside: &mut bool| {
        rewrite_phase(router, rules, check, inputs, ctx, out, inside) == PhaseEnd::Answered
    };
    if answered(&rules.before_files, false, ctx, out, &mut inside) {
        return;
    }
    // 5. static routes (a fully static route always outranks a dynamic one).
    let mut route = if inside { lookup(router, ctx) } else { NONE };
    if route != NONE && router.table.routes[route as usize].params.is_empty() {
        return route_found(router, method, &ctx.input, route, out);
    }
    // 6. afterFiles rewrites.
    if !rules.after_files.is_empty() {
        if answered(&rules.after_files, true, ctx, out, &mut inside) {
            return;
        }
        route = if inside { lookup(router, ctx) } else { NONE };
    }
    // 7. dynamic routes.
    if route != NONE {
        return route_found(router, method, &ctx.input, route, out);
    }
    // 8. fallback rewrites.
    if answered(&rules.fallback, true, ctx, out, &mut inside) {
        return;
    }
    if inside {
        route = lookup(router, ctx);
        if route != NONE {
            return route_found(router, method, &ctx.input, route, out);
        }
    }
    out.action = Action::NotFound;
    out.status = 404;
    out.has_pathname = inside;
}

/// Whether `path` is `<basePath>/_next` or below (the redirect regex's `(?!/_next)`).
fn under_next(path: &str, base: &str) -> bool {
    let p = path.as_bytes();
    let end = base.len() + 6;
    p.len() >= end
        && p[..base.len()].eq_ignore_ascii_case(base.as_bytes())
        && p[base.len()..end].eq_ignore_ascii_case(b"/_next")
}

/// The first rule at or after `from` whose source and conditions match `path` (or, failing
/// that, its decoded spelling); its params are recorded in `ctx`.
fn first_match(
    phase: &Phase<CompiledRoute>,
    path: &str,
    from: usize,
    inputs: &Inputs<'_>,
    ctx: &mut Context,
) -> Option<usize> {
    let mut cands = std::mem::take(&mut ctx.rule.candidates);
    let mut decoded = std::mem::take(&mut ctx.input.rule_path_decoded);
    let alt = decoded_alternative(path, &mut decoded, &mut ctx.rule.scratch_bytes);
    phase.candidates(
        path,
        alt.then_some(&*decoded),
        &mut ctx.rule.scratch,
        &mut cands,
    );
    let mut found = None;
    for &i in cands.iter().filter(|&&i| i as usize >= from) {
        let r = &phase.rules[i as usize];
        let Some(on_decoded) = matched_spelling(&r.source, path, alt.then_some(&*decoded)) else {
            continue;
        };
        // Path params first: a `has` capture of the same name overrides them (Next.js).
        let mark = ctx.rule.params.len();
        if r.captures {
            r.source
                .capture(if on_decoded { &decoded } else { path }, &mut ctx.rule);
        }
        if conditions::check(&r.conditions.has, &r.conditions.missing, inputs, ctx) {
            found = Some(i as usize);
            break;
        }
        ctx.rule.truncate_params(mark);
    }
    ctx.rule.candidates = cands;
    ctx.input.rule_path_decoded = decoded;
    found
}

/// How a rewrite phase ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhaseEnd {
    /// The answer is in `out` (an external rewrite, or an unsafe destination).
    Answered,
    /// A rewrite led to a path that names a route (`check: true`): route it now.
    Routed,
    /// No rule, or no rewrite that named a route: routing goes on.
    Continue,
}

/// One rewrite phase over the current app path; with `check` (Next.js's `check: true`) it
/// stops at the first rewrite whose path names a route.
fn rewrite_phase(
    router: &Router,
    phase: &Phase<CompiledRoute>,
    check: bool,
    inputs: &Inputs<'_>,
    ctx: &mut Context,
    out: &mut Outcome,
    inside: &mut bool,
) -> PhaseEnd {
    if phase.is_empty() {
        return PhaseEnd::Continue;
    }
    let base = router.options().base_path.as_str();
    let mut from = 0;
    loop {
        // Each rule sees only its own params (an earlier rule's never reach its destination
        // or the query it appends).
        ctx.rule.truncate_params(0);
        // Sources see the full path: basePath + app path (or the bare path outside it).
        let mut full = std::mem::take(&mut ctx.rule.scratch_path);
        full.clear();
        if *inside {
            full.push_str(base);
        }
        full.push_str(std::str::from_utf8(&ctx.input.path[ctx.input.base_len..]).unwrap_or("/"));
        if full.is_empty() {
            full.push('/');
        }
        let hit = first_match(phase, &full, from, inputs, ctx);
        ctx.rule.scratch_path = full;
        let Some(i) = hit else {
            return PhaseEnd::Continue;
        };
        let r = &phase.rules[i];
        match rewrite(router, ctx, &r.destination, r.base_path, out) {
            Rewritten::Answered => return PhaseEnd::Answered,
            Rewritten::Internal(now_inside) => *inside = now_inside,
        }
        // `check: true`: a rewritten path that names a route is answered by the caller.
        if check && *inside && lookup(router, ctx) != NONE {
            return PhaseEnd::Routed;
        }
        from = i + 1;
        if from >= phase.rules.len() {
            return PhaseEnd::Continue;
        }
    }
}

/// Applies a rewrite to `dest`.
fn rewrite(
    router: &Router,
    ctx: &mut Context,
    dest: &Destination,
    rule_base: bool,
    out: &mut Outcome,
) -> Rewritten {
    let append = !dest.uses_params(&ctx.rule);
    if dest.is_external() {
        if !render_location(router, ctx, dest, rule_base, append) {
            unsafe_destination(out);
            return Rewritten::Answered;
        }
        out.action = Action::RewriteExternal;
        out.status = 200;
        out.route = None;
        out.has_location = true;
        return Rewritten::Answered;
    }
    let mut p = std::mem::take(&mut ctx.rule.scratch_path);
    p.clear();
    if dest.render_path(&ctx.rule, &mut p).is_err() {
        ctx.rule.scratch_path = p;
        ctx.query.extra.clear();
        unsafe_destination(out);
        return Rewritten::Answered;
    }
    merge_query(ctx, dest, append);
    let base = router.options().base_path.as_str();
    // With `basePath: false` the destination is a full path: only inside basePath is it ours.
    let app = if !rule_base && !base.is_empty() {
        match p.strip_prefix(base) {
            Some("") => Some("/"),
            Some(rest) if rest.starts_with('/') => Some(rest),
            _ => None,
        }
    } else {
        Some(p.as_str())
    };
    let inside = match app {
        Some(a) => {
            set_app_path(ctx, a);
            true
        }
        None => {
            ctx.input.path.clear();
            ctx.input.path.extend_from_slice(p.as_bytes());
            ctx.input.base_len = 0;
            ctx.input.forget_segments();
            false
        }
    };
    ctx.rule.scratch_path = p;
    ctx.input.rewritten = true;
    out.has_pathname = inside;
    Rewritten::Internal(inside)
}

/// Makes `app` (a path without basePath) the path routes are matched against.
fn set_app_path(ctx: &mut Context, app: &str) {
    ctx.input.path.clear();
    ctx.input.path.extend_from_slice(app.as_bytes());
    if ctx.input.path.is_empty() {
        ctx.input.path.push(b'/');
    }
    ctx.input.base_len = 0;
    ctx.input.match_end = ctx.input.path.len();
    if ctx.input.path.len() > 1 && ctx.input.path.ends_with(b"/") {
        ctx.input.match_end -= 1;
    }
    ctx.input.forget_segments();
    normalize::split_segments(ctx, usize::MAX);
}

/// The best route for the current app path, or [`NONE`].
fn lookup(router: &Router, ctx: &mut Context) -> u32 {
    let tree = &router.table.tree;
    let exact = tree.exact(&ctx.input.path[ctx.input.base_len..ctx.input.match_end]);
    if exact != NONE {
        return exact;
    }
    tree.find(normalize::segments(ctx))
}

/// Method dispatch and caching for a matched route (ROUTING.md §3).
pub(crate) fn route_found(
    router: &Router,
    method: Option<Method>,
    input: &RequestInput,
    route: u32,
    out: &mut Outcome,
) {
    route_found_in_line(router, method, input, route, out);
}

/// [`route_found`], in its caller's frame: for the raw walk's settled request.
#[inline(always)]
fn route_found_in_line(
    router: &Router,
    method: Option<Method>,
    input: &RequestInput,
    route: u32,
    out: &mut Outcome,
) {
    out.has_pathname = true;
    if !input.segments_valid() {
        // Only a param can have taken a segment that does not decode.
        out.action = Action::BadRequest;
        out.status = 400;
        out.reason = Some(Reason::BadEscape);
        return;
    }
    let r = &router.table.routes[route as usize];
    if r.intercepting && !input.rewritten {
        // Its own path (`/feed/(.)photo/1`) is internal: only the `Next-Url` rewrite leads here.
        out.action = Action::NotFound;
        out.status = 404;
        return;
    }
    out.route = Some(route);
    match method {
        Some(m) if r.methods.contains(m) => {}
        Some(Method::Head) if r.methods.contains(Method::Get) => out.head_via_get = true,
        Some(Method::Options) => {
            out.action = Action::Options;
            out.status = 204;
            return;
        }
        _ => {
            out.action = Action::MethodNotAllowed;
            out.status = 405;
            return;
        }
    }
    out.action = Action::Route;
    out.status = 200;
    let cache = match method {
        Some(Method::Get | Method::Head) => r.get_cache,
        _ => Cache::Dynamic,
    };
    out.cache = Some(cache);
    if cache == Cache::Static {
        out.revalidate = r.revalidate_seconds();
    }
}

/// Whether the middleware runs (ROUTING.md §4): its matcher against the canonical path and,
/// when they differ, the decoded path and the path as sent; without a matcher, everything but
/// `/_next/*` assets.
fn middleware_runs(
    mw: &Middleware,
    base: &str,
    full: &str,
    inputs: &Inputs<'_>,
    ctx: &mut Context,
) -> bool {
    decode_into(
        full,
        &mut ctx.input.decoded_path,
        &mut ctx.rule.scratch_bytes,
    );
    let Some(matchers) = &mw.matchers else {
        let asset = |p: &str| {
            let p = p.strip_prefix(base).unwrap_or(p);
            p.starts_with("/_next/") && !p.starts_with("/_next/data/")
        };
        return !(asset(full)
            && asset(&ctx.input.decoded_path)
            && (ctx.input.raw_path.is_empty() || asset(&ctx.input.raw_path)));
    };
    matchers.iter().any(|m| {
        matches_raw_or_decoded(&m.source, full, ctx)
            && conditions::check(&m.conditions.has, &m.conditions.missing, inputs, ctx)
    })
}

/// The canonical path, the fully decoded one, and the path as sent (when escapes made them
/// differ): middleware runs if any of them matches, so no spelling skips it.
fn matches_raw_or_decoded(src: &Source, full: &str, ctx: &Context) -> bool {
    src.is_match(full)
        || (ctx.input.decoded_path != full && src.is_match(&ctx.input.decoded_path))
        || (!ctx.input.raw_path.is_empty()
            && ctx.input.raw_path != full
            && src.is_match(&ctx.input.raw_path))
}

/// Fully percent-decodes `path` into `out` (invalid UTF-8 becomes U+FFFD), using `bytes` as
/// scratch.
fn decode_into(path: &str, out: &mut String, bytes: &mut Vec<u8>) {
    out.clear();
    if memchr::memchr(b'%', path.as_bytes()).is_none() {
        out.push_str(path);
        return;
    }
    bytes.clear();
    percent::decode_lossy(path, bytes);
    out.push_str(std::str::from_utf8(bytes).expect("made UTF-8"));
}

/// Whether `src` matches `path` (`Some(false)`) or, failing that, its decoded spelling
/// (`Some(true)`, see [`decoded_alternative`]).
fn matched_spelling(src: &Source, path: &str, decoded: Option<&str>) -> Option<bool> {
    if src.is_match(path) {
        Some(false)
    } else if decoded.is_some_and(|d| src.is_match(d)) {
        Some(true)
    } else {
        None
    }
}

/// Writes the decoded spelling of `path` into `out` when it differs from `path`: every
/// escape decoded (`%21`, `%3A`, `%C3%BC`, ...) except `%2F` and `%25`, which stay escaped, so
/// segments split exactly where the route table splits them and no value gains an escape to
/// decode again. Custom-route sources are tested on it when the canonical path does not match:
/// the route table compares decoded segments, so a rule written for `/a!b` or `/über` must not
/// be skipped by `/a%21b` or `/%C3%BCber`. `false` (no alternative) when nothing decodes, or
/// when an escape is malformed or the result is not UTF-8 (such a path reaches no route but a
/// 400).
fn decoded_alternative(path: &str, out: &mut String, bytes: &mut Vec<u8>) -> bool {
    out.clear();
    if memchr::memchr(b'%', path.as_bytes()).is_none() {
        return false;
    }
    bytes.clear();
    if !percent::decode_escapes_where(path.as_bytes(), bytes, |b| b != b'/' && b != b'%') {
        return false;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if text != path => {
            out.push_str(text);
            true
        }
        _ => false,
    }
}

/// A middleware rule's request-header effects, in order: replace, delete, set.
fn apply_request_headers(rule: &CompiledMiddlewareRule, req: &Request<'_>, ctx: &mut Context) {
    if let Some(set) = &rule.request_headers {
        for (name, _) in req.headers {
            let Ok(name) = std::str::from_utf8(name) else {
                continue;
            };
            if !set.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                ctx.answer.change_request_header(name, None);
            }
        }
        for (n, v) in set {
            ctx.answer.change_request_header(n, Some(v));
        }
    }
    for n in &rule.delete_request_headers {
        ctx.answer.change_request_header(n, None);
    }
    for (n, v) in &rule.set_request_headers {
        ctx.answer.change_request_header(n, Some(v));
    }
}

/// A redirect to `dest`: the request query is carried, params are not appended.
fn redirect_to(
    router: &Router,
    ctx: &mut Context,
    dest: &Destination,
    rule_base: bool,
    status: u16,
    out: &mut Outcome,
) {
    if !render_location(router, ctx, dest, rule_base, false) {
        return unsafe_destination(out);
    }
    out.action = Action::Redirect;
    out.status = status;
    out.route = None;
    out.has_location = true;
}

/// Writes `dest` into `ctx.answer.location` as a redirect or an external rewrite sends it: the
/// origin (or basePath, for an internal destination of a rule under it), the path, the merged
/// query (params appended when `append`) and the hash. `false` when a param would take the
/// destination off its origin.
fn render_location(
    router: &Router,
    ctx: &mut Context,
    dest: &Destination,
    rule_base: bool,
    append: bool,
) -> bool {
    let loc = &mut ctx.answer.location;
    loc.clear();
    let rendered = if dest.is_external() {
        dest.render_origin(&ctx.rule, loc)
    } else {
        if rule_base {
            loc.push_str(&router.options().base_path);
        }
        Ok(())
    };
    let path_start = loc.len();
    let rendered = rendered.and_then(|()| dest.render_path(&ctx.rule, loc));
    if rendered.is_ok() {
        if !dest.is_external() {
            collapse_slashes(loc, path_start);
        }
        merge_query(ctx, dest, append);
        write_query(&mut ctx.query, &mut ctx.answer.location);
        dest.render_hash(&ctx.rule, &mut ctx.answer.location);
    }
    // The destination's query went into the Location; the request's query is unchanged.
    ctx.query.extra.clear();
    rendered.is_ok()
}

/// Collapses runs of `/` in `s[from..]`, as Next.js normalizes a redirect's Location.
fn collapse_slashes(s: &mut String, from: usize) {
    // One in-place pass: a `remove` per slash would be quadratic in a run of them.
    let (mut at, mut prev_slash) = (0, false);
    s.retain(|c| {
        let keep = at < from || !(c == '/' && prev_slash);
        at += c.len_utf8();
        prev_slash = c == '/';
        keep
    });
}

/// A destination that would leave the origin through a param: 400, never the redirect.
fn unsafe_destination(out: &mut Outcome) {
    out.action = Action::BadRequest;
    out.status = 400;
    out.reason = Some(Reason::UnsafeDestination);
    out.route = None;
    out.has_location = false;
}

/// Query merge, low to high: request, params (when `append`), destination.
fn merge_query(ctx: &mut Context, dest: &Destination, append: bool) {
    if append {
        for i in 0..ctx.rule.params.len() {
            let p = ctx.rule.params[i];
            let (pbuf, query, extra_query) =
                (&ctx.rule.pbuf, &mut ctx.query.bytes, &mut ctx.query.extra);
            let name = p.name.of(pbuf);
            if dest.query_pairs().iter().any(|(k, _)| k == name) {
                continue;
            }
            remove_extra(query, extra_query, name);
            let value = p.value.of(pbuf);
            let mut push = |item: &str| {
                let k0 = query.len();
                query.extend_from_slice(name.as_bytes());
                let key = Span::since(k0, query);
                if p.raw {
                    percent::decode_lossy(item, query);
                } else {
                    query.extend_from_slice(item.as_bytes());
                }
                extra_query.push(QueryPair {
                    key,
                    value: Span::since(key.end as usize, query),
                    list: p.list_sep.is_some(),
                });
            };
            match p.list_sep {
                Some(sep) => value.split(sep as char).for_each(&mut push),
                None => push(value),
            }
        }
    }
    for (n, (k, template)) in dest.query_pairs().iter().enumerate() {
        // A key repeated in the destination adds values; its first occurrence replaces.
        if !dest.query_pairs()[..n].iter().any(|(pk, _)| pk == k) {
            remove_extra(&ctx.query.bytes, &mut ctx.query.extra, k);
        }
        let mut v = std::mem::take(&mut ctx.rule.scratch);
        v.clear();
        substitute_text(template, &ctx.rule, &mut v, TextMode::Decoded);
        let bytes = &mut ctx.query.bytes;
        let k0 = bytes.len();
        bytes.extend_from_slice(k.as_bytes());
        let key = Span::since(k0, bytes);
        bytes.extend_from_slice(v.as_bytes());
        let value = Span::since(key.end as usize, bytes);
        ctx.query.extra.push(QueryPair {
            key,
            value,
            list: false,
        });
        // And as written, for a Location.
        v.clear();
        dest.render_written_pair(n, &ctx.rule, &mut v);
        let w0 = ctx.query.bytes.len();
        destination::push_written_query(&mut ctx.query.bytes, &v);
        ctx.query.written.push(WrittenPair {
            key_start: key.start,
            text: Span::since(w0, &ctx.query.bytes),
        });
        ctx.rule.scratch = v;
    }
}

fn remove_extra(query: &[u8], extra: &mut Vec<QueryPair>, key: &str) {
    extra.retain(|e| e.key.in_bytes(query) != key.as_bytes());
}

/// Appends `?` and the merged query: a destination's entries as their author wrote them,
/// the others encoded as `encodeURIComponent` does.
fn write_query(q: &mut QueryParts, loc: &mut String) {
    query::merge(q);
    let requests = q.pairs.len();
    for (n, &e) in q.merged.order.iter().enumerate() {
        let (k, v, _) = query::entry(q, e);
        loc.push(if n == 0 { '?' } else { '&' });
        // A destination's entry is named by its key's start in `q.bytes` (only rewrite
        // entries can be; the search is bounded by the destination's size).
        let written = e as usize >= requests && {
            let k0 = q.extra[e as usize - requests].key.start;
            q.written
                .iter()
                .find(|w| w.key_start == k0)
                .is_some_and(|w| {
                    let text = w.text.in_bytes(&q.bytes);
                    loc.push_str(std::str::from_utf8(text).unwrap_or(""));
                    true
                })
        };
        if written {
            continue;
        }
        loc.extend(utf8_percent_encode(k, COMPONENT));
        loc.push('=');
        loc.extend(utf8_percent_encode(v, COMPONENT));
    }
}

/// Adds the deferred response headers (config `headers` first, then middleware), and the
/// `Refresh` header a 308 carries.
fn apply_response_headers(
    router: &Router,
    inputs: &Inputs<'_>,
    ctx: &mut Context,
    full: &str,
    out: &mut Outcome,
) {
    let rules = &router.rules;
    let hits = std::mem::take(&mut ctx.rule.hits);
    let redirect = out.action == Action::Redirect;
    for hit in &hits {
        match *hit {
            // Headers rules never apply to redirects.
            Hit::HeaderRule(..) if redirect => {}
            Hit::HeaderRule(i, on_decoded) => {
                let h = &rules.headers.rules[i as usize];
                if !h.uses_params {
                    // Plain text, checked at build: nothing to capture or substitute.
                    for (k, v) in &h.headers {
                        ctx.answer.set_checked_response_header(k, v);
                    }
                    continue;
                }
                // Its own params only: the `has` captures (evaluated again, they held at
                // step 1) and the source's.
                ctx.rule.truncate_params(0);
                let mark = 0;
                conditions::check(&h.conditions.has, &h.conditions.missing, inputs, ctx);
                if on_decoded {
                    let decoded = &mut ctx.input.rule_path_decoded;
                    decoded_alternative(full, decoded, &mut ctx.rule.scratch_bytes);
                    h.source.capture(decoded, &mut ctx.rule);
                } else {
                    h.source.capture(full, &mut ctx.rule);
                }
                conditions::check(&h.conditions.has, &h.conditions.missing, inputs, ctx);
                for (k, v) in &h.headers {
                    let mut key = std::mem::take(&mut ctx.rule.scratch_path);
                    key.clear();
                    substitute_text(k, &ctx.rule, &mut key, TextMode::Raw);
                    let mut value = std::mem::take(&mut ctx.rule.scratch);
                    value.clear();
                    substitute_text(v, &ctx.rule, &mut value, TextMode::Raw);
                    // A key built from params must still be a header name, and not one that
                    // sets a cookie or frames the response (checked at build for literal keys).
                    let from_params = k.contains(':');
                    if methods::is_token(key.as_bytes())
                        && !(from_params && crate::rules::is_refused_param_header(&key))
                    {
                        ctx.answer.set_response_header(&key, &value);
                    }
                    ctx.rule.scratch = value;
                    ctx.rule.scratch_path = key;
                }
                ctx.rule.truncate_params(mark);
            }
            Hit::MiddlewareRule(i) => {
                let Some(mw) = &rules.middleware else {
                    continue;
                };
                let rule = &mw.rules[i as usize];
                // All checked when the rules were compiled.
                for (k, v) in &rule.set_response_headers {
                    ctx.answer.set_checked_response_header(k, v);
                }
                for c in &rule.set_cookies {
                    ctx.answer.set_checked_response_header("set-cookie", c);
                }
                if let (Some(CompiledAction::Respond { headers, .. }), Action::Respond) =
                    (&rule.action, out.action)
                {
                    for (k, v) in headers {
                        ctx.answer.set_checked_response_header(k, v);
                    }
                }
            }
        }
    }
    ctx.rule.hits = hits;
    add_refresh(ctx, out);
}

/// A 308 also carries `Refresh: 0;url=<location>` (as Next.js sends it).
fn add_refresh(ctx: &mut Context, out: &mut Outcome) {
    if out.action == Action::Redirect && out.status == 308 {
        let v = &mut ctx.rule.scratch;
        v.clear();
        v.push_str("0;url=");
        v.push_str(&ctx.answer.location);
        ctx.answer.set_response_header("refresh", v);
    }
}

fn reject(status: u16, reason: Reason) -> Outcome {
    Outcome {
        action: Action::BadRequest,
        status,
        reason: Some(reason),
        ..Outcome::default()
    }
}
