//! The shared bit a TD's GPA width implies (TDG.VP.INFO's RCX): the one fact
//! every guest derives from it, derived here once.

use crate::TdGpaw;

impl TdGpaw {
    /// The mask of the shared bit, GPA bit GPAW - 1: set in an address the TD shares
    /// with the VMM, clear in a private one. `None` for a width no TD has (outside
    /// 1..=52); module outputs are untrusted, so a guest must check before it uses one.
    pub const fn shared_bit(self) -> Option<u64> {
        let width = self.gpaw();
        if width == 0 || width > 52 {
            None
        } else {
            Some(1 << (width - 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::TdGpaw;

    #[test]
    fn the_shared_bit_is_the_top_gpa_bit() {
        // The kernel's tdx_parse_tdinfo(): cc_mask = BIT_ULL(gpa_width - 1); 48 and 52 are the two widths.
        assert_eq!(TdGpaw::from_bits(48).shared_bit(), Some(1 << 47));
        assert_eq!(TdGpaw::from_bits(52).shared_bit(), Some(1 << 51));
        assert_eq!(TdGpaw::from_bits(0).shared_bit(), None);
        assert_eq!(TdGpaw::from_bits(63).shared_bit(), None, "63 is no GPA width");
    }
}
