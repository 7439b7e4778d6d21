//! A JavaScript / TypeScript / JSX tokenizer, just precise enough to find a module's top-level
//! `export` statements without ever being fooled by comments, strings, template literals (with
//! nested `${}`), regular expression literals or JSX text.
//!
//! It never executes anything and never guesses: input it cannot tokenize with certainty
//! (an unterminated string, comment, template, regex or JSX element, a stray character, nesting
//! deeper than [`MAX_NESTING`]) is an error with a line number, and the caller reports the file
//! as unreadable instead of reading exports from a token stream that might be wrong.
//!
//! Only tokens of the module's own code are returned. Template literals and JSX elements are
//! each returned as one token (their embedded expressions are tokenized to find where they end,
//! but cannot contain `export` declarations, so they are not returned).
//!
//! The one ambiguity of JavaScript lexing, `/` as division or as the start of a regex literal
//! (and `<` as less-than or the start of a JSX element), is resolved by the previous token, as
//! most tokenizers do: after an operator, an opening bracket, `}` or a keyword such as `return`
//! an expression starts; after a name, a literal, `)` or `]` an operator follows. Strings and
//! regex literals cannot span lines, so a misjudged `/` cannot swallow code beyond its line.

use std::borrow::Cow;

/// The deepest nesting of template substitutions and JSX elements accepted (the tokenizer
/// recurses into them; deeper input is reported, never a stack overflow).
pub(super) const MAX_NESTING: u32 = 256;

/// Which syntax a file may use, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// `.js`, `.jsx`, `.mjs`: JavaScript with JSX (Next.js allows JSX in `.js`).
    Js,
    /// `.ts`: TypeScript, no JSX (`<T>x` is a type assertion).
    Ts,
    /// `.tsx`: TypeScript with JSX (`<T,>() => x` is a generic arrow function).
    Tsx,
}

impl Dialect {
    /// The dialect of a file extension (without the dot).
    pub(super) fn from_extension(ext: &str) -> Option<Dialect> {
        Some(match ext {
            "js" | "jsx" | "mjs" | "cjs" => Dialect::Js,
            "ts" | "mts" | "cts" => Dialect::Ts,
            "tsx" => Dialect::Tsx,
            _ => return None,
        })
    }

    fn jsx(self) -> bool {
        self != Dialect::Ts
    }
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'a> {
    /// A name or keyword, with `\u` escapes decoded (`#x` private names keep their `#`).
    Ident(Cow<'a, str>),
    /// A punctuator, e.g. `{`, `=>`, `...`.
    Punct(&'static str),
    /// A string literal's value, or `None` when it uses an escape this reader does not decode
    /// (legacy octal escapes).
    Str(Option<String>),
    /// A template literal: its value when it has no `${}` substitution.
    Template(Option<String>),
    /// A numeric literal, as written.
    Num(&'a str),
    /// A regular expression literal.
    Regex,
    /// A whole JSX element or fragment.
    Jsx,
}

/// One token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token<'a> {
    /// The token.
    pub tok: Tok<'a>,
    /// Its 1-based line.
    pub line: u32,
    /// Whether a line break separates it from the previous token (for automatic semicolons).
    pub nl_before: bool,
}

impl Token<'_> {
    /// Whether this is the name or keyword `s`.
    pub(super) fn is_ident(&self, s: &str) -> bool {
        matches!(&self.tok, Tok::Ident(n) if n == s)
    }

    /// Whether this is the punctuator `s`.
    pub(super) fn is_punct(&self, s: &str) -> bool {
        matches!(self.tok, Tok::Punct(p) if p == s)
    }

    /// The name, if this is one.
    pub(super) fn ident(&self) -> Option<&str> {
        match &self.tok {
            Tok::Ident(n) => Some(n),
            _ => None,
        }
    }

    /// A short description for messages.
    pub(super) fn describe(&self) -> String {
        match &self.tok {
            Tok::Ident(n) => format!("'{n}'"),
            Tok::Punct(p) => format!("'{p}'"),
            Tok::Str(_) => "a string".to_owned(),
            Tok::Template(Some(_)) => "a template literal".to_owned(),
            Tok::Template(None) => "a template literal with ${} substitutions".to_owned(),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Regex => "a regular expression".to_owned(),
            Tok::Jsx => "a JSX element".to_owned(),
        }
    }
}

/// Why a file could not be tokenized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LexError {
    /// The 1-based line where the problem is (or where the unterminated construct started).
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

/// Tokenizes a whole module.
pub(super) fn tokenize(src: &str, dialect: Dialect) -> Result<Vec<Token<'_>>, LexError> {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        line: 1,
        dialect,
        nesting: 0,
        out: Vec::new(),
    };
    if src.starts_with("#!") {
        while lx.pos < lx.b.len() && !lx.at_line_terminator() {
            lx.pos += 1;
        }
    }
    lx.code(false, true)?;
    Ok(lx.out)
}

