//! The seven route handler methods, method sets, and the `Allow` header (ROUTING.md §3).

/// A route handler method. Any other token is answered 405 (or 400 when it is not a token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Method {
    /// `DELETE`
    Delete = 0,
    /// `GET`
    Get = 1,
    /// `HEAD`
    Head = 2,
    /// `OPTIONS`
    Options = 3,
    /// `PATCH`
    Patch = 4,
    /// `POST`
    Post = 5,
    /// `PUT`
    Put = 6,
}

impl Method {
    /// All seven, in the alphabetical order the `Allow` header lists them.
    pub const ALL: [Method; 7] = [
        Method::Delete,
        Method::Get,
        Method::Head,
        Method::Options,
        Method::Patch,
        Method::Post,
        Method::Put,
    ];

    /// The method name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Delete => "DELETE",
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Patch => "PATCH",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }

    /// Parses an exact (case-sensitive, as RFC 9110 says) method name.
    #[inline(always)] // every request parses its method
    pub fn from_bytes(name: &[u8]) -> Option<Method> {
        // Each name as one integer, read in place (no copy, no byte-by-byte compare): its
        // first two bytes and its last, or its first four and its last four (names of 4 to 7
        // bytes), matched with the length.
        const fn key(s: &[u8]) -> u64 {
            let n = s.len();
            if n < 4 {
                (s[0] as u64) | (s[1] as u64) << 8 | (s[n - 1] as u64) << 16
            } else {
                let lo = u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as u64;
                let hi = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]) as u64;
                lo | hi << 32
            }
        }
        const GET: u64 = key(b"GET");
        const PUT: u64 = key(b"PUT");
        const POST: u64 = key(b"POST");
        const HEAD: u64 = key(b"HEAD");
        const PATCH: u64 = key(b"PATCH");
        const DELETE: u64 = key(b"DELETE");
        const OPTIONS: u64 = key(b"OPTIONS");
        if !(3..=7).contains(&name.len()) {
            return None;
        }
        Some(match (name.len(), key(name)) {
            (3, GET) => Method::Get,
            (3, PUT) => Method::Put,
            (4, POST) => Method::Post,
            (4, HEAD) => Method::Head,
            (5, PATCH) => Method::Patch,
            (6, DELETE) => Method::Delete,
            (7, OPTIONS) => Method::Options,
            _ => return None,
        })
    }

    /// The same method as an [`http::Method`].
    pub fn to_http(self) -> http::Method {
        match self {
            Method::Delete => http::Method::DELETE,
            Method::Get => http::Method::GET,
            Method::Head => http::Method::HEAD,
            Method::Options => http::Method::OPTIONS,
            Method::Patch => http::Method::PATCH,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
        }
    }
}

impl std::str::FromStr for Method {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Method::from_bytes(s.as_bytes()).ok_or(())
    }
}

/// A set of [`Method`]s (a 7-bit mask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MethodSet(u8);

impl MethodSet {
    /// The empty set.
    pub const EMPTY: MethodSet = MethodSet(0);
    /// GET alone: what pages and metadata routes implement (HEAD follows from it).
    pub const GET: MethodSet = MethodSet(1 << Method::Get as u8);
    /// The methods whose export keeps a whole route handler dynamic (ROUTING.md §3).
    const DYNAMIC_MAKERS: MethodSet = MethodSet(
        1 << Method::Post as u8
            | 1 << Method::Put as u8
            | 1 << Method::Patch as u8
            | 1 << Method::Delete as u8
            | 1 << Method::Options as u8,
    );

    /// Adds a method.
    pub fn insert(&mut self, m: Method) {
        self.0 |= 1 << m as u8;
    }

    /// Whether the set holds `m`.
    pub const fn contains(self, m: Method) -> bool {
        self.0 & (1 << m as u8) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The methods in `Allow` order.
    pub fn iter(self) -> impl Iterator<Item = Method> {
        Method::ALL.into_iter().filter(move |m| self.contains(*m))
    }

    /// What a request may use: the implemented methods, HEAD when GET exists, and OPTIONS.
    pub fn allowed(self) -> MethodSet {
        let mut all = self;
        if self.contains(Method::Get) {
            all.insert(Method::Head);
        }
        all.insert(Method::Options);
        all
    }

    /// Whether any export forces the whole route dynamic (POST/PUT/PATCH/DELETE/OPTIONS).
    pub(crate) const fn forces_dynamic(self) -> bool {
        self.0 & Self::DYNAMIC_MAKERS.0 != 0
    }

    /// The `Allow` header value for this set: sorted names joined by `", "`.
    pub fn allow_header(self) -> String {
        let mut s = String::new();
        for m in self.allowed().iter() {
            if !s.is_empty() {
                s.push_str(", ");
            }
            s.push_str(m.as_str());
        }
        s
    }
}

impl FromIterator<Method> for MethodSet {
    fn from_iter<I: IntoIterator<Item = Method>>(iter: I) -> Self {
        let mut set = MethodSet::EMPTY;
        for m in iter {
            set.insert(m);
        }
        set
    }
}

/// RFC 9110 `tchar`, as a table: this runs on every method and header name of every request.
static TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    t
};

