//! `std::error::Error` for every error type (feature `std`), so `?` carries
//! them into `Box<dyn Error>` and error-reporting crates. Without the feature
//! the crate stays `no_std`; `core::error::Error` is newer than the MSRV.

use crate::{FieldError, LeafError, ListError, ReservedBitsSet, StructError, TdvmcallError};

impl std::error::Error for FieldError {}

impl std::error::Error for StructError {}

impl std::error::Error for ReservedBitsSet {}

impl std::error::Error for LeafError {}

impl std::error::Error for TdvmcallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TdvmcallError::Tdcall(e) => Some(e),
            TdvmcallError::Vmm { .. } => None,
        }
    }
}

impl std::error::Error for ListError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ListError::Field(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{FieldError, HpaArrayT, ListError, PageList, PhysAddr, ReservedBitsSet};
    use std::error::Error;

    fn boxed() -> Result<(), Box<dyn Error>> {
        HpaArrayT::try_from_bits(1)?;
        Ok(())
    }

    #[test]
    fn errors_go_into_box_dyn_error_with_their_messages_and_sources() {
        let e = boxed().unwrap_err();
        assert_eq!(e.to_string(), ReservedBitsSet { layout: "HPA_ARRAY_T", bits: 1 }.to_string());
        let misaligned = PhysAddr::new(0x1008).unwrap();
        let list: Box<dyn Error> = Box::new(ListError::Field(FieldError::Misaligned {
            layout: "HPA_ARRAY_T",
            field: "PFN",
            addr: misaligned.as_u64(),
        }));
        assert_eq!(
            list.source().map(ToString::to_string).as_deref(),
            Some("HPA_ARRAY_T.PFN: address 0x1008 is not 4 KiB aligned")
        );
        let encode: Box<dyn Error> = Box::new(HpaArrayT::encode_list(misaligned, 2).unwrap_err());
        assert!(encode.to_string().contains("not 4 KiB aligned"), "{encode}");
    }
}
