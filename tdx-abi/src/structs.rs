//! What generated memory structures (`structs:` in the tables) share: the
//! error a byte image that is not a valid struct gets, and reading fixed-size
//! runs out of the struct's bytes.

use core::fmt;

/// Bytes that are not a valid struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructError {
    /// The byte image is not the struct's size.
    WrongLength {
        /// Spec name of the struct.
        name: &'static str,
        /// The struct's size.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// A must-be-zero byte is not zero.
    ReservedNonZero {
        /// Spec name of the struct.
        name: &'static str,
        /// Offset of the first non-zero reserved byte.
        offset: usize,
    },
    /// A versioned struct's selector holds a value naming none of its forms.
    UnknownVariant {
        /// Spec name of the versioned struct.
        name: &'static str,
        /// Offset of the selector.
        offset: usize,
        /// The value found there.
        value: u64,
    },
    /// An address is not aligned as the ABI requires of the struct there.
    Misaligned {
        /// Spec name of the struct.
        name: &'static str,
        /// The address given.
        addr: u64,
        /// The alignment required.
        align: usize,
    },
}

impl fmt::Display for StructError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            StructError::WrongLength { name, expected, got } => {
                write!(f, "{name}: {got} bytes given, the struct is {expected}")
            }
            StructError::ReservedNonZero { name, offset } => {
                write!(f, "{name}: reserved byte at offset {offset} is not zero")
            }
            StructError::Misaligned { name, addr, align } => {
                write!(f, "{name}: address {addr:#x} is not {align}-byte aligned")
            }
            StructError::UnknownVariant { name, offset, value } => {
                write!(f, "{name}: the selector at offset {offset} holds {value}, which names no known form")
            }
        }
    }
}

/// The `N` bytes of `bytes` from `at`. Generated getters call it with
/// offsets checked against the struct's size at compile time, so it cannot fail there.
pub const fn array_at<const N: usize>(bytes: &[u8], at: usize) -> &[u8; N] {
    match bytes.split_at(at).1.first_chunk::<N>() {
        Some(run) => run,
        None => panic!("a struct member lies past the struct's end"),
    }
}

/// The `N` bytes of `bytes` from `at`, to write (see [`array_at`]).
pub fn array_at_mut<const N: usize>(bytes: &mut [u8], at: usize) -> &mut [u8; N] {
    match bytes.split_at_mut(at).1.first_chunk_mut::<N>() {
        Some(run) => run,
        None => panic!("a struct member lies past the struct's end"),
    }
}

/// A struct's shape, for code that iterates every struct (see the generated `STRUCTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StructSpec {
    /// Spec name, e.g. `TDREPORT_STRUCT`.
    pub name: &'static str,
    /// Size in bytes.
    pub size: usize,
    /// The alignment the ABI requires of it in memory.
    pub align: usize,
    /// Every member, in offset order.
    pub members: &'static [MemberSpec],
}

/// One member of a struct: where it is and how many bytes it takes (all elements).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberSpec {
    /// Spec name, e.g. `REPORTDATA`.
    pub name: &'static str,
    /// Byte offset from the start of the struct.
    pub offset: usize,
    /// Bytes it takes.
    pub size: usize,
}

/// A versioned struct's shape (see the generated `STRUCT_VARIANTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VariantsSpec {
    /// Spec name, e.g. `TDREPORT`.
    pub name: &'static str,
    /// Byte offset of the selector.
    pub selector_offset: usize,
    /// The struct each selector value names.
    pub forms: &'static [FormSpec],
}

/// One form of a versioned struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormSpec {
    /// The selector's value.
    pub value: u64,
    /// Spec name of the struct, e.g. `TDREPORT_STRUCT_V0`.
    pub name: &'static str,
}

/// What every generated memory structure is, for code generic over them (and
/// for [`StructAddr`]). The inherent items of each type are the primary API.
pub trait MemoryStruct: Copy + Eq + fmt::Debug {
    /// Spec name, e.g. `TD_PARAMS`.
    const NAME: &'static str;
    /// Size in bytes.
    const SIZE: usize;
    /// The alignment the ABI requires of it in memory.
    const ALIGN: usize;
    /// Must-be-zero byte ranges (start, end).
    const RESERVED_BYTES: &'static [(usize, usize)];
    /// The bytes, in the ABI's order.
    fn as_bytes(&self) -> &[u8];
    /// The struct in `bytes`; the wrong length or a non-zero reserved byte is an error.
    fn try_from_bytes(bytes: &[u8]) -> Result<Self, StructError>;
}

/// The host physical address of a `T` the module reads or writes (TD_PARAMS
/// for TDH.MNG.INIT): a [`PhysAddr`](crate::PhysAddr) checked, on construction,
/// to have the alignment the ABI requires of `T`.
pub struct StructAddr<T> {
    addr: crate::PhysAddr,
    of: core::marker::PhantomData<fn() -> T>,
}

impl<T: MemoryStruct> StructAddr<T> {
    /// `addr` as the address of a `T`; an address not aligned to `T::ALIGN` is an error.
    pub const fn new(addr: crate::PhysAddr) -> Result<Self, StructError> {
        if addr.as_u64() % (T::ALIGN as u64) != 0 {
            return Err(StructError::Misaligned { name: T::NAME, addr: addr.as_u64(), align: T::ALIGN });
        }
        Ok(Self { addr, of: core::marker::PhantomData })
    }

    /// The address.
    pub const fn addr(self) -> crate::PhysAddr {
        self.addr
    }

    /// The address as the register holds it.
    pub const fn as_u64(self) -> u64 {
        self.addr.as_u64()
    }
}

// Not derived: the derives would require `T: Clone` and so on of the struct, which the address does not hold.
impl<T> Clone for StructAddr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for StructAddr<T> {}
/// Address 0, aligned for every struct (as [`PhysAddr`](crate::PhysAddr)'s default).
impl<T> Default for StructAddr<T> {
    fn default() -> Self {
        Self { addr: crate::PhysAddr::default(), of: core::marker::PhantomData }
    }
}
impl<T> PartialEq for StructAddr<T> {
    fn eq(&self, other: &Self) -> bool {
        self.addr == other.addr
    }
}
impl<T> Eq for StructAddr<T> {}
impl<T: MemoryStruct> fmt::Debug for StructAddr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StructAddr<{}>({:#x})", T::NAME, self.addr.as_u64())
    }
}

/// Bytes shown as one hex string in a `Debug` (hashes, measurements, SVNs).
pub struct HexBytes<'a>(pub &'a [u8]);

impl fmt::Debug for HexBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_read_and_written_in_place() {
        let mut b = [0u8; 8];
        array_at_mut::<2>(&mut b, 3).copy_from_slice(&[7, 9]);
        assert_eq!(array_at::<3>(&b, 2), &[0, 7, 9]);
        assert_eq!(
            StructError::ReservedNonZero { name: "S", offset: 4 }.to_string(),
            "S: reserved byte at offset 4 is not zero"
        );
        assert_eq!(
            StructError::UnknownVariant { name: "V", offset: 2, value: 7 }.to_string(),
            "V: the selector at offset 2 holds 7, which names no known form"
        );
    }
}
