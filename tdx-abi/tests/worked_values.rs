//! Values worked out by hand from the spec and the kernel patch, checked
//! against the generated accessors and list encodings.

use tdx_abi::*;

fn pa(pfn: u64) -> PhysAddr {
    PhysAddr::from_pfn(pfn).unwrap()
}

#[test]
fn hpa_list_info_with_512_entries_and_a_cursor() {
    // LAST_ENTRY 511 << 55 = 0xFF80_0000_0000_0000; PFN 0x12345 << 12 = 0x1234_5000.
    let info = HpaListInfo::new().with_pfn_addr(pa(0x12345)).with_last_entry(511);
    assert_eq!(info.into_bits(), 0xFF80_0000_1234_5000);
    assert_eq!(HpaListInfo::encode_list(pa(0x12345), 512), Ok(info));
    // FIRST_ENTRY 5 << 3 = 0x28.
    let resumed = info.with_first_entry(5);
    assert_eq!(resumed.into_bits(), 0xFF80_0000_1234_5028);
    assert_eq!((resumed.cursor(), resumed.count(), resumed.address()), (Some(5), 512, pa(0x12345)));
}

#[test]
fn hpa_array_t_singleton_holds_the_page_itself() {
    assert_eq!(HpaArrayT::placement(1), Placement::InPlace);
    let single = HpaArrayT::encode_in_place(pa(0xABCDE)).unwrap();
    assert_eq!(single.into_bits(), 0x0000_0000_ABCD_E000);
    assert_eq!((single.count(), single.address()), (1, pa(0xABCDE)));
    // The DELETE input for a singleton is 0, for a list the list-page address.
    assert_eq!(HpaArrayT::release_input(pa(0x1000), 1), 0);
    assert_eq!(HpaArrayT::release_input(pa(0x1000), 3), 0x100_0000);
    assert_eq!(HpaArrayT::encode_list(pa(0x1000), 1), Err(ListError::SingletonRequired { list: "HPA_ARRAY_T" }));
}

#[test]
fn hpa_array_t_list_of_three() {
    // SIZE 2 << 55 = 0x0100_0000_0000_0000; PFN 0x1000 << 12 = 0x100_0000.
    assert_eq!(HpaArrayT::placement(3), Placement::ListPage);
    let list = HpaArrayT::encode_list(pa(0x1000), 3).unwrap();
    assert_eq!(list.into_bits(), 0x0100_0000_0100_0000);
    assert_eq!((list.size(), list.count(), list.cursor()), (2, 3, None));
}

#[test]
fn list_types_without_a_singleton_rule_always_use_a_list_page() {
    assert_eq!(HpaListInfo::placement(1), Placement::ListPage);
    assert_eq!(PageListInfo::placement(1), Placement::ListPage);
    assert_eq!(HpaListInfo::encode_in_place(pa(1)), Err(ListError::NoSingletonRule { list: "HPA_LIST_INFO" }));
    assert_eq!(PageListInfo::release_input(pa(0x1000), 1), 0x100_0000);
    assert_eq!(PageListInfo::encode_list(pa(0x7), 1).unwrap().into_bits(), 0x7000);
}

#[test]
fn list_encoding_rejects_bad_counts_and_addresses() {
    let cap = HpaListInfo::CAPACITY;
    assert_eq!(cap, 512);
    assert_eq!(
        HpaListInfo::encode_list(pa(1), 0),
        Err(ListError::CountOutOfRange { list: "HPA_LIST_INFO", count: 0, capacity: 512 })
    );
    assert!(HpaListInfo::encode_list(pa(1), 513).is_err());
    let unaligned = PhysAddr::new(0x1008).unwrap();
    assert_eq!(
        HpaListInfo::encode_list(unaligned, 1),
        Err(ListError::Misaligned { list: "HPA_LIST_INFO", addr: 0x1008 })
    );
    assert_eq!(HpaArrayT::encode_in_place(unaligned), Err(ListError::Misaligned { list: "HPA_ARRAY_T", addr: 0x1008 }));
}

#[test]
fn gpa_list_entries_are_encoded_through_their_layout() {
    let gpa = GuestPhysAddr::from_pfn(0x42).unwrap();
    let entry = GpaListEntry::new().with_gpa_addr(gpa).with_operation(1);
    assert_eq!(GpaListInfo::entry_bits(entry), 0x0010_0000_0004_2000);
    assert_eq!(HpaListInfo::entry_bits(pa(0x42)), 0x4_2000);
    const _: () = assert!(GpaListInfo::RESUMABLE && !GpaListInfo::SINGLETON);
}

