//! The dispatch decision (ROUTING.md §6) and its JSON form (§6.1).

use crate::context::Context;
use crate::context::answer::{Header, HeaderChange};
use crate::context::outcome::Action;
use crate::context::query::KeyRun;
use crate::engine::router::Router;
use crate::input::query;
use crate::reason::Reason;
use crate::routes::route::{Cache, RouteKind};
use crate::routes::table::{ParamDef, ParamKind, Route};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The route a decision names.
#[derive(Debug, Clone, Copy)]
pub struct RouteRef<'a> {
    route: &'a Route,
}

impl<'a> RouteRef<'a> {
    /// The pattern, e.g. `/blog/[slug]`.
    pub fn pattern(&self) -> &'a str {
        &self.route.pattern
    }
    /// Route handler, page or metadata route.
    pub fn kind(&self) -> RouteKind {
        self.route.kind
    }
    /// The source file, when known.
    pub fn file(&self) -> Option<&'a str> {
        self.route.file.as_deref()
    }
    /// The host's handler id.
    pub fn id(&self) -> u64 {
        self.route.id
    }
    /// The `Allow` value for this route (implemented methods, HEAD via GET, OPTIONS).
    pub fn allow(&self) -> &'a str {
        &self.route.allow
    }
}

/// A param value: one segment, or the segments a catch-all took.
#[derive(Debug, Clone, Copy)]
pub enum ParamValue<'a> {
    /// `[x]`
    One(&'a str),
    /// `[...x]` / `[[...x]]` (never empty: an optional catch-all that took nothing is absent).
    Many(Segments<'a>),
}

/// The decoded segments of a catch-all param.
#[derive(Debug, Clone, Copy)]
pub struct Segments<'a> {
    ctx: &'a Context,
    from: usize,
    to: usize,
}

impl<'a> Segments<'a> {
    /// How many segments.
    pub fn len(&self) -> usize {
        self.to - self.from
    }
    /// Never true for a reported param.
    pub fn is_empty(&self) -> bool {
        self.to == self.from
    }
    /// Segment `i`, decoded.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        (self.from + i < self.to).then(|| segment(self.ctx, self.from + i))
    }
    /// The segments in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let ctx = self.ctx;
        (self.from..self.to).map(move |i| segment(ctx, i))
    }
    /// The bytes of segment `i`: what [`Segments::get`] returns, without checking its UTF-8
    /// again (routecore checked it when it decoded the segment). For hosts that pass bytes on,
    /// such as the C ABI.
    pub fn get_bytes(&self, i: usize) -> Option<&'a [u8]> {
        (self.from + i < self.to).then(|| segment_bytes(self.ctx, self.from + i))
    }
}

/// The span param `i` (`def`) starts at: its index when the spans are the params' alone (a
/// raw walk's), else its segment position.
fn first_span(ctx: &Context, i: usize, def: &ParamDef) -> usize {
    if ctx.input.spans_are_params {
        i
    } else {
        def.position
    }
}

fn segment(ctx: &Context, i: usize) -> &str {
    // Only reached for decisions whose every captured segment decoded to UTF-8.
    std::str::from_utf8(segment_bytes(ctx, i)).unwrap_or("")
}

fn segment_bytes(ctx: &Context, i: usize) -> &[u8] {
    let s = ctx.input.spans[i];
    let bytes = &ctx.input.segment_buffer()[s.start as usize..s.end as usize];
    debug_assert!(
        std::str::from_utf8(bytes).is_ok(),
        "a reported segment is UTF-8"
    );
    bytes
}

/// The iterator [`Decision::params`] returns: each param found once, its route's param list
/// looked up once (not per param, as [`Decision::param_at`] must).
#[derive(Debug, Clone)]
pub struct Params<'a> {
    ctx: &'a Context,
    defs: &'a [ParamDef],
    next: usize,
}

impl<'a> Params<'a> {
    /// The next param as its name, whether it is a catch-all, and its values as [`Segments`]
    /// (one for `[x]`), whose bytes [`Segments::get_bytes`] reads without checking their UTF-8
    /// again: for hosts that pass bytes on, such as the C ABI.
    pub fn next_segments(&mut self) -> Option<(&'a str, bool, Segments<'a>)> {
        let i = self.next;
        let def = self.defs.get(i)?;
        self.next = i + 1;
        let ctx = self.ctx;
        let from = first_span(ctx, i, def);
        if def.kind == ParamKind::Single {
            return Some((
                &def.name,
                false,
                Segments {
                    ctx,
                    from,
                    to: from + 1,
                },
            ));
        }
        let to = ctx.input.spans.len();
        if from >= to {
            // An optional catch-all that took nothing: absent (and the last param).
            self.next = self.defs.len();
            return None;
        }
        Some((&def.name, true, Segments { ctx, from, to }))
    }
}

