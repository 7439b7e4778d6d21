//! Result codes and their messages: the bottom of the crate (it imports nothing of it).

/// The outcome of a routecore call. `ROUTECORE_RESULT_OK` is 0; every other value is an error.
///
/// The numbers are part of the ABI: they never change, and new codes are only ever added.
/// A function taking a result code (`routecore_result_message`) accepts any `uint32_t`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum routecore_result {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL (or a NULL buffer came with a non-zero length).
    NullParameter = 1,
    /// routecore panicked: a bug in routecore, caught before it could unwind into the caller.
    /// The handles involved stay valid and may be freed; a context holds no decision.
    Panic = 2,
    /// Text that must be UTF-8 (a pattern, a file name, a base path, the config JSON) was not.
    /// Request fields never give this: a request that is not UTF-8 gets a 400 decision.
    InvalidUtf8 = 3,
    /// A length or count was over the ABI's sanity bound (`ROUTECORE_MAX_INPUT_BYTES`,
    /// `ROUTECORE_MAX_HEADERS`, `ROUTECORE_MAX_CONFIG_BYTES`); nothing was read.
    LengthLimit = 4,
    /// The output buffer is too small; the needed size was written to the size out-param.
    InsufficientSize = 5,
    /// Building a router failed; the `routecore_errors` object (if one was passed) holds every
    /// error message.
    BuildFailed = 6,
    /// An argument was out of its range: an unknown route kind, dynamic value or method bit,
    /// a revalidate value that is neither a constant nor 0..=UINT32_MAX seconds, or an index
    /// past the end.
    InvalidArgument = 7,
    /// The context holds no decision: it was never matched, or its last match failed.
    NoDecision = 8,
}

impl routecore_result {
    /// The message for this code.
    pub(crate) const fn message(self) -> &'static str {
        match self {
            routecore_result::Ok => "ok",
            routecore_result::NullParameter => "a required pointer argument was NULL",
            routecore_result::Panic => {
                "routecore panicked (a bug in routecore); the call was abandoned"
            }
            routecore_result::InvalidUtf8 => "the text is not valid UTF-8",
            routecore_result::LengthLimit => "a length or count is over the routecore ABI's limit",
            routecore_result::InsufficientSize => {
                "the output buffer is too small; the needed size was returned"
            }
            routecore_result::BuildFailed => {
                "the router could not be built; see the routecore_errors object for every error"
            }
            routecore_result::InvalidArgument => "an argument is out of its range",
            routecore_result::NoDecision => {
                "the context holds no decision (never matched, or the last match failed)"
            }
        }
    }

    /// The code for a number, if it is one.
    pub(crate) fn from_u32(n: u32) -> Option<routecore_result> {
        use routecore_result::*;
        [
            Ok,
            NullParameter,
            Panic,
            InvalidUtf8,
            LengthLimit,
            InsufficientSize,
            BuildFailed,
            InvalidArgument,
            NoDecision,
        ]
        .into_iter()
        .find(|r| *r as u32 == n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_a_message() {
        for n in 0..9 {
            let r = routecore_result::from_u32(n).expect("codes 0..9 exist");
            assert_eq!(r as u32, n);
            assert!(r.message().len() > 1);
        }
        assert!(routecore_result::from_u32(9).is_none());
    }
}