#[test]
fn leaf_and_version_of_tdh_vp_init_v1() {
    // TDH.VP.INIT is leaf 22; version 1 goes to bits 23:16.
    let rax = LeafAndVersion::new().with_leaf(22).with_version(1);
    assert_eq!(rax.into_bits(), 0x10016);
}

#[test]
fn field_id_decodes_class_size_context_and_code() {
    let id = FieldId::from_bits(0x9900_0001_0000_0008);
    assert_eq!(id.class_code(), 25);
    assert_eq!(id.element_size_code(), 1); // 2-byte elements
    assert_eq!(id.context_code(), 0); // platform (global)
    assert_eq!(id.field_code(), 8);
    assert!(id.non_arch());
    assert_eq!(id.check_reserved(), Ok(id));
}

#[test]
fn completion_status_of_an_operand_busy_error() {
    let status = CompletionStatus::from_bits(0x8000_0200_0000_0092);
    assert!(status.error() && !status.non_recoverable() && !status.fatal());
    // Bits 47:40 hold 0x02: OPERAND_BUSY is class 2 (OPERAND_INVALID, 0xC000_0100_..., is class 1).
    assert_eq!((status.class(), status.details_l1(), status.details_l2()), (2, 0, 0x92));
    // The kernel's VMFAILINVALID is in the reserved software class 0xFF.
    let vmfail = CompletionStatus::from_bits(0x8000_FF00_FFFF_0000);
    assert_eq!(vmfail.class(), 0xFF);
}

#[test]
fn page_info_packs_gpa_and_level_like_the_kernel() {
    // The kernel passes `gpa | level`.
    let info = PageInfo::new().with_gpa_addr(GuestPhysAddr::new(0x1_2345_6000).unwrap()).with_level(1);
    assert_eq!(info.into_bits(), 0x1_2345_6000 | 1);
}

#[test]
fn reserved_bits_are_reported_not_silently_dropped() {
    assert_eq!(HpaArrayT::try_from_bits(0x1), Err(ReservedBitsSet { layout: "HPA_ARRAY_T", bits: 0x1 }));
    let raw = 0x0070_0000_0000_0FFF;
    assert_eq!(HpaArrayT::from_bits(raw).reserved_bits(), raw);
    assert_eq!(HpaArrayT::RESERVED_MASK, raw);
    assert!(HpaArrayT::try_from_bits(0x0100_0000_0100_0000).is_ok());
}

#[test]
fn checked_setters_name_the_field_and_limit() {
    let err = HpaListInfo::new().try_with_first_entry(512).unwrap_err();
    assert_eq!(err, FieldError::Overflow { layout: "HPA_LIST_INFO", field: "FIRST_ENTRY", value: 512, max: 511 });
    let mut info = HpaListInfo::new();
    assert!(info.try_set_last_entry(511).is_ok());
    assert_eq!(info.last_entry(), 511);
}

#[test]
fn debug_lists_fields_and_any_reserved_bits() {
    let info = HpaListInfo::from_bits(0xFF80_0000_1234_5028);
    assert_eq!(format!("{info:?}"), "HpaListInfo { first_entry: 5, pfn: 0x12345, last_entry: 511 }");
    let dirty = HpaArrayT::from_bits(0x1001);
    assert_eq!(format!("{dirty:?}"), "HpaArrayT { pfn: 0x1, size: 0, reserved: 0x1 }");
    let status = CompletionStatus::from_bits(1 << 63);
    assert!(format!("{status:?}").contains("error: true"));
}

#[test]
fn const_accessors_work_in_const_context() {
    const INFO: HpaListInfo = HpaListInfo::new().with_last_entry(2).with_first_entry(1);
    const _: () = assert!(INFO.last_entry() == 2 && INFO.first_entry() == 1);
    assert_eq!(INFO.into_bits(), (2 << 55) | (1 << 3));
}

#[test]
fn the_registry_lists_every_layout_once() {
    let names: Vec<&str> = LAYOUTS.iter().map(|l| l.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    for required in [
        "HPA_ARRAY_T",
        "HPA_LIST_INFO",
        "PAGE_LIST_INFO",
        "GPA_LIST_INFO",
        "PAGE_INFO",
        "LEAF_AND_VERSION",
        "COMPLETION_STATUS",
        "FIELD_ID",
    ] {
        assert!(names.contains(&required), "{required} missing");
    }
    // Fields and reserved ranges tile every word exactly.
    for l in LAYOUTS {
        let fields = l.fields.iter().fold(0u64, |acc, f| {
            assert_eq!(acc & f.mask, 0, "{}.{} overlaps", l.name, f.name);
            acc | f.mask
        });
        assert_eq!(fields & l.reserved_mask, 0, "{}", l.name);
        assert_eq!(fields | l.reserved_mask, u64::MAX >> (64 - l.width), "{}", l.name);
    }
}
