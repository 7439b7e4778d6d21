//! Route patterns in Next.js segment syntax: `/a/[id]`, `/a/[...rest]`, `/a/[[...rest]]`.
//!
//! A segment is dynamic only when the whole segment is bracketed (as in Next.js
//! `sorted-routes`); anything else, `[id].json` included, is static text. Error wording follows
//! Next.js's `sorted-routes.js`, with the offending pattern named.

use std::collections::HashMap;

/// One parsed path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Literal text, compared after percent-decoding the request segment.
    Static(Box<str>),
    /// `[name]`: exactly one segment.
    Dynamic(Box<str>),
    /// `[...name]`: one or more segments.
    CatchAll(Box<str>),
    /// `[[...name]]`: zero or more segments.
    OptionalCatchAll(Box<str>),
}

impl Segment {
    /// The param name, for dynamic segments.
    pub fn param_name(&self) -> Option<&str> {
        match self {
            Segment::Static(_) => None,
            Segment::Dynamic(n) | Segment::CatchAll(n) | Segment::OptionalCatchAll(n) => Some(n),
        }
    }
}

/// A validated pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern text as written (without a trailing `/`).
    pub text: Box<str>,
    /// Its segments; empty for `/`.
    pub segments: Vec<Segment>,
}

/// Parses `pattern`, returning every problem found in it.
pub fn parse(pattern: &str, max_bytes: usize) -> Result<Pattern, Vec<String>> {
    let mut errors = Vec::new();
    if pattern.len() > max_bytes {
        return Err(vec![format!(
            "route pattern is {} bytes, over the limit of {max_bytes} ('{}...')",
            pattern.len(),
            truncate(pattern, 60)
        )]);
    }
    if !pattern.starts_with('/') {
        return Err(vec![format!(
            "route pattern '{pattern}' must start with '/'"
        )]);
    }
    if let Some(b) = pattern.bytes().find(|b| b.is_ascii_control()) {
        return Err(vec![format!(
            "route pattern '{}' contains the control byte 0x{b:02x}",
            pattern.escape_debug()
        )]);
    }
    if pattern.contains(['?', '#', '\\']) {
        return Err(vec![format!(
            "route pattern '{pattern}' may not contain '?', '#' or '\\'"
        )]);
    }
    let body = pattern.strip_suffix('/').unwrap_or(pattern);
    let text: Box<str> = if body.is_empty() {
        "/".into()
    } else {
        body.into()
    };
    let mut segments = Vec::new();
    // Names seen so far by their word characters, for Next's repeat checks: only names with
    // the same word characters can clash, so one lookup per name (a pattern's checks stay
    // linear in its number of params).
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    let mut seen_catch_all: Option<&str> = None;
    for raw in body.split('/').skip(1) {
        if let Some(ca) = seen_catch_all {
            errors.push(format!(
                "Catch-all must be the last part of the URL: '{ca}' is followed by '{raw}' in route '{text}'"
            ));
            break;
        }
        if raw.is_empty() {
            errors.push(format!(
                "route pattern '{pattern}' has an empty segment ('//')"
            ));
            continue;
        }
        if raw == "." || raw == ".." {
            errors.push(format!(
                "route pattern '{pattern}' has a dot segment ('{raw}')"
            ));
            continue;
        }
        match parse_segment(raw) {
            Ok(seg) => {
                if let Some(name) = seg.param_name() {
                    let clashes = names.entry(word_chars(raw)).or_default();
                    for prev in clashes.iter() {
                        if prev == name {
                            errors.push(format!(
                                "You cannot have the same slug name \"{name}\" repeat within a single dynamic path ('{text}')"
                            ));
                        } else {
                            errors.push(format!(
                                "You cannot have the slug names \"{prev}\" and \"{name}\" differ only by non-word symbols within a single dynamic path ('{text}')"
                            ));
                        }
                    }
                    clashes.push(name.to_owned());
                    if matches!(seg, Segment::CatchAll(_) | Segment::OptionalCatchAll(_)) {
                        seen_catch_all = Some(raw);
                    }
                }
                segments.push(seg);
            }
            Err(msg) => errors.push(format!("{msg} in route '{text}'")),
        }
    }
    if errors.is_empty() {
        Ok(Pattern { text, segments })
    } else {
        Err(errors)
    }
}

/// Parses one non-empty segment, following Next.js's `UrlNode._insert`.
fn parse_segment(raw: &str) -> Result<Segment, String> {
    let Some(inner) = raw.strip_prefix('[').and_then(|s| s.strip_suffix(']')) else {
        return Ok(Segment::Static(raw.into()));
    };
    let (mut name, optional) = match inner.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(n) => (n, true),
        None => (inner, false),
    };
    if name.starts_with('…') {
        return Err(format!(
            "Detected a three-dot character ('…') at ('{name}'). Did you mean ('...')?"
        ));
    }
    let catch_all = if let Some(rest) = name.strip_prefix("...") {
        name = rest;
        true
    } else {
        false
    };
    if name.starts_with('[') || name.ends_with(']') || name.contains(['[', ']']) {
        return Err(format!(
            "Segment names may not start or end with extra brackets ('{raw}')"
        ));
    }
    if name.starts_with('.') {
        return Err(format!(
            "Segment names may not start with erroneous periods ('{raw}')"
        ));
    }
    if name.is_empty() {
        return Err(format!("Segment '{raw}' has an empty parameter name"));
    }
    match (catch_all, optional) {
        (true, true) => Ok(Segment::OptionalCatchAll(name.into())),
        (true, false) => Ok(Segment::CatchAll(name.into())),
        (false, false) => Ok(Segment::Dynamic(name.into())),
        (false, true) => Err(format!(
            "Optional route parameters are not yet supported (\"{raw}\"); only an optional catch-all '[[...name]]' may be optional"
        )),
    }
}

