//! Memory structures generated from `structs:` tables: a report image with
//! values at their spec offsets reads back member by member, and sizes,
//! offsets and alignment are the ABI's. (Every struct's byte round trip is a
//! generated property test: `field_props/generated.rs`, `struct_props!`.)

use tdx_abi::{
    CmrInfo, ConfigFlags, CpuidConfig, CpuidConfigValues, EptpControls, Reportmacstruct, TdAttributes, TdParams,
    TdinfoStruct, TdmrInfo, TdmrReservedArea, Tdreport, TdreportStruct, TdreportStructV0, TdreportStructView,
    TeeTcbInfo, Xfam,
};

#[test]
#[allow(unused_qualifications)] // `align_of` is in the prelude only from Rust 1.80, past the MSRV
fn sizes_offsets_and_alignment_are_the_abis() {
    assert_eq!(
        (TdreportStruct::SIZE, TdreportStruct::ALIGN, core::mem::align_of::<TdreportStruct>()),
        (1024, 1024, 1024)
    );
    assert_eq!((Reportmacstruct::SIZE, TeeTcbInfo::SIZE, TdinfoStruct::SIZE), (256, 239, 512));
    // The offsets a hand copy got wrong: REPORTDATA at 128 of a 1024-byte report.
    assert_eq!(Reportmacstruct::REPORTDATA_OFFSET, 128);
    assert_eq!((TdreportStruct::TEE_TCB_INFO_OFFSET, TdreportStruct::TDINFO_OFFSET), (256, 512));
    assert_eq!((TdinfoStruct::RTMR_OFFSET, TdinfoStruct::SERVTD_HASH_OFFSET), (208, 400));
    // Nested reserved ranges are checked at their place in the whole report.
    assert!(TdreportStruct::RESERVED_BYTES.contains(&(3, 4)));
    assert!(TdreportStruct::RESERVED_BYTES.contains(&(256 + 144, 256 + 239)));
    assert!(TdreportStruct::RESERVED_BYTES.contains(&(495, 512)));
    assert_eq!(TeeTcbInfo::TEE_TCB_SVN2_OFFSET, 128);
}

