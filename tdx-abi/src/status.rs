//! The completion status a SEAMCALL returns in RAX, as an open type: every
//! value round-trips, known ones print by name (names are generated from the
//! status table), and warnings are not errors.

use crate::CompletionStatus;
use core::fmt;

/// A SEAMCALL completion status (RAX on return).
///
/// Identity: codes from the TDX module are identified by class and first-level
/// details (bits 47:32), whatever the flag bits 63:60 and the details in 31:0
/// say; software-defined codes (class 0xFF, which the module never uses) are
/// identified by their whole value.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TdxStatus(u64);

/// Class 0xFF is reserved for software-defined codes (the kernel's TDX_SW_ERROR).
const SOFTWARE_CLASS: u8 = 0xFF;

impl TdxStatus {
    /// Wraps a raw RAX value.
    pub const fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// The raw RAX value.
    pub const fn into_bits(self) -> u64 {
        self.0
    }

    const fn word(self) -> CompletionStatus {
        CompletionStatus::from_bits(self.0)
    }

    /// True for 0: the call succeeded without a warning.
    pub const fn is_success(self) -> bool {
        self.0 == 0
    }

    /// True when bit 63 (ERROR) is set.
    pub const fn is_error(self) -> bool {
        self.word().error()
    }

    /// True for a non-zero status without the ERROR bit: the call completed, with a warning.
    pub const fn is_warning(self) -> bool {
        self.0 != 0 && !self.is_error()
    }

    /// Bit 62: the TD (or VCPU) cannot recover.
    pub const fn is_non_recoverable(self) -> bool {
        self.word().non_recoverable()
    }

    /// Bit 61: the TDX module is in a fatal state.
    pub const fn is_fatal(self) -> bool {
        self.word().fatal()
    }

    /// Bit 60: the host may be able to recover.
    pub const fn host_recoverability_hint(self) -> bool {
        self.word().host_recoverability_hint()
    }

    /// Status class, bits 47:40.
    pub const fn class(self) -> u8 {
        self.word().class()
    }

    /// First-level details, bits 39:32.
    pub const fn details_l1(self) -> u8 {
        self.word().details_l1()
    }

    /// Second-level details, bits 31:0.
    pub const fn details_l2(self) -> u32 {
        self.word().details_l2()
    }

    /// The operand ID of an operand error (bits 31:0), e.g. 0x92 for the SEPT tree.
    pub const fn operand_id(self) -> u32 {
        self.details_l2()
    }

    /// The key this status is identified by (see the type's docs).
    pub const fn code_key(self) -> u64 {
        if self.class() == SOFTWARE_CLASS {
            self.0
        } else {
            // CLASS and DETAILS_L1, as the COMPLETION_STATUS table places them.
            self.0 & (CompletionStatus::CLASS_MASK | CompletionStatus::DETAILS_L1_MASK)
        }
    }

    /// True when `self` and `other` are the same status code, whatever their details and flags.
    pub const fn is(self, other: TdxStatus) -> bool {
        self.code_key() == other.code_key()
    }

    /// The status code's name, e.g. `OPERAND_BUSY`, if the tables know it.
    pub fn name(self) -> Option<&'static str> {
        crate::generated::status_name(self.code_key())
    }

    /// The operand's name, e.g. `SEPT`, if the tables know the operand ID.
    pub fn operand_name(self) -> Option<&'static str> {
        crate::generated::operand_name(self.operand_id())
    }
}

impl fmt::Debug for TdxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            None => write!(f, "TdxStatus({:#018x})", self.0),
            Some(name) if self.class() == SOFTWARE_CLASS || self.details_l2() == 0 => write!(f, "TdxStatus({name})"),
            Some(name) => match self.operand_name() {
                Some(op) => write!(f, "TdxStatus({name}, operand {:#x} {op})", self.operand_id()),
                None => write!(f, "TdxStatus({name}, details {:#x})", self.details_l2()),
            },
        }
    }
}

/// `OPERAND_BUSY (0x8000020000000092, operand 0x92 SEPT)`; an unknown code prints its raw value.
impl fmt::Display for TdxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            None => write!(f, "status {:#018x}", self.0),
            Some(name) if self.class() == SOFTWARE_CLASS || self.details_l2() == 0 => {
                write!(f, "{name} ({:#018x})", self.0)
            }
            Some(name) => match self.operand_name() {
                Some(op) => write!(f, "{name} ({:#018x}, operand {:#x} {op})", self.0, self.operand_id()),
                None => write!(f, "{name} ({:#018x})", self.0),
            },
        }
    }
}

impl From<u64> for TdxStatus {
    fn from(raw: u64) -> Self {
        Self(raw)
    }
}

impl From<TdxStatus> for u64 {
    fn from(status: TdxStatus) -> u64 {
        status.0
    }
}

#[cfg(test)]
mod tests {
    use super::TdxStatus;

    #[test]
    fn statuses_display_by_name_with_raw_value_and_operand() {
        let busy = TdxStatus::from_bits(0x8000_0200_0000_0092);
        assert_eq!(busy.to_string(), "OPERAND_BUSY (0x8000020000000092, operand 0x92 SEPT)");
        assert_eq!(TdxStatus::SUCCESS.to_string(), "SUCCESS (0x0000000000000000)");
        assert_eq!(TdxStatus::from_bits(0x8000_7777_0000_0000).to_string(), "status 0x8000777700000000");
    }
}
