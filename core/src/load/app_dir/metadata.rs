//! Metadata files (ROUTING.md §1.1): which file names are metadata routes and the URL each one
//! gets, exactly as Next.js computes it (`next/dist/lib/metadata/is-metadata-route.js`
//! `isMetadataRouteFile` with strict extensions, and `get-metadata-route.js`
//! `normalizeMetadataRoute` + `normalizeMetadataPageToRoute`), including the 6-character djb2
//! suffix that keeps a metadata file under a route group or parallel slot from colliding with
//! one at the same URL elsewhere.

/// Next.js's default `pageExtensions`: the extensions of pages, route handlers, layouts,
/// middleware and code metadata files.
pub(crate) const DEFAULT_PAGE_EXTENSIONS: &[&str] = &["tsx", "ts", "jsx", "js"];

/// A metadata file convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MetaKind {
    /// `favicon.ico` (app root only).
    Favicon,
    /// `robots.txt` / `robots.(js|ts|...)` (app root only).
    Robots,
    /// `manifest.(json|webmanifest)` / `manifest.(js|ts|...)` (app root only).
    Manifest,
    /// `sitemap.xml` / `sitemap.(js|ts|...)` (any folder; never numbered, never suffixed).
    Sitemap,
    /// `icon[N].(ico|jpg|jpeg|png|svg|js|ts|...)`.
    Icon,
    /// `apple-icon[N].(jpg|jpeg|png|js|ts|...)`.
    AppleIcon,
    /// `opengraph-image[N].(jpg|jpeg|png|gif|js|ts|...)`.
    OpenGraphImage,
    /// `twitter-image[N].(jpg|jpeg|png|gif|js|ts|...)`.
    TwitterImage,
}

/// A file name recognized as a metadata route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MetaFile<'a> {
    /// The convention.
    pub kind: MetaKind,
    /// The name without its extension (`icon1`).
    pub stem: &'a str,
    /// The extension without the dot (`png`, `tsx`).
    pub ext: &'a str,
    /// Whether it is code (`.js`/`.ts`/...) that generates the response, rather than a file
    /// served as it is.
    pub code: bool,
}

/// Recognizes a metadata file by its name; `at_root`: the file is directly in `app/`; `exts`:
/// the project's `pageExtensions` (the extensions of code metadata files).
pub(super) fn classify<'a>(name: &'a str, at_root: bool, exts: &[String]) -> Option<MetaFile<'a>> {
    let (stem, ext) = name.rsplit_once('.')?;
    let code = exts.iter().any(|e| e == ext);
    let (kind, statics): (MetaKind, &[&str]) = match stem {
        "favicon" if at_root => (MetaKind::Favicon, &["ico"]),
        "robots" if at_root => (MetaKind::Robots, &["txt"]),
        "manifest" if at_root => (MetaKind::Manifest, &["webmanifest", "json"]),
        "sitemap" => (MetaKind::Sitemap, &["xml"]),
        _ => {
            // Images allow one digit of numbering: `icon1.png`.
            let base = match stem.as_bytes().last() {
                Some(d) if d.is_ascii_digit() => &stem[..stem.len() - 1],
                _ => stem,
            };
            match base {
                "icon" => (MetaKind::Icon, &["ico", "jpg", "jpeg", "png", "svg"]),
                "apple-icon" => (MetaKind::AppleIcon, &["jpg", "jpeg", "png"]),
                "opengraph-image" => (MetaKind::OpenGraphImage, &["jpg", "jpeg", "png", "gif"]),
                "twitter-image" => (MetaKind::TwitterImage, &["jpg", "jpeg", "png", "gif"]),
                _ => return None,
            }
        }
    };
    // favicon has no code variant.
    let code = code && kind != MetaKind::Favicon;
    if !code && !statics.contains(&ext) {
        return None;
    }
    Some(MetaFile {
        kind,
        stem,
        ext,
        code,
    })
}

/// Next.js `djb2Hash`: 32-bit djb2 over UTF-16 code units.
pub(super) fn djb2(s: &str) -> u32 {
    let mut h: u32 = 5381;
    for c in s.encode_utf16() {
        h = (h << 5).wrapping_add(h).wrapping_add(u32::from(c));
    }
    h
}

