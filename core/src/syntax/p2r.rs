//! path-to-regexp 6.3.0, the syntax of Next.js middleware matchers and custom-route sources
//! (`/blog/:slug`, `/:path*`, `/:id(\\d+)`, `{/:locale}?`, `/((?!api|_next).*)`), compiled to
//! linear-time regexes.
//!
//! The lexer and parser follow path-to-regexp 6.3.0 token for token (error messages included).
//! Regex generation follows `tokensToRegexp`. Custom patterns are JavaScript regex source,
//! translated by [`crate::syntax::jsregex`]. The negative-lookahead idiom `(?!a|b).*` is taken apart:
//! the pattern matches when the regex without the lookahead matches and a second regex, "the
//! text before the lookahead followed by `a|b`", does not. That is exact when the text before
//! the lookahead has one parse, which routecore requires (literal text and plain `:params`
//! only; optional tokens are expanded into one variant with and one without).

use crate::syntax::jsregex::{self, leading_negative_lookahead};

/// The pattern of the `_next/data/<build>` prefix Next.js puts before middleware matchers.
pub(crate) const NEXT_DATA_PATTERN: &str = "_next/data/[^/]{1,}";

/// A parse or compile error, with the byte offset in the source when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct P2rError {
    pub offset: Option<usize>,
    pub message: String,
}

impl P2rError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        P2rError {
            offset: Some(offset),
            message: message.into(),
        }
    }
    fn plain(message: impl Into<String>) -> Self {
        P2rError {
            offset: None,
            message: message.into(),
        }
    }
}

/// A parameter's name: `:name`, or the index of an unnamed group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyName {
    Named(String),
    Index(usize),
}

/// `?`, `*`, `+` or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Modifier {
    None,
    Optional,
    ZeroOrMore,
    OneOrMore,
}

impl Modifier {
    fn as_str(self) -> &'static str {
        match self {
            Modifier::None => "",
            Modifier::Optional => "?",
            Modifier::ZeroOrMore => "*",
            Modifier::OneOrMore => "+",
        }
    }
    /// `*` and `+` capture a list (split on prefix + suffix).
    pub fn repeats(self) -> bool {
        matches!(self, Modifier::ZeroOrMore | Modifier::OneOrMore)
    }
}

/// A parameter token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    pub name: KeyName,
    pub prefix: String,
    pub suffix: String,
    /// JavaScript regex source; empty for a `{text}` group without a parameter.
    pub pattern: String,
    /// Whether `pattern` is the default segment pattern (generated, not user-written).
    pub default_pattern: bool,
    pub modifier: Modifier,
}

/// A parsed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Text(String),
    Key(Key),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Modifier,
    Escaped,
    Open,
    Close,
    Name,
    Pattern,
    Char,
    End,
}

fn lexer(src: &str) -> Result<Vec<(Lex, usize, String)>, P2rError> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '*' | '+' | '?' => {
                out.push((Lex::Modifier, at, c.to_string()));
                i += 1;
            }
            '\\' => {
                let v = chars
                    .get(i + 1)
                    .map(|(_, c)| c.to_string())
                    .unwrap_or_default();
                out.push((Lex::Escaped, at, v));
                i += 2;
            }
            '{' => {
                out.push((Lex::Open, at, "{".into()));
                i += 1;
            }
            '}' => {
                out.push((Lex::Close, at, "}".into()));
                i += 1;
            }
            ':' => {
                let mut j = i + 1;
                let mut name = String::new();
                while let Some((_, c)) = chars.get(j) {
                    if c.is_ascii_alphanumeric() || *c == '_' {
                        name.push(*c);
                        j += 1;
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return Err(P2rError::at(at, format!("Missing parameter name at {at}")));
                }
                out.push((Lex::Name, at, name));
                i = j;
            }
            '(' => {
                let mut count = 1;
                let mut pattern = String::new();
                let mut j = i + 1;
                if chars.get(j).map(|c| c.1) == Some('?') {
                    let p = chars[j].0;
                    return Err(P2rError::at(
                        p,
                        format!("Pattern cannot start with \"?\" at {p}"),
                    ));
                }
                while j < chars.len() {
                    let (p, c) = chars[j];
                    if c == '\\' {
                        pattern.push(c);
                        if let Some((_, n)) = chars.get(j + 1) {
                            pattern.push(*n);
                        }
                        j += 2;
                        continue;
                    }
                    if c == ')' {
                        count -= 1;
                        if count == 0 {
                            j += 1;
                            break;
                        }
                    } else if c == '(' {
                        count += 1;
                        if chars.get(j + 1).map(|c| c.1) != Some('?') {
                            return Err(P2rError::at(
                                p,
                                format!("Capturing groups are not allowed at {p}"),
                            ));
                        }
                    }
                    pattern.push(c);
                    j += 1;
                }
                if count != 0 {
                    return Err(P2rError::at(at, format!("Unbalanced pattern at {at}")));
                }
                if pattern.is_empty() {
                    return Err(P2rError::at(at, format!("Missing pattern at {at}")));
                }
                out.push((Lex::Pattern, at, pattern));
                i = j;
            }
            _ => {
                out.push((Lex::Char, at, c.to_string()));
                i += 1;
            }
        }
    }
    out.push((Lex::End, src.len(), String::new()));
    Ok(out)
}

