//! The field names clients send with nearly every request, for the header checks' shortcut: a
//! name found here is known to be a token, not internal and (but for `host`) not `Host`, so
//! the per-byte checks are skipped for it. Lookup is one slot of a table built at compile time
//! and an exact compare of the name's bytes: a name that differs in any byte (case included,
//! `\r` for `-` included) is not found and takes the full checks.

use crate::routes::dict::{self, le64};

/// What the shortcut knows about a name it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Common {
    /// `host` or `Host` (counted: two `Host` fields are a 400).
    Host,
    /// Any other listed name.
    Other,
}

/// The listed names: lower case (HTTP/2, ASGI and most clients) and the canonical case Go's
/// `net/http` and HTTP/1.1 browsers send. At most 32 bytes each (a name's length and four 8-byte
/// words then hold all of it). None is internal (`rules::conditions::is_internal_header`; a test
/// holds them to it).
const NAMES: [&[u8]; 72] = [
    b"host",
    b"Host",
    b"user-agent",
    b"User-Agent",
    b"accept",
    b"Accept",
    b"accept-language",
    b"Accept-Language",
    b"accept-encoding",
    b"Accept-Encoding",
    b"cookie",
    b"Cookie",
    b"referer",
    b"Referer",
    b"connection",
    b"Connection",
    b"cache-control",
    b"Cache-Control",
    b"content-type",
    b"Content-Type",
    b"content-length",
    b"Content-Length",
    b"origin",
    b"Origin",
    b"pragma",
    b"Pragma",
    b"authorization",
    b"Authorization",
    b"if-none-match",
    b"If-None-Match",
    b"if-modified-since",
    b"If-Modified-Since",
    b"sec-fetch-dest",
    b"Sec-Fetch-Dest",
    b"sec-fetch-mode",
    b"Sec-Fetch-Mode",
    b"sec-fetch-site",
    b"Sec-Fetch-Site",
    b"sec-fetch-user",
    b"Sec-Fetch-User",
    b"sec-ch-ua",
    b"Sec-Ch-Ua",
    b"sec-ch-ua-mobile",
    b"Sec-Ch-Ua-Mobile",
    b"sec-ch-ua-platform",
    b"Sec-Ch-Ua-Platform",
    b"upgrade-insecure-requests",
    b"Upgrade-Insecure-Requests",
    b"priority",
    b"Priority",
    b"dnt",
    b"Dnt",
    b"te",
    b"Te",
    b"range",
    b"Range",
    b"x-forwarded-for",
    b"X-Forwarded-For",
    b"x-forwarded-proto",
    b"X-Forwarded-Proto",
    b"x-forwarded-host",
    b"X-Forwarded-Host",
    b"x-real-ip",
    b"X-Real-Ip",
    b"x-request-id",
    b"X-Request-Id",
    b"x-requested-with",
    b"X-Requested-With",
    b"traceparent",
    b"Traceparent",
    b"forwarded",
    b"Forwarded",
];

/// A name's length and its first and last bytes in two words: all of its bytes up to 16 bytes;
/// a longer name's middle is compared apart (`MIDDLE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    len: u8,
    a: u64,
    b: u64,
}

/// Reads `N` bytes of `s` from `at` as a little-endian number (a `const` reader for the table).
const fn read<const N: usize>(s: &[u8], at: usize) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < N {
        v |= (s[at + i] as u64) << (8 * i);
        i += 1;
    }
    v
}

impl Key {
    /// The key of a name of 1 to 32 bytes: the first and the last 8 bytes (overlapping) from
    /// 8 bytes on, the first and the last 4 from 4 on, else the first, middle and last byte.
    /// (`const`, for the table: the words `dict::Key::new` reads on the request path.)
    const fn of(s: &[u8]) -> Key {
        let n = s.len();
        let (a, b) = if n >= 8 {
            (read::<8>(s, 0), read::<8>(s, n - 8))
        } else if n >= 4 {
            (read::<4>(s, 0) | read::<4>(s, n - 4) << 32, 0)
        } else {
            (
                s[0] as u64 | (s[n / 2] as u64) << 8 | (s[n - 1] as u64) << 16,
                0,
            )
        };
        Key { len: n as u8, a, b }
    }

    /// The key's slot: a multiplicative hash of its length and outer words.
    #[inline(always)]
    const fn slot(&self) -> usize {
        self.slot_with(MULTIPLIER)
    }

    const fn slot_with(&self, k: u64) -> usize {
        let h = (self.a ^ self.b.rotate_left(29) ^ self.len as u64).wrapping_mul(k);
        (h >> (64 - SLOT_BITS)) as usize
    }
}

/// The first multiplier (of a fixed sequence) that gives every listed name its own slot,
/// found when the crate is compiled.
const MULTIPLIER: u64 = {
    let mut i = 0u64;
    loop {
        let k = (0x9e37_79b9_7f4a_7c15u64 ^ i.wrapping_mul(0x5851_f42d_4c95_7f2d)) | 1;
        let mut used = [false; 1 << SLOT_BITS];
        let mut ok = true;
        let mut j = 0;
        while j < NAMES.len() {
            let s = Key::of(NAMES[j]).slot_with(k);
            if used[s] {
                ok = false;
                break;
            }
            used[s] = true;
            j += 1;
        }
        if ok {
            break k;
        }
        i += 1;
        assert!(
            i < 100_000,
            "no multiplier gives every listed name its own slot"
        );
    }
};

