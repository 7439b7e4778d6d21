//! `routecore.json` (ROUTING.md §7) → a [`RouterBuilder`]. Every wrong key, type or value is
//! reported with its JSON path (`routes[2].kind`), all at once.

use crate::engine::router::{RouterBuilder, RouterOptions};
use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::limits::Limits;
use crate::routes::route::{Dynamic, Revalidate, RouteKind, RouteSpec};
use crate::rules::conditions::{ConditionKind, ConditionSpec};
use crate::rules::{
    HeaderRule, MatcherSpec, MiddlewareRule, MiddlewareSpec, RedirectRule, RewriteRule, RuleAction,
    RulesSpec,
};
use serde_json::{Map, Value};

/// Parses `routecore.json` text.
pub fn parse_config(text: &str) -> Result<RouterBuilder, BuildErrors> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        BuildErrors::from(BuildError::new(
            BuildErrorKind::Config,
            format!("routecore.json is not valid JSON: {e}"),
        ))
    })?;
    config_from_value(&value)
}

/// The `pageExtensions` of a `routecore.json` value (Next.js's default `tsx`, `ts`, `jsx`, `js`
/// when absent), or its errors.
pub(crate) fn page_extensions(value: &Value) -> Result<Vec<String>, BuildErrors> {
    let Some(v) = value.get("pageExtensions") else {
        return Ok(crate::load::app_dir::DEFAULT_PAGE_EXTENSIONS
            .iter()
            .map(|e| e.to_string())
            .collect());
    };
    let mut r = Reader::default();
    let exts = r.page_extensions(v);
    if r.errors.is_empty() {
        Ok(exts)
    } else {
        Err(BuildErrors(r.errors))
    }
}

/// Reads an already-parsed `routecore.json` value.
pub fn config_from_value(value: &Value) -> Result<RouterBuilder, BuildErrors> {
    let mut r = Reader::default();
    let mut options = RouterOptions::default();
    let mut routes = Vec::new();
    let mut rules = RulesSpec::default();
    if let Some(obj) = r.object(value, "") {
        for (key, v) in obj {
            match key.as_str() {
                "basePath" => {
                    if let Some(s) = r.string(v, "basePath") {
                        options.base_path = s.to_owned();
                    }
                }
                "trailingSlash" => options.trailing_slash = r.boolean(v, "trailingSlash"),
                "skipTrailingSlashRedirect" => {
                    options.skip_trailing_slash_redirect = r.boolean(v, "skipTrailingSlashRedirect")
                }
                "caseSensitiveRoutes" => {
                    options.case_sensitive_routes = r.boolean(v, "caseSensitiveRoutes")
                }
                // Read by the app-directory scan (crate::load::project); checked here.
                "pageExtensions" => {
                    r.page_extensions(v);
                }
                "routes" => routes = r.routes(v),
                "limits" => options.limits = r.limits(v),
                "middleware" => rules.middleware = r.middleware(v),
                "headers" => rules.headers = r.headers(v),
                "redirects" => rules.redirects = r.redirects(v),
                "rewrites" => r.rewrites(v, &mut rules),
                "$schema" => {}
                other => r.error(
                    other,
                    "is not a known key (expected basePath, trailingSlash, skipTrailingSlashRedirect, caseSensitiveRoutes, pageExtensions, routes, middleware, headers, redirects, rewrites, limits)",
                ),
            }
        }
    }
    let mut builder = RouterBuilder::new().options(options).rules(rules);
    for route in routes {
        builder.add(route);
    }
    if r.errors.is_empty() {
        return Ok(builder);
    }
    // Report every problem at once: what the well-formed part of the file gets wrong, too.
    let mut errors = r.errors;
    if let Err(more) = builder.build() {
        errors.extend(more.0);
    }
    Err(BuildErrors(errors))
}

/// Reads a middleware `config.matcher` value (a string, an array of strings, or an array of
/// `{source, has, missing, locale}` objects). `label` prefixes error paths.
pub fn matcher_from_value(value: &Value, label: &str) -> Result<Vec<MatcherSpec>, BuildErrors> {
    let mut r = Reader {
        file: "",
        ..Reader::default()
    };
    let m = r.matcher(value, label);
    if r.errors.is_empty() {
        Ok(m)
    } else {
        Err(BuildErrors(r.errors))
    }
}

