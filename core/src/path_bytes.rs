//! Which bytes of a request target the path cleaner keeps as they are: the byte classes its
//! fast scan (`input::normalize`) and the trie's raw walk (`routes::tree::raw`) read, so that
//! both agree on what a plain target is.

/// Byte classes: bytes the general cleaner copies unchanged.
pub(crate) const PLAIN: u8 = 0;
/// `/` and `.`: plain unless they form `//` or a segment starting with `.`.
pub(crate) const SLASH_OR_DOT: u8 = 1;
/// `?`: the query starts.
pub(crate) const QUESTION: u8 = 2;
/// `%`, `\` and the characters the WHATWG parser escapes in a path (`"`, `<`, `>`, `` ` ``,
/// `{`, `}`): plain in the query only.
pub(crate) const PATH_SPECIAL: u8 = 3;
/// Controls, space, `#` and non-ASCII: the general cleaner decides.
pub(crate) const GENERAL: u8 = 4;

/// Each byte's class.
pub(crate) const CLASS: [u8; 256] = {
    let mut t = [GENERAL; 256];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = PLAIN;
        b += 1;
    }
    t[b'/' as usize] = SLASH_OR_DOT;
    t[b'.' as usize] = SLASH_OR_DOT;
    t[b'?' as usize] = QUESTION;
    t[b'%' as usize] = PATH_SPECIAL;
    t[b'\\' as usize] = PATH_SPECIAL;
    t[b'"' as usize] = PATH_SPECIAL;
    t[b'<' as usize] = PATH_SPECIAL;
    t[b'>' as usize] = PATH_SPECIAL;
    t[b'`' as usize] = PATH_SPECIAL;
    t[b'{' as usize] = PATH_SPECIAL;
    t[b'}' as usize] = PATH_SPECIAL;
    t[b'#' as usize] = GENERAL;
    t
};

/// A byte's part in a segment the raw walk cuts (`routes::tree::raw`), from [`CLASS`] in one
/// read: [`KEEPS`] (plain, or `.` inside a segment), [`ENDS`] (`/`, `?`), else the cleaner's.
pub(crate) const IN_SEGMENT: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match CLASS[b] {
            PLAIN => KEEPS,
            SLASH_OR_DOT if b == b'.' as usize => KEEPS,
            SLASH_OR_DOT | QUESTION => ENDS,
            _ => 2,
        };
        b += 1;
    }
    t
};
/// [`IN_SEGMENT`]: the segment goes on.
pub(crate) const KEEPS: u8 = 0;
/// [`IN_SEGMENT`]: the segment ends before this byte.
pub(crate) const ENDS: u8 = 1;

/// Whether the general cleaner keeps `seg`, a segment cut at its `/` or `?`, as it is: it
/// has no byte `input::normalize`'s scan sends to the cleaner (`%`, `\\`, controls, non-ASCII, ...).
/// (A segment starting with `.` is the caller's to refuse.)
#[inline]
pub(crate) fn cleaner_keeps_segment(seg: &[u8]) -> bool {
    // An `or` of the classes, with no branch per byte: only `PLAIN` and `SLASH_OR_DOT` keep
    // it at `SLASH_OR_DOT` or below.
    seg.iter().fold(0, |a, &b| a | CLASS[b as usize]) <= SLASH_OR_DOT
}

/// Whether the query of `target` (after the `?` at `end`, if any) is kept as sent: it has no
/// byte the general cleaner must see (controls, space, `#`, non-ASCII).
#[inline]
pub(crate) fn query_is_plain(target: &[u8], end: usize) -> bool {
    end == target.len()
        || !target[end + 1..]
            .iter()
            .any(|&b| CLASS[b as usize] == GENERAL)
}

/// `0x80` in each byte of `x` that is zero, `0` in the others (exact, unlike the usual
/// `(x - 0x01..) & !x & 0x80..` test).
#[inline]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7) + LOW7) | x | LOW7)
}
