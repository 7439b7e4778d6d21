//! Why a decision is not a plain route answer: a stable code and a short text for every 400,
//! 404, 405, 414 and 431 (ROUTING.md §6).

/// Why the request got a 400, 404, 405, 414 or 431 decision ([`Decision::reason`]).
///
/// [`Reason::code`] is stable and machine-readable (the JSON form's `reason.code`);
/// [`Reason::text`] is a short explanation for people, which may be reworded. The numbers are
/// stable too: the C ABI (`routecore_context_reason`) and the bindings use them.
///
/// [`Decision::reason`]: crate::Decision::reason
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
#[non_exhaustive]
pub enum Reason {
    /// 400: the method is not an RFC 9110 token.
    MethodNotToken = 1,
    /// 400: a header name is not an RFC 9110 token.
    HeaderNameNotToken = 2,
    /// 431: more headers than `limits.maxHeaders`.
    LimitHeaders = 3,
    /// 431: a header value longer than `limits.maxHeaderBytes`.
    LimitHeaderBytes = 4,
    /// 414: a request target longer than `limits.maxTargetBytes`.
    LimitTargetBytes = 5,
    /// 414: more path segments than `limits.maxSegments`.
    LimitSegments = 6,
    /// 400: the request target is not UTF-8.
    TargetNotUtf8 = 7,
    /// 400: the request target holds a control character or a space.
    TargetBadByte = 8,
    /// 400: an absolute-form target without a usable authority (empty, user info, `\`).
    BadAbsoluteForm = 9,
    /// 400: the target neither starts with `/` nor is an absolute `http(s)://` URL.
    TargetNotOriginForm = 10,
    /// 400: a segment a param captured has a malformed escape or does not decode to UTF-8.
    BadEscape = 11,
    /// 400: a param would take a rule's destination off its origin or make a dot segment.
    UnsafeDestination = 12,
    /// 405: the method is not upper case, and its upper-case spelling is one the route
    /// implements (`get` for `GET`).
    MethodCase = 13,
    /// 405: the route does not implement the method (`allow` lists those it does).
    MethodNotAllowed = 14,
    /// 404: no route matches the path.
    NoRoute = 15,
    /// 404: the path is outside `basePath`.
    OutsideBasePath = 16,
    /// 404: no route matches, and the path has a malformed escape (it would be a 400 had a
    /// param captured that segment).
    NoRouteBadEscape = 17,
    /// 400: two `Host` header fields (RFC 9112 §3.2): which host the request is for is
    /// ambiguous.
    DuplicateHost = 18,
}

impl Reason {
    /// Every reason, in number order.
    pub const ALL: [Reason; 18] = [
        Reason::MethodNotToken,
        Reason::HeaderNameNotToken,
        Reason::LimitHeaders,
        Reason::LimitHeaderBytes,
        Reason::LimitTargetBytes,
        Reason::LimitSegments,
        Reason::TargetNotUtf8,
        Reason::TargetBadByte,
        Reason::BadAbsoluteForm,
        Reason::TargetNotOriginForm,
        Reason::BadEscape,
        Reason::UnsafeDestination,
        Reason::MethodCase,
        Reason::MethodNotAllowed,
        Reason::NoRoute,
        Reason::OutsideBasePath,
        Reason::NoRouteBadEscape,
        Reason::DuplicateHost,
    ];

    /// The reason with this number ([`Reason::number`]), if any.
    pub fn from_number(n: u32) -> Option<Reason> {
        Reason::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    /// The stable number (1 and up; 0 is "no reason" in the C ABI).
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// The stable machine-readable code, e.g. `method_case`.
    pub const fn code(self) -> &'static str {
        match self {
            Reason::MethodNotToken => "method_not_token",
            Reason::HeaderNameNotToken => "header_name_not_token",
            Reason::LimitHeaders => "limit_headers",
            Reason::LimitHeaderBytes => "limit_header_bytes",
            Reason::LimitTargetBytes => "limit_target_bytes",
            Reason::LimitSegments => "limit_segments",
            Reason::TargetNotUtf8 => "target_not_utf8",
            Reason::TargetBadByte => "target_bad_byte",
            Reason::BadAbsoluteForm => "bad_absolute_form",
            Reason::TargetNotOriginForm => "target_not_origin_form",
            Reason::BadEscape => "bad_escape",
            Reason::UnsafeDestination => "unsafe_destination",
            Reason::MethodCase => "method_case",
            Reason::MethodNotAllowed => "method_not_allowed",
            Reason::NoRoute => "no_route",
            Reason::OutsideBasePath => "outside_base_path",
            Reason::NoRouteBadEscape => "no_route_bad_escape",
            Reason::DuplicateHost => "duplicate_host",
        }
    }

    /// A short explanation that says what to change.
    pub const fn text(self) -> &'static str {
        match self {
            Reason::MethodNotToken => "the method is not an HTTP token (RFC 9110 section 9)",
            Reason::HeaderNameNotToken => {
                "a header name is not an HTTP token (RFC 9110 section 5.1)"
            }
            Reason::LimitHeaders => "more request headers than limits.maxHeaders allows",
            Reason::LimitHeaderBytes => {
                "a request header value is longer than limits.maxHeaderBytes allows"
            }
            Reason::LimitTargetBytes => {
                "the request target is longer than limits.maxTargetBytes allows"
            }
            Reason::LimitSegments => "the path has more segments than limits.maxSegments allows",
            Reason::TargetNotUtf8 => "the request target is not valid UTF-8",
            Reason::TargetBadByte => {
                "the request target holds a space or a control character; percent-encode it"
            }
            Reason::BadAbsoluteForm => {
                "the absolute URL has no usable host (empty, with user info or a backslash)"
            }
            Reason::TargetNotOriginForm => {
                "the request target must start with '/' (or be an absolute http(s) URL)"
            }
            Reason::BadEscape => {
                "a path segment taken by a param has a malformed percent-escape or is not UTF-8 once decoded"
            }
            Reason::UnsafeDestination => {
                "a param would take the rule's destination to another host or make a '.' or '..' segment"
            }
            Reason::MethodCase => {
                "methods are case-sensitive: send the method in upper case (GET, not get)"
            }
            Reason::MethodNotAllowed => "the route does not implement this method; see allow",
            Reason::NoRoute => "no route matches the path",
            Reason::OutsideBasePath => "the path is outside basePath",
            Reason::NoRouteBadEscape => {
                "no route matches the path, which has a malformed percent-escape"
            }
            Reason::DuplicateHost => "the request has two Host header fields; send one",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_codes_are_unique() {
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(r.number() as usize, i + 1, "{r:?}");
            assert_eq!(Reason::from_number(r.number()), Some(*r));
        }
        assert_eq!(Reason::from_number(0), None);
        assert_eq!(Reason::from_number(Reason::ALL.len() as u32 + 1), None);
        let mut codes: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Reason::ALL.len());
    }
}