impl<'a> Iterator for Params<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let (name, catch_all, segments) = self.next_segments()?;
        let value = if catch_all {
            ParamValue::Many(segments)
        } else {
            ParamValue::One(segment(segments.ctx, segments.from))
        };
        Some(Param { name, value })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.defs.len() - self.next;
        (left.saturating_sub(1), Some(left))
    }
}

/// One named param.
#[derive(Debug, Clone, Copy)]
pub struct Param<'a> {
    /// The name from the pattern (`slug` for `[...slug]`).
    pub name: &'a str,
    /// The decoded value.
    pub value: ParamValue<'a>,
}

/// The decision for one request: a view into the [`Context`] it was computed in, valid until
/// the context's next use.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub(crate) router: &'a Router,
    pub(crate) ctx: &'a Context,
}

impl<'a> Decision<'a> {
    fn route_data(&self) -> Option<&'a Route> {
        self.ctx
            .answer
            .out
            .route
            .map(|r| &self.router.table.routes[r as usize])
    }

    /// What to do.
    pub fn action(&self) -> Action {
        self.ctx.answer.out.action
    }

    /// The response status (200 for `route`).
    pub fn status(&self) -> u16 {
        self.ctx.answer.out.status
    }

    /// The status as an [`http::StatusCode`].
    pub fn status_code(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.ctx.answer.out.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The matched route (for `route`, `options` and `method_not_allowed`).
    pub fn route(&self) -> Option<RouteRef<'a>> {
        self.route_data().map(|route| RouteRef { route })
    }

    /// The params, in pattern order. Empty unless a route matched.
    pub fn params(&self) -> Params<'a> {
        Params {
            ctx: self.ctx,
            defs: self.param_defs(),
            next: 0,
        }
    }

    /// How many params [`Decision::params`] yields: the pattern's, less an optional catch-all
    /// that took nothing.
    pub fn param_count(&self) -> usize {
        let defs = self.param_defs();
        defs.len() - usize::from(defs.last().is_some_and(|d| self.absent(defs.len() - 1, d)))
    }

    /// Param `i` in pattern order, decoded only when asked for: reading one param costs the
    /// same whatever its index (the C ABI's per-index accessors rely on it).
    pub fn param_at(&self, i: usize) -> Option<Param<'a>> {
        let def = self.param_defs().get(i)?;
        if self.absent(i, def) {
            return None;
        }
        let ctx = self.ctx;
        let first = first_span(self.ctx, i, def);
        let value = match def.kind {
            ParamKind::Single => ParamValue::One(segment(ctx, first)),
            ParamKind::CatchAll | ParamKind::OptionalCatchAll => ParamValue::Many(Segments {
                ctx,
                from: first,
                to: ctx.input.spans.len(),
            }),
        };
        Some(Param {
            name: &def.name,
            value,
        })
    }

    /// The param called `name`.
    pub fn param(&self, name: &str) -> Option<ParamValue<'a>> {
        self.param_at(self.param_index(name)?).map(|p| p.value)
    }

    /// The index of the param called `name` (for [`Decision::param_at`]); `None` when there
    /// is none, or it is an optional catch-all that took nothing.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        let i = self.param_defs().iter().position(|d| &*d.name == name)?;
        (i < self.param_count()).then_some(i)
    }

    fn param_defs(&self) -> &'a [ParamDef] {
        self.route_data().map_or(&[][..], |r| &r.params[..])
    }

    /// An optional catch-all that took no segment (only ever the last param, `i`: a catch-all
    /// ends its pattern).
    fn absent(&self, i: usize, def: &ParamDef) -> bool {
        def.kind != ParamKind::Single && first_span(self.ctx, i, def) >= self.ctx.input.spans.len()
    }

    /// The path the handler sees (`request.nextUrl.pathname`): canonical, still
    /// percent-encoded, without the basePath. `None` when the request never got that far.
    pub fn pathname(&self) -> Option<&'a str> {
        if !self.ctx.answer.out.has_pathname {
            return None;
        }
        let p = &self.ctx.input.path[self.ctx.input.base_len..];
        Some(if p.is_empty() {
            "/"
        } else {
            std::str::from_utf8(p).unwrap_or("/")
        })
    }

    /// The bytes of [`Decision::pathname`], without checking their UTF-8 again (every path
    /// routecore makes is UTF-8): for hosts that pass bytes on, such as the C ABI.
    pub fn pathname_bytes(&self) -> Option<&'a [u8]> {
        if !self.ctx.answer.out.has_pathname {
            return None;
        }
        let p = &self.ctx.input.path[self.ctx.input.base_len..];
        debug_assert!(std::str::from_utf8(p).is_ok(), "a pathname is UTF-8");
        Some(if p.is_empty() { b"/" } else { p })
    }

    /// The decoded query pairs the handler sees, in order (repeated keys repeat): the
    /// request's, with the keys a rewrite set replaced.
    pub fn query(&self) -> impl ExactSizeIterator<Item = (&'a str, &'a str)> + Clone + 'a {
        let ctx = self.ctx;
        ctx.query.merged.order.iter().map(move |&e| {
            let (k, v, _) = query::entry(&ctx.query, e);
            (k, v)
        })
    }

    /// Query pair `i` of [`Decision::query`], in constant time.
    pub fn query_at(&self, i: usize) -> Option<(&'a str, &'a str)> {
        let (k, v, _) = query::entry(&self.ctx.query, *self.ctx.query.merged.order.get(i)?);
        Some((k, v))
    }

    /// The query grouped by key as the JSON form writes it (Node.js's `ParsedUrlQuery`): each
    /// key once, in the order of its first pair, with its values and whether it is a list.
    pub fn query_entries(&self) -> impl Iterator<Item = QueryEntry<'a>> + Clone + 'a {
        let ctx = self.ctx;
        let m = &ctx.query.merged;
        m.order.iter().filter_map(move |&e| {
            let run = m.runs[e as usize];
            // A key's entry comes at its first pair, which starts its run.
            (m.by_key[run.start as usize] == e).then(|| QueryEntry {
                ctx,
                key: query::entry(&ctx.query, e).0,
                run,
            })
        })
    }

    /// The redirect target (or external rewrite URL).
    pub fn location(&self) -> Option<&'a str> {
        self.ctx
            .answer
            .out
            .has_location
            .then_some(self.ctx.answer.location.as_str())
    }

    /// The `Allow` header value, for `options` and `method_not_allowed`.
    pub fn allow(&self) -> Option<&'a str> {
        match self.ctx.answer.out.action {
            Action::Options | Action::MethodNotAllowed => self.route().map(|r| r.allow()),
            _ => None,
        }
    }

    /// Changes to the request headers the handler sees, in order: `(name, Some(value))` sets
    /// a header, `(name, None)` removes it. Internal headers a client sent
    /// (`x-middleware-*`, `x-nextjs-*`) are always removed.
    pub fn request_headers(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'a str, Option<&'a str>)> + Clone + 'a {
        let ctx = self.ctx;
        ctx.answer
            .request_headers
            .iter()
            .map(move |h| request_header(ctx, h))
    }

    /// Request header change `i` of [`Decision::request_headers`], in constant time.
    pub fn request_header_at(&self, i: usize) -> Option<(&'a str, Option<&'a str>)> {
        Some(request_header(
            self.ctx,
            self.ctx.answer.request_headers.get(i)?,
        ))
    }

    /// Headers to add to the response, in order (lower-case names).
    pub fn response_headers(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'a str, &'a str)> + Clone + 'a {
        let ctx = self.ctx;
        ctx.answer
            .response_headers
            .iter()
            .map(move |h| response_header(ctx, h))
    }

    /// Response header `i` of [`Decision::response_headers`], in constant time.
    pub fn response_header_at(&self, i: usize) -> Option<(&'a str, &'a str)> {
        Some(response_header(
            self.ctx,
            self.ctx.answer.response_headers.get(i)?,
        ))
    }

    /// The body of a `respond` decision.
    pub fn body(&self) -> Option<&'a [u8]> {
        self.ctx
            .answer
            .body
            .map(|s| s.in_bytes(self.ctx.answer.hbuf.as_bytes()))
    }

    /// Whether middleware ran for this request.
    pub fn middleware(&self) -> bool {
        self.ctx.answer.out.middleware
    }

    /// Whether the response may be cached (set when a handler runs).
    pub fn cache(&self) -> Option<Cache> {
        self.ctx.answer.out.cache
    }

    /// The revalidate period in seconds of a static response.
    pub fn revalidate(&self) -> Option<u32> {
        self.ctx.answer.out.revalidate
    }

    /// HEAD is served by the GET handler: run it and drop the body.
    pub fn head_via_get(&self) -> bool {
        self.ctx.answer.out.head_via_get
    }

    /// Request header names the decision depended on (for a `Vary` header), lower case.
    pub fn vary(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let ctx = self.ctx;
        ctx.answer
            .vary
            .iter()
            .map(move |s| s.of(&ctx.answer.vary_buf))
    }

    /// Name `i` of [`Decision::vary`], in constant time.
    pub fn vary_at(&self, i: usize) -> Option<&'a str> {
        let s = self.ctx.answer.vary.get(i)?;
        Some(s.of(&self.ctx.answer.vary_buf))
    }

    /// Why the request got a 400, 404, 405, 414 or 431 (`None` for every other action):
    /// a stable code and a short text saying what to change.
    pub fn reason(&self) -> Option<Reason> {
        self.ctx.answer.out.reason
    }

    /// The decision in its JSON form (ROUTING.md §6.1).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a decision always serializes")
    }
}