#[test]
fn a_report_image_reads_back_member_by_member() {
    let mut image = [0u8; 1024];
    image[0] = 0x81; // REPORTTYPE.TYPE: TDX, a value a Rust enum of TEE types once lacked
    image[2] = 1; // REPORTTYPE.VERSION
    image[16..32].copy_from_slice(&[0x11; 16]); // CPUSVN
    image[128..192].copy_from_slice(&[0xAB; 64]); // REPORTDATA
    image[256..264].copy_from_slice(&0x0000_0000_0000_01FFu64.to_le_bytes()); // TEE_TCB_INFO.VALID
    image[512..520].copy_from_slice(&0x1000_0000u64.to_le_bytes()); // TDINFO.ATTRIBUTES: SEPT_VE_DISABLE
    image[520..528].copy_from_slice(&0x0006_00E7u64.to_le_bytes()); // TDINFO.XFAM: x87, SSE, AVX, AVX-512, AMX
    image[512 + 16..512 + 64].copy_from_slice(&[0x5A; 48]); // MRTD
    image[512 + 208 + 96..512 + 208 + 144].copy_from_slice(&[0x22; 48]); // RTMR[2]
    let report = TdreportStruct::try_from_bytes(&image).unwrap();
    let mac = report.reportmacstruct();
    assert_eq!((mac.reporttype().tee_type(), mac.reporttype().version()), (0x81, 1));
    assert_eq!((mac.cpusvn(), mac.reportdata()), ([0x11; 16], [0xAB; 64]));
    assert_eq!(report.tee_tcb_info().valid(), 0x1FF);
    let info = report.tdinfo();
    assert_eq!((info.attributes().into_bits(), info.mrtd()), (0x1000_0000, [0x5A; 48]));
    // Bit words inside a struct read as their layouts.
    assert!(info.attributes().sept_ve_disable() && !info.attributes().debug());
    let xfam = info.xfam();
    assert!(xfam.sse() && xfam.avx3_zmm() && xfam.amx_xtiledata() && !xfam.pt() && !xfam.mpx_bndreg());
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

/// Writes `value`'s little-endian bytes at `offset`.
fn put(image: &mut [u8], offset: usize, value: &[u8]) {
    image[offset..offset + value.len()].copy_from_slice(value);
}

#[test]
fn a_td_params_image_reads_back_member_by_member() {
    let mut image = [0u8; 1024];
    put(&mut image, 0, &(1u64 << 28 | 1 << 30).to_le_bytes()); // ATTRIBUTES: SEPT_VE_DISABLE, PKS
    put(&mut image, 8, &0x3u64.to_le_bytes()); // XFAM: x87, SSE
    put(&mut image, 16, &8u16.to_le_bytes()); // MAX_VCPUS
    image[18] = 2; // NUM_L2_VMS
    image[19] = 1; // MSR_CONFIG_CTLS
    put(&mut image, 24, &(6u64 | 3 << 3).to_le_bytes()); // EPTP_CONTROLS: WB, 4-level walk
    put(&mut image, 32, &0b101u64.to_le_bytes()); // CONFIG_FLAGS: GPAW, NO_RBP_MOD
    put(&mut image, 40, &100u16.to_le_bytes()); // TSC_FREQUENCY: 2.5 GHz in 25 MHz units
    put(&mut image, 80, &[0xC1; 48]); // MRCONFIGID
    put(&mut image, 128, &[0xC2; 48]); // MROWNER
    put(&mut image, 176, &[0xC3; 48]); // MROWNERCONFIG
    put(&mut image, 224, &0xDEAD_BEEFu64.to_le_bytes()); // IA32_ARCH_CAPABILITIES_CONFIG
    put(&mut image, 256 + 16 + 12, &0x1234_5678u32.to_le_bytes()); // CPUID_VALUES[1].EDX
    put(&mut image, 1024 - 16, &7u32.to_le_bytes()); // CPUID_VALUES[47].EAX
    let p = TdParams::try_from_bytes(&image).unwrap();
    assert_eq!(p.attributes(), TdAttributes::new().with_sept_ve_disable(true).with_pks(true));
    assert_eq!(p.xfam(), Xfam::new().with_x87_fpu_mmx(true).with_sse(true));
    assert_eq!((p.max_vcpus(), p.num_l2_vms(), p.msr_config_ctls(), p.tsc_frequency()), (8, 2, 1, 100));
    assert_eq!(p.eptp_controls(), EptpControls::new().with_ept_ps_mt(6).with_ept_pwl(3));
    assert_eq!(p.config_flags(), ConfigFlags::new().with_gpaw(true).with_no_rbp_mod(true));
    assert_eq!((p.mrconfigid(), p.mrowner(), p.mrownerconfig()), ([0xC1; 48], [0xC2; 48], [0xC3; 48]));
    assert_eq!(p.ia32_arch_capabilities_config(), 0xDEAD_BEEF);
    let cpuid = p.cpuid_values();
    assert_eq!((cpuid[1].edx(), cpuid[47].eax(), cpuid[0]), (0x1234_5678, 7, CpuidConfigValues::new_zeroed()));
    // Built with the setters, the same bytes; a byte in a reserved range is refused by offset.
    let mut values = [CpuidConfigValues::new_zeroed(); 48];
    values[1].set_edx(0x1234_5678);
    values[47].set_eax(7);
    let built = TdParams::new_zeroed()
        .with_attributes(p.attributes())
        .with_xfam(p.xfam())
        .with_max_vcpus(8)
        .with_num_l2_vms(2)
        .with_msr_config_ctls(1)
        .with_eptp_controls(p.eptp_controls())
        .with_config_flags(p.config_flags())
        .with_tsc_frequency(100)
        .with_mrconfigid([0xC1; 48])
        .with_mrowner([0xC2; 48])
        .with_mrownerconfig([0xC3; 48])
        .with_ia32_arch_capabilities_config(0xDEAD_BEEF)
        .with_cpuid_values(values);
    assert_eq!(built.as_bytes(), &image);
    image[41 + 1] = 1;
    assert_eq!(
        TdParams::try_from_bytes(&image),
        Err(tdx_abi::StructError::ReservedNonZero { name: "TD_PARAMS", offset: 42 })
    );
    assert_eq!((TdParams::SIZE, TdParams::ALIGN, TdParams::CPUID_VALUES_OFFSET), (1024, 1024, 256));
}

#[test]
fn a_cpuid_config_image_reads_back() {
    let mut image = [0u8; 24];
    put(&mut image, 0, &7u32.to_le_bytes());
    put(&mut image, 4, &u32::MAX.to_le_bytes());
    put(&mut image, 8, &1u32.to_le_bytes());
    put(&mut image, 12, &2u32.to_le_bytes());
    put(&mut image, 16, &3u32.to_le_bytes());
    put(&mut image, 20, &4u32.to_le_bytes());
    let c = CpuidConfig::try_from_bytes(&image).unwrap();
    assert_eq!((c.leaf(), c.sub_leaf()), (7, u32::MAX));
    let v = c.values();
    assert_eq!((v.eax(), v.ebx(), v.ecx(), v.edx()), (1, 2, 3, 4));
}

#[test]
#[allow(unused_qualifications)] // `align_of` is in the prelude only from Rust 1.80, past the MSRV
fn a_tdmr_info_image_reads_back_and_pads_to_512_bytes() {
    let mut image = [0u8; 512];
    let words: [u64; 8] = [1 << 30, 4 << 30, 0x10_0000, 0x1000, 0x20_0000, 0x2000, 0x30_0000, 0x8000];
    for (i, w) in words.iter().enumerate() {
        put(&mut image, i * 8, &w.to_le_bytes());
    }
    put(&mut image, 64 + 15 * 16, &0x4000u64.to_le_bytes()); // RESERVED_AREAS[15].AREA_OFFSET
    put(&mut image, 64 + 15 * 16 + 8, &0x1000u64.to_le_bytes()); // RESERVED_AREAS[15].AREA_SIZE
    let t = TdmrInfo::try_from_bytes(&image).unwrap();
    assert_eq!(
        [
            t.tdmr_base(),
            t.tdmr_size(),
            t.pamt_1g_base(),
            t.pamt_1g_size(),
            t.pamt_2m_base(),
            t.pamt_2m_size(),
            t.pamt_4k_base(),
            t.pamt_4k_size()
        ],
        words
    );
    let areas = t.reserved_areas();
    assert_eq!((areas[15].area_offset(), areas[15].area_size()), (0x4000, 0x1000));
    assert_eq!(areas[0], TdmrReservedArea::new_zeroed());
    assert_eq!((TdmrInfo::ALIGN, core::mem::align_of::<TdmrInfo>(), TdmrInfo::RESERVED_AREAS_OFFSET), (512, 512, 64));
    image[320] = 1; // the padding to 512 bytes is zero
    assert_eq!(
        TdmrInfo::try_from_bytes(&image),
        Err(tdx_abi::StructError::ReservedNonZero { name: "TDMR_INFO", offset: 320 })
    );
}

#[test]
fn a_cmr_info_image_reads_back() {
    let mut image = [0u8; 16];
    put(&mut image, 0, &0x1_0000_0000u64.to_le_bytes());
    put(&mut image, 8, &0x8000_0000u64.to_le_bytes());
    let c = CmrInfo::try_from_bytes(&image).unwrap();
    assert_eq!((c.cmr_base(), c.cmr_size()), (0x1_0000_0000, 0x8000_0000));
    assert_eq!(
        CmrInfo::try_from_bytes(&image[..15]),
        Err(tdx_abi::StructError::WrongLength { name: "CMR_INFO", expected: 16, got: 15 })
    );
}

#[test]
fn a_report_inside_a_longer_message_is_read_in_place_at_any_alignment() {
    // A quote-like message: a 49-byte header (so the report is not even 2-byte aligned), the
    // report, then a trailer.
    let mut report = TdreportStruct::new_zeroed();
    let mut mac = report.reportmacstruct();
    mac.set_reportdata([0x42; 64]);
    report.set_reportmacstruct(mac);
    let mut info = report.tdinfo();
    info.set_mrtd([0x5A; 48]);
    report.set_tdinfo(info);
    let mut message = vec![0xEE_u8; 49];
    message.extend_from_slice(report.as_bytes());
    message.extend_from_slice(b"trailer");
    let (view, rest) = TdreportStructView::split_from(&message[49..]).unwrap();
    assert_eq!(rest, b"trailer");
    assert_eq!(view.reportmacstruct().reportdata(), [0x42; 64]);
    assert_eq!(view.tdinfo().mrtd(), [0x5A; 48]);
    assert_eq!((view.to_struct(), view.as_bytes()), (report, report.as_bytes()));
    assert_eq!(format!("{view:?}"), format!("{report:?}"));
    assert_eq!(TdreportStructView::from(&report), report.view());
    // The view checks what the owned type checks: reserved bytes and length.
    message[49 + 200] = 1; // REPORTMACSTRUCT's reserved bytes 192..224
    assert_eq!(
        TdreportStructView::split_from(&message[49..]),
        Err(tdx_abi::StructError::ReservedNonZero { name: "TDREPORT_STRUCT", offset: 200 })
    );
    assert_eq!(
        TdreportStructView::try_from_bytes(&message[49..49 + 1023]),
        Err(tdx_abi::StructError::WrongLength { name: "TDREPORT_STRUCT", expected: 1024, got: 1023 })
    );
    assert!(TdreportStructView::split_from(&message[49 + 8..]).is_err(), "too short");
}

#[test]
fn a_report_is_read_in_the_form_its_version_names() {
    // Version 1: SERVTD_HASH (TDINFO bytes 400..448) is a member.
    let mut image = [0u8; 1024];
    image[0] = 0x81;
    image[2] = 1;
    image[512 + 400..512 + 448].copy_from_slice(&[0x77; 48]);
    image[256 + 128..256 + 144].copy_from_slice(&[0x03; 16]); // TEE_TCB_SVN2, written by newer modules
    match Tdreport::try_from_bytes(&image).unwrap() {
        Tdreport::TdreportStruct(r) => {
            assert_eq!(r.tdinfo().servtd_hash(), [0x77; 48]);
            assert_eq!(r.tee_tcb_info().tee_tcb_svn2(), [0x03; 16]);
        }
        other => panic!("read as {other:?}"),
    }
    // Version 0: the same bytes are reserved, so a non-zero SERVTD_HASH is refused by offset.
    image[2] = 0;
    assert_eq!(
        Tdreport::try_from_bytes(&image),
        Err(tdx_abi::StructError::ReservedNonZero { name: "TDREPORT_STRUCT_V0", offset: 512 + 400 })
    );
    image[512 + 400..512 + 448].fill(0);
    let v0 = Tdreport::try_from_bytes(&image).unwrap();
    assert!(matches!(v0, Tdreport::TdreportStructV0(_)));
    assert_eq!(v0.as_bytes(), &image);
    assert_eq!(TdreportStructV0::try_from_bytes(&image).map(Tdreport::TdreportStructV0), Ok(v0));
    // A version naming no form is an error that says where the selector is.
    image[2] = 2;
    assert_eq!(
        Tdreport::try_from_bytes(&image),
        Err(tdx_abi::StructError::UnknownVariant { name: "TDREPORT", offset: 2, value: 2 })
    );
    assert_eq!((Tdreport::SELECTOR_OFFSET, Tdreport::selector(&image)), (2, 2));
    assert!(matches!(Tdreport::try_from_bytes(&image[..1000]), Err(tdx_abi::StructError::WrongLength { .. })));
}

#[test]
fn a_struct_operand_address_must_have_the_structs_alignment() {
    use tdx_abi::{MemoryStruct, PhysAddr, StructAddr, StructError};
    let aligned = PhysAddr::new(0x1_0400).unwrap();
    let addr = StructAddr::<TdParams>::new(aligned).unwrap();
    assert_eq!((addr.addr(), addr.as_u64()), (aligned, 0x1_0400));
    assert_eq!(
        StructAddr::<TdParams>::new(PhysAddr::new(0x1_0200).unwrap()),
        Err(StructError::Misaligned { name: "TD_PARAMS", addr: 0x1_0200, align: 1024 })
    );
    // A struct without alignment in the ABI takes any address.
    assert!(StructAddr::<CmrInfo>::new(PhysAddr::new(0x1_0001).unwrap()).is_ok());
    assert_eq!(format!("{addr:?}"), "StructAddr<TD_PARAMS>(0x10400)");
    // The trait answers what the inherent items do, for generic code.
    fn describe<T: MemoryStruct>(value: &T) -> (&'static str, usize, usize, usize) {
        (T::NAME, T::SIZE, T::ALIGN, value.as_bytes().len())
    }
    assert_eq!(describe(&TdParams::new_zeroed()), ("TD_PARAMS", 1024, 1024, 1024));
    assert_eq!(<TdParams as MemoryStruct>::try_from_bytes(&[0; 1024]), Ok(TdParams::new_zeroed()));
    // TDH.MNG.INIT takes TD_PARAMS by such an address.
    let input = tdx_abi::leaves::mng::TdhMngInitIn { td_params: addr, ..Default::default() };
    assert_eq!(input.td_params.as_u64(), 0x1_0400);
}

#[test]
fn tdh_sys_config_takes_an_aligned_array_of_tdmr_info_addresses() {
    use tdx_abi::{PhysAddr, StructAddr, StructError, TdmrInfoPaArray};
    let mut addrs = [0u64; 64];
    addrs[0] = 0x20_0000;
    addrs[1] = 0x20_0200;
    let array = TdmrInfoPaArray::new_zeroed().with_tdmr_info_pa(addrs);
    assert_eq!(&array.as_bytes()[..16], &[0, 0, 0x20, 0, 0, 0, 0, 0, 0, 2, 0x20, 0, 0, 0, 0, 0]);
    assert_eq!((TdmrInfoPaArray::SIZE, TdmrInfoPaArray::ALIGN), (512, 512));
    let at = StructAddr::<TdmrInfoPaArray>::new(PhysAddr::new(0x30_0200).unwrap()).unwrap();
    let input = tdx_abi::leaves::sys::TdhSysConfigIn { tdmr_array: at, tdmr_count: 2, ..Default::default() };
    assert_eq!(input.tdmr_array.as_u64(), 0x30_0200);
    assert_eq!(
        StructAddr::<TdmrInfoPaArray>::new(PhysAddr::new(0x30_0100).unwrap()),
        Err(StructError::Misaligned { name: "TDMR_INFO_PA_ARRAY", addr: 0x30_0100, align: 512 })
    );
}

/// Every member of TDREPORT_STRUCT (version 1) at the offset the ABI documents
/// (intel/tdx-module's packed `td_report_t`), each filled with its own byte,
/// read back through the typed getters.
#[test]
fn every_report_member_reads_back_from_its_documented_offset() {
    // (absolute offset, length) per member, in the report; the fill byte is the member's index + 1.
    const PLACES: [(usize, usize); 22] = [
        (0, 1),        // REPORTTYPE.TEE_TYPE
        (1, 1),        // REPORTTYPE.SUBTYPE
        (2, 1),        // REPORTTYPE.VERSION
        (16, 16),      // CPUSVN
        (32, 48),      // TEE_TCB_INFO_HASH
        (80, 48),      // TEE_INFO_HASH
        (128, 64),     // REPORTDATA
        (224, 32),     // MAC
        (256, 8),      // TEE_TCB_INFO.VALID
        (264, 16),     // TEE_TCB_SVN
        (280, 48),     // MRSEAM
        (328, 48),     // MRSIGNERSEAM
        (376, 8),      // ATTRIBUTES (the module's)
        (384, 16),     // TEE_TCB_SVN2
        (512, 8),      // TDINFO.ATTRIBUTES
        (520, 8),      // XFAM
        (528, 48),     // MRTD
        (576, 48),     // MRCONFIGID
        (624, 48),     // MROWNER
        (672, 48),     // MROWNERCONFIG
        (720, 4 * 48), // RTMR[0..4]
        (912, 48),     // SERVTD_HASH
    ];
    let mut image = [0u8; 1024];
    for (i, &(at, len)) in PLACES.iter().enumerate() {
        image[at..at + len].fill(i as u8 + 1);
    }
    image[2] = 1; // VERSION names the form with SERVTD_HASH
    let fill = |i: usize, len: usize| vec![i as u8 + 1; len];
    let r = TdreportStruct::try_from_bytes(&image).unwrap();
    let (mac, tcb, info) = (r.reportmacstruct(), r.tee_tcb_info(), r.tdinfo());
    let ty = mac.reporttype();
    assert_eq!((ty.tee_type(), ty.subtype(), ty.version()), (1, 2, 1));
    let runs: [(usize, Vec<u8>); 19] = [
        (3, mac.cpusvn().to_vec()),
        (4, mac.tee_tcb_info_hash().to_vec()),
        (5, mac.tee_info_hash().to_vec()),
        (6, mac.reportdata().to_vec()),
        (7, mac.mac().to_vec()),
        (8, tcb.valid().to_le_bytes().to_vec()),
        (9, tcb.tee_tcb_svn().to_vec()),
        (10, tcb.mrseam().to_vec()),
        (11, tcb.mrsignerseam().to_vec()),
        (12, tcb.attributes().to_le_bytes().to_vec()),
        (13, tcb.tee_tcb_svn2().to_vec()),
        (14, info.attributes().into_bits().to_le_bytes().to_vec()),
        (15, info.xfam().into_bits().to_le_bytes().to_vec()),
        (16, info.mrtd().to_vec()),
        (17, info.mrconfigid().to_vec()),
        (18, info.mrowner().to_vec()),
        (19, info.mrownerconfig().to_vec()),
        (20, info.rtmr().concat()),
        (21, info.servtd_hash().to_vec()),
    ];
    for (i, bytes) in runs {
        assert_eq!(bytes, fill(i, PLACES[i].1), "member {i} at byte {}", PLACES[i].0);
    }
}
