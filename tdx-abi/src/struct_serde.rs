//! A memory structure's bytes through serde (feature `serde`): a hex string in
//! human-readable formats (JSON, TOML), a byte string in binary ones. Neither
//! way needs `alloc`.

use core::fmt;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Serializer;

/// Writes `bytes` as lowercase hex, no prefix.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Serializes a struct's bytes.
pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        serializer.collect_str(&Hex(bytes))
    } else {
        serializer.serialize_bytes(bytes)
    }
}

/// Reads the `N` bytes of the struct `name` (hex, bytes, or a sequence of `u8`).
pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
    name: &'static str,
) -> Result<[u8; N], D::Error> {
    let visitor = BytesVisitor::<N> { name };
    if deserializer.is_human_readable() {
        // Human-readable formats describe themselves: a hex string, or a list of bytes.
        deserializer.deserialize_any(visitor)
    } else {
        deserializer.deserialize_bytes(visitor)
    }
}

struct BytesVisitor<const N: usize> {
    name: &'static str,
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'de, const N: usize> Visitor<'de> for BytesVisitor<N> {
    type Value = [u8; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {N} bytes of {} (as {} hex digits or bytes)", self.name, 2 * N)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let digits = v.strip_prefix("0x").unwrap_or(v).as_bytes();
        if digits.len() != 2 * N {
            return Err(E::invalid_length(digits.len() / 2, &self));
        }
        let mut out = [0u8; N];
        for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(hi), Some(lo)) => *byte = hi << 4 | lo,
                _ => return Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
        Ok(out)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        <[u8; N]>::try_from(v).map_err(|_| E::invalid_length(v.len(), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = [0u8; N];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        if seq.next_element::<u8>()?.is_some() {
            return Err(de::Error::invalid_length(N + 1, &self));
        }
        Ok(out)
    }
}
