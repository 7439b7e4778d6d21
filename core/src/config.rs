//! `routecore.json` (ROUTING.md §7) → a [`RouterBuilder`]. Every wrong key, type or value is
//! reported with its JSON path (`routes[2].kind`), all at once.

use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::limits::Limits;
use crate::route::{Dynamic, Revalidate, RouteKind, RouteSpec};
use crate::router::{RouterBuilder, RouterOptions};
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

/// Reads an already-parsed `routecore.json` value.
pub fn config_from_value(value: &Value) -> Result<RouterBuilder, BuildErrors> {
    let mut r = Reader::default();
    let mut options = RouterOptions::default();
    let mut routes = Vec::new();
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
                "routes" => routes = r.routes(v),
                "limits" => options.limits = r.limits(v),
                "middleware" | "headers" | "redirects" | "rewrites" => r.error(
                    key,
                    "is not supported by this version of routecore yet (it would be ignored, which is unsafe for security rules)",
                ),
                "$schema" => {}
                other => r.error(
                    other,
                    "is not a known key (expected basePath, trailingSlash, skipTrailingSlashRedirect, caseSensitiveRoutes, routes, middleware, headers, redirects, rewrites, limits)",
                ),
            }
        }
    }
    if !r.errors.is_empty() {
        return Err(BuildErrors(r.errors));
    }
    let mut builder = RouterBuilder::new().options(options);
    for route in routes {
        builder.add(route);
    }
    Ok(builder)
}

#[derive(Default)]
struct Reader {
    errors: Vec<BuildError>,
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
            format!("routecore.json: {path} {msg}"),
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
            let Some(obj) = self.object(item, &path) else {
                continue;
            };
            let mut spec = RouteSpec {
                id: i as u64,
                ..Default::default()
            };
            let mut methods_given = false;
            let mut has_pattern = false;
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
                                None => self.error(
                                    &p,
                                    &format!("is '{s}', expected 'route', 'page' or 'metadata'"),
                                ),
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
            if spec.kind == RouteKind::Route && !methods_given {
                self.error(
                    &format!("{path}.methods"),
                    "is required for a route handler (kind 'route')",
                );
            }
            out.push(spec);
        }
        out
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
                           {"pattern": "/d", "kind": "page", "revalidate": -1, "extra": true}],
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