/// Punctuators, longest first (maximal munch).
const PUNCTS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "**", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%",
    "&", "|", "^", "!", "~", "?", ":", "=", ".", "@",
];

/// Keywords after which an expression (so a regex or JSX) may start.
const EXPRESSION_KEYWORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
    "extends",
    "default",
];

/// What came before, for the `/` and `<` ambiguities.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// An expression may start here.
    Expression,
    /// An operator is expected here.
    Operator,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u32,
    dialect: Dialect,
    nesting: u32,
    out: Vec<Token<'a>>,
}

fn is_id_start_ascii(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'$' || c == b'_'
}

fn is_id_part_ascii(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'$' || c == b'_'
}

/// Unicode whitespace that JavaScript skips (besides ASCII space and tabs).
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{feff}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

impl<'a> Lexer<'a> {
    fn err<T>(&self, line: u32, message: impl Into<String>) -> Result<T, LexError> {
        Err(LexError {
            line,
            message: message.into(),
        })
    }

    fn peek(&self, off: usize) -> Option<u8> {
        self.b.get(self.pos + off).copied()
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    /// Whether a line terminator (LF, CR, U+2028, U+2029) starts at `pos`.
    fn at_line_terminator(&self) -> bool {
        match self.b[self.pos] {
            b'\n' | b'\r' => true,
            0xe2 => matches!(self.char_at(self.pos), Some('\u{2028}' | '\u{2029}')),
            _ => false,
        }
    }

    /// Consumes one line terminator (CRLF counts once) and counts the line.
    fn eat_line_terminator(&mut self) {
        if self.b[self.pos] == b'\r' && self.peek(1) == Some(b'\n') {
            self.pos += 2;
        } else if self.b[self.pos] == 0xe2 {
            self.pos += 3;
        } else {
            self.pos += 1;
        }
        self.line += 1;
    }

    /// Skips whitespace and comments; returns whether a line break was crossed.
    fn skip_trivia(&mut self) -> Result<bool, LexError> {
        let mut nl = false;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            match c {
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                b'\n' | b'\r' => {
                    self.eat_line_terminator();
                    nl = true;
                }
                b'/' if self.peek(1) == Some(b'/') => {
                    while self.pos < self.b.len() && !self.at_line_terminator() {
                        self.pos += 1;
                    }
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    let start = self.line;
                    self.pos += 2;
                    loop {
                        if self.pos >= self.b.len() {
                            return self.err(start, "unterminated block comment");
                        }
                        if self.b[self.pos] == b'*' && self.peek(1) == Some(b'/') {
                            self.pos += 2;
                            break;
                        }
                        if self.at_line_terminator() {
                            self.eat_line_terminator();
                            nl = true;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                c if c >= 0x80 => match self.char_at(self.pos) {
                    Some('\u{2028}' | '\u{2029}') => {
                        self.eat_line_terminator();
                        nl = true;
                    }
                    Some(ch) if is_unicode_space(ch) => self.pos += ch.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        Ok(nl)
    }

    fn enter(&mut self, line: u32) -> Result<(), LexError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return self.err(
                line,
                format!("template literals or JSX nested deeper than {MAX_NESTING} levels"),
            );
        }
        Ok(())
    }

    /// Tokenizes code. `nested`: inside `${...}` or a JSX `{...}`, ending at its closing `}`
    /// (consumed). `emit`: whether tokens are kept.
    fn code(&mut self, nested: bool, emit: bool) -> Result<(), LexError> {
        let open_line = self.line;
        let mut prev = Prev::Expression;
        let mut braces = 0u32;
        // `if (...) /re/`: a `)` closing the condition of `if`/`while`/`for`/`with` is followed
        // by a statement, so an expression may start there. One flag per open `(`.
        let mut parens: Vec<bool> = Vec::new();
        let mut condition_keyword = false;
        loop {
            let nl_before = self.skip_trivia()?;
            if self.pos >= self.b.len() {
                if nested {
                    return self.err(open_line, "unterminated '${' or '{' expression");
                }
                return Ok(());
            }
            let line = self.line;
            let c = self.b[self.pos];
            let (tok, next) = match c {
                b'}' if nested && braces == 0 => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\'' | b'"' => (Tok::Str(self.string(c)?), Prev::Operator),
                b'`' => (Tok::Template(self.template()?), Prev::Operator),
                b'0'..=b'9' => (Tok::Num(self.number()), Prev::Operator),
                b'.' if self.peek(1).is_some_and(|d| d.is_ascii_digit()) => {
                    (Tok::Num(self.number()), Prev::Operator)
                }
                b'#' => {
                    self.pos += 1;
                    match self.ident(line)? {
                        Some(name) => (Tok::Ident(Cow::Owned(format!("#{name}"))), Prev::Operator),
                        None => return self.err(line, "unexpected character '#'"),
                    }
                }
                b'/' if prev == Prev::Expression => {
                    self.regex()?;
                    (Tok::Regex, Prev::Operator)
                }
                b'<' if prev == Prev::Expression && self.dialect.jsx() && self.jsx_starts() => {
                    self.jsx_element()?;
                    (Tok::Jsx, Prev::Operator)
                }
                _ => {
                    if let Some(name) = self.ident(line)? {
                        let next = if EXPRESSION_KEYWORDS.contains(&name.as_ref()) {
                            Prev::Expression
                        } else {
                            Prev::Operator
                        };
                        let kw = matches!(name.as_ref(), "if" | "while" | "for" | "with");
                        // `for await (`
                        condition_keyword = kw || (condition_keyword && name == "await");
                        prev = next;
                        if emit {
                            self.out.push(Token {
                                tok: Tok::Ident(name),
                                line,
                                nl_before,
                            });
                        }
                        continue;
                    } else {
                        let p = self.punct(line)?;
                        let next = match p {
                            "(" => {
                                parens.push(condition_keyword);
                                Prev::Expression
                            }
                            ")" => {
                                if parens.pop() == Some(true) {
                                    Prev::Expression
                                } else {
                                    Prev::Operator
                                }
                            }
                            "]" | "++" | "--" => Prev::Operator,
                            _ => Prev::Expression,
                        };
                        if nested {
                            match p {
                                "{" => braces += 1,
                                "}" => braces -= 1,
                                _ => {}
                            }
                        }
                        (Tok::Punct(p), next)
                    }
                }
            };
            prev = next;
            condition_keyword = false;
            if emit {
                self.out.push(Token {
                    tok,
                    line,
                    nl_before,
                });
            }
        }
    }

    fn punct(&mut self, line: u32) -> Result<&'static str, LexError> {
        let rest = &self.b[self.pos..];
        for p in PUNCTS {
            if rest.starts_with(p.as_bytes()) {
                // `?.5` is `?` then `.5`.
                if *p == "?." && rest.get(2).is_some_and(|d| d.is_ascii_digit()) {
                    continue;
                }
                self.pos += p.len();
                return Ok(p);
            }
        }
        let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
        self.err(
            line,
            format!("unexpected character '{}'", ch.escape_default()),
        )
    }

    /// A name at `pos`, or `None` when no name starts there. Decodes `\u` escapes.
    fn ident(&mut self, line: u32) -> Result<Option<Cow<'a, str>>, LexError> {
        let start = self.pos;
        let mut owned: Option<String> = None;
        while let Some(&c) = self.b.get(self.pos) {
            let first = self.pos == start;
            if c == b'\\' {
                let before = self.pos;
                let ch = self.ident_escape(line)?;
                owned
                    .get_or_insert_with(|| self.src[start..before].to_owned())
                    .push(ch);
                continue;
            }
            let len = if c < 0x80 {
                let ok = if first {
                    is_id_start_ascii(c)
                } else {
                    is_id_part_ascii(c)
                };
                if !ok {
                    break;
                }
                1
            } else {
                let Some(ch) = self.char_at(self.pos) else {
                    break;
                };
                if is_unicode_space(ch) || matches!(ch, '\u{2028}' | '\u{2029}') {
                    break;
                }
                if first && !(ch.is_alphabetic()) {
                    break;
                }
                ch.len_utf8()
            };
            if let Some(o) = owned.as_mut() {
                o.push_str(&self.src[self.pos..self.pos + len]);
            }
            self.pos += len;
        }
        if self.pos == start {
            return Ok(None);
        }
        Ok(Some(match owned {
            Some(o) => Cow::Owned(o),
            None => Cow::Borrowed(&self.src[start..self.pos]),
        }))
    }

    /// `\uXXXX` or `\u{X...}` in a name; `pos` is at the backslash.
    fn ident_escape(&mut self, line: u32) -> Result<char, LexError> {
        if self.peek(1) != Some(b'u') {
            return self.err(line, "invalid escape in a name");
        }
        self.pos += 2;
        match self.unicode_escape_body() {
            Some(c) => Ok(c),
            None => self.err(line, "invalid \\u escape in a name"),
        }
    }

    /// After `\u`: `XXXX` or `{X...}`. Returns the char (lone surrogates are `None`).
    fn unicode_escape_body(&mut self) -> Option<char> {
        let code = self.unicode_escape_code()?;
        char::from_u32(code)
    }

    /// After `\u`: the code unit or code point.
    fn unicode_escape_code(&mut self) -> Option<u32> {
        if self.peek(0) == Some(b'{') {
            let window = &self.b[self.pos..self.b.len().min(self.pos + 9)];
            let end = window.iter().position(|&c| c == b'}')?;
            let hex = &self.src[self.pos + 1..self.pos + end];
            if hex.is_empty() || hex.len() > 6 {
                return None;
            }
            let v = u32::from_str_radix(hex, 16).ok()?;
            self.pos += end + 1;
            (v <= 0x10ffff).then_some(v)
        } else {
            let hex = self.src.get(self.pos..self.pos + 4)?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            self.pos += 4;
            u32::from_str_radix(hex, 16).ok()
        }
    }

    /// A numeric literal (validity is the reader's business: it only reads plain integers).
    fn number(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(&c) = self.b.get(self.pos) {
            if is_id_part_ascii(c) || c == b'.' {
                self.pos += 1;
                // An exponent sign: `1e+5`, `2.5E-3` (not in hex literals).
                if matches!(c, b'e' | b'E')
                    && matches!(self.peek(0), Some(b'+' | b'-'))
                    && !self.src[start..self.pos].starts_with("0x")
                    && !self.src[start..self.pos].starts_with("0X")
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        &self.src[start..self.pos]
    }

    /// A string literal; `pos` at the opening quote. Returns its cooked value.
    fn string(&mut self, quote: u8) -> Result<Option<String>, LexError> {
        let line = self.line;
        self.pos += 1;
        let mut value = Some(String::new());
        loop {
            if self.pos >= self.b.len() {
                return self.err(line, "unterminated string literal");
            }
            let c = self.b[self.pos];
            if c == quote {
                self.pos += 1;
                return Ok(value);
            }
            match c {
                b'\n' | b'\r' => return self.err(line, "unterminated string literal"),
                b'\\' => {
                    let cooked = self.escape(line)?;
                    match (value.as_mut(), cooked) {
                        (Some(v), Some(s)) => v.push_str(&s),
                        _ => value = None,
                    }
                }
                _ => {
                    let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    if let Some(v) = value.as_mut() {
                        v.push(ch);
                    }
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    /// An escape sequence in a string or template; `pos` at the backslash. Returns what it
    /// stands for, or `None` for escapes whose value this reader does not decode.
    fn escape(&mut self, line: u32) -> Result<Option<String>, LexError> {
        self.pos += 1;
        let Some(&c) = self.b.get(self.pos) else {
            return self.err(line, "unterminated escape sequence");
        };
        let simple = |s: &str| Ok(Some(s.to_owned()));
        match c {
            b'\n' | b'\r' => {
                self.eat_line_terminator();
                simple("")
            }
            b'n' => {
                self.pos += 1;
                simple("\n")
            }
            b't' => {
                self.pos += 1;
                simple("\t")
            }
            b'r' => {
                self.pos += 1;
                simple("\r")
            }
            b'b' => {
                self.pos += 1;
                simple("\u{8}")
            }
            b'f' => {
                self.pos += 1;
                simple("\u{c}")
            }
            b'v' => {
                self.pos += 1;
                simple("\u{b}")
            }
            b'0' if !self.peek(1).is_some_and(|d| d.is_ascii_digit()) => {
                self.pos += 1;
                simple("\0")
            }
            b'0'..=b'9' => {
                // Legacy octal (and \8 \9): not decoded.
                self.pos += 1;
                Ok(None)
            }
            b'x' => {
                self.pos += 1;
                match self.src.get(self.pos..self.pos + 2) {
                    Some(h) if h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        self.pos += 2;
                        let v = u8::from_str_radix(h, 16).unwrap_or(0);
                        Ok(Some(char::from(v).to_string()))
                    }
                    _ => Ok(None),
                }
            }
            b'u' => {
                self.pos += 1;
                let Some(code) = self.unicode_escape_code() else {
                    return Ok(None);
                };
                if (0xd800..0xdc00).contains(&code) {
                    // A surrogate pair written as two escapes.
                    if self.b[self.pos..].starts_with(b"\\u") {
                        let save = self.pos;
                        self.pos += 2;
                        if let Some(low) = self.unicode_escape_code() {
                            if (0xdc00..0xe000).contains(&low) {
                                let cp = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                                return Ok(char::from_u32(cp).map(String::from));
                            }
                        }
                        self.pos = save;
                    }
                    return Ok(None);
                }
                Ok(char::from_u32(code).map(String::from))
            }
            _ => {
                let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                if matches!(ch, '\u{2028}' | '\u{2029}') {
                    self.eat_line_terminator();
                    return simple("");
                }
                self.pos += ch.len_utf8();
                Ok(Some(ch.to_string()))
            }
        }
    }

    /// A template literal; `pos` at the backquote. Returns its value when it has no
    /// substitution.
    fn template(&mut self) -> Result<Option<String>, LexError> {
        let line = self.line;
        self.enter(line)?;
        self.pos += 1;
        let mut value = Some(String::new());
        let mut substituted = false;
        loop {
            if self.pos >= self.b.len() {
                return self.err(line, "unterminated template literal");
            }
            match self.b[self.pos] {
                b'`' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    let cooked = self.escape(line)?;
                    match (value.as_mut(), cooked) {
                        (Some(v), Some(s)) => v.push_str(&s),
                        _ => value = None,
                    }
                }
                b'$' if self.peek(1) == Some(b'{') => {
                    self.pos += 2;
                    substituted = true;
                    self.code(true, false)?;
                }
                b'\r' => {
                    // Template values normalize CR and CRLF to LF.
                    self.eat_line_terminator();
                    if let Some(v) = value.as_mut() {
                        v.push('\n');
                    }
                }
                b'\n' => {
                    self.eat_line_terminator();
                    if let Some(v) = value.as_mut() {
                        v.push('\n');
                    }
                }
                _ => {
                    let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    if matches!(ch, '\u{2028}' | '\u{2029}') {
                        self.line += 1;
                    }
                    if let Some(v) = value.as_mut() {
                        v.push(ch);
                    }
                    self.pos += ch.len_utf8();
                }
            }
        }
        self.nesting -= 1;
        Ok(if substituted { None } else { value })
    }

    /// A regular expression literal; `pos` at the opening `/`.
    fn regex(&mut self) -> Result<(), LexError> {
        let line = self.line;
        self.pos += 1;
        let mut class = false;
        loop {
            if self.pos >= self.b.len() || self.at_line_terminator() {
                return self.err(line, "unterminated regular expression literal");
            }
            match self.b[self.pos] {
                b'\\' => {
                    self.pos += 1;
                    if self.pos >= self.b.len() || self.at_line_terminator() {
                        return self.err(line, "unterminated regular expression literal");
                    }
                    let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    self.pos += ch.len_utf8();
                }
                b'[' => {
                    class = true;
                    self.pos += 1;
                }
                b']' => {
                    class = false;
                    self.pos += 1;
                }
                b'/' if !class => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    self.pos += ch.len_utf8();
                }
            }
        }
        // Flags.
        while self.pos < self.b.len() && is_id_part_ascii(self.b[self.pos]) {
            self.pos += 1;
        }
        Ok(())
    }

    /// At `<` in expression position: does a JSX element start here (and not a TypeScript
    /// generic arrow function `<T,>(...)` / `<T extends U>(...)`)?
    fn jsx_starts(&self) -> bool {
        let mut p = self.pos + 1;
        let b = self.b;
        while p < b.len() && matches!(b[p], b' ' | b'\t') {
            p += 1;
        }
        match b.get(p) {
            Some(b'>') => return true,
            Some(&c) if is_id_start_ascii(c) || c >= 0x80 => {}
            _ => return false,
        }
        if self.dialect != Dialect::Tsx {
            return true;
        }
        let name_start = p;
        while p < b.len() && (is_id_part_ascii(b[p]) || b[p] >= 0x80) {
            p += 1;
        }
        let name = &b[name_start..p];
        while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n' | b'\r') {
            p += 1;
        }
        let rest = &b[p..];
        let generic = rest.starts_with(b",")
            || (rest.starts_with(b"extends")
                && !rest
                    .get(7)
                    .is_some_and(|&c| is_id_part_ascii(c) || c == b'-' || c == b'='))
            || (name == b"const" && rest.first().is_some_and(|&c| is_id_start_ascii(c)));
        !generic
    }

    /// A JSX element or fragment; `pos` at `<`.
    fn jsx_element(&mut self) -> Result<(), LexError> {
        let line = self.line;
        self.enter(line)?;
        self.pos += 1;
        self.skip_trivia()?;
        if self.peek(0) == Some(b'>') {
            self.pos += 1;
            self.jsx_children(line, "")?;
            self.nesting -= 1;
            return Ok(());
        }
        let name = self.jsx_name();
        if name.is_empty() {
            return self.err(line, "malformed JSX element");
        }
        loop {
            self.skip_trivia()?;
            let Some(c) = self.peek(0) else {
                return self.err(line, format!("unterminated JSX tag <{name}>"));
            };
            match c {
                b'/' if self.peek(1) == Some(b'>') => {
                    self.pos += 2;
                    break;
                }
                b'>' => {
                    self.pos += 1;
                    self.jsx_children(line, name)?;
                    break;
                }
                b'{' => {
                    self.pos += 1;
                    self.code(true, false)?;
                }
                _ => {
                    if self.jsx_name().is_empty() {
                        let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                        return self.err(
                            self.line,
                            format!(
                                "unexpected character '{}' in JSX tag <{name}>",
                                ch.escape_default()
                            ),
                        );
                    }
                    self.skip_trivia()?;
                    if self.peek(0) == Some(b'=') {
                        self.pos += 1;
                        self.skip_trivia()?;
                        match self.peek(0) {
                            Some(q @ (b'"' | b'\'')) => self.jsx_attr_string(q)?,
                            Some(b'{') => {
                                self.pos += 1;
                                self.code(true, false)?;
                            }
                            Some(b'<') => self.jsx_element()?,
                            _ => {
                                return self.err(
                                    self.line,
                                    format!("malformed JSX attribute value in <{name}>"),
                                );
                            }
                        }
                    }
                }
            }
        }
        self.nesting -= 1;
        Ok(())
    }

    /// A JSX tag or attribute name (`div`, `Foo.Bar`, `svg:rect`, `aria-label`).
    fn jsx_name(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(&c) = self.b.get(self.pos) {
            if is_id_part_ascii(c) || matches!(c, b'-' | b'.' | b':') {
                self.pos += 1;
            } else if c >= 0x80 {
                match self.char_at(self.pos) {
                    Some(ch) if ch.is_alphanumeric() => self.pos += ch.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
        &self.src[start..self.pos]
    }

    /// A JSX attribute string: no escapes, may span lines.
    fn jsx_attr_string(&mut self, quote: u8) -> Result<(), LexError> {
        let line = self.line;
        self.pos += 1;
        loop {
            if self.pos >= self.b.len() {
                return self.err(line, "unterminated JSX attribute string");
            }
            if self.b[self.pos] == quote {
                self.pos += 1;
                return Ok(());
            }
            if self.at_line_terminator() {
                self.eat_line_terminator();
            } else {
                self.pos += 1;
            }
        }
    }

    /// Children up to and including the closing tag `</name>` (`</>` for a fragment).
    fn jsx_children(&mut self, open_line: u32, name: &str) -> Result<(), LexError> {
        loop {
            if self.pos >= self.b.len() {
                let what = if name.is_empty() {
                    "JSX fragment <>".to_owned()
                } else {
                    format!("JSX element <{name}>")
                };
                return self.err(open_line, format!("unterminated {what}"));
            }
            match self.b[self.pos] {
                b'{' => {
                    self.pos += 1;
                    self.code(true, false)?;
                }
                b'<' => {
                    let (save, save_line) = (self.pos, self.line);
                    self.pos += 1;
                    self.skip_trivia()?;
                    if self.peek(0) == Some(b'/') {
                        self.pos += 1;
                        self.skip_trivia()?;
                        let close = self.jsx_name();
                        self.skip_trivia()?;
                        if self.peek(0) != Some(b'>') || close != name {
                            return self.err(
                                self.line,
                                format!(
                                    "JSX closing tag </{close}> does not match <{name}> (line {open_line})"
                                ),
                            );
                        }
                        self.pos += 1;
                        return Ok(());
                    }
                    (self.pos, self.line) = (save, save_line);
                    self.jsx_element()?;
                }
                _ if self.at_line_terminator() => self.eat_line_terminator(),
                _ => self.pos += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str, d: Dialect) -> Vec<String> {
        tokenize(src, d)
            .unwrap_or_else(|e| panic!("{src:?}: {e:?}"))
            .iter()
            .map(|t| match &t.tok {
                Tok::Ident(n) => n.to_string(),
                Tok::Punct(p) => p.to_string(),
                Tok::Str(Some(s)) => format!("'{s}'"),
                Tok::Str(None) => "'?'".to_owned(),
                Tok::Template(Some(s)) => format!("`{s}`"),
                Tok::Template(None) => "`${}`".to_owned(),
                Tok::Num(n) => n.to_string(),
                Tok::Regex => "/re/".to_owned(),
                Tok::Jsx => "<jsx>".to_owned(),
            })
            .collect()
    }

    fn err(src: &str, d: Dialect) -> LexError {
        tokenize(src, d).expect_err(src)
    }

    #[test]
    fn comments_strings_and_templates_hide_their_content() {
        let t = toks(
            "a // export x\n/* export\n y */ b 'export z' \"q\\\"\" `t ${ `n ${c}` } export` d",
            Dialect::Ts,
        );
        assert_eq!(t, vec!["a", "b", "'export z'", "'q\"'", "`${}`", "d"]);
    }

    #[test]
    fn regex_or_division_by_previous_token() {
        assert_eq!(
            toks("x = a / b / c", Dialect::Ts),
            vec!["x", "=", "a", "/", "b", "/", "c"]
        );
        assert_eq!(
            toks("x = /'export'/g.test(y)", Dialect::Ts),
            vec!["x", "=", "/re/", ".", "test", "(", "y", ")"]
        );
        assert_eq!(
            toks("return /[/`]/ ; (a) / 2", Dialect::Ts),
            vec!["return", "/re/", ";", "(", "a", ")", "/", "2"]
        );
        assert_eq!(toks("x /= 2", Dialect::Ts), vec!["x", "/=", "2"]);
        // After the condition of if/while/for/with, a statement (so a regex) starts.
        assert_eq!(
            toks(
                "if (a) /export/.test(b); f(a) / 2; for await (x of y) /r/",
                Dialect::Ts
            ),
            vec![
                "if", "(", "a", ")", "/re/", ".", "test", "(", "b", ")", ";", "f", "(", "a", ")",
                "/", "2", ";", "for", "await", "(", "x", "of", "y", ")", "/re/"
            ]
        );
    }

    #[test]
    fn jsx_text_is_not_code() {
        let src = "const A = () => <div className=\"a'b\" x={`${1}`}>It's <b>\"bold\"</b> {/* c */} {y ? <i/> : <></>} // not a comment\n</div>;\nexport const B = 1";
        assert_eq!(
            toks(src, Dialect::Tsx),
            vec![
                "const", "A", "=", "(", ")", "=>", "<jsx>", ";", "export", "const", "B", "=", "1"
            ]
        );
        // Comparisons and generics are not JSX.
        let t = toks("a < b; f<T>(x); const g = <T,>(x: T) => x", Dialect::Tsx);
        assert!(!t.contains(&"<jsx>".to_owned()) && t.len() == 26, "{t:?}");
        // In .ts, `<` never starts JSX.
        assert!(toks("const x = <T>y", Dialect::Ts).contains(&"<".to_owned()));
    }

    #[test]
    fn names_escapes_and_numbers() {
        assert_eq!(
            toks("\\u0047ET \\u{50}OST #priv a$_1 é", Dialect::Js),
            vec!["GET", "POST", "#priv", "a$_1", "é"]
        );
        assert_eq!(
            toks("1e+5 0x1F .5 1_000 3n", Dialect::Js),
            vec!["1e+5", "0x1F", ".5", "1_000", "3n"]
        );
        assert_eq!(
            toks(r"'\x41\u0042\u{43}\uD83D\uDE00\n' '\101'", Dialect::Js),
            vec!["'ABC😀\n'", "'?'"]
        );
        assert_eq!(toks("a?.b ?.5:1", Dialect::Js)[1], "?.");
    }

    #[test]
    fn unterminated_input_is_an_error_with_its_line() {
        assert_eq!(err("a\n'abc\n'", Dialect::Ts).line, 2);
        assert_eq!(err("a\n/* x", Dialect::Ts).line, 2);
        assert_eq!(err("\n\n`abc ${ x", Dialect::Ts).line, 3);
        assert_eq!(err("x = /abc\n/", Dialect::Ts).line, 1);
        assert!(
            err("x = <div>text", Dialect::Tsx)
                .message
                .contains("unterminated JSX element <div>")
        );
        assert!(
            err("x = <a></b>", Dialect::Js)
                .message
                .contains("does not match")
        );
        assert!(
            err("a ¤ b", Dialect::Ts)
                .message
                .contains("unexpected character")
        );
        let deep = "`${".repeat(10_000);
        assert!(err(&deep, Dialect::Ts).message.contains("nested deeper"));
        let deep = "x = ".to_owned() + &"<a>".repeat(10_000);
        assert!(err(&deep, Dialect::Tsx).message.contains("nested deeper"));
    }

    #[test]
    fn lines_and_line_breaks() {
        let t = tokenize("a\r\nb\u{2028}c /*\n*/ d", Dialect::Ts).unwrap();
        let lines: Vec<(u32, bool)> = t.iter().map(|t| (t.line, t.nl_before)).collect();
        assert_eq!(lines, vec![(1, false), (2, true), (3, true), (4, true)]);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        let samples = [
            "",
            "\\",
            "\\u",
            "\\u{",
            "\\u{110000}",
            "'\\",
            "`\\",
            "`${",
            "<",
            "</",
            "#",
            "#!x",
            "'\\x4",
            "'\\u{zz}'",
            "x = <a b=",
            "x = <a {",
            "x = </",
            "?.",
            "é\u{2028}",
            "x = /[/",
            "x = /\\",
            "0x",
            "1e",
            "1e+",
            "\u{feff}a",
            "`\r\n`",
        ];
        for s in samples {
            for d in [Dialect::Js, Dialect::Ts, Dialect::Tsx] {
                let _ = tokenize(s, d);
            }
        }
    }
}
