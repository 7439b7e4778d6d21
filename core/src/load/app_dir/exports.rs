//! Static reading of a module's exports: the HTTP methods of a `route.*` file, the route segment
//! config (`export const dynamic = '...'`, `export const revalidate = N | false`), the
//! `generateSitemaps` / `generateImageMetadata` exports of metadata files, and the literal
//! `export const config = { matcher: ... }` of `middleware.*` / `proxy.*`.
//!
//! Nothing is executed. The module is tokenized (see [`super::lexer`]); every `export` at the
//! top level (outside any bracket) is read. A form that hides names or values — CommonJS
//! `module.exports`, a segment config that is not a literal — is a [`Problem`] with its line,
//! never a guess. What another module holds — `export * from './x'`, a re-exported `dynamic` or
//! `revalidate` — is recorded ([`Exports::star_from`], [`Exports::forwards`]) for the caller to
//! follow (`super::resolve`).

use super::lexer::{self, Dialect, Tok, Token};
use crate::routes::route::{Dynamic, Revalidate};
use serde_json::{Map, Number, Value};

/// Something that keeps a module's exports from being read with certainty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    /// 1-based line.
    pub line: u32,
    /// What is wrong, and how to write it instead.
    pub message: String,
}

/// What to read besides the exported names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// Route segment config: `dynamic`, `revalidate`.
    SegmentConfig,
    /// Middleware: the literal `config` object and its `matcher`.
    MiddlewareConfig,
}

/// A segment config export whose value lives in another module: `export { revalidate } from
/// './cfg'`, or `import { revalidate } from './cfg'; export { revalidate }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Forward {
    /// The name this module exports (`revalidate`).
    pub name: String,
    /// Its name in the module it comes from.
    pub imported: String,
    /// That module's specifier; `None` for a local binding no `import` names.
    pub from: Option<String>,
    /// 1-based line of the export.
    pub line: u32,
}

/// What a module exports, as far as routing cares.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Exports {
    /// `export * from '...'` (segment config reading only): the specifier and its line.
    pub star_from: Vec<(String, u32)>,
    /// Segment config exports whose values live elsewhere.
    pub forwards: Vec<Forward>,
    /// Every exported value name (`default` included) with its line, in source order.
    pub names: Vec<(String, u32)>,
    /// `export const dynamic = '...'`.
    pub dynamic: Option<Dynamic>,
    /// `export const revalidate = N | false`.
    pub revalidate: Option<Revalidate>,
    /// Whether `export const config = {...}` was found (middleware).
    pub has_config: bool,
    /// The literal `config.matcher` and the line of its key (middleware).
    pub matcher: Option<(Value, u32)>,
}

impl Exports {
    /// Whether `name` is exported.
    pub(super) fn has(&self, name: &str) -> bool {
        self.names.iter().any(|(n, _)| n == name)
    }
}

/// Reads the exports of a module.
pub(super) fn read(src: &str, dialect: Dialect, want: Want) -> Result<Exports, Vec<Problem>> {
    let toks = lexer::tokenize(src, dialect).map_err(|e| {
        vec![Problem {
            line: e.line,
            message: format!("cannot be tokenized: {}", e.message),
        }]
    })?;
    let mut r = Reader {
        toks: &toks,
        want,
        out: Exports::default(),
        problems: Vec::new(),
        imports: Vec::new(),
    };
    r.module();
    // A local re-export of an imported binding comes from that import's module.
    for f in r.out.forwards.iter_mut().filter(|f| f.from.is_none()) {
        if let Some((_, module, imported)) = r.imports.iter().find(|(l, _, _)| *l == f.imported) {
            f.from = Some(module.clone());
            f.imported = imported.clone();
        }
    }
    if r.problems.is_empty() {
        Ok(r.out)
    } else {
        Err(r.problems)
    }
}

/// Statement keywords that end an expression when they start a new line (automatic semicolon).
const STATEMENT_KEYWORDS: &[&str] = &[
    "export",
    "import",
    "const",
    "let",
    "var",
    "function",
    "class",
    "if",
    "for",
    "while",
    "return",
    "type",
    "interface",
    "enum",
    "declare",
    "async",
];

type Step<T> = Result<T, Problem>;

struct Reader<'t, 'a> {
    toks: &'t [Token<'a>],
    want: Want,
    out: Exports,
    problems: Vec<Problem>,
    /// Top-level `import` bindings: (local name, module, imported name).
    imports: Vec<(String, String, String)>,
}

fn problem<T>(line: u32, message: impl Into<String>) -> Step<T> {
    Err(Problem {
        line,
        message: message.into(),
    })
}

fn closer(open: &str) -> &'static str {
    match open {
        "{" => "}",
        "(" => ")",
        _ => "]",
    }
}

