//! Spans: where a piece of text lies in one of a context's buffers.

/// `buf[start..end]` of the buffer the owner names; `u32` keeps the lists a context keeps
/// small (no request comes near 4 GiB: the limits cap it far below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The span from `start` to the current end of `buf` (a `String` or a byte buffer).
    pub(crate) fn since(start: usize, buf: &(impl AsRef<[u8]> + ?Sized)) -> Span {
        Span {
            start: start as u32,
            end: buf.as_ref().len() as u32,
        }
    }

    /// The bytes this span names in `buf`.
    pub(crate) fn in_bytes(self, buf: &[u8]) -> &[u8] {
        &buf[self.start as usize..self.end as usize]
    }

    /// The text this span names in `buf`.
    pub(crate) fn of(self, buf: &str) -> &str {
        &buf[self.start as usize..self.end as usize]
    }
}
