//! Byte-string maps built once and read on the hot path: [`Dict`] for a trie node's static
//! children, [`PathMap`] (a `Dict` behind a bit filter) for whole paths.

use crate::routes::tree::NONE;

/// Maps above this count get a hash index instead of a scan.
const LINEAR_SCAN_MAX: usize = 8;

/// A map from byte strings to `u32`, built once, tuned for short keys read on the hot path.
///
/// A key is compared through [`Key`]: its length and at most two 8-byte words that together
/// hold every byte of a key up to 16 bytes long, so most compares are three integer compares
/// and never call `memcmp`. Up to [`LINEAR_SCAN_MAX`] entries are scanned in order; larger maps
/// add an open-addressing index (linear probing, at most half full).
#[derive(Debug, Default)]
pub(crate) struct Dict {
    entries: Box<[Entry]>,
    /// Indexes into `entries`, [`NONE`] for an empty slot; empty for a scanned map.
    slots: Box<[u32]>,
    /// A key's slot is the top bits of its hash (a multiplicative hash mixes upwards).
    shift: u32,
    /// The bytes of keys longer than 16 bytes (they need a full compare).
    long: Box<[u8]>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    /// Where the key's bytes start in `Dict::long` (keys longer than 16 bytes only).
    at: u32,
    value: u32,
}

/// A key's length and two words that hold all of its bytes when it is at most 16 bytes long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) len: usize,
    pub(crate) a: u64,
    pub(crate) b: u64,
}

impl Key {
    /// The key of `s`: its length; from 8 bytes on, its first and last 8 bytes; from 4, its
    /// first and last 4 in `a`; else its first, middle and last byte in `a`.
    #[inline]
    pub(crate) fn new(s: &[u8]) -> Key {
        let n = s.len();
        let (a, b) = if n >= 8 {
            (le64(&s[..8]), le64(&s[n - 8..]))
        } else if n >= 4 {
            (
                u64::from(le32(&s[..4])) | u64::from(le32(&s[n - 4..])) << 32,
                0,
            )
        } else if n > 0 {
            (
                u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
                0,
            )
        } else {
            (0, 0)
        };
        Key { a, b, len: n }
    }

    /// A hash of the whole key (`s` is the key's bytes).
    #[inline]
    fn hash(&self, s: &[u8]) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5; // rustc-hash's multiplier
        let mut h = (self.len as u64).wrapping_mul(K);
        h = (h ^ self.a).wrapping_mul(K);
        h = (h ^ self.b).wrapping_mul(K);
        // The bytes between the two words, in 8-byte windows (the last may overlap `b`).
        let mut i = 8;
        while i + 8 < self.len {
            h = (h ^ le64(&s[i..i + 8])).wrapping_mul(K);
            i += 8;
        }
        h
    }
}

/// `s` (8 bytes) as a little-endian number.
#[inline]
pub(crate) fn le64(s: &[u8]) -> u64 {
    u64::from_le_bytes(s.try_into().expect("8 bytes"))
}

#[inline]
fn le32(s: &[u8]) -> u32 {
    u32::from_le_bytes(s.try_into().expect("4 bytes"))
}

impl Dict {
    pub(crate) fn new(items: Vec<(Box<[u8]>, u32)>) -> Dict {
        let mut long = Vec::new();
        let entries: Box<[Entry]> = items
            .iter()
            .map(|(k, value)| {
                let at = long.len() as u32;
                if k.len() > 16 {
                    long.extend_from_slice(k);
                }
                Entry {
                    key: Key::new(k),
                    at,
                    value: *value,
                }
            })
            .collect();
        let mut slots = Vec::new();
        let mut shift = 0;
        if entries.len() > LINEAR_SCAN_MAX {
            slots = vec![NONE; (entries.len() * 2).next_power_of_two()];
            shift = 64 - slots.len().trailing_zeros();
            let mask = slots.len() - 1;
            for (i, (k, _)) in items.iter().enumerate() {
                let mut s = (entries[i].key.hash(k) >> shift) as usize;
                while slots[s] != NONE {
                    s = (s + 1) & mask;
                }
                slots[s] = i as u32;
            }
        }
        Dict {
            entries,
            slots: slots.into_boxed_slice(),
            shift,
            long: long.into_boxed_slice(),
        }
    }

    #[inline]
    fn matches(&self, e: &Entry, key: &Key, s: &[u8]) -> bool {
        e.key == *key && (key.len <= 16 || self.long[e.at as usize..][..key.len] == *s)
    }

    /// Whether the map has no key.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of key `s`, or [`NONE`].
    #[inline(always)]
    pub(crate) fn get(&self, s: &[u8]) -> u32 {
        if self.entries.is_empty() {
            return NONE;
        }
        let key = Key::new(s);
        if self.slots.is_empty() {
            for e in self.entries.iter() {
                if self.matches(e, &key, s) {
                    return e.value;
                }
            }
            return NONE;
        }
        let mask = self.slots.len() - 1;
        let mut slot = (key.hash(s) >> self.shift) as usize;
        loop {
            let i = self.slots[slot];
            if i == NONE {
                return NONE;
            }
            let e = &self.entries[i as usize];
            if self.matches(e, &key, s) {
                return e.value;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Whole paths to `u32`: a [`Dict`] behind a 1,024-bit filter (a path's length and two of its
/// bytes), so that most paths that are not keys are refused without hashing them.
#[derive(Debug)]
pub(crate) struct PathMap {
    dict: Dict,
    filter: [u64; 16],
}

impl PathMap {
    pub(crate) fn new(items: Vec<(Box<[u8]>, u32)>) -> PathMap {
        let mut filter = [0u64; 16];
        for (k, _) in &items {
            let bit = filter_bit(k);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        PathMap {
            dict: Dict::new(items),
            filter,
        }
    }

    /// The value of `path`, or [`NONE`].
    #[inline(always)]
    pub(crate) fn get(&self, path: &[u8]) -> u32 {
        let bit = filter_bit(path);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return NONE;
        }
        self.dict.get(path)
    }
}

impl Default for PathMap {
    fn default() -> Self {
        PathMap::new(Vec::new())
    }
}

/// A bit of a [`PathMap`] filter: from the length and two bytes of a path (cheap, and enough to
/// separate most dynamic request paths from a table's static ones).
#[inline]
fn filter_bit(path: &[u8]) -> usize {
    let n = path.len();
    let (mid, last) = match path {
        [] => (0, 0),
        _ => (path[n / 2], path[n - 1]),
    };
    (n.wrapping_mul(0x9e37) ^ usize::from(mid).wrapping_mul(0x85) ^ usize::from(last) << 3) & 1023
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_lets_every_key_through() {
        // Lengths 1..=300 and assorted bytes: every key is found; a path of a length and
        // ending no key has is refused by the filter alone or by the map, never misreported.
        let keys: Vec<Vec<u8>> = (1..=300usize)
            .map(|n| {
                let mut k = vec![b'/'];
                k.extend((1..n).map(|i| b"abc/xyz-_.09"[(i * 7 + n) % 12]));
                k
            })
            .collect();
        let map = PathMap::new(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (Box::from(&k[..]), i as u32))
                .collect(),
        );
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k), i as u32, "{:?}", String::from_utf8_lossy(k));
            let mut other = k.clone();
            other.push(b'!');
            assert_eq!(map.get(&other), NONE);
        }
        assert_eq!(map.get(b""), NONE);
        assert_eq!(PathMap::default().get(b"/"), NONE);
    }
}
