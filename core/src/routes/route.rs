//! What the host declares about one route: pattern, kind, methods, segment config, id.

use std::fmt;

/// What kind of file serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RouteKind {
    /// A route handler (`route.ts`): answers the methods it exports.
    #[default]
    Route,
    /// A page (`page.tsx`): answers GET and HEAD.
    Page,
    /// A metadata route (`sitemap.ts`, `icon.png`, ...): answers GET and HEAD, static by default.
    Metadata,
}

impl RouteKind {
    /// The lower-case name used in JSON (`route`, `page`, `metadata`).
    pub const fn as_str(self) -> &'static str {
        match self {
            RouteKind::Route => "route",
            RouteKind::Page => "page",
            RouteKind::Metadata => "metadata",
        }
    }

    /// Parses the JSON name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "route" => RouteKind::Route,
            "page" => RouteKind::Page,
            "metadata" => RouteKind::Metadata,
            _ => return None,
        })
    }
}

impl fmt::Display for RouteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `export const dynamic = '...'` (route segment config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dynamic {
    /// `'auto'`, or not exported.
    #[default]
    Auto,
    /// `'force-dynamic'`
    ForceDynamic,
    /// `'force-static'`
    ForceStatic,
    /// `'error'` (static; dynamic APIs would fail the build)
    Error,
}

impl Dynamic {
    /// Parses the exported string value.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "auto" => Dynamic::Auto,
            "force-dynamic" => Dynamic::ForceDynamic,
            "force-static" => Dynamic::ForceStatic,
            "error" => Dynamic::Error,
            _ => return None,
        })
    }

    /// The exported string value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dynamic::Auto => "auto",
            Dynamic::ForceDynamic => "force-dynamic",
            Dynamic::ForceStatic => "force-static",
            Dynamic::Error => "error",
        }
    }
}

/// `export const revalidate = ...` (route segment config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Revalidate {
    /// Not exported.
    #[default]
    Unset,
    /// `false`: cache indefinitely.
    Never,
    /// A number of seconds; `0` means always dynamic.
    Seconds(u32),
}

/// Whether a response may be cached (ROUTING.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cache {
    /// Cacheable (GET/HEAD of a static route).
    Static,
    /// Rendered per request.
    Dynamic,
}

impl Cache {
    /// `static` or `dynamic`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Cache::Static => "static",
            Cache::Dynamic => "dynamic",
        }
    }
}

/// One route as the host declares it. Validated when the router is built.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteSpec {
    /// Next.js segment syntax: `/api/users/[id]`, `/shop/[...slug]`, `/docs/[[...slug]]`.
    pub pattern: String,
    /// Route handler, page or metadata route.
    pub kind: RouteKind,
    /// Exported method names (route handlers only; pages and metadata imply GET and HEAD).
    pub methods: Vec<String>,
    /// `export const dynamic`.
    pub dynamic: Dynamic,
    /// `export const revalidate`.
    pub revalidate: Revalidate,
    /// The host's handler id, returned in every decision for this route.
    pub id: u64,
    /// The source file, when known (reported in decisions and errors).
    pub file: Option<String>,
}

impl RouteSpec {
    /// A route handler at `pattern` answering `methods`.
    pub fn route<S: AsRef<str>>(pattern: &str, methods: &[S]) -> Self {
        RouteSpec {
            pattern: pattern.to_owned(),
            kind: RouteKind::Route,
            methods: methods.iter().map(|m| m.as_ref().to_owned()).collect(),
            ..Default::default()
        }
    }

    /// A page at `pattern`.
    pub fn page(pattern: &str) -> Self {
        RouteSpec {
            pattern: pattern.to_owned(),
            kind: RouteKind::Page,
            ..Default::default()
        }
    }

    /// A metadata route at `pattern`.
    pub fn metadata(pattern: &str) -> Self {
        RouteSpec {
            pattern: pattern.to_owned(),
            kind: RouteKind::Metadata,
            ..Default::default()
        }
    }

    /// Sets the host's handler id.
    pub fn with_id(mut self, id: u64) -> Self {
        self.id = id;
        self
    }

    /// Sets `dynamic`.
    pub fn with_dynamic(mut self, dynamic: Dynamic) -> Self {
        self.dynamic = dynamic;
        self
    }

    /// Sets `revalidate`.
    pub fn with_revalidate(mut self, revalidate: Revalidate) -> Self {
        self.revalidate = revalidate;
        self
    }

    /// Sets the source file.
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}