fn is_safe(text: &str, delimiter: &str) -> bool {
    delimiter.chars().any(|d| text.contains(d))
}

/// Parses `src` with path-to-regexp's `parse` (prefixes `./`).
pub(crate) fn parse(src: &str, delimiter: &str) -> Result<Vec<Token>, P2rError> {
    let lex = lexer(src)?;
    let mut result: Vec<Token> = Vec::new();
    let mut key = 0usize;
    let mut i = 0;
    let mut path = String::new();
    let try_consume = |i: &mut usize, kind: Lex| -> Option<String> {
        if *i < lex.len() && lex[*i].0 == kind {
            *i += 1;
            Some(lex[*i - 1].2.clone())
        } else {
            None
        }
    };
    let must_consume = |i: &mut usize, kind: Lex| -> Result<String, P2rError> {
        if *i < lex.len() && lex[*i].0 == kind {
            *i += 1;
            return Ok(lex[*i - 1].2.clone());
        }
        let (k, at, _) = &lex[*i];
        Err(P2rError::at(
            *at,
            format!(
                "Unexpected {} at {at}, expected {}",
                lex_name(*k),
                lex_name(kind)
            ),
        ))
    };
    // path-to-regexp 6.3.0's `safePattern`: the default pattern may not run into the text
    // before it when that text has no delimiter.
    let safe_pattern = |result: &Vec<Token>, prefix: &str| -> Result<String, P2rError> {
        let prev = result.last();
        let prev_text = if !prefix.is_empty() {
            prefix.to_owned()
        } else {
            match prev {
                Some(Token::Text(t)) => t.clone(),
                _ => String::new(),
            }
        };
        if let (Some(Token::Key(k)), true) = (prev, prev_text.is_empty()) {
            let name = match &k.name {
                KeyName::Named(n) => n.clone(),
                KeyName::Index(i) => i.to_string(),
            };
            return Err(P2rError::plain(format!(
                "Must have text between two parameters, missing text after \"{name}\""
            )));
        }
        let d = escape_js(delimiter);
        if prev_text.is_empty() || is_safe(&prev_text, delimiter) {
            Ok(format!("[^{d}]+?"))
        } else {
            Ok(format!("(?:(?!{})[^{d}])+?", escape_js(&prev_text)))
        }
    };
    while i < lex.len() {
        let ch = try_consume(&mut i, Lex::Char);
        let name = try_consume(&mut i, Lex::Name);
        let pattern = try_consume(&mut i, Lex::Pattern);
        if name.is_some() || pattern.is_some() {
            let mut prefix = ch.unwrap_or_default();
            if !"./".contains(prefix.as_str()) || prefix.is_empty() {
                path.push_str(&prefix);
                prefix.clear();
            }
            if !path.is_empty() {
                result.push(Token::Text(std::mem::take(&mut path)));
            }
            let (pattern, default_pattern) = match pattern {
                Some(p) => (p, false),
                None => (safe_pattern(&result, &prefix)?, true),
            };
            let name = match name {
                Some(n) => KeyName::Named(n),
                None => {
                    key += 1;
                    KeyName::Index(key - 1)
                }
            };
            let modifier = modifier(try_consume(&mut i, Lex::Modifier));
            result.push(Token::Key(Key {
                name,
                prefix,
                suffix: String::new(),
                pattern,
                default_pattern,
                modifier,
            }));
            continue;
        }
        if let Some(v) = ch.or_else(|| try_consume(&mut i, Lex::Escaped)) {
            path.push_str(&v);
            continue;
        }
        if !path.is_empty() {
            result.push(Token::Text(std::mem::take(&mut path)));
        }
        if try_consume(&mut i, Lex::Open).is_some() {
            let prefix = consume_text(&lex, &mut i);
            let name = try_consume(&mut i, Lex::Name).unwrap_or_default();
            let pattern = try_consume(&mut i, Lex::Pattern).unwrap_or_default();
            let suffix = consume_text(&lex, &mut i);
            must_consume(&mut i, Lex::Close)?;
            let (pattern, default_pattern) = if !name.is_empty() && pattern.is_empty() {
                (safe_pattern(&result, &prefix)?, true)
            } else {
                (pattern, false)
            };
            let key_name = if !name.is_empty() {
                KeyName::Named(name)
            } else if !pattern.is_empty() {
                key += 1;
                KeyName::Index(key - 1)
            } else {
                KeyName::Named(String::new())
            };
            let modifier = modifier(try_consume(&mut i, Lex::Modifier));
            result.push(Token::Key(Key {
                name: key_name,
                prefix,
                suffix,
                pattern,
                default_pattern,
                modifier,
            }));
            continue;
        }
        must_consume(&mut i, Lex::End)?;
    }
    Ok(result)
}

