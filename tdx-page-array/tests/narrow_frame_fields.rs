//! List types whose frame field is narrower than 40 bits cannot name every
//! page. An address above what the field holds must be refused, in every
//! build profile, before any leaf is issued: never encoded as another page.
//! `VENDOR_NARROW_ARRAY` (16-bit frame, singleton rule, release through the
//! list page) and `VENDOR_MID_LIST` (36-bit frame) exist only in
//! examples/downstream/tables/vendor_list.yaml.

use tdx_abi::{FieldError, ListError, PageList, PhysAddr, Reg, Registers, Resume};
use tdx_abi_example_downstream::from_macro::leaves::vendor::{
    tdh_vendor_mid_add, tdh_vendor_narrow_create, tdh_vendor_narrow_delete, TdhVendorMidAddIn, TdhVendorNarrowCreateIn,
    TdhVendorNarrowDeleteIn,
};
use tdx_abi_example_downstream::from_macro::{leaf, VendorMidList, VendorNarrowArray, LEAVES};
use tdx_page_array::{GiftCause, HandOverError, ListPage, PageArray};
use tdx_sim::host::{list_input, ControlLeaves, Sim, SimModule};

/// The highest frame a 16-bit field names, and the highest page address.
const NARROW_MAX_PFN: u64 = 0xFFFF;
const NARROW_MAX_ADDR: u64 = NARROW_MAX_PFN << 12;
const MID_MAX_PFN: u64 = (1 << 36) - 1;

fn page(pfn: u64) -> PhysAddr {
    PhysAddr::from_pfn(pfn).unwrap()
}

fn too_high(layout: &'static str, addr: u64, max_addr: u64) -> ListError {
    ListError::Field(FieldError::AddressTooHigh { layout, field: "FRAME", addr, max_addr })
}

#[test]
fn encoders_refuse_a_list_page_above_a_narrow_frame_field() {
    let above = page(NARROW_MAX_PFN + 1);
    // Before the fix, `as u16` made this frame 0: the module would have read page 0.
    assert_eq!(
        VendorNarrowArray::encode_list(above, 3),
        Err(too_high("VENDOR_NARROW_ARRAY", above.as_u64(), NARROW_MAX_ADDR))
    );
    assert_eq!(
        VendorNarrowArray::encode_in_place(above),
        Err(too_high("VENDOR_NARROW_ARRAY", above.as_u64(), NARROW_MAX_ADDR))
    );
    let at_limit = VendorNarrowArray::encode_list(page(NARROW_MAX_PFN), 3).unwrap();
    assert_eq!((at_limit.address(), at_limit.count()), (page(NARROW_MAX_PFN), 3));

    // A 36-bit field (stored as u64): a debug build used to panic, a release build to mask.
    let above = page(MID_MAX_PFN + 1);
    let max_addr = MID_MAX_PFN << 12;
    assert_eq!(VendorMidList::encode_list(above, 2), Err(too_high("VENDOR_MID_LIST", above.as_u64(), max_addr)));
    assert_eq!(VendorMidList::encode_list(page(MID_MAX_PFN), 2).unwrap().address(), page(MID_MAX_PFN));
}

#[test]
fn the_error_names_layout_field_address_and_limit() {
    let e = VendorNarrowArray::encode_list(page(0x1_0000), 2).unwrap_err();
    assert_eq!(
        e.to_string(),
        "VENDOR_NARROW_ARRAY.FRAME: address 0x10000000 is above the highest page the field can name (0xffff000)"
    );
}

#[test]
fn typed_address_setters_refuse_in_every_profile() {
    let above = page(NARROW_MAX_PFN + 1);
    assert_eq!(
        VendorNarrowArray::new().try_with_frame_addr(above),
        Err(FieldError::AddressTooHigh {
            layout: "VENDOR_NARROW_ARRAY",
            field: "FRAME",
            addr: above.as_u64(),
            max_addr: NARROW_MAX_ADDR
        })
    );
    let result = std::panic::catch_unwind(|| VendorNarrowArray::new().with_frame_addr(above));
    let message = result.unwrap_err();
    let message = message.downcast_ref::<&str>().copied().unwrap_or_default();
    assert_eq!(message, "VENDOR_NARROW_ARRAY.FRAME: address above 0xffff000, the highest page the field names");
    let misaligned = PhysAddr::new(0x1008).unwrap();
    assert!(std::panic::catch_unwind(|| VendorMidList::new().with_frame_addr(misaligned)).is_err());
    assert_eq!(VendorNarrowArray::new().with_frame_addr(page(NARROW_MAX_PFN)).frame(), 0xFFFF);
}

fn narrow_module(sim: &Sim) -> SimModule {
    let (create, delete) = (leaf::TDH_VENDOR_NARROW_CREATE, leaf::TDH_VENDOR_NARROW_DELETE);
    sim.bare_module().with_control_leaves::<VendorNarrowArray>(
        ControlLeaves::from_tables::<VendorNarrowArray>(LEAVES, create, delete).unwrap(),
    )
}

