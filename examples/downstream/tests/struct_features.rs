//! A struct defined in this crate's YAML gets zerocopy's traits and serde from
//! tdx-abi's features (enabled here as a dev-dependency), though this crate
//! declares no features and no `cfg`s of its own.

use tdx_abi_example_downstream::from_macro::VendorBlobHeader;
use zerocopy::{FromBytes, IntoBytes};

#[test]
fn a_downstream_struct_is_read_in_place_by_zerocopy_and_round_trips_through_serde() {
    let header = VendorBlobHeader::new_zeroed().with_magic(0x564E_4442).with_version(2);
    let read = VendorBlobHeader::read_from_bytes(IntoBytes::as_bytes(&header)).unwrap();
    assert_eq!(read, header);
    let json = serde_json::to_string(&header).unwrap();
    assert!(json.starts_with("\"42444e560200"), "magic and version little-endian in hex: {json}");
    assert_eq!(serde_json::from_str::<VendorBlobHeader>(&json).unwrap(), header);
    // Byte 7 (reserved) is hex digits 14..16, after the opening quote.
    let with_reserved = format!("{}01{}", &json[..1 + 14], &json[1 + 16..]);
    let error = serde_json::from_str::<VendorBlobHeader>(&with_reserved).unwrap_err().to_string();
    assert!(error.contains("VENDOR_BLOB_HEADER: reserved byte at offset 7"), "{error}");
}