fn consume_text(lex: &[(Lex, usize, String)], i: &mut usize) -> String {
    let mut out = String::new();
    while *i < lex.len() && matches!(lex[*i].0, Lex::Char | Lex::Escaped) {
        out.push_str(&lex[*i].2);
        *i += 1;
    }
    out
}

fn modifier(m: Option<String>) -> Modifier {
    match m.as_deref() {
        Some("?") => Modifier::Optional,
        Some("*") => Modifier::ZeroOrMore,
        Some("+") => Modifier::OneOrMore,
        _ => Modifier::None,
    }
}

fn lex_name(k: Lex) -> &'static str {
    match k {
        Lex::Modifier => "MODIFIER",
        Lex::Escaped => "ESCAPED_CHAR",
        Lex::Open => "OPEN",
        Lex::Close => "CLOSE",
        Lex::Name => "NAME",
        Lex::Pattern => "PATTERN",
        Lex::Char => "CHAR",
        Lex::End => "END",
    }
}

/// path-to-regexp's `escapeString` (JavaScript regex escaping).
pub(crate) fn escape_js(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ".+*?=^!:${}()[]|/\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How to turn tokens into a regex.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RegexOptions {
    /// `/#?` for middleware matchers, `/` for custom routes.
    pub delimiter: &'static str,
    /// `strict: false` allows one trailing delimiter.
    pub strict: bool,
    /// Custom routes: a trailing `/` is tolerated (`modifyRouteRegex`).
    pub trailing_slash: bool,
    pub case_insensitive: bool,
    /// Repeating params without prefix or suffix get a `/` prefix (Next.js's
    /// `normalizeTokensForRegexp`) instead of the "Can not repeat" error.
    pub normalize_repeats: bool,
}

/// One compiled variant: the regex, and the regex that must not match for the variant to hold.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub regex: String,
    pub exclude: Option<String>,
}

/// A compiled source.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    /// The source without any lookahead: a superset of the real language, with one capture
    /// group per key in order.
    pub regex: String,
    /// Non-empty when the source uses the lookahead idiom: it matches when any variant does.
    pub variants: Vec<Variant>,
    pub keys: Vec<Key>,
}

/// Compiles tokens to regex source (`tokensToRegexp`).
pub(crate) fn compile(tokens: &[Token], opts: RegexOptions) -> Result<Compiled, P2rError> {
    let mut tokens = tokens.to_vec();
    for t in &mut tokens {
        if let Token::Key(k) = t {
            if !k.pattern.is_empty()
                && k.prefix.is_empty()
                && k.suffix.is_empty()
                && k.modifier.repeats()
            {
                if opts.normalize_repeats {
                    k.prefix = "/".into();
                } else {
                    let name = match &k.name {
                        KeyName::Named(n) => n.clone(),
                        KeyName::Index(i) => i.to_string(),
                    };
                    return Err(P2rError::plain(format!(
                        "Can not repeat \"{name}\" without a prefix and suffix"
                    )));
                }
            }
        }
    }
    let keys: Vec<Key> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Key(k) if !k.pattern.is_empty() => Some(k.clone()),
            _ => None,
        })
        .collect();
    let lookahead_at = tokens.iter().position(
        |t| matches!(t, Token::Key(k) if leading_negative_lookahead(&k.pattern).is_some()),
    );
    let regex = emit(&tokens, opts, None)?.0;
    let mut variants = Vec::new();
    if let Some(at) = lookahead_at {
        for variant in expand_optionals(&tokens, at)? {
            let (regex, exclude) = emit(&variant.0, opts, Some(variant.1))?;
            variants.push(Variant { regex, exclude });
        }
    }
    Ok(Compiled {
        regex,
        variants,
        keys,
    })
}