#[test]
fn a_gift_refuses_every_window_before_the_first_leaf_when_one_page_cannot_be_named() {
    // List page at 0xFDFF, pages 0xFE00..=0x10000: 512 fit, the 513th (alone in
    // its window, so encoded in place by the singleton rule) does not.
    let sim = Sim::starting_at_pfn(NARROW_MAX_PFN - 512);
    let mut provider = sim.provider();
    let mut module = sim.bare_module().with_gift_leaf::<VendorNarrowArray>(900, Reg::Rcx);
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc(&mut provider, Vec::new(), 513).unwrap();
    assert_eq!(array.pages()[512], page(NARROW_MAX_PFN + 1));
    let err = array
        .gift::<VendorNarrowArray, _>(&mut provider, &mut list, |value| {
            let regs = Registers { rcx: value.into_bits(), ..Registers::default() };
            tdx_abi::run(&mut module, 900, regs, Resume::None, 0).map(drop)
        })
        .unwrap_err();
    let addr = NARROW_MAX_ADDR + 0x1000;
    assert_eq!(err.cause, GiftCause::Encode(too_high("VENDOR_NARROW_ARRAY", addr, NARROW_MAX_ADDR)));
    assert_eq!((err.gifted, err.quarantined, err.freed), (0, 0, 513));
    assert_eq!(module.count(900), 0, "no leaf may be issued");
    list.free(&mut provider);
    let stats = sim.stats();
    assert_eq!((stats.module_gifted, stats.host_live, stats.in_allocator), (0, 0, 514));
    assert_eq!(stats.violations, vec![]);
}

#[test]
fn a_gift_through_a_list_page_above_a_36_bit_frame_field_issues_no_leaf() {
    let sim = Sim::starting_at_pfn(MID_MAX_PFN + 1);
    let mut provider = sim.provider();
    let add = leaf::TDH_VENDOR_MID_ADD;
    let mut module =
        sim.bare_module().with_gift_leaf::<VendorMidList>(add, list_input::<VendorMidList>(LEAVES, add).unwrap());
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc(&mut provider, Vec::new(), 600).unwrap();
    let err = array
        .gift::<VendorMidList, _>(&mut provider, &mut list, |pages| {
            tdh_vendor_mid_add(&mut module, &TdhVendorMidAddIn { pages }).map(drop)
        })
        .unwrap_err();
    assert!(matches!(err.cause, GiftCause::Encode(ListError::Field(FieldError::AddressTooHigh { .. }))));
    assert_eq!((err.gifted, err.freed), (0, 600));
    assert_eq!(module.count(leaf::TDH_VENDOR_MID_ADD), 0);
    list.free(&mut provider);
    assert_eq!(sim.stats().host_live, 0);
}

#[test]
fn control_pages_the_field_cannot_name_stay_with_the_host() {
    let sim = Sim::starting_at_pfn(NARROW_MAX_PFN);
    let mut provider = sim.provider();
    let mut module = narrow_module(&sim);
    // The list page is the last nameable page; the two control pages are above it.
    let mut list = ListPage::alloc(&mut provider).unwrap();
    let array = PageArray::alloc(&mut provider, Vec::new(), 1).unwrap();
    let result = array.hand_over::<VendorNarrowArray, _, _>(&mut provider, &mut list, |pages| {
        tdh_vendor_narrow_create(&mut module, &TdhVendorNarrowCreateIn { pages }).map(|o| o.object_id)
    });
    let Err(HandOverError::Encode(back, e)) = result else { panic!("the page above the field must be refused") };
    assert_eq!(e, too_high("VENDOR_NARROW_ARRAY", NARROW_MAX_ADDR + 0x1000, NARROW_MAX_ADDR));
    assert_eq!(module.count(leaf::TDH_VENDOR_NARROW_CREATE), 0);
    assert_eq!(back.len(), 1);
    back.free(&mut provider);
    list.free(&mut provider);
    assert_eq!(sim.stats().violations, vec![]);
}

/// The table says this list type's DELETE takes the list page even for one
/// page; the simulator must follow it (it used to accept only 0).
#[test]
fn a_singleton_released_through_its_list_page_as_the_table_says() {
    for n in [1, 2] {
        let sim = Sim::new();
        let mut provider = sim.provider();
        // bare_module() without a flush leaf registered by hand: releases still flush.
        let mut module = narrow_module(&sim);
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
        let (control, object_id) = array
            .hand_over::<VendorNarrowArray, _, _>(&mut provider, &mut list, |pages| {
                tdh_vendor_narrow_create(&mut module, &TdhVendorNarrowCreateIn { pages }).map(|o| o.object_id)
            })
            .unwrap();
        assert_eq!(control.release_input::<VendorNarrowArray>(&list), list.addr().as_u64(), "{n} pages");
        let report = control
            .release::<VendorNarrowArray, _, _>(
                &mut provider,
                &list,
                &mut module,
                |p| p.as_u64(),
                |seam, release| {
                    tdh_vendor_narrow_delete(seam, &TdhVendorNarrowDeleteIn { object_id, release }).map(|o| o.released)
                },
            )
            .unwrap();
        assert_eq!((report.freed, report.quarantined), (n, 0), "{n} pages");
        list.free(&mut provider);
        let stats = sim.stats();
        assert_eq!((stats.host_live, stats.module_control, stats.quarantined.len()), (0, 0, 0));
        assert_eq!(stats.violations, vec![]);
    }
}

/// Errors carry into `Box<dyn Error>` with `?` (feature `std`) and say what happened.
#[test]
fn a_refused_gift_reads_well_as_a_boxed_error() {
    fn gift_above_the_field() -> Result<(), Box<dyn std::error::Error>> {
        let sim = Sim::starting_at_pfn(NARROW_MAX_PFN + 1);
        let mut provider = sim.provider();
        let mut list = ListPage::alloc(&mut provider)?;
        let array = PageArray::alloc(&mut provider, Vec::new(), 2)?;
        let result = array.gift::<VendorNarrowArray, _>(&mut provider, &mut list, |_| Ok(()));
        list.free(&mut provider);
        result?;
        Ok(())
    }
    let e = gift_above_the_field().unwrap_err();
    assert_eq!(
        e.to_string(),
        "gift stopped: encoding a window failed: VENDOR_NARROW_ARRAY.FRAME: address 0x10000000 is above the \
         highest page the field can name (0xffff000); 0 pages gifted, 0 quarantined, 2 freed"
    );
}
