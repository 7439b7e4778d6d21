//! Builds the route table: validates every route, finds every conflict, orders routes exactly as
//! Next.js `getSortedRoutes` does, and produces the lookup [`Tree`].

use crate::error::{BuildError, BuildErrorKind};
use crate::limits::Limits;
use crate::routes::methods::{Method, MethodSet};
use crate::routes::pattern::{self, Pattern, Segment};
use crate::routes::route::{Cache, Dynamic, Revalidate, RouteKind, RouteSpec};
use crate::routes::tree::{NONE, NodeSpec, Tree};

/// How a param captures request segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// `[x]`: one segment.
    Single,
    /// `[...x]`: one or more segments.
    CatchAll,
    /// `[[...x]]`: zero or more segments.
    OptionalCatchAll,
}

/// A param of a route: its name and the segment position it starts at.
#[derive(Debug, Clone)]
pub(crate) struct ParamDef {
    pub name: Box<str>,
    pub position: usize,
    pub kind: ParamKind,
}

/// A built route, as decisions report it.
#[derive(Debug)]
pub(crate) struct Route {
    pub pattern: Box<str>,
    pub kind: RouteKind,
    pub methods: MethodSet,
    pub allow: Box<str>,
    pub revalidate: Revalidate,
    pub id: u64,
    pub file: Option<Box<str>>,
    pub params: Box<[ParamDef]>,
    /// An interception route: reached only through its `Next-Url` rewrite.
    pub intercepting: bool,
    /// Whether a GET/HEAD response may be cached (derived once, at build).
    pub get_cache: Cache,
}

/// Whether a GET/HEAD response of a route may be cached (ROUTING.md §3).
fn get_cache(
    kind: RouteKind,
    methods: MethodSet,
    dynamic: Dynamic,
    revalidate: Revalidate,
) -> Cache {
    let statically = match kind {
        RouteKind::Route => {
            !methods.forces_dynamic()
                && (matches!(dynamic, Dynamic::ForceStatic | Dynamic::Error)
                    || (dynamic != Dynamic::ForceDynamic
                        && matches!(revalidate, Revalidate::Never | Revalidate::Seconds(1..))))
        }
        RouteKind::Page | RouteKind::Metadata => {
            matches!(dynamic, Dynamic::ForceStatic | Dynamic::Error)
                || (dynamic != Dynamic::ForceDynamic && revalidate != Revalidate::Seconds(0))
        }
    };
    if statically {
        Cache::Static
    } else {
        Cache::Dynamic
    }
}

impl Route {
    /// The revalidate period reported with a static response.
    pub fn revalidate_seconds(&self) -> Option<u32> {
        match self.revalidate {
            Revalidate::Seconds(n) if n > 0 => Some(n),
            _ => None,
        }
    }
}

/// The immutable route table.
#[derive(Debug)]
pub(crate) struct Table {
    /// Routes in priority order (Next.js `getSortedRoutes`).
    pub routes: Vec<Route>,
    pub tree: Tree,
}

/// A named dynamic child during the build: (param name, child node, spec index that named it).
type Named = Option<(Box<str>, usize, usize)>;

#[derive(Default)]
struct BuildNode {
    route: Option<usize>,
    statics: Vec<(Box<str>, usize)>,
    /// `statics` by text: finding a sibling is O(1), so 100,000 siblings build in linear time.
    static_index: rustc_hash::FxHashMap<Box<str>, usize>,
    slug: Named,
    rest: Named,
    optional_rest: Named,
}

struct Builder<'a> {
    specs: &'a [RouteSpec],
    patterns: Vec<Option<Pattern>>,
    nodes: Vec<BuildNode>,
    errors: Vec<BuildError>,
}

/// Builds the table, or returns every error found.
pub(crate) fn build(specs: &[RouteSpec], limits: &Limits) -> Result<Table, Vec<BuildError>> {
    let mut b = Builder {
        specs,
        patterns: Vec::with_capacity(specs.len()),
        nodes: vec![BuildNode::default()],
        errors: Vec::new(),
    };
    if specs.len() > limits.max_routes {
        b.errors.push(BuildError::new(
            BuildErrorKind::Limit,
            format!(
                "{} routes exceed the limit of {} routes per router",
                specs.len(),
                limits.max_routes
            ),
        ));
        return Err(b.errors);
    }
    let mut method_sets = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        method_sets.push(b.methods(spec));
        match pattern::parse(&spec.pattern, limits.max_pattern_bytes) {
            Ok(p) => {
                b.patterns.push(Some(p));
                b.insert(i);
            }
            Err(msgs) => {
                b.patterns.push(None);
                for m in msgs {
                    b.errors
                        .push(BuildError::new(BuildErrorKind::Pattern, b.located(i, m)));
                }
            }
        }
    }
    b.check_optional_specificity();
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(b.finish(method_sets))
}

