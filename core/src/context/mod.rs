//! The reusable per-thread match context: every buffer a decision needs, grown once, reused.
//! It sits below every layer that reads or writes it, in four named parts: the request as
//! read, its query, the rule phases' scratch, and the answer being built.

pub(crate) mod answer;
pub(crate) mod outcome;
pub(crate) mod query;
pub(crate) mod request;
pub(crate) mod rule;
pub(crate) mod span;

use answer::Answer;
use outcome::Outcome;
use query::QueryParts;
use request::RequestInput;
use rule::RuleScratch;

/// Capacity reserved up front so that the first match is already allocation-free for
/// typical requests.
const PATH_CAPACITY: usize = 1024;
const SEGMENT_CAPACITY: usize = 64;

/// Scratch space for [`Router::decide`](crate::Router::decide), reused across calls.
///
/// Make one per thread (or per connection) and pass it to every call: after the buffers have
/// grown to fit the largest request seen, deciding allocates nothing. A `Context` is `Send`,
/// so it can move between threads, but one call at a time uses it.
#[derive(Debug)]
pub struct Context {
    /// The request as the engine reads it: the path in each spelling, the host.
    pub(crate) input: RequestInput,
    /// The query: as sent, parsed, added to by rewrites, merged.
    pub(crate) query: QueryParts,
    /// The rule phases' params, candidates and captures.
    pub(crate) rule: RuleScratch,
    /// The decision being built.
    pub(crate) answer: Answer,
    /// Whether the context is as [`Context::reset`] leaves it but for what a static target's
    /// decision writes (the path, its two lengths, the outcome), so that the next such
    /// decision need not reset it (`StaticTargets::decide`).
    pub(crate) reset_but_for_static: bool,
    /// Whether the last decision may have written more than a rule-less walk of a target
    /// without a query does: the query, the answer's location, headers and body, the host and
    /// the path's other spellings. [`Context::reset`] clears those only then. A decision sets
    /// it when it runs the path cleaner or the rules, or meets a query or an internal header
    /// (`engine::decide`); debug builds check at every reset that no other write was missed.
    pub(crate) extras_written: bool,
}

impl Context {
    /// A new context with room for typical requests.
    pub fn new() -> Self {
        Context {
            input: RequestInput::with_capacity(PATH_CAPACITY, SEGMENT_CAPACITY),
            query: QueryParts::with_capacity(PATH_CAPACITY, SEGMENT_CAPACITY),
            rule: RuleScratch::with_capacity(PATH_CAPACITY, SEGMENT_CAPACITY),
            answer: Answer::with_capacity(PATH_CAPACITY),
            reset_but_for_static: true,
            extras_written: false,
        }
    }

    /// Forgets the previous request, keeping every buffer's capacity. The rules' scratch is
    /// cleared where the rules start (`engine::decide::run`): a rule-less router never reads it.
    pub(crate) fn reset(&mut self) {
        self.input.clear_path();
        self.answer.out = Outcome::default();
        if self.extras_written {
            self.input.clear_extras();
            self.query.clear();
            self.answer.clear_extras();
            self.extras_written = false;
        }
        debug_assert!(
            self.input.extras_are_clear()
                && self.query.is_clear()
                && self.answer.extras_are_clear(),
            "a decision wrote beyond the walk's fields without setting `extras_written`"
        );
        self.reset_but_for_static = true;
    }

    /// Marks that this decision may write beyond the walk's fields (see `extras_written`).
    #[inline(always)]
    pub(crate) fn writes_extras(&mut self) {
        self.extras_written = true;
    }
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}