/// `n.toString(36)`.
fn base36(mut n: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The suffix Next.js appends under a route group or a parallel slot: the first 6 base-36
/// digits of the djb2 hash of the parent path (`/(group)/blog`). Sitemaps never get one.
pub(super) fn suffix(parent_dirs: &[&str]) -> Option<String> {
    let special = parent_dirs.iter().any(|d| {
        (d.starts_with('(') && d.ends_with(')')) || (d.starts_with('@') && *d != "@children")
    });
    if !special {
        return None;
    }
    let parent = format!("/{}", parent_dirs.join("/"));
    let mut s = base36(djb2(&parent));
    s.truncate(6);
    Some(s)
}

/// The URL segments a metadata file adds below its folder's URL: e.g. `["icon-1ow20b.png"]`,
/// `["sitemap.xml"]`, `["opengraph-image", "[__metadata_id__]"]`.
///
/// `parent_dirs` are the folder names from `app/` down to the file (groups, slots and params
/// as written, `%5F` already turned into `_`); `generated`: the file exports
/// `generateSitemaps` or `generateImageMetadata` (one route per generated id).
pub(super) fn route_leaf(
    file: &MetaFile<'_>,
    parent_dirs: &[&str],
    generated: bool,
) -> Vec<String> {
    // Next: `normalizeMetadataRoute(page)` then `normalizeMetadataPageToRoute(route, dynamic)`.
    let at_root = parent_dirs.is_empty();
    let (name, ext) = if file.code {
        (file.stem, String::new())
    } else {
        (file.stem, format!(".{}", file.ext))
    };
    let mut leaf = match (file.code, at_root, file.kind) {
        (true, true, MetaKind::Robots) => "robots.txt".to_owned(),
        (true, true, MetaKind::Manifest) => "manifest.webmanifest".to_owned(),
        _ => {
            let sitemap = file.kind == MetaKind::Sitemap;
            match suffix(parent_dirs).filter(|_| !sitemap) {
                Some(s) => format!("{name}-{s}{ext}"),
                None => format!("{name}{ext}"),
            }
        }
    };
    if generated {
        return vec![leaf, "[__metadata_id__]".to_owned()];
    }
    if leaf == "sitemap" {
        leaf.push_str(".xml");
    }
    vec![leaf]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(dirs: &[&str], name: &str, generated: bool) -> Option<String> {
        let exts: Vec<String> = DEFAULT_PAGE_EXTENSIONS
            .iter()
            .map(|e| e.to_string())
            .collect();
        let f = classify(name, dirs.is_empty(), &exts)?;
        Some(route_leaf(&f, dirs, generated).join("/"))
    }

    #[test]
    fn djb2_matches_next() {
        // Next.js: app/(group)/opengraph-image.tsx -> /opengraph-image-1ow20b (ROUTING.md §1.1)
        assert_eq!(suffix(&["(group)"]).as_deref(), Some("1ow20b"));
        assert_eq!(djb2(""), 5381);
        assert_eq!(base36(0), "0");
        assert_eq!(base36(u32::MAX), "1z141z3");
        assert_eq!(suffix(&["blog"]), None);
        assert_eq!(suffix(&["@children"]), None);
        assert!(suffix(&["@modal"]).is_some());
    }

    #[test]
    fn file_names() {
        assert_eq!(
            leaf(&[], "favicon.ico", false).as_deref(),
            Some("favicon.ico")
        );
        assert_eq!(leaf(&["blog"], "favicon.ico", false), None);
        assert_eq!(leaf(&[], "favicon.ts", false), None);
        assert_eq!(leaf(&[], "robots.ts", false).as_deref(), Some("robots.txt"));
        assert_eq!(
            leaf(&[], "robots.txt", false).as_deref(),
            Some("robots.txt")
        );
        assert_eq!(leaf(&["a"], "robots.ts", false), None);
        assert_eq!(
            leaf(&[], "manifest.ts", false).as_deref(),
            Some("manifest.webmanifest")
        );
        assert_eq!(
            leaf(&[], "manifest.json", false).as_deref(),
            Some("manifest.json")
        );
        assert_eq!(
            leaf(&["(g)"], "sitemap.ts", false).as_deref(),
            Some("sitemap.xml")
        );
        assert_eq!(
            leaf(&["(g)"], "sitemap.xml", false).as_deref(),
            Some("sitemap.xml")
        );
        assert_eq!(
            leaf(&[], "sitemap.ts", true).as_deref(),
            Some("sitemap/[__metadata_id__]")
        );
        assert_eq!(leaf(&[], "sitemap1.ts", false), None);
        assert_eq!(leaf(&[], "icon1.png", false).as_deref(), Some("icon1.png"));
        assert_eq!(leaf(&[], "icon12.png", false), None);
        assert_eq!(leaf(&[], "icon.gif", false), None);
        assert_eq!(leaf(&[], "icon.PNG", false), None);
        assert_eq!(leaf(&[], "icon.d.ts", false), None);
        assert_eq!(leaf(&["[id]"], "icon.tsx", false).as_deref(), Some("icon"));
        assert_eq!(
            leaf(&["(group)"], "opengraph-image.tsx", false).as_deref(),
            Some("opengraph-image-1ow20b")
        );
        assert_eq!(
            leaf(&["(group)"], "opengraph-image2.png", true).as_deref(),
            Some("opengraph-image2-1ow20b.png/[__metadata_id__]")
        );
        assert_eq!(leaf(&[], "apple-icon.svg", false), None);
        assert_eq!(
            leaf(&[], "twitter-image.gif", false).as_deref(),
            Some("twitter-image.gif")
        );
        assert_eq!(leaf(&[], "page.tsx", false), None);
    }
}
