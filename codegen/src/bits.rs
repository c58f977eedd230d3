//! Inclusive bit ranges written `hi:lo`, as the TDX specs write them.

use core::fmt;

/// An inclusive bit range `hi:lo`. Stored as written; validation checks `hi >= lo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BitRange {
    /// Highest bit (inclusive).
    pub hi: u32,
    /// Lowest bit.
    pub lo: u32,
}

impl BitRange {
    /// Parses `"hi:lo"`, or a single bit `"n"` meaning `n:n`.
    pub fn parse(text: &str) -> Result<BitRange, String> {
        let number = |part: &str| {
            part.trim().parse::<u32>().map_err(|_| {
                format!("`{text}` is not a bit range; write `hi:lo` with decimal bit numbers, e.g. `51:12`")
            })
        };
        match text.split_once(':') {
            Some((hi, lo)) => Ok(BitRange { hi: number(hi)?, lo: number(lo)? }),
            None => {
                let bit = number(text)?;
                Ok(BitRange { hi: bit, lo: bit })
            }
        }
    }

    // Total for any input, valid or not: rules run over unvalidated tables and
    // must report a bad range, never overflow on it (a debug build would panic).

    /// Number of bits: 0 for a reversed range, saturating at `u32::MAX`.
    pub fn bit_len(self) -> u32 {
        if self.hi < self.lo {
            0
        } else {
            (self.hi - self.lo).saturating_add(1)
        }
    }

    /// The range's bits in place, as a 64-bit mask; bits past 63 are dropped.
    pub fn mask(self) -> u64 {
        if self.hi < self.lo || self.lo > 63 {
            return 0;
        }
        (u64::MAX >> (63 - self.hi.min(63))) & (u64::MAX << self.lo)
    }

    /// The largest value the range holds, saturating at `u64::MAX` for 64 bits or more.
    pub fn max_value(self) -> u64 {
        match self.bit_len() {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => u64::MAX >> (64 - n),
        }
    }
}

impl fmt::Display for BitRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.hi, self.lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_are_total_over_ranges_validation_has_not_seen() {
        let r = |hi, lo| BitRange { hi, lo };
        assert_eq!((r(64, 0).bit_len(), r(64, 0).max_value(), r(64, 0).mask()), (65, u64::MAX, u64::MAX));
        assert_eq!((r(3, 5).bit_len(), r(3, 5).max_value(), r(3, 5).mask()), (0, 0, 0));
        let far = r(u32::MAX, u32::MAX);
        assert_eq!((far.bit_len(), far.max_value(), far.mask()), (1, 1, 0));
        assert_eq!(r(u32::MAX, 0).bit_len(), u32::MAX);
        assert_eq!(
            (r(51, 12).bit_len(), r(51, 12).max_value(), r(51, 12).mask()),
            (40, 0xFF_FFFF_FFFF, 0xF_FFFF_FFFF_F000)
        );
    }

    #[test]
    fn parses_ranges_and_single_bits() {
        assert_eq!(BitRange::parse("51:12"), Ok(BitRange { hi: 51, lo: 12 }));
        assert_eq!(BitRange::parse(" 63 : 55 "), Ok(BitRange { hi: 63, lo: 55 }));
        assert_eq!(BitRange::parse("63"), Ok(BitRange { hi: 63, lo: 63 }));
        // Reversed ranges parse; the range_order rule reports them with context.
        assert_eq!(BitRange::parse("3:11"), Ok(BitRange { hi: 3, lo: 11 }));
    }

    #[test]
    fn rejects_text_that_is_not_a_range() {
        for bad in ["", "11-3", "a:b", "11:", ":3", "-1:0", "1:2:3"] {
            let err = BitRange::parse(bad).unwrap_err();
            assert!(err.contains("write `hi:lo`"), "{bad}: {err}");
        }
    }

    #[test]
    fn masks_match_genmask() {
        assert_eq!(BitRange { hi: 11, lo: 3 }.mask(), 0xFF8);
        assert_eq!(BitRange { hi: 63, lo: 55 }.mask(), 0xFF80_0000_0000_0000);
        assert_eq!(BitRange { hi: 63, lo: 0 }.mask(), u64::MAX);
        assert_eq!(BitRange { hi: 0, lo: 0 }.mask(), 1);
        assert_eq!(BitRange { hi: 51, lo: 12 }.max_value(), (1 << 40) - 1);
        assert_eq!(BitRange { hi: 63, lo: 0 }.max_value(), u64::MAX);
    }
}