/// Whether `m` is a valid RFC 9110 token (`1*tchar`): a method or a header field name.
pub fn is_token(m: &[u8]) -> bool {
    is_token_inline(m)
}

/// [`is_token`], inlined into its caller: the header checks' loop over every field name. (Its
/// other callers keep the call: inlined into the request path, it cost every request 12
/// instructions of register shuffling.)
///
/// Every request's header names pass through here, so the table is read in fixed-size blocks
/// without a branch per byte (LLVM unrolls them): 8 bytes at a time, then the last 8 (or, for
/// 4 to 7 bytes, the first and last 4), overlapping what was already read.
#[inline(always)]
pub(crate) fn is_token_inline(m: &[u8]) -> bool {
    fn all<const N: usize>(block: &[u8]) -> bool {
        let block: &[u8; N] = block.try_into().expect("a block of N bytes");
        block.iter().fold(true, |a, &b| a & TCHAR[b as usize])
    }
    let n = m.len();
    match n {
        0 => false,
        1..4 => m.iter().all(|&b| TCHAR[b as usize]),
        4..8 => all::<4>(&m[..4]) & all::<4>(&m[n - 4..]),
        _ => {
            let mut ok = all::<8>(&m[n - 8..]);
            for block in m.chunks_exact(8) {
                ok &= all::<8>(block);
            }
            ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_is_sorted_and_adds_head_and_options() {
        let set: MethodSet = [Method::Post, Method::Get].into_iter().collect();
        assert_eq!(set.allow_header(), "GET, HEAD, OPTIONS, POST");
        let post_only: MethodSet = [Method::Post].into_iter().collect();
        assert_eq!(post_only.allow_header(), "OPTIONS, POST");
    }

    #[test]
    fn tokens() {
        assert!(is_token(b"GET"));
        assert!(is_token(b"PROPFIND"));
        assert!(is_token(b"get"));
        assert!(!is_token(b""));
        assert!(!is_token(b"GE T"));
        assert!(!is_token(b"GET\r\n"));
        assert!(!is_token(b"G(ET"));
        assert!(!is_token("GÉT".as_bytes()));
        // Every byte against RFC 9110's tchar list, spelled out.
        for b in 0..=255u8 {
            let tchar = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            assert_eq!(is_token(&[b]), tchar, "byte {b:#04x}");
        }
    }

    #[test]
    fn a_bad_byte_anywhere_is_seen() {
        // Every length across the block sizes (1-3 bytewise, 4-7 two overlapping 4-byte
        // blocks, 8+ 8-byte blocks and an overlapping last one), a bad byte at every position.
        for n in 1..=40 {
            let mut name = vec![b'a'; n];
            assert!(is_token(&name), "{n}");
            for at in 0..n {
                for bad in [b' ', b':', b'\r', 0x80, 0] {
                    name[at] = bad;
                    assert!(!is_token(&name), "{n} bytes, {bad:#04x} at {at}");
                }
                name[at] = b'a';
            }
        }
    }

    #[test]
    fn method_names_are_case_sensitive() {
        assert_eq!(Method::from_bytes(b"GET"), Some(Method::Get));
        assert_eq!(Method::from_bytes(b"get"), None);
        for m in Method::ALL {
            let name = m.as_str().as_bytes();
            assert_eq!(Method::from_bytes(name), Some(m));
            // Neither a prefix, nor the name padded with NUL or another byte, is the method.
            assert_eq!(Method::from_bytes(&name[..name.len() - 1]), None);
            for pad in [0u8, b'X'] {
                let mut longer = name.to_vec();
                longer.push(pad);
                assert_eq!(Method::from_bytes(&longer), None, "{longer:?}");
            }
        }
        assert_eq!(Method::from_bytes(b""), None);
        assert_eq!(Method::from_bytes(b"OPTIONSX"), None);
    }

    #[test]
    fn every_byte_of_a_method_name_is_compared() {
        // The parse reads a name as overlapping words: a change to any one byte, to any value,
        // must still miss.
        for m in Method::ALL {
            let name = m.as_str().as_bytes();
            for at in 0..name.len() {
                for b in 0..=255u8 {
                    let mut other = name.to_vec();
                    other[at] = b;
                    let want = (b == name[at]).then_some(m);
                    assert_eq!(Method::from_bytes(&other), want, "{other:?}");
                }
            }
        }
    }
}
