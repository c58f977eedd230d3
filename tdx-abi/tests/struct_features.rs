//! The opt-in features on memory structures: zerocopy's traits (reading a
//! struct in place from a buffer) and serde (bytes as hex in JSON, as a byte
//! string in a binary format, reserved bytes checked on the way in).

use tdx_abi::{Reporttype, TdParams, TdreportStruct};
use zerocopy::{FromBytes, FromZeros, Immutable, IntoBytes, KnownLayout, Unaligned};

fn assert_zerocopy<T: FromBytes + IntoBytes + KnownLayout + Immutable>() {}
fn assert_unaligned<T: Unaligned>() {}

#[test]
fn zerocopy_reads_structs_in_place_and_honours_their_alignment() {
    assert_zerocopy::<TdreportStruct>();
    assert_zerocopy::<TdParams>();
    assert_unaligned::<Reporttype>(); // no alignment in the ABI: Unaligned
                                      // A 4-byte REPORTTYPE at an odd offset of a buffer.
    let buffer = [0xFF, 0x81, 0x00, 0x01, 0x00];
    let ty = Reporttype::ref_from_bytes(&buffer[1..]).unwrap();
    assert_eq!((ty.tee_type(), ty.version()), (0x81, 1));
    // TDREPORT_STRUCT needs its 1024-byte alignment: zerocopy refuses a misaligned slice.
    let report = TdreportStruct::new_zeroed()
        .with_reportmacstruct(tdx_abi::Reportmacstruct::new_zeroed().with_reportdata([7; 64]));
    let mut page = vec![0u8; 2 * 1024];
    let misaligned = (0..1024).find(|i| (page.as_ptr() as usize + i) % 1024 != 0).unwrap();
    let aligned = (0..1024).find(|i| (page.as_ptr() as usize + i) % 1024 == 0).unwrap();
    page[aligned..aligned + 1024].copy_from_slice(IntoBytes::as_bytes(&report));
    let read = TdreportStruct::ref_from_bytes(&page[aligned..aligned + 1024]).unwrap();
    assert_eq!(read.reportmacstruct().reportdata(), [7; 64]);
    assert!(TdreportStruct::ref_from_bytes(&page[misaligned..misaligned + 1024]).is_err());
    assert_eq!(TdParams::new_zeroed(), <TdParams as FromZeros>::new_zeroed());
}

#[test]
fn serde_writes_hex_in_json_and_bytes_in_binary_formats() {
    let ty = Reporttype::new_zeroed().with_tee_type(0x81).with_version(1);
    let json = serde_json::to_string(&ty).unwrap();
    assert_eq!(json, "\"81000100\"");
    assert_eq!(serde_json::from_str::<Reporttype>(&json).unwrap(), ty);
    assert_eq!(serde_json::from_str::<Reporttype>("\"0x81000100\"").unwrap(), ty, "a 0x prefix is accepted");
    assert_eq!(serde_json::from_str::<Reporttype>("[129, 0, 1, 0]").unwrap(), ty, "a byte sequence is accepted");
    let report = TdreportStruct::new_zeroed()
        .with_reportmacstruct(tdx_abi::Reportmacstruct::new_zeroed().with_reportdata([0xAB; 64]));
    let binary = postcard::to_allocvec(&report).unwrap();
    assert!(binary.len() < 1024 + 4, "a byte string, not one value per byte: {}", binary.len());
    assert_eq!(postcard::from_bytes::<TdreportStruct>(&binary).unwrap(), report);
}

#[test]
fn serde_refuses_what_try_from_bytes_refuses() {
    let reserved = serde_json::from_str::<Reporttype>("\"81000101\"").unwrap_err().to_string();
    assert!(reserved.contains("REPORTTYPE: reserved byte at offset 3 is not zero"), "{reserved}");
    let short = serde_json::from_str::<Reporttype>("\"810001\"").unwrap_err().to_string();
    assert!(short.contains("the 4 bytes of REPORTTYPE"), "{short}");
    let not_hex = serde_json::from_str::<Reporttype>("\"8100010g\"").unwrap_err().to_string();
    assert!(not_hex.contains("invalid value"), "{not_hex}");
    let long = serde_json::from_str::<Reporttype>("[1, 2, 3, 0, 5]").unwrap_err().to_string();
    assert!(long.contains("invalid length 5"), "{long}");
}
