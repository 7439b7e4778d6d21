//! Interception routes (`app/feed/@modal/(.)photo/[id]/page.tsx`), as Next.js serves them:
//! each becomes a `beforeFiles` rewrite from the intercepted URL (`/feed/photo/:id`) to the
//! intercepting route (`/feed/(.)photo/:id`) that applies only when the request's `Next-Url`
//! header (the page a soft navigation comes from) lies under the intercepting segment (`/feed`)
//! — Next.js's `generateInterceptionRoutesRewrites`. Reading `Next-Url` puts `next-url` in the
//! decision's `vary`. A direct request for the intercepting route's own path
//! (`/feed/(.)photo/1`) is a 404: only the rewrite reaches it (ROUTING.md §1.1).

use crate::routes::pattern::marker;
use crate::rules::RewriteRule;
use crate::rules::conditions::{ConditionKind, ConditionSpec};

/// The `beforeFiles` rewrite of an intercepting route `pattern` (Next.js's shape: `nxtP`
/// param names, the `Next-Url` test), or an error naming the pattern.
pub(crate) fn rewrite(pattern: &str) -> Result<RewriteRule, String> {
    let segs: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let at = segs
        .iter()
        .position(|s| marker(s).is_some())
        .ok_or_else(|| format!("route '{pattern}' is not an interception route"))?;
    let m = marker(segs[at]).expect("found");
    let rest = &segs[at][m.len()..];
    if rest.is_empty() || rest.starts_with('[') {
        return Err(format!(
            "interception route '{pattern}': the marker '{m}' must be followed by a static name ('{m}photo'); a parameter right after it is not supported"
        ));
    }
    if segs[at + 1..].iter().any(|s| marker(s).is_some()) {
        return Err(format!(
            "interception route '{pattern}' has more than one interception marker"
        ));
    }
    // Next.js: extractInterceptionRouteInformation.
    let intercepting = &segs[..at];
    let up = match m {
        "(.)" => 0,
        "(..)" => 1,
        "(..)(..)" => 2,
        _ => intercepting.len(),
    };
    if up > intercepting.len() || (m == "(..)" && intercepting.is_empty()) {
        return Err(format!(
            "interception route '{pattern}': cannot use the {m} marker at the root level or that many levels up"
        ));
    }
    let mut intercepted: Vec<&str> = intercepting[..intercepting.len() - up].to_vec();
    intercepted.push(rest);
    intercepted.extend(&segs[at + 1..]);

    let source = to_p2r(&intercepted);
    let destination = to_p2r(&segs);
    let header = if intercepting.is_empty() {
        "/.*".to_owned()
    } else {
        let mut re = String::new();
        for s in intercepting {
            match param(s) {
                Some((name, Shape::One)) => re.push_str(&format!("/(?<nxtP{name}>[^/]+?)")),
                Some((name, Shape::Many)) => re.push_str(&format!("/(?<nxtP{name}>.+?)")),
                Some((name, Shape::Optional)) => re.push_str(&format!("(?:/(?<nxtP{name}>.+?))?")),
                None => {
                    re.push('/');
                    re.push_str(&regex_syntax::escape(s));
                }
            }
        }
        re.push_str("(?:/.*)?");
        re
    };
    Ok(RewriteRule {
        source,
        destination,
        has: vec![ConditionSpec {
            kind: ConditionKind::Header,
            key: "next-url".to_owned(),
            value: Some(header),
        }],
        missing: Vec::new(),
        base_path: true,
    })
}

/// How a param segment repeats.
enum Shape {
    One,
    Many,
    Optional,
}

/// `[x]`, `[...x]`, `[[...x]]` → the key (non-word characters dropped, as Next.js's
/// `getSafeRouteKey` does) and its shape.
fn param(seg: &str) -> Option<(String, Shape)> {
    let (inner, shape) =
        if let Some(n) = seg.strip_prefix("[[...").and_then(|s| s.strip_suffix("]]")) {
            (n, Shape::Optional)
        } else if let Some(n) = seg.strip_prefix("[...").and_then(|s| s.strip_suffix(']')) {
            (n, Shape::Many)
        } else {
            (seg.strip_prefix('[')?.strip_suffix(']')?, Shape::One)
        };
    let key = inner
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Some((key, shape))
}

/// Route segments → a path-to-regexp path (static text escaped, markers included).
fn to_p2r(segs: &[&str]) -> String {
    if segs.is_empty() {
        return "/".to_owned();
    }
    let mut out = String::new();
    for s in segs {
        out.push('/');
        match param(s) {
            Some((name, Shape::One)) => out.push_str(&format!(":nxtP{name}")),
            Some((name, Shape::Many)) => out.push_str(&format!(":nxtP{name}+")),
            Some((name, Shape::Optional)) => out.push_str(&format!(":nxtP{name}*")),
            None => {
                for c in s.chars() {
                    if "\\:()[]{}*+?".contains(c) {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pattern: &str) -> (String, String, String) {
        let r = rewrite(pattern).unwrap();
        (r.source, r.destination, r.has[0].value.clone().unwrap())
    }

    #[test]
    fn matches_generate_interception_routes_rewrites() {
        // Next.js 16.4.6, generateInterceptionRoutesRewrites (destinations escaped for p2r).
        assert_eq!(
            shape("/feed/(.)photo/[id]"),
            (
                "/feed/photo/:nxtPid".into(),
                r"/feed/\(.\)photo/:nxtPid".into(),
                "/feed(?:/.*)?".into()
            )
        );
        assert_eq!(
            shape("/org/[orgSlug]/replays/(.)replays/[sessionId]").2,
            "/org/(?<nxtPorgSlug>[^/]+?)/replays(?:/.*)?"
        );
        assert_eq!(shape("/a/b/(..)c/[x]").0, "/a/c/:nxtPx");
        assert_eq!(shape("/a/b/(..)(..)c").0, "/c");
        assert_eq!(shape("/x/(...)login").0, "/login");
        assert_eq!(
            shape("/(.)photo/[...rest]"),
            (
                "/photo/:nxtPrest+".into(),
                r"/\(.\)photo/:nxtPrest+".into(),
                "/.*".into()
            )
        );
        assert_eq!(
            shape("/shop/[[...slug]]/(.)cart").2,
            "/shop(?:/(?<nxtPslug>.+?))?(?:/.*)?"
        );
        assert!(rewrite("/(..)x").unwrap_err().contains("root level"));
        assert!(
            rewrite("/feed/(.)[id]")
                .unwrap_err()
                .contains("static name")
        );
        use crate::routes::pattern::is_intercepting;
        assert!(is_intercepting("/feed/(...)x") && !is_intercepting("/feed/(group)x"));
    }
}