impl Serialize for Decision<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(18))?;
        m.serialize_entry("action", self.action().as_str())?;
        m.serialize_entry("status", &self.status())?;
        m.serialize_entry("route", &self.route())?;
        m.serialize_entry("params", &ParamsJson(self))?;
        m.serialize_entry("pathname", &self.pathname())?;
        m.serialize_entry("query", &QueryJson(self))?;
        m.serialize_entry("location", &self.location())?;
        m.serialize_entry("allow", &self.allow())?;
        m.serialize_entry("request_headers", &PairsMap(self.request_headers()))?;
        m.serialize_entry("response_headers", &PairsList(self.response_headers()))?;
        m.serialize_entry("body", &self.body().map(String::from_utf8_lossy))?;
        m.serialize_entry("middleware", &self.middleware())?;
        m.serialize_entry("cache", &self.cache().map(Cache::as_str))?;
        m.serialize_entry("revalidate", &self.revalidate())?;
        m.serialize_entry("head_via_get", &self.head_via_get())?;
        m.serialize_entry("vary", &Seq(self.vary()))?;
        m.serialize_entry("reason", &self.reason())?;
        m.end()
    }
}

/// `{"code": "...", "text": "..."}`.
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("code", self.code())?;
        m.serialize_entry("text", self.text())?;
        m.end()
    }
}

