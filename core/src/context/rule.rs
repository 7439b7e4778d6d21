//! The rule part of a context: what the rule phases capture and reuse while they run.

use crate::context::outcome::Hit;
use crate::context::span::Span;

/// Regexes whose capture slots a context keeps.
const CAPTURE_CACHE: usize = 64;

/// Scratch of the rule phases.
#[derive(Debug)]
pub(crate) struct RuleScratch {
    /// Params captured by rule sources and `has` conditions (names and values in `pbuf`).
    pub params: Vec<RuleParam>,
    pub pbuf: String,
    /// Scratch space for condition values and decoding.
    pub scratch: String,
    pub scratch_bytes: Vec<u8>,
    /// Candidate rules of a phase (reused).
    pub candidates: Vec<u32>,
    /// Rules whose response headers apply once the answer is known.
    pub hits: Vec<Hit>,
    /// A scratch path for rewrites.
    pub scratch_path: String,
    /// Capture slots per regex (keyed by the regex's unique id), reused across calls.
    pub captures: Vec<(u64, regex_automata::util::captures::Captures)>,
}

/// A param captured by a rule (not a route param): spans into [`RuleScratch::pbuf`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleParam {
    pub name: Span,
    pub value: Span,
    /// For `:name*` / `:name+`: the separator the value is a list of.
    pub list_sep: Option<u8>,
    /// Raw path text (still percent-encoded) rather than a decoded header/cookie/query value.
    pub raw: bool,
}

impl RuleScratch {
    pub(crate) fn with_capacity(bytes: usize, params: usize) -> Self {
        RuleScratch {
            params: Vec::with_capacity(params),
            pbuf: String::with_capacity(bytes),
            scratch: String::with_capacity(bytes),
            scratch_bytes: Vec::with_capacity(bytes),
            candidates: Vec::with_capacity(64),
            hits: Vec::with_capacity(16),
            scratch_path: String::with_capacity(bytes),
            captures: Vec::new(),
        }
    }

    /// Forgets the previous request (the scratch buffers are cleared where they are used).
    pub(crate) fn clear(&mut self) {
        self.params.clear();
        self.pbuf.clear();
        self.scratch.clear();
        self.candidates.clear();
        self.hits.clear();
    }

    /// Reusable capture slots for the regex with unique id `id`.
    pub(crate) fn take_captures(
        &mut self,
        id: u64,
        re: &regex_automata::meta::Regex,
    ) -> regex_automata::util::captures::Captures {
        match self.captures.iter().position(|(k, _)| *k == id) {
            Some(i) => self.captures.swap_remove(i).1,
            None => re.create_captures(),
        }
    }

    /// Returns capture slots taken with [`RuleScratch::take_captures`].
    pub(crate) fn return_captures(
        &mut self,
        id: u64,
        caps: regex_automata::util::captures::Captures,
    ) {
        // Bounded: a context serving many routers does not grow without limit.
        if self.captures.len() >= CAPTURE_CACHE {
            self.captures.remove(0);
        }
        self.captures.push((id, caps));
    }

    /// Records a rule param.
    pub(crate) fn push_param(&mut self, name: &str, value: &str, list_sep: Option<u8>, raw: bool) {
        self.push_param_text(name, list_sep, raw, |buf| buf.push_str(value));
    }

    /// A path param captured from the fully decoded path: raw path text, except that a `%`
    /// (a decoded `%25`) is written `%25` again, so the value never carries an escape that
    /// the next parse of a destination would decode a second time.
    pub(crate) fn push_decoded_path_param(
        &mut self,
        name: &str,
        value: &str,
        list_sep: Option<u8>,
    ) {
        self.push_param_text(name, list_sep, true, |buf| {
            for (i, piece) in value.split('%').enumerate() {
                if i > 0 {
                    buf.push_str("%25");
                }
                buf.push_str(piece);
            }
        });
    }

    fn push_param_text(
        &mut self,
        name: &str,
        list_sep: Option<u8>,
        raw: bool,
        write_value: impl FnOnce(&mut String),
    ) {
        let n0 = self.pbuf.len();
        self.pbuf.push_str(name);
        let name = Span::since(n0, &self.pbuf);
        write_value(&mut self.pbuf);
        self.params.push(RuleParam {
            name,
            value: Span::since(name.end as usize, &self.pbuf),
            list_sep,
            raw,
        });
    }

    /// Forgets params recorded after `mark`.
    pub(crate) fn truncate_params(&mut self, mark: usize) {
        if let Some(p) = self.params.get(mark) {
            self.pbuf.truncate(p.name.start as usize);
        }
        self.params.truncate(mark);
    }

    /// The value of rule param `name` (the last one recorded wins).
    pub(crate) fn rule_param(&self, name: &str) -> Option<RuleParam> {
        self.params
            .iter()
            .rev()
            .find(|p| p.name.of(&self.pbuf) == name)
            .copied()
    }

    /// The text of a param's name or value.
    pub(crate) fn param_text(&self, span: Span) -> &str {
        span.of(&self.pbuf)
    }
}