impl<'a> Reader<'_, 'a> {
    fn tok(&self, i: usize) -> Option<&Token<'a>> {
        self.toks.get(i)
    }

    fn line(&self, i: usize) -> u32 {
        self.toks.get(i).or(self.toks.last()).map_or(1, |t| t.line)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(p))
    }

    fn is_ident(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is_ident(s))
    }

    fn describe(&self, i: usize) -> String {
        self.tok(i)
            .map_or_else(|| "the end of the file".to_owned(), |t| t.describe())
    }

    /// An identifier or a string literal (ES2022 string export names).
    fn name_at(&self, i: usize) -> Option<String> {
        match &self.tok(i)?.tok {
            Tok::Ident(n) if !n.starts_with('#') => Some(n.to_string()),
            Tok::Str(Some(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// Whether the token at `i` ends a statement or declarator (`;`, `,`, the end of the file,
    /// or a new line that cannot continue an expression).
    fn at_end(&self, i: usize) -> bool {
        match self.tok(i) {
            None => true,
            Some(t) if t.is_punct(";") || t.is_punct(",") => true,
            Some(t) if t.nl_before => match &t.tok {
                Tok::Ident(n) => !matches!(n.as_ref(), "as" | "satisfies" | "in" | "instanceof"),
                Tok::Punct(p) => matches!(*p, "}" | "@"),
                _ => false,
            },
            _ => false,
        }
    }

    /// The whole module: every top-level `export`, bracket balance, CommonJS exports.
    fn module(&mut self) {
        let mut stack: Vec<(&'static str, u32)> = Vec::new();
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            let after_dot =
                i > 0 && (self.toks[i - 1].is_punct(".") || self.toks[i - 1].is_punct("?."));
            match &t.tok {
                Tok::Punct(p @ ("{" | "(" | "[")) => stack.push((closer(p), t.line)),
                Tok::Punct(p @ ("}" | ")" | "]")) => match stack.pop() {
                    Some((want, _)) if want == *p => {}
                    Some((want, line)) => {
                        self.problems.push(Problem {
                            line: t.line,
                            message: format!(
                                "cannot be read: '{p}' does not match the bracket opened on line {line} (expected '{want}')"
                            ),
                        });
                        return;
                    }
                    None => {
                        self.problems.push(Problem {
                            line: t.line,
                            message: format!("cannot be read: unbalanced '{p}'"),
                        });
                        return;
                    }
                },
                Tok::Ident(n) if stack.is_empty() && !after_dot => {
                    if n == "export" {
                        // A real `export` starts a statement. One in the middle of an
                        // expression means the tokens are not what they seem: refuse to read.
                        let starts_statement = i == 0
                            || t.nl_before
                            || self.toks[i - 1].is_punct(";")
                            || self.toks[i - 1].is_punct("}");
                        let result = if starts_statement {
                            self.export(i)
                        } else {
                            problem(
                                t.line,
                                format!(
                                    "cannot be read: `export` follows {} on the same line, which no valid module has",
                                    self.toks[i - 1].describe()
                                ),
                            )
                        };
                        if let Err(p) = result {
                            self.problems.push(p);
                        }
                    } else if n == "import"
                        && (i == 0 || t.nl_before || self.toks[i - 1].is_punct(";"))
                    {
                        self.import(i + 1);
                    } else if (n == "module"
                        && self.is_punct(i + 1, ".")
                        && self.is_ident(i + 2, "exports"))
                        || (n == "exports"
                            && self.is_punct(i + 1, ".")
                            && self.name_at(i + 2).is_some()
                            && self.is_punct(i + 3, "="))
                    {
                        self.problems.push(Problem {
                            line: t.line,
                            message: "uses CommonJS exports (module.exports / exports.x), which cannot be read statically: use `export` declarations".to_owned(),
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some((want, line)) = stack.pop() {
            self.problems.push(Problem {
                line,
                message: format!(
                    "cannot be read: the bracket opened here is never closed (expected '{want}')"
                ),
            });
        }
    }

    fn add_name(&mut self, name: String, line: u32) -> Step<()> {
        if let Some((_, first)) = self.out.names.iter().find(|(n, _)| *n == name) {
            return problem(
                line,
                format!("exports '{name}' twice (first on line {first})"),
            );
        }
        self.out.names.push((name, line));
        Ok(())
    }

    /// Names whose value must be read: with `export { x }` or a destructuring their value is
    /// out of reach, so that form is a problem for them.
    fn needs_value(&self, name: &str) -> bool {
        match self.want {
            Want::SegmentConfig => matches!(name, "dynamic" | "revalidate"),
            Want::MiddlewareConfig => name == "config",
        }
    }

    fn value_out_of_reach(&self, name: &str, line: u32) -> Step<()> {
        if self.needs_value(name) {
            let form = match name {
                "dynamic" => "export const dynamic = 'force-static'",
                "revalidate" => "export const revalidate = 60",
                _ => "export const config = { matcher: [...] }",
            };
            return problem(
                line,
                format!(
                    "exports '{name}' in a form whose value cannot be read statically: declare it as `{form}` with a literal value"
                ),
            );
        }
        Ok(())
    }

    /// `export ...` at token `i`.
    fn export(&mut self, i: usize) -> Step<()> {
        let j = i + 1;
        let Some(t) = self.tok(j) else {
            return problem(self.line(i), "has an incomplete `export`");
        };
        let line = t.line;
        match &t.tok {
            Tok::Punct("*") => {
                if self.is_ident(j + 1, "as") {
                    let Some(name) = self.name_at(j + 2) else {
                        return problem(
                            line,
                            format!(
                                "expected a name after `export * as`, found {}",
                                self.describe(j + 2)
                            ),
                        );
                    };
                    self.value_out_of_reach(&name, line)?;
                    return self.add_name(name, line);
                }
                match (self.want, self.module_after(j + 1)) {
                    (Want::SegmentConfig, Some(module)) => {
                        self.out.star_from.push((module, line));
                        Ok(())
                    }
                    _ => problem(
                        line,
                        "uses `export * from`, whose names cannot be read statically here: list them (`export { ... } from '...'`)",
                    ),
                }
            }
            Tok::Punct("{") => self.specifiers(j + 1, false),
            Tok::Punct("=") => problem(
                line,
                "uses `export =` (CommonJS), which cannot be read statically: use `export` declarations",
            ),
            Tok::Punct("@") => {
                let k = self.skip_decorators(j)?;
                self.class_like(k)
            }
            Tok::Ident(kw) => match kw.as_ref() {
                "default" => self.add_name("default".to_owned(), line),
                "async" => {
                    if !self.is_ident(j + 1, "function") {
                        return problem(
                            line,
                            format!(
                                "expected `function` after `export async`, found {}",
                                self.describe(j + 1)
                            ),
                        );
                    }
                    self.function(j + 2)
                }
                "function" => self.function(j + 1),
                "class" | "abstract" => self.class_like(j),
                "const" if self.is_ident(j + 1, "enum") => self.named(j + 2, "enum"),
                "const" | "let" | "var" | "using" => self.declarators(j + 1),
                "enum" => self.named(j + 1, "enum"),
                "namespace" | "module" => self.named(j + 1, "namespace"),
                "declare" | "interface" => Ok(()),
                "type" => {
                    if self.is_punct(j + 1, "{") {
                        self.specifiers(j + 2, true)
                    } else {
                        Ok(())
                    }
                }
                "import" => {
                    // TypeScript `export import A = B.C;`
                    if self.is_ident(j + 1, "type") {
                        return Ok(());
                    }
                    self.named(j + 1, "import alias")
                }
                "as" if self.is_ident(j + 1, "namespace") => Ok(()),
                _ => problem(
                    line,
                    format!(
                        "has an `export` that cannot be read: unexpected {}",
                        t.describe()
                    ),
                ),
            },
            _ => problem(
                line,
                format!(
                    "has an `export` that cannot be read: unexpected {}",
                    t.describe()
                ),
            ),
        }
    }

    fn skip_decorators(&self, mut j: usize) -> Step<usize> {
        while self.is_punct(j, "@") {
            j += 1;
            if self.name_at(j).is_none() {
                return problem(self.line(j), "has a malformed decorator");
            }
            j += 1;
            while self.is_punct(j, ".") && self.name_at(j + 1).is_some() {
                j += 2;
            }
            if self.is_punct(j, "(") {
                j = self.skip_balanced(j)?;
            }
        }
        Ok(j)
    }

    /// From an opening bracket at `j` to just after its closer.
    fn skip_balanced(&self, j: usize) -> Step<usize> {
        let mut depth = 0usize;
        let mut k = j;
        while let Some(t) = self.tok(k) {
            match t.tok {
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(k + 1);
                    }
                }
                _ => {}
            }
            k += 1;
        }
        problem(self.line(j), "has an unclosed bracket")
    }

    fn class_like(&mut self, mut j: usize) -> Step<()> {
        if self.is_ident(j, "abstract") {
            j += 1;
        }
        if !self.is_ident(j, "class") {
            return problem(
                self.line(j),
                format!("expected `class`, found {}", self.describe(j)),
            );
        }
        self.named(j + 1, "class")
    }

    fn function(&mut self, mut j: usize) -> Step<()> {
        if self.is_punct(j, "*") {
            j += 1;
        }
        self.named(j, "function")
    }

    /// A declaration whose name is the token at `j`.
    fn named(&mut self, j: usize, what: &str) -> Step<()> {
        match self.tok(j).and_then(|t| t.ident()) {
            Some(name) if !name.starts_with('#') => {
                let name = name.to_owned();
                let line = self.line(j);
                self.value_out_of_reach(&name, line)?;
                self.add_name(name, line)
            }
            _ => problem(
                self.line(j),
                format!("expected the {what}'s name, found {}", self.describe(j)),
            ),
        }
    }

    /// `from '<module>'` at `j`: the module specifier.
    fn module_after(&self, j: usize) -> Option<String> {
        if !self.is_ident(j, "from") {
            return None;
        }
        match self.tok(j + 1).map(|t| &t.tok) {
            Some(Tok::Str(Some(m))) => Some(m.clone()),
            _ => None,
        }
    }

    /// A top-level `import` from just after the keyword: records its bindings (best effort;
    /// `import type`, `import * as`, `import()` and side-effect imports bind nothing we read).
    fn import(&mut self, mut j: usize) {
        let mut bindings = Vec::new();
        if self.is_ident(j, "type") && !self.is_punct(j + 1, ",") && !self.is_ident(j + 1, "from") {
            return;
        }
        if let Some(Tok::Ident(name)) = self.tok(j).map(|t| &t.tok) {
            if name != "from" {
                bindings.push((name.to_string(), "default".to_owned()));
                j += 1;
                if self.is_punct(j, ",") {
                    j += 1;
                }
            }
        }
        if self.is_punct(j, "{") {
            j += 1;
            while let Some(imported) = self.name_at(j) {
                let type_only = imported == "type" && self.name_at(j + 1).is_some();
                let (imported, k) = if type_only {
                    (self.name_at(j + 1).unwrap_or_default(), j + 2)
                } else {
                    (imported, j + 1)
                };
                let (local, k) = if self.is_ident(k, "as") {
                    (self.name_at(k + 1).unwrap_or_default(), k + 2)
                } else {
                    (imported.clone(), k)
                };
                if !type_only {
                    bindings.push((local, imported));
                }
                j = if self.is_punct(k, ",") { k + 1 } else { k };
            }
            if !self.is_punct(j, "}") {
                return;
            }
            j += 1;
        }
        if let Some(module) = self.module_after(j) {
            for (local, imported) in bindings {
                self.imports.push((local, module.clone(), imported));
            }
        }
    }

    /// `{ a, b as c, type T, default as d, 'x' as y } [from '...']`, from just after `{`.
    fn specifiers(&mut self, mut j: usize, type_only: bool) -> Step<()> {
        // Segment config names whose value is elsewhere: (exported, local, line).
        let mut forwarded = Vec::new();
        loop {
            if self.is_punct(j, "}") {
                break;
            }
            let mut is_type = type_only;
            // `type X` and `type X as Y` are type-only; `type` and `type as X` export `type`.
            if self.is_ident(j, "type")
                && self.name_at(j + 1).is_some()
                && (!self.is_ident(j + 1, "as") || self.is_ident(j + 2, "as"))
            {
                is_type = true;
                j += 1;
            }
            let Some(local) = self.name_at(j) else {
                return problem(
                    self.line(j),
                    format!(
                        "expected a name in `export {{ ... }}`, found {}",
                        self.describe(j)
                    ),
                );
            };
            let mut exported = local.clone();
            let mut line = self.line(j);
            j += 1;
            if self.is_ident(j, "as") {
                let Some(name) = self.name_at(j + 1) else {
                    return problem(
                        self.line(j + 1),
                        format!("expected a name after `as`, found {}", self.describe(j + 1)),
                    );
                };
                exported = name;
                line = self.line(j + 1);
                j += 2;
            }
            if !is_type {
                // Re-exported (`from`) or local: either way the value is elsewhere, which
                // only segment config reading follows.
                if self.needs_value(&exported) && self.want == Want::SegmentConfig {
                    forwarded.push((exported.clone(), local.clone(), line));
                } else {
                    self.value_out_of_reach(&exported, line)?;
                }
                self.add_name(exported, line)?;
            }
            if self.is_punct(j, ",") {
                j += 1;
            } else if !self.is_punct(j, "}") {
                return problem(
                    self.line(j),
                    format!(
                        "expected ',' or '}}' in `export {{ ... }}`, found {}",
                        self.describe(j)
                    ),
                );
            }
        }
        let from = self.module_after(j + 1);
        for (name, imported, line) in forwarded {
            self.out.forwards.push(Forward {
                name,
                imported,
                from: from.clone(),
                line,
            });
        }
        Ok(())
    }

    /// `const a = 1, { b, c: d } = e, [f] = g` from the first declarator.
    fn declarators(&mut self, mut j: usize) -> Step<()> {
        loop {
            let single = match self.tok(j).map(|t| &t.tok) {
                Some(Tok::Ident(n)) if !n.starts_with('#') => {
                    let name = n.to_string();
                    let line = self.line(j);
                    j += 1;
                    self.add_name(name.clone(), line)?;
                    Some((name, line))
                }
                Some(Tok::Punct("{" | "[")) => {
                    let mut names = Vec::new();
                    j = self.pattern(j, &mut names)?;
                    for (n, line) in names {
                        self.value_out_of_reach(&n, line)?;
                        self.add_name(n, line)?;
                    }
                    None
                }
                _ => {
                    return problem(
                        self.line(j),
                        format!("expected a name to export, found {}", self.describe(j)),
                    );
                }
            };
            if self.is_punct(j, "!") {
                j += 1;
            }
            if self.is_punct(j, ":") {
                j = self.skip_type(j + 1);
            }
            if self.is_punct(j, "=") {
                let init = j + 1;
                match &single {
                    Some((name, line)) if self.needs_value(name) => {
                        j = self.value(name, *line, init)?;
                    }
                    _ => j = self.skip_expr(init, &[","]),
                }
            } else if let Some((name, line)) = &single {
                self.value_out_of_reach(name, *line)?;
            }
            if self.is_punct(j, ",") {
                j += 1;
                continue;
            }
            if self.at_end(j) {
                return Ok(());
            }
            return problem(
                self.line(j),
                format!(
                    "has an `export` declaration that cannot be read: unexpected {}",
                    self.describe(j)
                ),
            );
        }
    }

    /// A destructuring pattern at `j` (`{` or `[`); collects the bound names.
    fn pattern(&self, j: usize, names: &mut Vec<(String, u32)>) -> Step<usize> {
        let array = self.is_punct(j, "[");
        let close = if array { "]" } else { "}" };
        let mut k = j + 1;
        loop {
            if self.is_punct(k, close) {
                return Ok(k + 1);
            }
            if array && self.is_punct(k, ",") {
                k += 1;
                continue;
            }
            let rest = self.is_punct(k, "...");
            if rest {
                k += 1;
            }
            if !array && !rest {
                // Property key, then `: target` or shorthand.
                let key_ident = self.tok(k).and_then(|t| t.ident()).map(str::to_owned);
                if self.is_punct(k, "[") {
                    k = self.skip_balanced(k)?;
                } else if matches!(
                    self.tok(k).map(|t| &t.tok),
                    Some(Tok::Ident(_) | Tok::Str(_) | Tok::Num(_))
                ) {
                    k += 1;
                } else {
                    return problem(
                        self.line(k),
                        format!(
                            "has a destructuring pattern that cannot be read: unexpected {}",
                            self.describe(k)
                        ),
                    );
                }
                if self.is_punct(k, ":") {
                    k = self.target(k + 1, names)?;
                } else {
                    match key_ident {
                        Some(n) => names.push((n, self.line(k - 1))),
                        None => {
                            return problem(
                                self.line(k),
                                "has a destructuring pattern that cannot be read",
                            );
                        }
                    }
                }
            } else {
                k = self.target(k, names)?;
            }
            if self.is_punct(k, "=") {
                k = self.skip_expr(k + 1, &[",", close]);
            }
            if self.is_punct(k, ",") {
                k += 1;
            } else if !self.is_punct(k, close) {
                return problem(
                    self.line(k),
                    format!(
                        "has a destructuring pattern that cannot be read: unexpected {}",
                        self.describe(k)
                    ),
                );
            }
        }
    }

    /// A binding target in a pattern: a name or a nested pattern.
    fn target(&self, k: usize, names: &mut Vec<(String, u32)>) -> Step<usize> {
        match self.tok(k).map(|t| &t.tok) {
            Some(Tok::Ident(n)) => {
                names.push((n.to_string(), self.line(k)));
                Ok(k + 1)
            }
            Some(Tok::Punct("{" | "[")) => self.pattern(k, names),
            _ => problem(
                self.line(k),
                format!(
                    "has a destructuring pattern that cannot be read: unexpected {}",
                    self.describe(k)
                ),
            ),
        }
    }

    /// Skips a type annotation from `j`; returns the index of the `=`, `,` or end that follows.
    fn skip_type(&self, j: usize) -> usize {
        let mut depth = 0i32;
        let mut angle = 0i32;
        let mut k = j;
        while let Some(t) = self.tok(k) {
            if depth == 0 && angle == 0 && k > j {
                if t.is_punct("=") || t.is_punct(",") || t.is_punct(";") {
                    return k;
                }
                if t.nl_before && t.ident().is_some_and(|n| STATEMENT_KEYWORDS.contains(&n)) {
                    return k;
                }
            }
            match t.tok {
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => {
                    if depth == 0 {
                        return k;
                    }
                    depth -= 1;
                }
                Tok::Punct("<") => angle += 1,
                Tok::Punct(">") => angle -= 1,
                Tok::Punct(">>") => angle -= 2,
                Tok::Punct(">>>") => angle -= 3,
                Tok::Punct(">=") if angle > 0 => {
                    // `Array<T>= []`: the `>` closes, the `=` starts the initializer.
                    angle -= 1;
                    if angle == 0 && depth == 0 {
                        return k;
                    }
                }
                _ => {}
            }
            angle = angle.max(0);
            k += 1;
        }
        k
    }

    /// Skips an expression from `j` up to a `stops` punctuator at depth 0, a closing bracket at
    /// depth 0, `;`, or an automatic-semicolon line break; returns that index.
    fn skip_expr(&self, j: usize, stops: &[&str]) -> usize {
        let mut depth = 0usize;
        let mut k = j;
        while let Some(t) = self.tok(k) {
            if depth == 0 {
                if t.is_punct(";") || stops.iter().any(|s| t.is_punct(s)) {
                    return k;
                }
                if k > j
                    && t.nl_before
                    && t.ident().is_some_and(|n| STATEMENT_KEYWORDS.contains(&n))
                {
                    return k;
                }
            }
            match t.tok {
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => {
                    if depth == 0 {
                        return k;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            k += 1;
        }
        k
    }

    /// After a literal: `as const`, `as T` or `satisfies T`.
    fn skip_assertions(&self, mut k: usize) -> usize {
        while (self.is_ident(k, "as") || self.is_ident(k, "satisfies"))
            && !self.tok(k).is_some_and(|t| t.nl_before)
        {
            k = self.skip_type(k + 1);
        }
        k
    }

    /// The initializer of a name whose value matters; returns the index after it.
    fn value(&mut self, name: &str, line: u32, j: usize) -> Step<usize> {
        match name {
            "dynamic" => {
                let (v, k) = self
                    .literal(j)
                    .map_err(|p| self.not_literal(name, line, p))?;
                let k = self.end_of_value(name, k)?;
                match v.as_str().and_then(Dynamic::parse) {
                    Some(d) => self.out.dynamic = Some(d),
                    None => {
                        return problem(
                            line,
                            format!(
                                "exports dynamic = {v}, expected 'auto', 'force-dynamic', 'force-static' or 'error'"
                            ),
                        );
                    }
                }
                Ok(k)
            }
            "revalidate" => {
                let (v, k) = self.revalidate(j, line)?;
                let k = self.end_of_value(name, k)?;
                self.out.revalidate = Some(v);
                Ok(k)
            }
            _ => {
                // Middleware `config`.
                self.out.has_config = true;
                if !self.is_punct(j, "{") {
                    return problem(
                        line,
                        format!(
                            "exports a `config` that is not an object literal (found {}): write `export const config = {{ matcher: [...] }}`",
                            self.describe(j)
                        ),
                    );
                }
                let k = self.config_object(j)?;
                self.end_of_value(name, k)
            }
        }
    }

    fn not_literal(&self, name: &str, line: u32, p: Problem) -> Problem {
        Problem {
            line: p.line.max(line),
            message: format!(
                "exports `{name}` with a value that is not a literal ({}): write it as a literal so it can be read without running code",
                p.message
            ),
        }
    }

    /// After a value: assertions, then the end of the declarator.
    fn end_of_value(&self, name: &str, k: usize) -> Step<usize> {
        let k = self.skip_assertions(k);
        if self.at_end(k) || self.is_punct(k, ",") {
            Ok(k)
        } else {
            problem(
                self.line(k),
                format!(
                    "exports `{name}` with a value that is not a literal (unexpected {} after it): write it as a literal so it can be read without running code",
                    self.describe(k)
                ),
            )
        }
    }

    /// `revalidate`: `false`, or a non-negative integer, optionally a product or sum of integer
    /// literals (`60 * 60 * 24`).
    fn revalidate(&self, j: usize, line: u32) -> Step<(Revalidate, usize)> {
        if self.is_ident(j, "false") {
            return Ok((Revalidate::Never, j + 1));
        }
        let bad = |k: usize, what: String| {
            problem(
                self.line(k).max(line),
                format!(
                    "exports revalidate = {what}, which cannot be read statically: write `false` or a whole number of seconds"
                ),
            )
        };
        let mut total: u64 = 0;
        let mut k = j;
        loop {
            // One product term.
            let mut term: u64 = 1;
            loop {
                let n = match self.tok(k).map(|t| &t.tok) {
                    Some(Tok::Num(text)) => match integer(text) {
                        Some(n) => n,
                        None => return bad(k, text.to_string()),
                    },
                    _ => return bad(k, self.describe(k)),
                };
                term = term.saturating_mul(n);
                k += 1;
                if self.is_punct(k, "*") && !self.tok(k).is_some_and(|t| t.nl_before) {
                    k += 1;
                } else {
                    break;
                }
            }
            total = total.saturating_add(term);
            if self.is_punct(k, "+") && !self.tok(k).is_some_and(|t| t.nl_before) {
                k += 1;
            } else {
                break;
            }
        }
        match u32::try_from(total) {
            Ok(n) => Ok((Revalidate::Seconds(n), k)),
            Err(_) => problem(
                line,
                format!(
                    "exports revalidate = {total}, over the maximum of {} seconds",
                    u32::MAX
                ),
            ),
        }
    }

    /// `{ matcher: <literal>, other: anything }` at `j`; returns the index after `}`.
    fn config_object(&mut self, j: usize) -> Step<usize> {
        let mut k = j + 1;
        loop {
            if self.is_punct(k, "}") {
                return Ok(k + 1);
            }
            let key_line = self.line(k);
            let key = match self.tok(k).map(|t| &t.tok) {
                Some(Tok::Ident(n)) => n.to_string(),
                Some(Tok::Str(Some(s))) => s.clone(),
                Some(Tok::Num(n)) => n.to_string(),
                _ => {
                    return problem(
                        key_line,
                        format!(
                            "exports a `config` that cannot be read statically (unexpected {}): use plain `key: value` entries",
                            self.describe(k)
                        ),
                    );
                }
            };
            k += 1;
            if !self.is_punct(k, ":") {
                return problem(
                    key_line,
                    format!(
                        "exports a `config` whose `{key}` is not written as `{key}: <literal>`: its value cannot be read statically"
                    ),
                );
            }
            k += 1;
            if key == "matcher" {
                let (v, next) = self.literal(k).map_err(|p| Problem {
                    line: p.line,
                    message: format!(
                        "config.matcher is not a literal ({}): Next.js requires a constant matcher (a string, an array of strings, or an array of {{ source, has, missing, locale }} objects)",
                        p.message
                    ),
                })?;
                k = self.skip_assertions(next);
                self.out.matcher = Some((v, key_line));
            } else {
                k = self.skip_expr(k, &[",", "}"]);
            }
            if self.is_punct(k, ",") {
                k += 1;
            } else if !self.is_punct(k, "}") {
                return problem(
                    self.line(k),
                    format!(
                        "exports a `config` that cannot be read: unexpected {}",
                        self.describe(k)
                    ),
                );
            }
        }
    }

    /// A JSON-like literal at `j`: string, template without `${}`, number, boolean, null,
    /// array, object. Returns the value and the index after it.
    fn literal(&self, j: usize) -> Step<(Value, usize)> {
        let Some(t) = self.tok(j) else {
            return problem(self.line(j), "the file ends where a value was expected");
        };
        let line = t.line;
        match &t.tok {
            Tok::Str(Some(s)) | Tok::Template(Some(s)) => Ok((Value::String(s.clone()), j + 1)),
            Tok::Str(None) => problem(line, "a string with a legacy octal escape"),
            Tok::Num(text) => match number(text, false) {
                Some(n) => Ok((Value::Number(n), j + 1)),
                None => problem(line, format!("the number {text}")),
            },
            Tok::Punct("-") => match self.tok(j + 1).map(|t| &t.tok) {
                Some(Tok::Num(text)) => match number(text, true) {
                    Some(n) => Ok((Value::Number(n), j + 2)),
                    None => problem(line, format!("the number -{text}")),
                },
                _ => problem(line, "'-' before something that is not a number"),
            },
            Tok::Ident(n) if n == "true" => Ok((Value::Bool(true), j + 1)),
            Tok::Ident(n) if n == "false" => Ok((Value::Bool(false), j + 1)),
            Tok::Ident(n) if n == "null" => Ok((Value::Null, j + 1)),
            Tok::Punct("[") => {
                let mut items = Vec::new();
                let mut k = j + 1;
                loop {
                    if self.is_punct(k, "]") {
                        return Ok((Value::Array(items), k + 1));
                    }
                    if self.is_punct(k, ",") {
                        return problem(self.line(k), "an array with a hole");
                    }
                    if self.is_punct(k, "...") {
                        return problem(self.line(k), "a spread `...`");
                    }
                    let (v, next) = self.literal(k)?;
                    items.push(v);
                    k = self.skip_assertions(next);
                    if self.is_punct(k, ",") {
                        k += 1;
                    } else if !self.is_punct(k, "]") {
                        return problem(
                            self.line(k),
                            format!("unexpected {} in an array", self.describe(k)),
                        );
                    }
                }
            }
            Tok::Punct("{") => {
                let mut map = Map::new();
                let mut k = j + 1;
                loop {
                    if self.is_punct(k, "}") {
                        return Ok((Value::Object(map), k + 1));
                    }
                    let key = match self.tok(k).map(|t| &t.tok) {
                        Some(Tok::Ident(n)) if !n.starts_with('#') => n.to_string(),
                        Some(Tok::Str(Some(s))) => s.clone(),
                        Some(Tok::Num(n)) => n.to_string(),
                        _ => {
                            return problem(
                                self.line(k),
                                format!("unexpected {} as an object key", self.describe(k)),
                            );
                        }
                    };
                    k += 1;
                    if !self.is_punct(k, ":") {
                        return problem(
                            self.line(k - 1),
                            format!(
                                "the object entry `{key}` refers to a variable or method instead of a `key: value` literal"
                            ),
                        );
                    }
                    let (v, next) = self.literal(k + 1)?;
                    map.insert(key, v);
                    k = self.skip_assertions(next);
                    if self.is_punct(k, ",") {
                        k += 1;
                    } else if !self.is_punct(k, "}") {
                        return problem(
                            self.line(k),
                            format!("unexpected {} in an object", self.describe(k)),
                        );
                    }
                }
            }
            Tok::Template(None) => problem(line, "a template literal with ${} substitutions"),
            _ => problem(line, t.describe()),
        }
    }
}

/// A plain non-negative integer literal (decimal, hex, octal or binary; `_` separators).
fn integer(text: &str) -> Option<u64> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let (digits, radix) = match t.get(..2) {
        Some("0x" | "0X") => (&t[2..], 16),
        Some("0o" | "0O") => (&t[2..], 8),
        Some("0b" | "0B") => (&t[2..], 2),
        _ => (t.as_str(), 10),
    };
    if digits.is_empty() || (radix == 10 && digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// A numeric literal as a JSON number.
fn number(text: &str, negative: bool) -> Option<Number> {
    if let Some(n) = integer(text) {
        return if negative {
            i64::try_from(n).ok().map(|n| Number::from(-n))
        } else {
            Some(Number::from(n))
        };
    }
    if text.ends_with('n') || text.starts_with("0x") || text.starts_with("0X") {
        return None;
    }
    let t: String = text.chars().filter(|&c| c != '_').collect();
    if !t
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = t.parse().ok()?;
    Number::from_f64(if negative { -f } else { f })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(src: &str) -> Vec<String> {
        read(src, Dialect::Tsx, Want::SegmentConfig)
            .unwrap_or_else(|e| panic!("{src:?}: {e:?}"))
            .names
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    fn problems(src: &str, want: Want) -> Vec<Problem> {
        read(src, Dialect::Tsx, want).expect_err(src)
    }

    fn problem_text(src: &str) -> String {
        problems(src, Want::SegmentConfig)
            .iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_export_form() {
        let src = r#"
            import { NextResponse } from 'next/server'
            export async function GET(req: Request): Promise<Response> { return NextResponse.json({}) }
            export function POST() {}
            export function* gen() {}
            export const PUT = async () => new Response('x'), PATCH = handler
            export let a: Map<string, Array<number>> = new Map(), b = 2;
            export { handler as DELETE, x, y as 'HEAD' }
            export { OPTIONS } from './shared'
            export { default as z } from './z'
            export * as ns from './ns'
            export class C {}
            export abstract class D {}
            export enum E { A }
            export const enum F { A }
            export default function Page() {}
            export type T = { GET: string }
            export interface I { POST(): void }
            export type { U } from './u'
            export { type V, W }
            export declare const ambient: number
            export const { q, r: s, t = 1, ...rest } = obj, [u1, , [u2]] = arr
        "#;
        assert_eq!(
            names(src),
            [
                "GET", "POST", "gen", "PUT", "PATCH", "a", "b", "DELETE", "x", "HEAD", "OPTIONS",
                "z", "ns", "C", "D", "E", "F", "default", "W", "q", "s", "t", "rest", "u1", "u2"
            ]
        );
    }

    #[test]
    fn no_false_exports_from_comments_strings_templates_regexes_or_jsx() {
        let src = r#"
            // export async function GET() {}
            /* export const POST = 1 */
            const s = 'export function PUT() {}' + "export { PATCH }"
            const t = `
              export function DELETE() {}
              ${ `export const HEAD = ${ "x" }` }
            `
            const re = /export function OPTIONS/g
            const el = <div title="export const X = 1">export function Y() {'{'}</div>
            function inner() { export_like(); const o = { export: 1 }; o.export }
            export const ONLY = 1
        "#;
        assert_eq!(names(src), ["ONLY"]);
    }

    #[test]
    fn segment_config_values() {
        let r = read(
            "export const dynamic = 'force-static'\nexport const revalidate = 60 * 60 * 24 + 5",
            Dialect::Ts,
            Want::SegmentConfig,
        )
        .unwrap();
        assert_eq!(r.dynamic, Some(Dynamic::ForceStatic));
        assert_eq!(r.revalidate, Some(Revalidate::Seconds(86_405)));
        let r = read(
            "export const dynamic = \"error\" as const; export const revalidate: number | false = false",
            Dialect::Ts,
            Want::SegmentConfig,
        )
        .unwrap();
        assert_eq!(r.dynamic, Some(Dynamic::Error));
        assert_eq!(r.revalidate, Some(Revalidate::Never));
        let r = read(
            "export const revalidate = 0x10;",
            Dialect::Ts,
            Want::SegmentConfig,
        )
        .unwrap();
        assert_eq!(r.revalidate, Some(Revalidate::Seconds(16)));
    }

    #[test]
    fn re_exports_are_recorded_for_the_caller_to_follow() {
        let src = "import { revalidate } from '../../lib/cfg'\nimport cfg, { x as dynamic, type T } from './d'\n\
                   export * from '../a/route'\nexport { GET, POST } from './handlers'\n\
                   export { revalidate, dynamic }\nexport { dynamic as d2 }";
        let ex = read(src, Dialect::Ts, Want::SegmentConfig).unwrap();
        assert_eq!(ex.star_from, [("../a/route".to_owned(), 3)]);
        let fw: Vec<_> = ex
            .forwards
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.imported.as_str(),
                    f.from.as_deref(),
                    f.line,
                )
            })
            .collect();
        assert_eq!(
            fw,
            [
                ("revalidate", "revalidate", Some("../../lib/cfg"), 5),
                ("dynamic", "x", Some("./d"), 5),
            ]
        );
        assert!(ex.has("GET") && ex.has("POST") && ex.has("d2"));
        let ex = read(
            "export { revalidate } from './c'\nconst dynamic = 'x'\nexport { dynamic }",
            Dialect::Ts,
            Want::SegmentConfig,
        )
        .unwrap();
        assert_eq!(ex.forwards[0].from.as_deref(), Some("./c"));
        assert_eq!(ex.forwards[1].from, None); // a local binding: its value is not followed
        // Middleware config is never followed: still a problem.
        assert!(!problems("export * from './x'", Want::MiddlewareConfig).is_empty());
        assert!(!problems("export { config } from './x'", Want::MiddlewareConfig).is_empty());
    }

    #[test]
    fn unreadable_forms_are_problems_with_lines() {
        let cases = [
            ("export = handler", "1: uses `export =`"),
            ("module.exports = { GET }", "1: uses CommonJS"),
            ("exports.GET = f", "1: uses CommonJS"),
            (
                "export const dynamic = mode",
                "1: exports `dynamic` with a value that is not a literal",
            ),
            (
                "export const dynamic = 'force-' + x",
                "1: exports `dynamic` with a value that is not a literal",
            ),
            (
                "export const dynamic = 'sometimes'",
                "exports dynamic = \"sometimes\"",
            ),
            (
                "export const dynamic = `force-${x}`",
                "not a literal (a template literal with ${} substitutions)",
            ),
            ("export const revalidate = 1.5", "exports revalidate = 1.5"),
            ("export const revalidate = -1", "exports revalidate = '-'"),
            (
                "export const revalidate = ONE_HOUR",
                "exports revalidate = 'ONE_HOUR'",
            ),
            ("export const revalidate = 99999999999", "over the maximum"),
            (
                "export const { dynamic } = cfg",
                "exports 'dynamic' in a form",
            ),
            (
                "export function GET() {}\nexport const GET = 1",
                "2: exports 'GET' twice (first on line 1)",
            ),
            (
                "export function GET() { ",
                "bracket opened here is never closed",
            ),
            ("export function GET() { ) }", "does not match"),
            ("}", "unbalanced"),
            (
                "const x = 'abc",
                "cannot be tokenized: unterminated string literal",
            ),
            ("export const GET = f<A, POST>(x)", "cannot be read"),
            ("export ", "incomplete `export`"),
            (
                "x = a / export function PUT() {}",
                "`export` follows '/' on the same line",
            ),
            ("export 42", "unexpected the number 42"),
        ];
        for (src, want) in cases {
            let got = problem_text(src);
            assert!(got.contains(want), "{src:?}: {got:?} lacks {want:?}");
        }
    }

    #[test]
    fn middleware_matcher_literals() {
        let src = r#"
            import type { NextRequest } from 'next/server'
            export function middleware(req: NextRequest) {}
            export const config = {
              runtime: process.env.RUNTIME, // other keys may be anything
              matcher: [
                '/((?!api|_next/static|_next/image|favicon.ico).*)',
                { source: "/api/:path*", has: [{ type: 'header', key: 'x-beta', value: `1` }], missing: [], locale: false },
                '/a/:id(\\d+)',
              ] as const,
            } satisfies Config
        "#;
        let r = read(src, Dialect::Ts, Want::MiddlewareConfig).unwrap();
        assert!(r.has_config);
        let (m, line) = r.matcher.unwrap();
        assert_eq!(line, 6);
        assert_eq!(
            m,
            json!([
                "/((?!api|_next/static|_next/image|favicon.ico).*)",
                {"source": "/api/:path*", "has": [{"type": "header", "key": "x-beta", "value": "1"}], "missing": [], "locale": false},
                "/a/:id(\\d+)"
            ])
        );
        let r = read(
            "export const config = { matcher: '/x' }",
            Dialect::Ts,
            Want::MiddlewareConfig,
        )
        .unwrap();
        assert_eq!(r.matcher.unwrap().0, json!("/x"));
        let r = read(
            "export const config = {}",
            Dialect::Ts,
            Want::MiddlewareConfig,
        )
        .unwrap();
        assert!(r.has_config && r.matcher.is_none());
        let r = read(
            "export default function proxy() {}",
            Dialect::Ts,
            Want::MiddlewareConfig,
        )
        .unwrap();
        assert!(!r.has_config);
    }

    #[test]
    fn never_panics_on_random_input() {
        // Random sequences of the characters that steer the tokenizer and the reader.
        const ATOMS: &[&str] = &[
            "export ",
            "const ",
            "function ",
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            "<",
            ">",
            "/",
            "*",
            "'",
            "\"",
            "`",
            "${",
            "\\",
            "\n",
            "=",
            ",",
            ";",
            ":",
            "GET",
            "config",
            "matcher",
            "dynamic",
            "revalidate",
            " as ",
            "from ",
            "div",
            "é",
            "\u{2028}",
            ".",
            "?",
            "!",
            "#",
            "1",
            "0x",
            "//",
            "/*",
            "*/",
            "@",
            "type ",
            "if ",
            "...",
            "default ",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut total = 0;
        for _ in 0..20_000 {
            let mut src = String::new();
            for _ in 0..(next() % 24) {
                src.push_str(ATOMS[(next() % ATOMS.len() as u64) as usize]);
            }
            total += src.len();
            for d in [Dialect::Js, Dialect::Ts, Dialect::Tsx] {
                let _ = read(&src, d, Want::SegmentConfig);
                let _ = read(&src, d, Want::MiddlewareConfig);
            }
        }
        assert!(total > 100_000);
    }

    #[test]
    fn non_literal_matchers_are_problems() {
        let cases = [
            (
                "export const config = { matcher: paths }",
                1,
                "config.matcher is not a literal",
            ),
            (
                "export const config = {\n matcher: ['/a', ...more] }",
                2,
                "a spread",
            ),
            (
                "export const config = { matcher: [`/a/${x}`] }",
                1,
                "substitutions",
            ),
            (
                "export const config = { matcher: ['/a' + x] }",
                1,
                "unexpected '+'",
            ),
            (
                "export const config = { matcher: [{ source }] }",
                1,
                "refers to a variable",
            ),
            (
                "export const config = { matcher }",
                1,
                "not written as `matcher: <literal>`",
            ),
            (
                "export const config = { ...base }",
                1,
                "cannot be read statically",
            ),
            (
                "export const config = makeConfig()",
                1,
                "not an object literal",
            ),
            (
                "const config = {}\nexport { config }",
                2,
                "in a form whose value cannot be read",
            ),
        ];
        for (src, line, want) in cases {
            let p = problems(src, Want::MiddlewareConfig);
            assert!(
                p.iter().any(|p| p.line == line && p.message.contains(want)),
                "{src:?}: {p:?} lacks line {line} {want:?}"
            );
        }
    }
}
