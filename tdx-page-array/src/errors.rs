//! Messages for the crate's errors, and `std::error::Error` with feature `std`
//! (so `?` carries them into `Box<dyn Error>`); the crate stays `no_std` without it.

use crate::array::{AllocFailed, GiftCause, GiftError, HandOverError};
use crate::page::AllocError;
use crate::release::ReleaseError;
use crate::store::{AddrStore, StoreFull};
use core::fmt;

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the page provider has no page")
    }
}

impl fmt::Display for StoreFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the address storage is full")
    }
}

impl fmt::Display for AllocFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocFailed::Provider(e) => write!(f, "allocating pages failed: {e}"),
            AllocFailed::Storage(e) => write!(f, "allocating pages failed: {e}"),
            AllocFailed::StoreNotEmpty => write!(f, "allocating pages failed: the storage already held addresses"),
            AllocFailed::Misaligned(a) => {
                write!(f, "allocating pages failed: the provider returned {:#x}, off a page boundary", a.as_u64())
            }
        }
    }
}

impl fmt::Display for GiftCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiftCause::Encode(e) => write!(f, "encoding a window failed: {e}"),
            GiftCause::Leaf { leaf, kind, status } => {
                let name = tdx_abi::leaf_name(*leaf).unwrap_or("the leaf");
                write!(f, "{name} ({leaf}) failed ({kind:?}): {status}")
            }
        }
    }
}

impl fmt::Display for GiftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gift stopped: {}; {} pages gifted, {} quarantined, {} freed",
            self.cause, self.gifted, self.quarantined, self.freed
        )
    }
}

impl<S: AddrStore> fmt::Display for HandOverError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandOverError::TooMany { array, capacity } => {
                write!(f, "{} pages do not fit one list page of {capacity}; the host keeps them", array.len())
            }
            HandOverError::Encode(array, e) => {
                write!(f, "{} pages could not be encoded ({e}); the host keeps them", array.len())
            }
            HandOverError::Leaf(array, e) => write!(f, "{e}; the host keeps the {} pages", array.len()),
        }
    }
}

impl<S: AddrStore> fmt::Display for ReleaseError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseError::Leaf(array, e) => write!(f, "{e}; the module still holds the {} pages", array.len()),
            ReleaseError::Mismatch { mismatch, released_raw, quarantined } => write!(
                f,
                "the released value {released_raw:#x} does not match what was handed over ({mismatch}); {quarantined} pages quarantined"
            ),
            ReleaseError::Flush { report, status } => write!(
                f,
                "flushing released pages failed ({status}); {} freed, {} quarantined",
                report.freed, report.quarantined
            ),
        }
    }
}

#[cfg(feature = "std")]
mod std_impls {
    use super::*;

    impl std::error::Error for AllocError {}
    impl std::error::Error for StoreFull {}
    impl std::error::Error for AllocFailed {}
    impl std::error::Error for GiftCause {}
    impl std::error::Error for GiftError {}
    impl<S: AddrStore + fmt::Debug> std::error::Error for HandOverError<S> {}
    impl<S: AddrStore + fmt::Debug> std::error::Error for ReleaseError<S> {}
}
