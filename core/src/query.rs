//! The query string as the handler sees it: form-decoded pairs, reserved keys dropped.

use crate::context::Context;

/// Query keys Next.js reserves for itself; a client can never set them (ROUTING.md §2).
pub(crate) fn is_reserved_key(key: &[u8]) -> bool {
    key.starts_with(b"nxtP")
        || key.starts_with(b"nxtI")
        || matches!(
            key,
            b"__nextLocale" | b"__nextDefaultLocale" | b"__nextDataReq"
        )
}

/// Decodes `ctx.raw_query` into `ctx.query` / `ctx.query_spans`.
pub(crate) fn parse(ctx: &mut Context) {
    let Context {
        raw_query,
        query,
        query_spans,
        ..
    } = ctx;
    for pair in raw_query.as_bytes().split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = match memchr::memchr(b'=', pair) {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let ks = query.len() as u32;
        form_decode(k, query);
        let ke = query.len() as u32;
        if is_reserved_key(&query[ks as usize..]) {
            query.truncate(ks as usize);
            continue;
        }
        form_decode(v, query);
        query_spans.push([ks, ke, ke, query.len() as u32]);
    }
}

/// `application/x-www-form-urlencoded` decoding as Node's `querystring` does it: `+` is a
/// space, malformed escapes stay as written, invalid UTF-8 becomes U+FFFD.
fn form_decode(raw: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() && hex(raw[i + 1]).is_some() && hex(raw[i + 2]).is_some() => {
                out.push(hex(raw[i + 1]).unwrap_or(0) << 4 | hex(raw[i + 2]).unwrap_or(0));
                i += 3;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
    if std::str::from_utf8(&out[start..]).is_err() {
        // Rare: rewrite the tail lossily, through a copy only on this path.
        let tail: Vec<u8> = out.split_off(start);
        for chunk in tail.utf8_chunks() {
            out.extend_from_slice(chunk.valid().as_bytes());
            if !chunk.invalid().is_empty() {
                out.extend_from_slice("\u{FFFD}".as_bytes());
            }
        }
    }
}

/// The value of one hex digit.
pub(crate) fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        let mut ctx = Context::new();
        ctx.raw_query.push_str(q);
        parse(&mut ctx);
        ctx.query_spans
            .iter()
            .map(|s| {
                let t = |a: u32, b: u32| {
                    String::from_utf8(ctx.query[a as usize..b as usize].to_vec()).unwrap()
                };
                (t(s[0], s[1]), t(s[2], s[3]))
            })
            .collect()
    }

    #[test]
    fn decodes_like_node_querystring() {
        assert_eq!(
            pairs("a=1&b=x+y&c=%41&d&=e&&f=%zz"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "A".into()),
                ("d".into(), "".into()),
                ("".into(), "e".into()),
                ("f".into(), "%zz".into()),
            ]
        );
        assert_eq!(pairs("x=%FF"), vec![("x".into(), "\u{FFFD}".into())]);
    }

    #[test]
    fn drops_reserved_keys() {
        assert_eq!(
            pairs("nxtPid=1&nxtIx=2&__nextLocale=fr&__nextDataReq=1&__nextDefaultLocale=en&ok=1"),
            vec![("ok".into(), "1".into())]
        );
    }
}
