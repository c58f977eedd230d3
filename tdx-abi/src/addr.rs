//! Physical address newtypes, so a guest address can never be passed where a
//! host address is expected.

use core::fmt;

/// Log2 of the 4 KiB page size that TDX list and PFN fields count in.
pub const PAGE_SHIFT: u32 = 12;
/// The 4 KiB page size.
pub const PAGE_SIZE: u64 = 1 << PAGE_SHIFT;

/// TDX physical addresses are at most 52 bits wide (the PFN fields are 51:12).
const ADDR_BITS: u32 = 52;

/// The highest address of a `bits`-wide address space.
const fn max_addr(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    }
}

macro_rules! address_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $space:ident, $bits:expr) => {
        $(#[$doc])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(u64);

        impl $name {
            /// The highest address of the address space.
            pub const MAX: u64 = max_addr($bits);

            #[doc = concat!("Returns the ", $what, " `addr`, or `None` if it does not fit the address space.")]
            pub const fn new(addr: u64) -> Option<Self> {
                if addr <= Self::MAX {
                    Some(Self(addr))
                } else {
                    None
                }
            }

            #[doc = concat!("Returns the ", $what, " of 4 KiB frame `pfn`, or `None` if it does not fit the address space.")]
            pub const fn from_pfn(pfn: u64) -> Option<Self> {
                if pfn <= (Self::MAX >> PAGE_SHIFT) {
                    Some(Self(pfn << PAGE_SHIFT))
                } else {
                    None
                }
            }

            #[doc = concat!("Returns the ", $what, " `addr` with the bits above the address space cleared.")]
            pub const fn new_truncate(addr: u64) -> Self {
                Self(addr & Self::MAX)
            }

            /// The address as a plain integer.
            pub const fn as_u64(self) -> u64 {
                self.0
            }

            /// The number of the 4 KiB frame holding this address.
            pub const fn pfn(self) -> u64 {
                self.0 >> PAGE_SHIFT
            }

            /// True when the address is the start of a 4 KiB page.
            pub const fn is_page_aligned(self) -> bool {
                self.0 & (PAGE_SIZE - 1) == 0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#x})"), self.0)
            }
        }

        impl From<$name> for u64 {
            fn from(addr: $name) -> u64 {
                addr.0
            }
        }

        impl FrameAddr for $name {
            const SPACE: AddressSpace = AddressSpace::$space;
            fn from_u64(addr: u64) -> Option<Self> {
                Self::new(addr)
            }
            fn bits(self) -> u64 {
                self.0
            }
        }
    };
}

/// Whose physical address space a frame number is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressSpace {
    /// The host's (HPA, `kind: hpa_pfn`).
    Host,
    /// A guest's (GPA, `kind: gpa_pfn`).
    Guest,
    /// A guest's linear (virtual) addresses (GLA, `kind: gla_pfn`).
    GuestLinear,
}

/// [`PhysAddr`], [`GuestPhysAddr`] or [`GuestLinearAddr`], for code generic
/// over the address a list page or list entry names.
pub trait FrameAddr: Copy + Eq + fmt::Debug {
    /// The address space this type's addresses are in.
    const SPACE: AddressSpace;
    /// The address `addr`, or `None` if it does not fit in 52 bits.
    fn from_u64(addr: u64) -> Option<Self>;
    /// The address as a plain integer.
    fn bits(self) -> u64;
}

address_type!(
    /// A host physical address (HPA), at most 52 bits wide.
    PhysAddr,
    "host physical address",
    Host,
    ADDR_BITS
);
address_type!(
    /// A guest physical address (GPA), at most 52 bits wide.
    GuestPhysAddr,
    "guest physical address",
    Guest,
    ADDR_BITS
);
address_type!(
    /// A guest linear (virtual) address (GLA), 64 bits wide.
    GuestLinearAddr,
    "guest linear address",
    GuestLinear,
    64
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rejects_addresses_past_52_bits() {
        assert_eq!(PhysAddr::new(PhysAddr::MAX).map(PhysAddr::as_u64), Some(PhysAddr::MAX));
        assert_eq!(PhysAddr::new(1 << 52), None);
        assert_eq!(GuestPhysAddr::new(u64::MAX), None);
        assert_eq!(PhysAddr::new_truncate(u64::MAX).as_u64(), PhysAddr::MAX);
    }

    #[test]
    fn pfn_round_trips_and_alignment_is_reported() {
        let addr = PhysAddr::from_pfn(0xABCDE).unwrap();
        assert_eq!(addr.as_u64(), 0xABCD_E000);
        assert_eq!(addr.pfn(), 0xABCDE);
        assert!(addr.is_page_aligned());
        assert!(!PhysAddr::new(0xABCD_E008).unwrap().is_page_aligned());
        assert_eq!(PhysAddr::from_pfn(1 << 40), None);
    }

    #[test]
    fn a_linear_address_spans_64_bits() {
        assert_eq!(GuestLinearAddr::MAX, u64::MAX);
        assert_eq!(GuestLinearAddr::from_pfn((1 << 52) - 1).map(GuestLinearAddr::as_u64), Some(0xFFFF_FFFF_FFFF_F000));
        assert_eq!(GuestLinearAddr::from_pfn(1 << 52), None);
        assert_eq!(GuestLinearAddr::new_truncate(u64::MAX).as_u64(), u64::MAX);
    }

    #[test]
    fn debug_prints_hex_with_the_kind_of_address() {
        assert_eq!(format!("{:?}", PhysAddr::new(0x1000).unwrap()), "PhysAddr(0x1000)");
        assert_eq!(format!("{:?}", GuestPhysAddr::new(0x20).unwrap()), "GuestPhysAddr(0x20)");
    }
}
