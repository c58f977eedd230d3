//! Errors of the checked accessors that generated layouts offer.

use core::fmt;

/// A checked setter refused a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// The value needs more bits than the field has.
    Overflow {
        /// Spec name of the layout, e.g. `HPA_LIST_INFO`.
        layout: &'static str,
        /// Spec name of the field, e.g. `FIRST_ENTRY`.
        field: &'static str,
        /// The value that was refused.
        value: u64,
        /// The largest value the field holds.
        max: u64,
    },
    /// An address given to a frame-number field is not 4 KiB aligned.
    Misaligned {
        /// Spec name of the layout.
        layout: &'static str,
        /// Spec name of the field.
        field: &'static str,
        /// The address that was refused.
        addr: u64,
    },
    /// An address names a frame above the highest one a frame-number field holds.
    AddressTooHigh {
        /// Spec name of the layout.
        layout: &'static str,
        /// Spec name of the field.
        field: &'static str,
        /// The address that was refused.
        addr: u64,
        /// The highest page address the field can name.
        max_addr: u64,
    },
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FieldError::Overflow { layout, field, value, max } => {
                write!(f, "{layout}.{field}: value {value:#x} does not fit (largest is {max:#x})")
            }
            FieldError::Misaligned { layout, field, addr } => {
                write!(f, "{layout}.{field}: address {addr:#x} is not 4 KiB aligned")
            }
            FieldError::AddressTooHigh { layout, field, addr, max_addr } => {
                write!(
                    f,
                    "{layout}.{field}: address {addr:#x} is above the highest page the field can name ({max_addr:#x})"
                )
            }
        }
    }
}

/// A raw value has bits set where the layout reserves them (they must be zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReservedBitsSet {
    /// Spec name of the layout.
    pub layout: &'static str,
    /// The reserved bits that were set.
    pub bits: u64,
}

impl fmt::Display for ReservedBitsSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: reserved bits {:#x} are set", self.layout, self.bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_layout_field_and_limit() {
        let e = FieldError::Overflow { layout: "HPA_LIST_INFO", field: "FIRST_ENTRY", value: 512, max: 511 };
        assert_eq!(e.to_string(), "HPA_LIST_INFO.FIRST_ENTRY: value 0x200 does not fit (largest is 0x1ff)");
        let e = FieldError::Misaligned { layout: "HPA_ARRAY_T", field: "PFN", addr: 0x1008 };
        assert_eq!(e.to_string(), "HPA_ARRAY_T.PFN: address 0x1008 is not 4 KiB aligned");
        let e =
            FieldError::AddressTooHigh { layout: "NARROW", field: "PFN", addr: 0x1_0000_0000, max_addr: 0xFFFF_F000 };
        assert_eq!(
            e.to_string(),
            "NARROW.PFN: address 0x100000000 is above the highest page the field can name (0xfffff000)"
        );
        let e = ReservedBitsSet { layout: "HPA_ARRAY_T", bits: 0x7 };
        assert_eq!(e.to_string(), "HPA_ARRAY_T: reserved bits 0x7 are set");
    }
}