/// Expands optional tokens before the lookahead token into variants with and without them.
/// Returns (tokens, index of the lookahead token).
fn expand_optionals(tokens: &[Token], at: usize) -> Result<Vec<(Vec<Token>, usize)>, P2rError> {
    let mut variants = vec![(Vec::new(), 0usize)];
    for (i, t) in tokens.iter().enumerate() {
        if i == at {
            for v in &mut variants {
                v.1 = v.0.len();
                v.0.push(t.clone());
            }
            continue;
        }
        match t {
            Token::Key(k) if i < at && k.modifier == Modifier::Optional => {
                let mut with = variants.clone();
                for v in &mut with {
                    let mut k = k.clone();
                    k.modifier = Modifier::None;
                    v.0.push(Token::Key(k));
                }
                variants.extend(with);
                if variants.len() > 8 {
                    return Err(P2rError::plain(
                        "too many optional parameters before a lookahead",
                    ));
                }
            }
            _ => {
                for v in &mut variants {
                    v.0.push(t.clone());
                }
            }
        }
    }
    // The text before the lookahead must have one parse.
    for (v, at) in &variants {
        for t in &v[..*at] {
            if let Token::Key(k) = t {
                // Next.js's own `_next/data/<build>` prefix cannot contain `/` either.
                let one_segment = k.default_pattern || k.pattern == NEXT_DATA_PATTERN;
                if k.modifier != Modifier::None || !one_segment {
                    return Err(P2rError::plain(
                        "a '(?!...)' lookahead may only follow literal text and plain ':params' (no modifiers or custom patterns before it)",
                    ));
                }
            }
        }
        if let Token::Key(k) = &v[*at] {
            if k.modifier != Modifier::None {
                return Err(P2rError::plain(
                    "a parameter using the '(?!...)' lookahead idiom cannot have a modifier",
                ));
            }
        }
    }
    Ok(variants)
}

/// Emits the regex for `tokens`; with `lookahead = Some(i)`, also the exclusion regex for the
/// lookahead at token `i`.
fn emit(
    tokens: &[Token],
    opts: RegexOptions,
    lookahead: Option<usize>,
) -> Result<(String, Option<String>), P2rError> {
    let mut re = String::from(if opts.case_insensitive { "(?i)^" } else { "^" });
    let mut exclude = None;
    let delim_class = format!("[{}]", regex_syntax::escape(opts.delimiter));
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Text(s) => re.push_str(&regex_syntax::escape(s)),
            Token::Key(k) => {
                let prefix = regex_syntax::escape(&k.prefix);
                let suffix = regex_syntax::escape(&k.suffix);
                if k.pattern.is_empty() {
                    re.push_str(&format!("(?:{prefix}{suffix}){}", k.modifier.as_str()));
                    continue;
                }
                let pattern = match leading_negative_lookahead(&k.pattern) {
                    Some((alts, rest)) => {
                        if rest != ".*" {
                            return Err(P2rError::plain(format!(
                                "lookahead '(?!{alts})' must be followed by '.*' in the same group (found '{rest}'); no other lookaround can be matched in linear time"
                            )));
                        }
                        let alts = translate(alts)?;
                        if lookahead == Some(i) {
                            exclude = Some(format!("{re}{prefix}(?:{alts})"));
                        }
                        translate(rest)?
                    }
                    None => pattern_regex(k, opts)?,
                };
                if !prefix.is_empty() || !suffix.is_empty() {
                    if k.modifier.repeats() {
                        let m = if k.modifier == Modifier::ZeroOrMore {
                            "?"
                        } else {
                            ""
                        };
                        re.push_str(&format!(
                            "(?:{prefix}((?:{pattern})(?:{suffix}{prefix}(?:{pattern}))*){suffix}){m}"
                        ));
                    } else {
                        re.push_str(&format!(
                            "(?:{prefix}({pattern}){suffix}){}",
                            k.modifier.as_str()
                        ));
                    }
                } else {
                    re.push_str(&format!("({pattern}){}", k.modifier.as_str()));
                }
            }
        }
    }
    if !opts.strict {
        re.push_str(&delim_class);
        re.push('?');
    }
    if opts.trailing_slash {
        re.push_str("/?");
    }
    re.push('$');
    Ok((re, exclude))
}

