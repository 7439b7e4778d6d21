//! Percent-encoding as the engine reads and writes it, in one place: the strict decoding a
//! route param needs, the selective decoding that canonicalises a path, the lossy decoding
//! Node.js applies to query values and middleware paths, and the WHATWG path encoding.
//! Plain decoding and encoding come from the `percent-encoding` crate; what is written out
//! here is what it does not offer (strictness, selectivity, U+FFFD for invalid UTF-8).

use percent_encoding::{AsciiSet, percent_decode_str, percent_encode};

/// The value of one hex digit.
pub(crate) fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Appends `src` to `out`, decoding the escapes whose byte `decode` accepts and writing the
/// others with upper-case hex. `false` (with `out` partly written) when a `%` starts no escape:
/// decoding around it could pair it with a decoded digit into a new escape (`%2%65` → `%2e`),
/// and the text would change meaning.
pub(crate) fn decode_escapes_where(
    src: &[u8],
    out: &mut Vec<u8>,
    decode: impl Fn(u8) -> bool,
) -> bool {
    let mut i = 0;
    while i < src.len() {
        if src[i] != b'%' {
            out.push(src[i]);
            i += 1;
            continue;
        }
        let (Some(h), Some(l)) = (
            src.get(i + 1).copied().and_then(hex),
            src.get(i + 2).copied().and_then(hex),
        ) else {
            return false;
        };
        let v = h << 4 | l;
        if decode(v) {
            out.push(v);
        } else {
            out.extend_from_slice(&[
                b'%',
                src[i + 1].to_ascii_uppercase(),
                src[i + 2].to_ascii_uppercase(),
            ]);
        }
        i += 3;
    }
    true
}

/// Strict percent-decoding into `out` (a route param, a cookie value): `false` for a malformed
/// escape or a result that is not UTF-8, with `out` holding the bytes as far as they decode.
pub(crate) fn decode_strict(raw: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    if memchr::memchr(b'%', raw).is_none() {
        out.extend_from_slice(raw);
        return true;
    }
    let mut i = 0;
    let mut ok = true;
    while i < raw.len() {
        let b = raw[i];
        if b == b'%' {
            match (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => ok = false,
            }
        }
        out.push(b);
        i += 1;
    }
    ok && std::str::from_utf8(&out[start..]).is_ok()
}

/// Appends the percent-decoded `raw` to `out` (malformed escapes stay as written); bytes that
/// are not UTF-8 become U+FFFD, as Node.js decodes them: a value is never silently dropped.
pub(crate) fn decode_lossy(raw: &str, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend(percent_decode_str(raw));
    make_tail_utf8(out, start);
}

/// Replaces every invalid UTF-8 sequence in `out[start..]` with U+FFFD.
pub(crate) fn make_tail_utf8(out: &mut Vec<u8>, start: usize) {
    if std::str::from_utf8(&out[start..]).is_ok() {
        return;
    }
    // Rare: rewrite the tail lossily, through a copy only on this path.
    let tail = out.split_off(start);
    for chunk in tail.utf8_chunks() {
        out.extend_from_slice(chunk.valid().as_bytes());
        if !chunk.invalid().is_empty() {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }
}

/// What the WHATWG URL parser percent-encodes in a path besides non-ASCII bytes (the path
/// percent-encode set less the controls and space, which never reach it: they are a 400).
const WHATWG_PATH: &AsciiSet = &AsciiSet::EMPTY
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Percent-encodes `path` in place as the WHATWG URL parser does, so `/日` and `/%E6%97%A5`
/// are one path for every matcher; `scratch` is reused.
pub(crate) fn encode_path(path: &mut Vec<u8>, scratch: &mut Vec<u8>) {
    let mut chunks = percent_encode(path, WHATWG_PATH);
    // The first chunk is the longest prefix that needs no encoding.
    let Some(first) = chunks.next().filter(|c| c.len() < path.len()) else {
        return;
    };
    scratch.clear();
    scratch.extend_from_slice(first.as_bytes());
    for chunk in chunks {
        scratch.extend_from_slice(chunk.as_bytes());
    }
    std::mem::swap(path, scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_decoding_keeps_its_promise() {
        let mut out = Vec::new();
        assert!(decode_strict(b"a%20b%C3%BC", &mut out) && out == "a bü".as_bytes());
        out.clear();
        assert!(!decode_strict(b"a%zz", &mut out) && !decode_strict(b"%FF", &mut Vec::new()));
        out.clear();
        decode_lossy("%41%FF%zz+", &mut out);
        assert_eq!(out, "A\u{FFFD}%zz+".as_bytes());
        out.clear();
        assert!(decode_escapes_where(b"%61%2f%2E", &mut out, |b| b.is_ascii_alphabetic()));
        assert_eq!(out, b"a%2F%2E");
        assert!(!decode_escapes_where(b"%2%65", &mut Vec::new(), |_| true));
        let (mut path, mut scratch) = ("/日{x}".as_bytes().to_vec(), Vec::new());
        encode_path(&mut path, &mut scratch);
        assert_eq!(path, b"/%E6%97%A5%7Bx%7D");
    }
}
