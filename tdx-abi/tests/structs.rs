//! Memory structures generated from `structs:` tables: a report image with
//! values at their spec offsets reads back member by member, and sizes,
//! offsets and alignment are the ABI's. (Every struct's byte round trip is a
//! generated property test: `field_props/generated.rs`, `struct_props!`.)

use tdx_abi::{Reportmacstruct, TdinfoStruct, TdreportStruct, TeeTcbInfo};

#[test]
#[allow(unused_qualifications)] // `align_of` is in the prelude only from Rust 1.80, past the MSRV
fn sizes_offsets_and_alignment_are_the_abis() {
    assert_eq!(
        (TdreportStruct::SIZE, TdreportStruct::ALIGN, core::mem::align_of::<TdreportStruct>()),
        (1024, 1024, 1024)
    );
    assert_eq!((Reportmacstruct::SIZE, TeeTcbInfo::SIZE, TdinfoStruct::SIZE), (256, 256, 512));
    // The offsets a hand copy got wrong: REPORTDATA at 128 of a 1024-byte report.
    assert_eq!(Reportmacstruct::REPORTDATA_OFFSET, 128);
    assert_eq!((TdreportStruct::TEE_TCB_INFO_OFFSET, TdreportStruct::TDINFO_OFFSET), (256, 512));
    assert_eq!((TdinfoStruct::RTMR_OFFSET, TdinfoStruct::SERVTD_HASH_OFFSET), (208, 400));
    // Nested reserved ranges are checked at their place in the whole report.
    assert!(TdreportStruct::RESERVED_BYTES.contains(&(3, 4)));
    assert!(TdreportStruct::RESERVED_BYTES.contains(&(256 + 128, 512)));
}

#[test]
fn a_report_image_reads_back_member_by_member() {
    let mut image = [0u8; 1024];
    image[0] = 0x81; // REPORTTYPE.TYPE: TDX, a value a Rust enum of TEE types once lacked
    image[2] = 1; // REPORTTYPE.VERSION
    image[16..32].copy_from_slice(&[0x11; 16]); // CPUSVN
    image[128..192].copy_from_slice(&[0xAB; 64]); // REPORTDATA
    image[256..264].copy_from_slice(&0x0000_0000_0000_01FFu64.to_le_bytes()); // TEE_TCB_INFO.VALID
    image[512..520].copy_from_slice(&0x1000_0000u64.to_le_bytes()); // TDINFO.ATTRIBUTES
    image[512 + 16..512 + 64].copy_from_slice(&[0x5A; 48]); // MRTD
    image[512 + 208 + 96..512 + 208 + 144].copy_from_slice(&[0x22; 48]); // RTMR[2]
    let report = TdreportStruct::try_from_bytes(&image).unwrap();
    let mac = report.reportmacstruct();
    assert_eq!((mac.reporttype().tee_type(), mac.reporttype().version()), (0x81, 1));
    assert_eq!((mac.cpusvn(), mac.reportdata()), ([0x11; 16], [0xAB; 64]));
    assert_eq!(report.tee_tcb_info().valid(), 0x1FF);
    let info = report.tdinfo();
    assert_eq!((info.attributes(), info.mrtd()), (0x1000_0000, [0x5A; 48]));
    assert_eq!(info.rtmr(), [[0; 48], [0; 48], [0x22; 48], [0; 48]]);
    // Setters write the same places, and the Debug names every member.
    let mut again = TdreportStruct::new_zeroed();
    again.set_reportmacstruct(mac);
    again.set_tee_tcb_info(report.tee_tcb_info());
    again.set_tdinfo(info);
    assert_eq!(again, report);
    let shown = format!("{report:?}");
    assert!(shown.contains("REPORTDATA") || shown.contains("reportdata"), "{shown}");
    assert!(shown.contains("0xabab"), "{shown}");
}