/// The Rust regex for a key's pattern.
fn pattern_regex(k: &Key, opts: RegexOptions) -> Result<String, P2rError> {
    if !k.default_pattern {
        return translate(&k.pattern);
    }
    // Default patterns are generated: `[^D]+?`, or `(?:(?!X)[^D])+?` after delimiter-less text.
    let d = regex_syntax::escape(opts.delimiter);
    if let Some(rest) = k.pattern.strip_prefix("(?:(?!") {
        let x = rest.split_once(")[^").map(|(x, _)| x).unwrap_or("");
        let text = unescape_js(x);
        let mut chars = text.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(format!("[^{d}{}]+?", regex_syntax::escape(&c.to_string()))),
            _ => Err(P2rError::plain(format!(
                "a parameter directly after the text '{text}' (with no '/' in it) cannot be matched in linear time; put a '/' or a single character before it"
            ))),
        };
    }
    Ok(format!("[^{d}]+?"))
}

fn unescape_js(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn translate(src: &str) -> Result<String, P2rError> {
    jsregex::translate(src).map_err(|e| {
        P2rError::plain(format!(
            "{} (in pattern '{src}' at offset {})",
            e.message, e.offset
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MW: RegexOptions = RegexOptions {
        delimiter: "/#?",
        strict: false,
        trailing_slash: false,
        case_insensitive: false,
        normalize_repeats: true,
    };

    fn re(src: &str) -> String {
        compile(&parse(src, "/#?").unwrap(), MW).unwrap().regex
    }

    fn err(src: &str) -> String {
        match parse(src, "/#?").and_then(|t| compile(&t, MW)) {
            Ok(c) => panic!("{src} compiled to {c:?}"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn generates_tokens_to_regexp_shapes() {
        assert_eq!(re("/about"), r"^/about[/\#\?]?$");
        assert_eq!(re("/blog/:slug"), r"^/blog(?:/([^/\#\?]+?))[/\#\?]?$");
        assert_eq!(
            re("/docs/:path*"),
            r"^/docs(?:/((?:[^/\#\?]+?)(?:/(?:[^/\#\?]+?))*))?[/\#\?]?$"
        );
        assert_eq!(re("/:id(\\d+)"), r"^(?:/([0-9]+))[/\#\?]?$");
        assert_eq!(re("{/:locale}?/x"), r"^(?:/([^/\#\?]+?))?/x[/\#\?]?$");
    }

    #[test]
    fn reports_path_to_regexp_errors() {
        assert_eq!(err("/:"), "Missing parameter name at 1");
        assert_eq!(err("/(abc"), "Unbalanced pattern at 1");
        assert_eq!(err("/()"), "Missing pattern at 1");
        assert_eq!(err("/(?x)"), "Pattern cannot start with \"?\" at 2");
        assert_eq!(err("/(a(b))"), "Capturing groups are not allowed at 3");
        assert_eq!(err("/{a"), "Unexpected END at 3, expected CLOSE");
        assert!(err("/:a:b").contains("Must have text between two parameters"));
        assert!(err("/:a((?=x).*)").contains("lookaround"));
        assert!(err("/((?!a)b)").contains("must be followed by '.*'"));
    }

    #[test]
    fn strict_mode_rejects_unprefixed_repeats() {
        let opts = RegexOptions {
            normalize_repeats: false,
            ..MW
        };
        let e = compile(&parse("/x:a*", "/").unwrap(), opts).unwrap_err();
        assert_eq!(
            e.message,
            "Can not repeat \"a\" without a prefix and suffix"
        );
    }

    #[test]
    fn decomposes_the_lookahead_idiom() {
        let c = compile(&parse("/((?!api|_next/static).*)", "/#?").unwrap(), MW).unwrap();
        assert_eq!(c.variants.len(), 1);
        assert_eq!(
            c.variants[0].exclude.as_deref(),
            Some(r"^/(?:api|_next/static)")
        );
        let c = compile(
            &parse("/:nextData(_next/data/[^/]{1,})?/((?!api).*)", "/#?").unwrap(),
            MW,
        );
        let c = c.unwrap();
        assert_eq!(c.variants.len(), 2);
        assert_eq!(c.variants[0].exclude.as_deref(), Some(r"^/(?:api)"));
        assert_eq!(
            c.variants[1].exclude.as_deref(),
            Some(r"^(?:/(_next/data/[^/]{1,}))/(?:api)")
        );
        assert!(compile(&parse("/:a(.*)/((?!api).*)", "/#?").unwrap(), MW).is_err());
    }
}
