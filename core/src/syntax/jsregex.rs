//! JavaScript regular-expression source → `regex`-crate syntax, for the custom patterns users
//! write in path-to-regexp sources (`:id(\\d+)`) and `has` values.
//!
//! The translation keeps JavaScript's meaning where the syntaxes differ (`\d`, `\w`, `\s` and
//! `.` are narrower in JavaScript; `{` and `]` can be literals). Lookarounds and backreferences
//! have no linear-time equivalent and are rejected with their offset; the one lookahead idiom
//! routecore supports is taken apart before translation (see `p2r`).

/// A construct that cannot be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsRegexError {
    /// Byte offset in the JavaScript source.
    pub offset: usize,
    pub message: String,
}

const JS_SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Translates JavaScript regex source (no flags) into `regex`-crate syntax.
pub(crate) fn translate(src: &str) -> Result<String, JsRegexError> {
    let mut out = String::with_capacity(src.len() + 16);
    let b = src.as_bytes();
    let mut i = 0;
    let err = |offset: usize, message: &str| JsRegexError {
        offset,
        message: message.to_owned(),
    };
    while i < b.len() {
        let c = src[i..].chars().next().expect("in bounds");
        match c {
            '\\' => {
                let (text, len) = escape(src, i, false)?;
                out.push_str(&text);
                i += len;
                continue;
            }
            '[' => {
                let len = class(src, i, &mut out)?;
                i += len;
                continue;
            }
            '(' => {
                let rest = &src[i..];
                if rest.starts_with("(?:") {
                    out.push_str("(?:");
                    i += 3;
                } else if rest.starts_with("(?=")
                    || rest.starts_with("(?!")
                    || rest.starts_with("(?<=")
                    || rest.starts_with("(?<!")
                {
                    return Err(err(
                        i,
                        "lookaround assertions cannot be matched in linear time (only the '(?!a|b).*' idiom at the start of a path parameter is supported)",
                    ));
                } else if rest.starts_with("(?<") {
                    let end = rest
                        .find('>')
                        .ok_or_else(|| err(i, "unterminated group name"))?;
                    let name = &rest[3..end];
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        || name.starts_with(|c: char| c.is_ascii_digit())
                    {
                        return Err(err(i, "invalid group name"));
                    }
                    out.push_str("(?P<");
                    out.push_str(name);
                    out.push('>');
                    i += end + 1;
                } else if rest.starts_with("(?") {
                    return Err(err(i, "unsupported group syntax"));
                } else {
                    out.push('(');
                    i += 1;
                }
                continue;
            }
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '{' => {
                // A quantifier only when it reads `{n}`, `{n,}` or `{n,m}`; else a literal.
                let rest = &src[i + 1..];
                let end = rest.find('}');
                let is_quantifier = end.is_some_and(|e| {
                    let body = &rest[..e];
                    let mut parts = body.splitn(2, ',');
                    let lo = parts.next().unwrap_or("");
                    let hi = parts.next();
                    !lo.is_empty()
                        && lo.bytes().all(|d| d.is_ascii_digit())
                        && hi.is_none_or(|h| h.bytes().all(|d| d.is_ascii_digit()))
                });
                if is_quantifier {
                    let e = end.expect("checked");
                    out.push_str(&src[i..i + e + 2]);
                    i += e + 2;
                    continue;
                }
                out.push_str(r"\{");
            }
            '}' => out.push_str(r"\}"),
            ']' => out.push_str(r"\]"),
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    Ok(out)
}

/// Translates the escape at `src[i]` (a backslash). Returns the text and the source length.
fn escape(src: &str, i: usize, in_class: bool) -> Result<(String, usize), JsRegexError> {
    let err = |message: &str| JsRegexError {
        offset: i,
        message: message.to_owned(),
    };
    let Some(c) = src[i + 1..].chars().next() else {
        return Err(err("\\ at end of pattern"));
    };
    let hex = |n: usize| -> Option<u32> {
        let h = src.get(i + 2..i + 2 + n)?;
        if h.bytes().all(|b| b.is_ascii_hexdigit()) {
            u32::from_str_radix(h, 16).ok()
        } else {
            None
        }
    };
    let lit = |ch: char| format!(r"\x{{{:X}}}", ch as u32);
    Ok(match c {
        'd' => (if in_class { "0-9" } else { "[0-9]" }.to_owned(), 2),
        'w' => (
            if in_class {
                "0-9A-Za-z_"
            } else {
                "[0-9A-Za-z_]"
            }
            .to_owned(),
            2,
        ),
        's' => (
            if in_class {
                JS_SPACE.to_owned()
            } else {
                format!("[{JS_SPACE}]")
            },
            2,
        ),
        // Nested classes are unions in the regex crate.
        'D' if in_class => ("[^0-9]".to_owned(), 2),
        'W' if in_class => ("[^0-9A-Za-z_]".to_owned(), 2),
        'S' if in_class => (format!("[^{JS_SPACE}]"), 2),
        'D' => ("[^0-9]".to_owned(), 2),
        'W' => ("[^0-9A-Za-z_]".to_owned(), 2),
        'S' => (format!("[^{JS_SPACE}]"), 2),
        'b' if in_class => (lit('\u{8}'), 2),
        'b' => (r"(?-u:\b)".to_owned(), 2),
        'B' => (r"(?-u:\B)".to_owned(), 2),
        'n' => (r"\n".to_owned(), 2),
        'r' => (r"\r".to_owned(), 2),
        't' => (r"\t".to_owned(), 2),
        'f' => (r"\x0C".to_owned(), 2),
        'v' => (r"\x0B".to_owned(), 2),
        '0' if !src[i + 2..].starts_with(|c: char| c.is_ascii_digit()) => (r"\x00".to_owned(), 2),
        '1'..='9' => return Err(err("backreferences cannot be matched in linear time")),
        'x' => match hex(2) {
            Some(v) => (format!(r"\x{{{v:X}}}"), 4),
            None => ("x".to_owned(), 2),
        },
        'u' => match hex(4) {
            Some(v) => match char::from_u32(v) {
                Some(ch) => (lit(ch), 6),
                None => return Err(err("lone surrogate escapes are not supported")),
            },
            None => ("u".to_owned(), 2),
        },
        'c' => match src[i + 2..].chars().next() {
            Some(l) if l.is_ascii_alphabetic() => (lit(char::from(l as u8 % 32)), 3),
            _ => (r"\\c".to_owned(), 2),
        },
        // Identity escape: the character itself, literally.
        other => (regex_syntax_escape(other), 1 + other.len_utf8()),
    })
}

fn regex_syntax_escape(c: char) -> String {
    // `\<` and `\>` are word boundaries in the regex crate; JavaScript means the characters.
    if c.is_ascii_punctuation() && !matches!(c, '<' | '>') {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// The letters of JavaScript's class escapes, which stand for sets, not characters.
const CLASS_ESCAPES: [char; 6] = ['d', 'D', 'w', 'W', 's', 'S'];

/// Copies the class starting at `src[i] == '['`, returning its source length.
fn class(src: &str, i: usize, out: &mut String) -> Result<usize, JsRegexError> {
    let mut j = i + 1;
    let mut body = String::new();
    let negated = src[j..].starts_with('^');
    if negated {
        j += 1;
    }
    // Whether the previous atom was a class escape (`\d`, `\w`, `\s` and their negations).
    let mut after_class_escape = false;
    loop {
        let Some(c) = src[j..].chars().next() else {
            return Err(JsRegexError {
                offset: i,
                message: "unterminated character class".to_owned(),
            });
        };
        let is_class_escape =
            |at: usize| src[at..].starts_with('\\') && src[at + 1..].starts_with(CLASS_ESCAPES);
        match c {
            ']' => {
                j += 1;
                break;
            }
            '\\' => {
                let (text, len) = escape(src, j, true)?;
                body.push_str(&text);
                after_class_escape = is_class_escape(j);
                j += len;
                continue;
            }
            // A `-` beside a class escape is a literal in JavaScript (`[\w-.]`), never a range.
            '-' if after_class_escape || is_class_escape(j + 1) => body.push_str("\\-"),
            // Literal in JavaScript, special (nesting / set operators) in the regex crate.
            '[' | '&' | '~' => {
                body.push('\\');
                body.push(c);
            }
            _ => body.push(c),
        }
        after_class_escape = false;
        j += c.len_utf8();
    }
    if body.is_empty() {
        // `[]` never matches and `[^]` matches anything, in JavaScript.
        out.push_str(if negated { r"[\s\S]" } else { r"[^\s\S]" });
    } else {
        out.push('[');
        if negated {
            out.push('^');
        }
        out.push_str(&body);
        out.push(']');
    }
    Ok(j - i)
}

/// Splits a leading negative lookahead: `(?!a|b).*` → `Some(("a|b", ".*"))`.
pub(crate) fn leading_negative_lookahead(src: &str) -> Option<(&str, &str)> {
    let rest = src.strip_prefix("(?!")?;
    let b = rest.as_bytes();
    let mut depth = 1;
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some((&rest[..i], &rest[i + 1..]));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        translate(s).unwrap()
    }

    fn matches(js: &str, text: &str) -> bool {
        regex_automata::meta::Regex::new(&format!("^(?:{})$", t(js)))
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn keeps_javascript_meaning() {
        assert!(matches(r"\d+", "123"));
        assert!(!matches(r"\d+", "١٢٣")); // Arabic-Indic digits are not \d in JavaScript
        assert!(!matches(r"\w", "é"));
        assert!(matches(r"a.c", "abc"));
        assert!(!matches(r"a.c", "a\rc"));
        assert!(matches(r"a{", "a{"));
        assert!(matches(r"a{2}", "aa"));
        assert!(matches(r"x]", "x]"));
        assert!(matches(r"[[]", "["));
        assert!(matches(r"[a&b]", "&"));
        assert!(matches(r"\/\.", "/."));
        assert!(matches(r"(?<id>\d+)-x", "12-x"));
        assert!(matches(r"[\d-]+", "1-2"));
        assert!(matches(r"\u00e9", "é"));
        assert!(matches(r"[^]", "\n"));
        assert!(matches(r"[\s\S]+", "a\r\nb"));
        assert!(matches(r"[\D]", "é"));
        assert!(!matches(r"[\D]", "1"));
        assert!(!matches(r"[]", "a"));
        // Annex B: a `-` beside a class escape is literal, on either side.
        assert!(matches(r"[\w-.]+", "a-b.c"));
        assert!(!matches(r"[\w-.]", "/"));
        assert!(matches(r"[.-\d]+", "1-."));
        assert!(!matches(r"[.-\d]", "/"));
        assert!(matches(r"[a-z]", "q"));
    }

    #[test]
    fn rejects_non_linear_constructs_with_offsets() {
        let e = translate(r"ab(?=c)").unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("lookaround"));
        assert_eq!(translate(r"(a)\1").unwrap_err().offset, 3);
        assert!(translate(r"(?<!x)y").is_err());
        assert!(translate(r"[abc").is_err());
    }

    #[test]
    fn splits_the_lookahead_idiom() {
        assert_eq!(
            leading_negative_lookahead("(?!api|_next/static|favicon.ico).*"),
            Some(("api|_next/static|favicon.ico", ".*"))
        );
        assert_eq!(
            leading_negative_lookahead(r"(?!a(?:b)|[)]).*"),
            Some((r"a(?:b)|[)]", ".*"))
        );
        assert_eq!(leading_negative_lookahead(".*"), None);
    }
}