/// A warning for a pattern with a static segment whose brackets do not pair up (`/a/[id`,
/// `/a/id]`): Next.js, like [`parse_segment`], takes it as a static segment matched literally,
/// which is rarely what was meant. Paired brackets inside a static segment (`[id].json`) are a
/// deliberate Next.js idiom and get no warning.
pub(crate) fn bracket_warning(pattern: &str) -> Option<String> {
    let seg = pattern.split('/').find(|s| {
        s.matches('[').count() != s.matches(']').count()
            && matches!(parse_segment(s), Ok(Segment::Static(_)))
    })?;
    let hint = if seg.starts_with('[') && !seg.contains(']') {
        format!("; for a param, close it: '{seg}]'")
    } else if seg.ends_with(']') && !seg.contains('[') {
        format!("; for a param, open it: '[{seg}'")
    } else {
        "; a param is a whole segment, '[name]'".to_owned()
    };
    Some(format!(
        "route '{pattern}': segment '{seg}' has unpaired brackets, so it is a static segment matched literally (as in Next.js){hint}"
    ))
}

/// `s` without JavaScript `\W` characters (what Next.js compares slug names by).
fn word_chars(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn truncate(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

// Interception routes (`(.)photo`): the markers are part of a pattern's syntax; the
// rewrites that reach such routes are built in `rules::intercept`.

/// Next.js's interception markers, longest first where one is a prefix of another.
pub(crate) const MARKERS: [&str; 4] = ["(..)(..)", "(...)", "(..)", "(.)"];

/// The marker a segment starts with.
pub(crate) fn marker(segment: &str) -> Option<&'static str> {
    MARKERS.into_iter().find(|m| segment.starts_with(m))
}

/// Whether a route pattern is an intercepting route (a segment starts with a marker).
pub(crate) fn is_intercepting(pattern: &str) -> bool {
    pattern.split('/').any(|s| marker(s).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &str) -> Vec<Segment> {
        parse(p, 1024).unwrap().segments
    }
    fn err(p: &str) -> String {
        parse(p, 1024).unwrap_err().join("\n")
    }

    #[test]
    fn bracket_warning_names_a_segment_that_is_silently_static() {
        let w = bracket_warning("/a/[id").unwrap();
        assert!(w.contains("segment '[id'") && w.contains("'[id]'"), "{w}");
        let w = bracket_warning("/a/id]/b").unwrap();
        assert!(w.contains("segment 'id]'") && w.contains("'[id]'"), "{w}");
        assert!(
            bracket_warning("/a/x[id")
                .unwrap()
                .contains("whole segment")
        );
        // Paired brackets in a static segment are a Next.js idiom (`[id].json`): no warning.
        for fine in [
            "/a/[id]",
            "/a/[...s]",
            "/a/[[...s]]",
            "/a/b",
            "/",
            "/[id].json",
            "/x[y]",
        ] {
            assert_eq!(bracket_warning(fine), None, "{fine}");
        }
        // Malformed brackets inside [...] are build errors, not warnings.
        assert_eq!(bracket_warning("/a/[[id]"), None);
    }

    #[test]
    fn parses_every_segment_kind() {
        assert_eq!(ok("/"), vec![]);
        assert_eq!(
            ok("/a/[id]/[...rest]"),
            vec![
                Segment::Static("a".into()),
                Segment::Dynamic("id".into()),
                Segment::CatchAll("rest".into())
            ]
        );
        assert_eq!(ok("/[[...o]]"), vec![Segment::OptionalCatchAll("o".into())]);
        // Next.js: a segment is dynamic only when fully bracketed.
        assert_eq!(ok("/[id].json"), vec![Segment::Static("[id].json".into())]);
        assert_eq!(parse("/a/", 1024).unwrap().text.as_ref(), "/a");
    }

    #[test]
    fn rejects_malformed_patterns() {
        assert!(err("a/b").contains("must start with '/'"));
        assert!(err("").contains("must start with '/'"));
        assert!(err("/a//b").contains("empty segment"));
        assert!(err("/a/../b").contains("dot segment"));
        assert!(err("/a\0").contains("control byte 0x00"));
        assert!(err("/a?x").contains("may not contain"));
        assert!(err("/[[id]").contains("extra brackets ('[[id]')"));
        assert!(err("/[id]]").contains("extra brackets ('[id]]')"));
        assert!(err("/[...]").contains("empty parameter name"));
        assert!(err("/[]").contains("empty parameter name"));
        assert!(err("/[…id]").contains("three-dot character"));
        assert!(err("/[.id]").contains("erroneous periods"));
        assert!(err("/[[id]]").contains("Optional route parameters are not yet supported"));
        assert!(err("/[...a]/b").contains("Catch-all must be the last part"));
        assert!(err("/[a]/[a]").contains("same slug name \"a\" repeat"));
        assert!(err("/[a-b]/[ab]").contains("differ only by non-word symbols"));
        assert!(err(&format!("/{}", "a".repeat(2000))).contains("over the limit of 1024"));
    }

    #[test]
    #[cfg_attr(miri, ignore)] // 300 params: pure logic, slow under the interpreter
    fn slug_clashes_are_found_among_many_params_and_each_is_reported() {
        let many: String = (0..300).map(|i| format!("/[p{i}]")).collect();
        let errors = parse(&format!("{many}/[p-7]/[p7]"), 1 << 20).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("slug names \"p7\" and \"p-7\" differ only"));
        assert!(errors[1].contains("same slug name \"p7\" repeat"));
        assert!(errors[2].contains("slug names \"p-7\" and \"p7\" differ only"));
        assert!(parse(&many, 1 << 20).is_ok());
    }
}