const SLOT_BITS: u32 = 9;

/// One slot: a listed name's key (length 0 for an empty slot) and what it is.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: Key,
    common: Common,
}

const EMPTY: Slot = Slot {
    key: Key { len: 0, a: 0, b: 0 },
    common: Common::Other,
};

/// Bytes 8 to 16 of a name over 16 bytes, and the 8 before its last 8: with its key, all of
/// its bytes (up to 32).
const fn middle(s: &[u8]) -> (u64, u64) {
    let n = s.len();
    (read::<8>(s, 8), read::<8>(s, n - 16))
}

/// Every listed name in its own slot (the build fails if two share one), and beside it the
/// middle of a name over 16 bytes.
static TABLE: ([Slot; 1 << SLOT_BITS], [(u64, u64); 1 << SLOT_BITS]) = {
    let mut t = [EMPTY; 1 << SLOT_BITS];
    let mut m = [(0, 0); 1 << SLOT_BITS];
    let mut i = 0;
    while i < NAMES.len() {
        let name = NAMES[i];
        assert!(
            !name.is_empty() && name.len() <= 32,
            "a listed name is 1 to 32 bytes"
        );
        let key = Key::of(name);
        let s = key.slot();
        assert!(t[s].key.len == 0, "two listed names share a slot");
        let host = name.len() == 4 && (name[0] == b'h' || name[0] == b'H');
        t[s] = Slot {
            key,
            common: if host { Common::Host } else { Common::Other },
        };
        if name.len() > 16 {
            m[s] = middle(name);
        }
        i += 1;
    }
    (t, m)
};

/// What the shortcut knows about `name`, when it is one of the listed names byte for byte.
#[inline(always)]
pub(crate) fn common_field(name: &[u8]) -> Option<Common> {
    if name.is_empty() || name.len() > 32 {
        return None;
    }
    let words = dict::Key::new(name);
    let key = Key {
        len: words.len as u8,
        a: words.a,
        b: words.b,
    };
    let i = key.slot();
    let slot = &TABLE.0[i];
    if slot.key != key {
        return None;
    }
    // A long name's middle: bytes 8 to 16 and the 8 before its last 8.
    let n = name.len();
    if n > 16 && TABLE.1[i] != (le64(&name[8..16]), le64(&name[n - 16..n - 8])) {
        return None;
    }
    Some(slot.common)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::methods::is_token;
    use crate::rules::conditions::is_internal_header;

    #[test]
    fn every_listed_name_is_found_and_is_a_token_that_is_not_internal() {
        for name in NAMES {
            let text = std::str::from_utf8(name).unwrap();
            assert!(is_token(name), "{text}");
            assert!(!is_internal_header(name), "{text}");
            let host = name.eq_ignore_ascii_case(b"host");
            let want = if host { Common::Host } else { Common::Other };
            assert_eq!(common_field(name), Some(want), "{text}");
        }
    }

    #[test]
    fn the_request_path_s_key_is_the_table_s() {
        let mut names: Vec<Vec<u8>> = NAMES.iter().map(|n| n.to_vec()).collect();
        for n in 1..=32 {
            names.push((0..n).map(|i| b'a' + i as u8).collect());
            names.push((0..n).map(|i| 0xf0 - i as u8).collect());
        }
        for name in names {
            let (words, whole) = (dict::Key::new(&name), Key::of(&name));
            assert_eq!(
                (words.len, words.a, words.b),
                (usize::from(whole.len), whole.a, whole.b),
                "{name:?}"
            );
            assert_eq!(
                common_field(&name).is_some(),
                NAMES.contains(&&name[..]),
                "{name:?}"
            );
        }
    }

    // Some 8,000 lookups: minutes under Miri, for safe code it has nothing to find in.
    #[test]
    #[cfg_attr(miri, ignore)]
    fn a_name_differing_in_any_byte_is_not_found() {
        for name in NAMES {
            for i in 0..name.len() {
                for b in [
                    0u8,
                    b'\r',
                    b'\n',
                    b' ',
                    b':',
                    0x80,
                    0xff,
                    name[i] ^ 0x20,
                    name[i] ^ 0x01,
                ] {
                    let mut other = name.to_vec();
                    other[i] = b;
                    if NAMES.contains(&&other[..]) {
                        continue; // the other case of a listed name
                    }
                    assert_eq!(
                        common_field(&other),
                        None,
                        "{:?}",
                        String::from_utf8_lossy(&other)
                    );
                }
            }
            // Longer and shorter by one byte.
            let mut longer = name.to_vec();
            longer.push(b'x');
            assert_eq!(common_field(&longer), None);
            assert_eq!(
                common_field(&name[..name.len() - 1]).is_some(),
                NAMES.contains(&&name[..name.len() - 1])
            );
        }
        for name in [
            &b""[..],
            b"x-middleware-subrequest",
            b"HOST",
            b"hosts",
            b"ho",
            b"user-agent\r",
        ] {
            assert_eq!(
                common_field(name),
                None,
                "{:?}",
                String::from_utf8_lossy(name)
            );
        }
    }
}
