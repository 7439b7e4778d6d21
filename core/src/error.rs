//! Build errors: every problem of one build is collected and returned at once.

use std::fmt;

/// What kind of problem a [`BuildError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A route pattern is malformed (brackets, empty segment, control byte, ...).
    Pattern,
    /// Two routes resolve to the same URL (a page and a route handler, or two of one kind).
    Conflict,
    /// Two dynamic segments at the same position use different names.
    ParamName,
    /// A required and an optional catch-all share one level, or a route has the same
    /// specificity as an optional catch-all.
    CatchAll,
    /// A method name is not one of the seven route handler methods.
    Method,
    /// A configured limit was exceeded.
    Limit,
    /// A middleware, `headers`, `redirects` or `rewrites` rule is invalid (the message starts
    /// with its JSON path, e.g. `redirects[2].destination`).
    Rule,
    /// `routecore.json` (or another config source) has a wrong key, type or value.
    Config,
    /// A project directory could not be read or scanned.
    Project,
}

/// One build problem. The message names every offending pattern, file or JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
    message: String,
}

impl BuildError {
    /// Creates an error of `kind` with a complete, human-readable `message`.
    pub fn new(kind: BuildErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The category of the problem.
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }

    /// The message, naming the offending patterns, files or JSON path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// Every error found while building a router (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildErrors(pub Vec<BuildError>);

impl BuildErrors {
    /// The individual errors, in the order they were found.
    pub fn errors(&self) -> &[BuildError] {
        &self.0
    }
}

impl fmt::Display for BuildErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(e.message())?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildErrors {}

impl From<BuildError> for BuildErrors {
    fn from(e: BuildError) -> Self {
        BuildErrors(vec![e])
    }
}