impl Serialize for RouteRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("pattern", self.pattern())?;
        m.serialize_entry("kind", self.kind().as_str())?;
        m.serialize_entry("file", &self.file())?;
        m.serialize_entry("id", &self.id())?;
        m.end()
    }
}

impl Serialize for ParamValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::One(v) => s.serialize_str(v),
            ParamValue::Many(segs) => s.collect_seq(segs.iter()),
        }
    }
}

struct ParamsJson<'d, 'a>(&'d Decision<'a>);
impl Serialize for ParamsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.params().map(|p| (p.name, p.value)))
    }
}

fn request_header<'a>(ctx: &'a Context, h: &HeaderChange) -> (&'a str, Option<&'a str>) {
    let hbuf = &ctx.answer.hbuf;
    (h.name.of(hbuf), h.value.map(|v| v.of(hbuf)))
}

fn response_header<'a>(ctx: &'a Context, h: &Header) -> (&'a str, &'a str) {
    let hbuf = &ctx.answer.hbuf;
    (h.name.of(hbuf), h.value.of(hbuf))
}

/// One key of [`Decision::query_entries`].
#[derive(Debug, Clone, Copy)]
pub struct QueryEntry<'a> {
    ctx: &'a Context,
    key: &'a str,
    run: KeyRun,
}

impl<'a> QueryEntry<'a> {
    /// The decoded key.
    pub fn key(&self) -> &'a str {
        self.key
    }

    /// Its decoded values, in order (one unless the key repeats or holds a list param).
    pub fn values(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let ctx = self.ctx;
        ctx.query.merged.by_key[self.run.start as usize..self.run.end as usize]
            .iter()
            .map(move |&e| query::entry(&ctx.query, e).1)
    }

    /// Whether the JSON form writes it as an array: the key repeats, or its value came from a
    /// list param (a catch-all written into the query by a rewrite), even a one-item one.
    pub fn is_list(&self) -> bool {
        self.run.list
    }
}

/// Query as Node's `ParsedUrlQuery`: a repeated key (or a list param) becomes an array.
struct QueryJson<'d, 'a>(&'d Decision<'a>);
impl Serialize for QueryJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for e in self.0.query_entries() {
            match e.values().next() {
                Some(v) if !e.is_list() => m.serialize_entry(e.key(), v)?,
                _ => m.serialize_entry(e.key(), &Seq(e.values()))?,
            }
        }
        m.end()
    }
}

struct Seq<I>(I);
impl<I: Iterator<Item = T> + Clone, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(None)?;
        for v in self.0.clone() {
            q.serialize_element(&v)?;
        }
        q.end()
    }
}

struct PairsMap<I>(I);
impl<'a, I: Iterator<Item = (&'a str, Option<&'a str>)> + Clone> Serialize for PairsMap<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

struct PairsList<I>(I);
impl<'a, I: Iterator<Item = (&'a str, &'a str)> + Clone> Serialize for PairsList<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone().map(|(k, v)| [k, v]))
    }
}