/// Reads JSON into specs, collecting every error with its JSON path.
struct Reader {
    errors: Vec<BuildError>,
    /// What each error starts with: the file (`routecore.json: `), or nothing when the paths
    /// carry their own label (a middleware file's `config.matcher`).
    file: &'static str,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            errors: Vec::new(),
            file: "routecore.json: ",
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn error(&mut self, path: &str, msg: &str) {
        let path = if path.is_empty() { "(top level)" } else { path };
        self.errors.push(BuildError::new(
            BuildErrorKind::Config,
            format!("{}{path} {msg}", self.file),
        ));
    }

    fn wrong_type(&mut self, path: &str, expected: &str, v: &Value) {
        self.error(path, &format!("must be {expected}, found {}", type_name(v)));
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(o) => Some(o),
            _ => {
                self.wrong_type(path, "an object", v);
                None
            }
        }
    }

    fn string<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.wrong_type(path, "a string", v);
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value, path: &str) -> bool {
        match v {
            Value::Bool(b) => *b,
            _ => {
                self.wrong_type(path, "a boolean", v);
                false
            }
        }
    }

    fn unsigned(&mut self, v: &Value, path: &str, max: u64) -> Option<u64> {
        match v.as_u64() {
            Some(n) if n <= max => Some(n),
            Some(n) => {
                self.error(path, &format!("is {n}, over the maximum of {max}"));
                None
            }
            None => {
                self.wrong_type(path, "a non-negative integer", v);
                None
            }
        }
    }

    fn routes(&mut self, v: &Value) -> Vec<RouteSpec> {
        let Value::Array(items) = v else {
            self.wrong_type("routes", "an array", v);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("routes[{i}]");
            let before = self.errors.len();
            let Some(obj) = self.object(item, &path) else {
                continue;
            };
            let mut spec = RouteSpec {
                id: i as u64,
                ..Default::default()
            };
            let mut methods_given = false;
            let mut has_pattern = false;
            let mut kind_known = true; // a bad kind is one error, not also "methods is required"

            for (key, v) in obj {
                let p = format!("{path}.{key}");
                match key.as_str() {
                    "pattern" => {
                        if let Some(s) = self.string(v, &p) {
                            spec.pattern = s.to_owned();
                            has_pattern = true;
                        }
                    }
                    "kind" => {
                        if let Some(s) = self.string(v, &p) {
                            match RouteKind::parse(s) {
                                Some(k) => spec.kind = k,
                                None => {
                                    kind_known = false;
                                    self.error(
                                        &p,
                                        &format!(
                                            "is '{s}', expected 'route', 'page' or 'metadata'"
                                        ),
                                    )
                                }
                            }
                        }
                    }
                    "methods" => {
                        methods_given = true;
                        match v {
                            Value::Array(ms) => {
                                for (j, m) in ms.iter().enumerate() {
                                    if let Some(s) = self.string(m, &format!("{p}[{j}]")) {
                                        spec.methods.push(s.to_owned());
                                    }
                                }
                            }
                            _ => self.wrong_type(&p, "an array of method names", v),
                        }
                    }
                    "id" => {
                        if let Some(n) = self.unsigned(v, &p, u64::MAX) {
                            spec.id = n;
                        }
                    }
                    "dynamic" => {
                        if let Some(s) = self.string(v, &p) {
                            match Dynamic::parse(s) {
                                Some(d) => spec.dynamic = d,
                                None => self.error(
                                    &p,
                                    &format!(
                                        "is '{s}', expected 'auto', 'force-dynamic', 'force-static' or 'error'"
                                    ),
                                ),
                            }
                        }
                    }
                    "revalidate" => match v {
                        Value::Bool(false) => spec.revalidate = Revalidate::Never,
                        _ => {
                            if let Some(n) = self.unsigned(v, &p, u32::MAX as u64) {
                                spec.revalidate = Revalidate::Seconds(n as u32);
                            }
                        }
                    },
                    "file" => {
                        if let Some(s) = self.string(v, &p) {
                            spec.file = Some(s.to_owned());
                        }
                    }
                    other => self.error(
                        &format!("{path}.{other}"),
                        "is not a known key (expected pattern, kind, methods, id, dynamic, revalidate, file)",
                    ),
                }
            }
            if !has_pattern && !obj.contains_key("pattern") {
                self.error(&format!("{path}.pattern"), "is required");
            }
            if spec.kind == RouteKind::Route && !methods_given && kind_known {
                self.error(
                    &format!("{path}.methods"),
                    "is required for a route handler (kind 'route')",
                );
            }
            if self.errors.len() == before {
                out.push(spec);
            }
        }
        out
    }

    /// An array, or an error naming `path`.
    fn array<'v>(&mut self, v: &'v Value, path: &str) -> &'v [Value] {
        match v {
            Value::Array(a) => a,
            _ => {
                self.wrong_type(path, "an array", v);
                &[]
            }
        }
    }

    /// Checks that `obj` has only `allowed` keys.
    fn keys(&mut self, obj: &Map<String, Value>, path: &str, allowed: &[&str]) {
        for k in obj.keys() {
            if !allowed.contains(&k.as_str()) {
                self.error(
                    &format!("{path}.{k}"),
                    &format!("is not a known key (expected {})", allowed.join(", ")),
                );
            }
        }
    }

    fn required_string(&mut self, obj: &Map<String, Value>, key: &str, path: &str) -> String {
        match obj.get(key) {
            Some(v) => self
                .string(v, &format!("{path}.{key}"))
                .unwrap_or("")
                .to_owned(),
            None => {
                self.error(&format!("{path}.{key}"), "is required");
                String::new()
            }
        }
    }

    fn string_map(&mut self, v: &Value, path: &str) -> Vec<(String, String)> {
        let Some(obj) = self.object(v, path) else {
            return Vec::new();
        };
        obj.iter()
            .filter_map(|(k, v)| {
                self.string(v, &format!("{path}.{k}"))
                    .map(|s| (k.clone(), s.to_owned()))
            })
            .collect()
    }

    /// `pageExtensions`: a non-empty list of extensions without the dot (`"mdx"`).
    fn page_extensions(&mut self, v: &Value) -> Vec<String> {
        let exts = self.string_list(v, "pageExtensions");
        if v.is_array() && exts.is_empty() {
            self.error("pageExtensions", "must list at least one extension");
        }
        for (i, e) in exts.iter().enumerate() {
            if e.is_empty() || e.contains(['.', '/', '\\']) {
                self.error(
                    &format!("pageExtensions[{i}]"),
                    &format!("'{e}' is not an extension (write it without the dot: \"mdx\")"),
                );
            }
        }
        exts
    }

    fn string_list(&mut self, v: &Value, path: &str) -> Vec<String> {
        self.array(v, path)
            .iter()
            .enumerate()
            .filter_map(|(i, x)| self.string(x, &format!("{path}[{i}]")).map(str::to_owned))
            .collect()
    }

    fn conditions(&mut self, v: Option<&Value>, path: &str) -> Vec<ConditionSpec> {
        let Some(v) = v else { return Vec::new() };
        let mut out = Vec::new();
        for (i, item) in self.array(v, path).iter().enumerate() {
            let p = format!("{path}[{i}]");
            let Some(obj) = self.object(item, &p) else {
                continue;
            };
            self.keys(obj, &p, &["type", "key", "value"]);
            let kind = match obj.get("type").map(|t| (t, t.as_str())) {
                Some((_, Some(t))) => match ConditionKind::parse(t) {
                    Some(k) => k,
                    None => {
                        self.error(
                            &format!("{p}.type"),
                            &format!("is '{t}', expected 'header', 'cookie', 'query' or 'host'"),
                        );
                        continue;
                    }
                },
                Some((t, None)) => {
                    self.wrong_type(&format!("{p}.type"), "a string", t);
                    continue;
                }
                None => {
                    self.error(&format!("{p}.type"), "is required");
                    continue;
                }
            };
            let key = match (obj.get("key"), kind) {
                (Some(k), _) => self.string(k, &format!("{p}.key")).unwrap_or("").to_owned(),
                (None, ConditionKind::Host) => String::new(),
                (None, _) => {
                    self.error(&format!("{p}.key"), "is required");
                    String::new()
                }
            };
            let value = obj
                .get("value")
                .and_then(|v| self.string(v, &format!("{p}.value")).map(str::to_owned));
            if kind == ConditionKind::Host && value.is_none() {
                self.error(&format!("{p}.value"), "is required for a host condition");
            }
            out.push(ConditionSpec { kind, key, value });
        }
        out
    }

    fn matcher(&mut self, v: &Value, path: &str) -> Vec<MatcherSpec> {
        let items: Vec<(String, &Value)> = match v {
            Value::String(_) => vec![(path.to_owned(), v)],
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("{path}[{i}]"), x))
                .collect(),
            _ => {
                self.wrong_type(path, "a string or an array", v);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (p, item) in items {
            match item {
                Value::String(s) => {
                    self.matcher_source(s, &p);
                    out.push(MatcherSpec {
                        source: s.clone(),
                        ..Default::default()
                    })
                }
                Value::Object(obj) => {
                    self.keys(obj, &p, &["source", "has", "missing", "locale"]);
                    let locale = obj.get("locale").map(|l| {
                        let path = format!("{p}.locale");
                        let locale = self.boolean(l, &path);
                        if locale {
                            self.error(&path, "must be false (the only value Next.js accepts)");
                        }
                        locale
                    });
                    let source = self.required_string(obj, "source", &p);
                    if obj.get("source").is_some_and(Value::is_string) {
                        self.matcher_source(&source, &format!("{p}.source"));
                    }
                    out.push(MatcherSpec {
                        source,
                        has: self.conditions(obj.get("has"), &format!("{p}.has")),
                        missing: self.conditions(obj.get("missing"), &format!("{p}.missing")),
                        locale,
                    });
                }
                other => self.wrong_type(&p, "a string or a {source, has, missing} object", other),
            }
        }
        out
    }

    /// A matcher source is a path: the compiler would refuse it later, without the file's
    /// line; said here with it.
    fn matcher_source(&mut self, source: &str, path: &str) {
        if !source.starts_with('/') {
            self.error(path, &format!("must start with '/', found {source:?}"));
        }
    }

    fn middleware(&mut self, v: &Value) -> Option<MiddlewareSpec> {
        let obj = self.object(v, "middleware")?;
        self.keys(obj, "middleware", &["matcher", "rules"]);
        let matcher = obj
            .get("matcher")
            .map(|m| self.matcher(m, "middleware.matcher"));
        let mut rules = Vec::new();
        if let Some(list) = obj.get("rules") {
            for (i, item) in self.array(list, "middleware.rules").iter().enumerate() {
                let p = format!("middleware.rules[{i}]");
                if let Some(rule) = self.middleware_rule(item, &p) {
                    // Kept even when malformed, so later messages keep this rule's index.
                    rules.push(rule);
                }
            }
        }
        Some(MiddlewareSpec {
            matcher,
            rules,
            file: None,
        })
    }

    fn middleware_rule(&mut self, v: &Value, p: &str) -> Option<MiddlewareRule> {
        let obj = self.object(v, p)?;
        self.keys(
            obj,
            p,
            &[
                "if",
                "setRequestHeaders",
                "deleteRequestHeaders",
                "requestHeaders",
                "setResponseHeaders",
                "setCookies",
                "redirect",
                "rewrite",
                "respond",
            ],
        );
        let mut rule = MiddlewareRule::default();
        if let Some(cond) = obj.get("if") {
            let cp = format!("{p}.if");
            if let Some(c) = self.object(cond, &cp) {
                self.keys(c, &cp, &["source", "has", "missing", "methods"]);
                rule.source = c
                    .get("source")
                    .and_then(|s| self.string(s, &format!("{cp}.source")).map(str::to_owned));
                rule.has = self.conditions(c.get("has"), &format!("{cp}.has"));
                rule.missing = self.conditions(c.get("missing"), &format!("{cp}.missing"));
                if let Some(m) = c.get("methods") {
                    rule.methods = self.string_list(m, &format!("{cp}.methods"));
                }
            }
        }
        if let Some(h) = obj.get("setRequestHeaders") {
            rule.set_request_headers = self.string_map(h, &format!("{p}.setRequestHeaders"));
        }
        if let Some(h) = obj.get("deleteRequestHeaders") {
            rule.delete_request_headers = self.string_list(h, &format!("{p}.deleteRequestHeaders"));
        }
        if let Some(h) = obj.get("requestHeaders") {
            rule.request_headers = Some(self.string_map(h, &format!("{p}.requestHeaders")));
        }
        if let Some(h) = obj.get("setResponseHeaders") {
            rule.set_response_headers = self.string_map(h, &format!("{p}.setResponseHeaders"));
        }
        if let Some(c) = obj.get("setCookies") {
            rule.set_cookies = self.string_list(c, &format!("{p}.setCookies"));
        }
        let terminals: Vec<&str> = ["redirect", "rewrite", "respond"]
            .into_iter()
            .filter(|k| obj.contains_key(*k))
            .collect();
        if terminals.len() > 1 {
            self.error(
                p,
                &format!(
                    "has {} terminal effects ({}); a rule may have at most one of redirect, rewrite, respond",
                    terminals.len(),
                    terminals.join(", ")
                ),
            );
        }
        if let Some(r) = obj.get("redirect") {
            let rp = format!("{p}.redirect");
            if let Some(o) = self.object(r, &rp) {
                self.keys(o, &rp, &["destination", "permanent", "statusCode"]);
                let destination = self.required_string(o, "destination", &rp);
                let status = self.redirect_status(o, &rp, 307);
                rule.action = Some(RuleAction::Redirect {
                    destination,
                    status,
                });
            }
        } else if let Some(r) = obj.get("rewrite") {
            let rp = format!("{p}.rewrite");
            if let Some(o) = self.object(r, &rp) {
                self.keys(o, &rp, &["destination"]);
                let destination = self.required_string(o, "destination", &rp);
                rule.action = Some(RuleAction::Rewrite { destination });
            }
        } else if let Some(r) = obj.get("respond") {
            let rp = format!("{p}.respond");
            if let Some(o) = self.object(r, &rp) {
                self.keys(o, &rp, &["status", "headers", "body"]);
                let status = o
                    .get("status")
                    .and_then(|s| self.unsigned(s, &format!("{rp}.status"), 999))
                    .unwrap_or(200) as u16;
                let headers = o
                    .get("headers")
                    .map(|h| self.string_map(h, &format!("{rp}.headers")))
                    .unwrap_or_default();
                let body = o
                    .get("body")
                    .and_then(|b| self.string(b, &format!("{rp}.body")).map(str::to_owned));
                rule.action = Some(RuleAction::Respond {
                    status,
                    headers,
                    body,
                });
            }
        }
        Some(rule)
    }

    /// `statusCode`, else `permanent` (308/307); `default` when the caller gives neither.
    /// With both, `statusCode` wins, as Next.js's `getRedirectStatus` does (`permanent` is
    /// still type-checked).
    fn redirect_status(&mut self, o: &Map<String, Value>, p: &str, default: u16) -> u16 {
        let permanent = o
            .get("permanent")
            .map(|v| self.boolean(v, &format!("{p}.permanent")));
        let status = o.get("statusCode").map(|v| {
            self.unsigned(v, &format!("{p}.statusCode"), 999)
                .unwrap_or(default as u64) as u16
        });
        match (status, permanent) {
            (Some(s), _) => s,
            (None, Some(true)) => 308,
            (None, Some(false)) => 307,
            (None, None) => default,
        }
    }

    fn base_path_flag(&mut self, obj: &Map<String, Value>, p: &str) -> bool {
        match obj.get("basePath") {
            None => true,
            Some(Value::Bool(false)) => false,
            Some(other) => {
                self.error(
                    &format!("{p}.basePath"),
                    &format!("may only be false, found {other}"),
                );
                true
            }
        }
    }

    /// Parses each object of the array `v` at `path` with `item` (given its JSON path), after
    /// checking its keys against `allowed`; items that are not objects are reported and
    /// skipped. Every parsed item is kept, malformed or not, so later messages keep its index.
    fn rule_list<T>(
        &mut self,
        v: &Value,
        path: &str,
        allowed: &[&str],
        mut item: impl FnMut(&mut Self, &str, &Map<String, Value>) -> T,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (i, x) in self.array(v, path).iter().enumerate() {
            let p = format!("{path}[{i}]");
            if let Some(obj) = self.object(x, &p) {
                self.keys(obj, &p, allowed);
                out.push(item(self, &p, obj));
            }
        }
        out
    }

    fn headers(&mut self, v: &Value) -> Vec<HeaderRule> {
        let allowed = ["source", "headers", "has", "missing", "basePath", "locale"];
        self.rule_list(v, "headers", &allowed, |this, p, obj| {
            let source = this.required_string(obj, "source", p);
            let mut headers = Vec::new();
            match obj.get("headers") {
                None => this.error(&format!("{p}.headers"), "is required"),
                Some(list) => {
                    for (j, h) in this.array(list, &format!("{p}.headers")).iter().enumerate() {
                        let hp = format!("{p}.headers[{j}]");
                        if let Some(ho) = this.object(h, &hp) {
                            this.keys(ho, &hp, &["key", "value"]);
                            let k = this.required_string(ho, "key", &hp);
                            let v = this.required_string(ho, "value", &hp);
                            headers.push((k, v));
                        }
                    }
                }
            }
            HeaderRule {
                source,
                headers,
                has: this.conditions(obj.get("has"), &format!("{p}.has")),
                missing: this.conditions(obj.get("missing"), &format!("{p}.missing")),
                base_path: this.base_path_flag(obj, p),
            }
        })
    }

    fn redirects(&mut self, v: &Value) -> Vec<RedirectRule> {
        let allowed = [
            "source",
            "destination",
            "permanent",
            "statusCode",
            "has",
            "missing",
            "basePath",
            "locale",
        ];
        self.rule_list(v, "redirects", &allowed, |this, p, obj| {
            if !obj.contains_key("permanent") && !obj.contains_key("statusCode") {
                this.error(&format!("{p}.permanent"), "is required (or statusCode)");
            }
            RedirectRule {
                source: this.required_string(obj, "source", p),
                destination: this.required_string(obj, "destination", p),
                status: this.redirect_status(obj, p, 307),
                has: this.conditions(obj.get("has"), &format!("{p}.has")),
                missing: this.conditions(obj.get("missing"), &format!("{p}.missing")),
                base_path: this.base_path_flag(obj, p),
            }
        })
    }

    fn rewrite_list(&mut self, v: &Value, path: &str) -> Vec<RewriteRule> {
        let allowed = [
            "source",
            "destination",
            "has",
            "missing",
            "basePath",
            "locale",
        ];
        self.rule_list(v, path, &allowed, |this, p, obj| RewriteRule {
            source: this.required_string(obj, "source", p),
            destination: this.required_string(obj, "destination", p),
            has: this.conditions(obj.get("has"), &format!("{p}.has")),
            missing: this.conditions(obj.get("missing"), &format!("{p}.missing")),
            base_path: this.base_path_flag(obj, p),
        })
    }

    fn rewrites(&mut self, v: &Value, rules: &mut RulesSpec) {
        match v {
            Value::Array(_) => rules.after_files = self.rewrite_list(v, "rewrites"),
            Value::Object(obj) => {
                self.keys(obj, "rewrites", &["beforeFiles", "afterFiles", "fallback"]);
                if let Some(b) = obj.get("beforeFiles") {
                    rules.before_files = self.rewrite_list(b, "rewrites.beforeFiles");
                }
                if let Some(a) = obj.get("afterFiles") {
                    rules.after_files = self.rewrite_list(a, "rewrites.afterFiles");
                }
                if let Some(f) = obj.get("fallback") {
                    rules.fallback = self.rewrite_list(f, "rewrites.fallback");
                }
            }
            _ => self.wrong_type(
                "rewrites",
                "an array or a {beforeFiles, afterFiles, fallback} object",
                v,
            ),
        }
    }

    fn limits(&mut self, v: &Value) -> Limits {
        let mut limits = Limits::default();
        let Some(obj) = self.object(v, "limits") else {
            return limits;
        };
        for (key, v) in obj {
            let p = format!("limits.{key}");
            let field = match key.as_str() {
                "maxTargetBytes" => &mut limits.max_target_bytes,
                "maxSegments" => &mut limits.max_segments,
                "maxHeaders" => &mut limits.max_headers,
                "maxHeaderBytes" => &mut limits.max_header_bytes,
                "maxPatternBytes" => &mut limits.max_pattern_bytes,
                "maxRoutes" => &mut limits.max_routes,
                "maxRules" => &mut limits.max_rules,
                _ => {
                    self.error(
                        &p,
                        "is not a known limit (expected maxTargetBytes, maxSegments, maxHeaders, maxHeaderBytes, maxPatternBytes, maxRoutes, maxRules)",
                    );
                    continue;
                }
            };
            if let Some(n) = self.unsigned(v, &p, 1 << 30) {
                if n == 0 {
                    self.error(&p, "must be at least 1");
                } else {
                    *field = n as usize;
                }
            }
        }
        limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse_config(text) {
            Ok(b) => match b.build() {
                Ok(_) => vec![],
                Err(e) => e.0.iter().map(|e| e.message().to_owned()).collect(),
            },
            Err(e) => e.0.iter().map(|e| e.message().to_owned()).collect(),
        }
    }

    #[test]
    fn every_error_names_its_json_path() {
        let errs = errors(
            r#"{"basePath": 3, "trailingSlash": "yes", "nope": 1,
                "routes": [{"pattern": "/a", "kind": "widget", "methods": ["GET"]},
                           {"pattern": "/b", "methods": "GET"},
                           {"kind": "page"},
                           {"pattern": "/c"},
                           {"pattern": "/d", "kind": "page", "revalidate": -1, "extra": true},
                           {"pattern": "/e", "kind": "pag"}],
                "limits": {"maxSegments": 0, "maxFoo": 1}}"#,
        );
        let want = [
            "basePath must be a string, found a number",
            "trailingSlash must be a boolean",
            "nope is not a known key",
            "routes[0].kind is 'widget'",
            "routes[1].methods must be an array",
            "routes[2].pattern is required",
            "routes[3].methods is required",
            "routes[4].revalidate must be a non-negative integer",
            "routes[4].extra is not a known key",
            "routes[5].kind is 'pag'", // and nothing about its methods
            "limits.maxSegments must be at least 1",
            "limits.maxFoo is not a known limit",
        ];
        for w in want {
            assert!(
                errs.iter().any(|e| e.contains(w)),
                "missing {w:?} in {errs:#?}"
            );
        }
        assert_eq!(errs.len(), want.len(), "{errs:#?}");
    }

    #[test]
    fn permanent_beside_status_code_is_still_type_checked() {
        let errs = errors(
            r#"{"redirects": [{"source": "/a", "destination": "/b", "permanent": "yes", "statusCode": 302}]}"#,
        );
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].contains("redirects[0].permanent must be a boolean"),
            "{errs:#?}"
        );
    }

    #[test]
    fn page_extensions_are_checked() {
        let errs = errors(r#"{"pageExtensions": [".mdx", "tsx", 3]}"#);
        assert!(
            errs.iter()
                .any(|e| e.contains("pageExtensions[0] '.mdx' is not an extension")),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("pageExtensions[2] must be a string")),
            "{errs:#?}"
        );
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert!(
            errors(r#"{"pageExtensions": []}"#)[0]
                .contains("pageExtensions must list at least one")
        );
        assert!(errors(r#"{"pageExtensions": ["mdx", "tsx"]}"#).is_empty());
        let v: Value = serde_json::from_str(r#"{"pageExtensions": ["mdx"]}"#).unwrap();
        assert_eq!(page_extensions(&v).unwrap(), ["mdx"]);
        assert_eq!(
            page_extensions(&Value::Null).unwrap(),
            ["tsx", "ts", "jsx", "js"]
        );
    }

    #[test]
    fn defaults_ids_to_the_array_index() {
        let b = parse_config(r#"{"routes": [{"pattern": "/a", "kind": "page"}, {"pattern": "/b", "kind": "page", "id": 99}]}"#).unwrap();
        let ids: Vec<u64> = b.routes().iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![0, 99]);
    }

    #[test]
    fn invalid_json_is_one_clear_error() {
        let errs = errors("{\"routes\": [");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].contains("not valid JSON"));
    }
}