impl Builder<'_> {
    /// `msg`, with the spec's file appended when it has one.
    fn located(&self, i: usize, msg: String) -> String {
        match &self.specs[i].file {
            Some(f) => format!("{msg} (file {f})"),
            None => msg,
        }
    }

    /// How to name spec `i` in a message: its pattern, and its file when known.
    fn name(&self, i: usize) -> String {
        let s = &self.specs[i];
        match &s.file {
            Some(f) => format!("'{}' ({f})", s.pattern),
            None => format!("'{}'", s.pattern),
        }
    }

    fn methods(&mut self, spec: &RouteSpec) -> MethodSet {
        match spec.kind {
            RouteKind::Page | RouteKind::Metadata => {
                for m in &spec.methods {
                    if !matches!(m.as_str(), "GET" | "HEAD") {
                        self.errors.push(BuildError::new(
                            BuildErrorKind::Method,
                            format!(
                                "a {} answers GET and HEAD only, but route '{}' lists '{m}'",
                                spec.kind, spec.pattern
                            ),
                        ));
                    }
                }
                MethodSet::GET
            }
            RouteKind::Route => {
                let mut set = MethodSet::EMPTY;
                for m in &spec.methods {
                    match Method::from_bytes(m.as_bytes()) {
                        Some(m) => set.insert(m),
                        None => self.errors.push(BuildError::new(
                            BuildErrorKind::Method,
                            format!(
                                "invalid method name '{}' in route '{}': expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (upper case)",
                                m.escape_debug(),
                                spec.pattern
                            ),
                        )),
                    }
                }
                if spec.methods.is_empty() {
                    self.errors.push(BuildError::new(
                        BuildErrorKind::Method,
                        format!("route handler '{}' implements no HTTP method", spec.pattern),
                    ));
                }
                set
            }
        }
    }

    fn new_node(&mut self) -> usize {
        self.nodes.push(BuildNode::default());
        self.nodes.len() - 1
    }

    /// Inserts spec `i` into the trie like Next.js `UrlNode._insert`, recording conflicts.
    fn insert(&mut self, i: usize) {
        let segments = self.patterns[i].as_ref().expect("parsed").segments.clone();
        let mut node = 0;
        for seg in &segments {
            node = match seg {
                Segment::Static(text) => {
                    let existing = self.nodes[node].static_index.get(text).copied();
                    match existing {
                        Some(n) => n,
                        None => {
                            let n = self.new_node();
                            self.nodes[node].statics.push((text.clone(), n));
                            self.nodes[node].static_index.insert(text.clone(), n);
                            n
                        }
                    }
                }
                Segment::Dynamic(name) => match self.named_child(node, i, name, Slot::Slug) {
                    Some(n) => n,
                    None => return,
                },
                Segment::CatchAll(name) => {
                    if let Some((other, _, j)) = &self.nodes[node].optional_rest {
                        let msg = format!(
                            "You cannot use both an optional and required catch-all route at the same level (\"[[...{other}]]\" and \"[...{name}]\"): {} and {}",
                            self.name(*j),
                            self.name(i)
                        );
                        self.errors
                            .push(BuildError::new(BuildErrorKind::CatchAll, msg));
                        return;
                    }
                    match self.named_child(node, i, name, Slot::Rest) {
                        Some(n) => n,
                        None => return,
                    }
                }
                Segment::OptionalCatchAll(name) => {
                    if let Some((other, _, j)) = &self.nodes[node].rest {
                        let msg = format!(
                            "You cannot use both a required and optional catch-all route at the same level (\"[...{other}]\" and \"[[...{name}]]\"): {} and {}",
                            self.name(*j),
                            self.name(i)
                        );
                        self.errors
                            .push(BuildError::new(BuildErrorKind::CatchAll, msg));
                        return;
                    }
                    match self.named_child(node, i, name, Slot::OptionalRest) {
                        Some(n) => n,
                        None => return,
                    }
                }
            };
        }
        match self.nodes[node].route {
            None => self.nodes[node].route = Some(i),
            Some(j) => {
                let (a, b) = (&self.specs[j], &self.specs[i]);
                let msg = if a.kind != b.kind
                    && matches!(a.kind, RouteKind::Page | RouteKind::Route)
                    && matches!(b.kind, RouteKind::Page | RouteKind::Route)
                {
                    format!(
                        "Conflict: a page and a route handler resolve to the same URL: {} and {}",
                        self.name(j),
                        self.name(i)
                    )
                } else {
                    format!(
                        "two routes resolve to the same URL '{}': {} and {}",
                        self.patterns[i].as_ref().expect("parsed").text,
                        self.name(j),
                        self.name(i)
                    )
                };
                self.errors
                    .push(BuildError::new(BuildErrorKind::Conflict, msg));
            }
        }
    }

    /// The `[x]`-style child of `node`, created on first use; `None` after a name clash.
    fn named_child(&mut self, node: usize, i: usize, name: &str, slot: Slot) -> Option<usize> {
        let current = match slot {
            Slot::Slug => &self.nodes[node].slug,
            Slot::Rest => &self.nodes[node].rest,
            Slot::OptionalRest => &self.nodes[node].optional_rest,
        };
        if let Some((prev, child, j)) = current {
            if prev.as_ref() != name {
                let msg = format!(
                    "You cannot use different slug names for the same dynamic path ('{prev}' !== '{name}'): {} and {}",
                    self.name(*j),
                    self.name(i)
                );
                self.errors
                    .push(BuildError::new(BuildErrorKind::ParamName, msg));
                return None;
            }
            return Some(*child);
        }
        let child = self.new_node();
        let entry = Some((Box::from(name), child, i));
        match slot {
            Slot::Slug => self.nodes[node].slug = entry,
            Slot::Rest => self.nodes[node].rest = entry,
            Slot::OptionalRest => self.nodes[node].optional_rest = entry,
        }
        Some(child)
    }

    /// Next.js: "You cannot define a route with the same specificity as a optional catch-all".
    fn check_optional_specificity(&mut self) {
        for n in 0..self.nodes.len() {
            if let (Some(r), Some((_, child, _))) =
                (self.nodes[n].route, &self.nodes[n].optional_rest)
            {
                if let Some(o) = self.nodes[*child].route {
                    let msg = format!(
                        "You cannot define a route with the same specificity as a optional catch-all route: {} and {}",
                        self.name(r),
                        self.name(o)
                    );
                    self.errors
                        .push(BuildError::new(BuildErrorKind::CatchAll, msg));
                }
            }
        }
    }

    /// Orders the routes (Next.js `_smoosh`) and produces the lookup tree.
    fn finish(mut self, method_sets: Vec<MethodSet>) -> Table {
        // Static children in JavaScript's default sort order (UTF-16 code units).
        for node in &mut self.nodes {
            node.statics
                .sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
        }
        let mut order = Vec::with_capacity(self.specs.len());
        smoosh(&self.nodes, 0, &mut order);
        let mut rank = vec![NONE; self.specs.len()];
        for (r, &spec) in order.iter().enumerate() {
            rank[spec] = r as u32;
        }
        let route_of = |n: &BuildNode| n.route.map_or(NONE, |s| rank[s]);
        let leaf = |named: &Named, nodes: &[BuildNode]| {
            named
                .as_ref()
                .map_or(NONE, |(_, c, _)| route_of(&nodes[*c]))
        };
        let node_specs: Vec<NodeSpec> = self
            .nodes
            .iter()
            .map(|n| NodeSpec {
                route: route_of(n),
                statics: n
                    .statics
                    .iter()
                    .map(|(t, c)| (Box::from(t.as_bytes()), *c as u32))
                    .collect(),
                dynamic: n.slug.as_ref().map_or(NONE, |(_, c, _)| *c as u32),
                catch_all: leaf(&n.rest, &self.nodes),
                optional_catch_all: leaf(&n.optional_rest, &self.nodes),
            })
            .collect();
        let mut exact = Vec::new();
        let mut routes = Vec::with_capacity(order.len());
        for &s in &order {
            let spec = &self.specs[s];
            let pattern = self.patterns[s].take().expect("parsed");
            let params: Box<[ParamDef]> = pattern
                .segments
                .iter()
                .enumerate()
                .filter_map(|(position, seg)| {
                    let kind = match seg {
                        Segment::Static(_) => return None,
                        Segment::Dynamic(_) => ParamKind::Single,
                        Segment::CatchAll(_) => ParamKind::CatchAll,
                        Segment::OptionalCatchAll(_) => ParamKind::OptionalCatchAll,
                    };
                    Some(ParamDef {
                        name: seg.param_name().expect("dynamic").into(),
                        position,
                        kind,
                    })
                })
                .collect();
            if params.is_empty() {
                exact.push((Box::from(pattern.text.as_bytes()), routes.len() as u32));
            }
            let methods = method_sets[s];
            let intercepting = crate::routes::pattern::is_intercepting(&pattern.text);
            routes.push(Route {
                allow: methods.allow_header().into(),
                pattern: pattern.text,
                kind: spec.kind,
                methods,
                revalidate: spec.revalidate,
                id: spec.id,
                file: spec.file.as_deref().map(Box::from),
                params,
                intercepting,
                get_cache: get_cache(spec.kind, methods, spec.dynamic, spec.revalidate),
            });
        }
        Table {
            routes,
            tree: Tree::new(node_specs, exact),
        }
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Slug,
    Rest,
    OptionalRest,
}

/// Next.js `UrlNode._smoosh`: the node's own route, static children, `[x]`, `[...x]`, `[[...x]]`.
fn smoosh(nodes: &[BuildNode], n: usize, out: &mut Vec<usize>) {
    let node = &nodes[n];
    if let Some(r) = node.route {
        out.push(r);
    }
    for (_, c) in &node.statics {
        smoosh(nodes, *c, out);
    }
    for (_, c, _) in [&node.slug, &node.rest, &node.optional_rest]
        .into_iter()
        .flatten()
    {
        smoosh(nodes, *c, out);
    }
}
