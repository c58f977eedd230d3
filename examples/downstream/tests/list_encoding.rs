//! The encoding properties tdx-abi's generated tests check for its own list
//! types, for every list type of this crate's YAML: values and entries decode
//! back to exactly their input (fixed fields set) or the error names what does
//! not fit. The field positions restate tables/vendor_list.yaml, so a table
//! change that the code does not follow fails here.

// Only the list macro is used here; the field macros serve tdx-abi's own tests.
#[macro_use]
#[allow(unused_macros, dead_code)]
#[path = "../../../tdx-abi/tests/support/mod.rs"]
mod support;

use tdx_abi::*;
use tdx_abi_example_downstream::from_macro::*;

// (test, type, list-page frame field hi:lo, entry frame field hi:lo, entry layout fields)
list_props!(vendor_page_list, VendorPageList, 51, 12, 51, 12, &[]);
list_props!(vendor_ctrl_array, VendorCtrlArray, 51, 12, 51, 12, &[]);
list_props!(vendor_narrow_array, VendorNarrowArray, 27, 12, 51, 12, &[]);
list_props!(vendor_mid_list, VendorMidList, 47, 12, 51, 12, &[]);
list_props!(vendor_block_list, VendorBlockList, 51, 12, 51, 12, VendorBlock::FIELDS);
list_props!(vendor_guest_list, VendorGuestList, 51, 12, 51, 12, VendorGuestEntry::FIELDS);
struct_props!(vendor_blob_header_bytes, VendorBlobHeader);

#[test]
fn a_block_entry_carries_its_page_count_and_fixed_format() {
    let addr = PhysAddr::from_pfn(0x1234).unwrap();
    let bits = VendorBlockList::encode_entry(addr, 2).unwrap();
    assert_eq!(bits, (1 << 62) | 0x0123_4000 | 2, "FORMAT 1, ADDR, PAGES 2");
    assert_eq!(VendorBlockList::decode_entry(bits), Ok(ListEntry { addr, pages: 2 }));
    assert_eq!(VendorBlockList::MAX_ENTRY_PAGES, 4095);
    // The module's output is untrusted: another format, or a zero page count, names no page.
    for bad in [bits ^ (1 << 63), bits & !0xfff, bits | (1 << 52)] {
        assert_eq!(
            VendorBlockList::decode_entry(bad),
            Err(ListError::EntryMalformed { list: "VENDOR_BLOCK_LIST", bits: bad })
        );
    }
    let e = VendorBlockList::encode_entry(addr, 4096).unwrap_err();
    assert_eq!(e, ListError::PagesOutOfRange { list: "VENDOR_BLOCK_LIST", pages: 4096, max: 4095 });
}

#[test]
fn a_guest_list_names_its_list_page_and_entries_by_guest_frame() {
    let list_page = GuestPhysAddr::from_pfn(0x42).unwrap();
    let value = VendorGuestList::encode_list(list_page, 512).unwrap();
    assert_eq!((value.address(), value.count(), value.entries()), (list_page, 512, 512));
    let page = GuestPhysAddr::from_pfn(0x99).unwrap();
    assert_eq!(VendorGuestList::decode_entry(VendorGuestList::encode_entry(page, 1).unwrap()).unwrap().addr, page);
    assert_eq!(<VendorGuestList as PageList>::ListAddr::SPACE, AddressSpace::Guest);
}

#[test]
fn a_struct_of_the_downstream_yaml_reads_and_refuses_like_tdx_abis_own() {
    let mut image = [0u8; 32];
    image[0..4].copy_from_slice(&0x564E_4442u32.to_le_bytes());
    image[4..6].copy_from_slice(&2u16.to_le_bytes());
    image[8..16].copy_from_slice(&[1, 0, 2, 0, 4, 0, 8, 0]);
    image[16..32].copy_from_slice(&[0xCD; 16]);
    let header = VendorBlobHeader::try_from_bytes(&image).unwrap();
    assert_eq!((header.magic(), header.version(), header.lanes()), (0x564E_4442, 2, [1, 2, 4, 8]));
    assert_eq!(header.digest(), [0xCD; 16]);
    assert_eq!((VendorBlobHeader::SIZE, align_of::<VendorBlobHeader>()), (32, 32));
    image[7] = 1;
    assert_eq!(
        VendorBlobHeader::try_from_bytes(&image),
        Err(StructError::ReservedNonZero { name: "VENDOR_BLOB_HEADER", offset: 7 })
    );
    let built = VendorBlobHeader::new_zeroed().with_magic(0x564E_4442).with_version(2).with_lanes([1, 2, 4, 8]);
    assert_eq!(built.with_digest([0xCD; 16]), header);
}
