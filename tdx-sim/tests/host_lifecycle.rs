//! The host side's TD lifecycle basics, driven through tdx-abi's typed stubs:
//! TDH.MNG.CREATE, KEY.CONFIG, ADDCX, INIT with a TD_PARAMS in simulated
//! memory, TDH.MNG.RD/WR with the host's rights from the tables, TDH.SYS.RD.

use tdx_abi::leaves::mng::{
    tdh_mng_addcx, tdh_mng_create, tdh_mng_init, tdh_mng_key_config, tdh_mng_rd, tdh_mng_wr, TdhMngAddcxIn,
    TdhMngCreateIn, TdhMngInitIn, TdhMngKeyConfigIn, TdhMngRdIn, TdhMngWrIn,
};
use tdx_abi::leaves::sys::{tdh_sys_rd, TdhSysRdIn};
use tdx_abi::{
    leaf, operand, rax, FieldId, MetadataScope, PhysAddr, Registers, Seamcall, StructAddr, TdAttributes, TdParams,
    TdxStatus, Xfam, METADATA_FIELDS,
};
use tdx_page_array::{Page, PageProvider};
use tdx_sim::host::PAGE_NOT_FREE;
use tdx_sim::{operand_invalid, Actor, Fault, Platform, Sim, SimModule, SimProvider};

const HKID: u64 = 40;

fn page(provider: &mut SimProvider) -> PhysAddr {
    provider.alloc_zeroed().map(|p: Page| p.addr()).unwrap()
}

fn field(name: &str, scope: MetadataScope) -> FieldId {
    METADATA_FIELDS.iter().find(|f| f.name == name && f.scope == scope).unwrap().field_id
}

fn params() -> TdParams {
    TdParams::new_zeroed()
        .with_attributes(TdAttributes::new().with_sept_ve_disable(true))
        .with_xfam(Xfam::from_bits(0x3))
        .with_max_vcpus(4)
}

/// A machine, its module, and a TDR with keys configured and `tdcs` TDCS pages added.
struct Host {
    sim: Sim,
    provider: SimProvider,
    module: SimModule,
    tdr: PhysAddr,
}

impl Host {
    fn new(tdcs: usize) -> Self {
        let sim = Sim::new();
        let (mut provider, mut module) = (sim.provider(), sim.module());
        let tdr = page(&mut provider);
        tdh_mng_create(&mut module, &TdhMngCreateIn { tdr, hkid: HKID }).unwrap();
        tdh_mng_key_config(&mut module, &TdhMngKeyConfigIn { tdr }).unwrap();
        let mut host = Host { sim, provider, module, tdr };
        for _ in 0..tdcs {
            host.addcx().unwrap();
        }
        host
    }

    fn addcx(&mut self) -> Result<(), TdxStatus> {
        let tdcx_page = page(&mut self.provider);
        tdh_mng_addcx(&mut self.module, &TdhMngAddcxIn { tdcx_page, tdr: self.tdr }).map(drop).map_err(|e| e.status)
    }

    /// Writes `params` into a fresh page and passes it to TDH.MNG.INIT.
    fn init(&mut self, params: &TdParams) -> Result<(), TdxStatus> {
        let at = page(&mut self.provider);
        assert!(self.sim.write_bytes(at, 0, params.as_bytes()));
        let td_params = StructAddr::new(at).unwrap();
        tdh_mng_init(&mut self.module, &TdhMngInitIn { tdr: self.tdr, td_params }).map(drop).map_err(|e| e.status)
    }

    fn rd(&mut self, field_id: FieldId) -> Result<u64, TdxStatus> {
        let input = TdhMngRdIn { tdr: self.tdr, field_id, version: 0 };
        tdh_mng_rd(&mut self.module, &input).map(|o| o.value).map_err(|e| e.status)
    }

    fn wr(&mut self, field_id: FieldId, value: u64, mask: u64) -> Result<(), TdxStatus> {
        let input = TdhMngWrIn { tdr: self.tdr, field_id, value, mask };
        tdh_mng_wr(&mut self.module, &input).map(drop).map_err(|e| e.status)
    }
}

#[test]
fn a_td_is_built_and_its_metadata_reads_back_what_td_params_gave() {
    let mut host = Host::new(Platform::default().tdcs_base_pages);
    host.init(&params()).unwrap();
    let td = MetadataScope::Td;
    assert_eq!(host.rd(field("ATTRIBUTES", td)), Ok(params().attributes().into_bits()));
    assert_eq!(host.rd(field("XFAM", td)), Ok(3));
    assert_eq!(host.rd(field("MAX_VCPUS", td)), Ok(4));
    // The module holds the TDR and the six TDCS pages, and refuses to flush them.
    assert_eq!(host.sim.stats().module_control, 7);
    assert!(host.sim.owned_by_module(host.tdr));
    let mut regs = Registers { rcx: host.tdr.as_u64(), ..Registers::default() };
    assert_eq!(host.module.seamcall(rax(leaf::TDH_PHYMEM_PAGE_WBINVD, 0), &mut regs), PAGE_NOT_FREE);
    // TDH.SYS.RD reports the platform.
    let xfam_fixed1 = field("XFAM_FIXED1", MetadataScope::Global);
    assert_eq!(tdh_sys_rd(&mut host.module, &TdhSysRdIn { field_id: xfam_fixed1 }).unwrap().value, 3);
}

#[test]
fn the_host_reads_and_writes_exactly_what_the_tables_allow_it() {
    for debug in [false, true] {
        let mut host = Host::new(6);
        host.init(&params().with_attributes(params().attributes().with_debug(debug))).unwrap();
        let actor = if debug { Actor::HostDebug } else { Actor::Host };
        let rights: Vec<_> = host.module.td_metadata(host.tdr).unwrap().rights(actor).collect();
        let (mut readable, mut writable) = (0, 0);
        for f in METADATA_FIELDS.iter().filter(|f| f.scope == MetadataScope::Td) {
            let access = f.access.map(|a| if debug { a.host_debug } else { a.host });
            let (may_read, may_write) = access.map_or((false, false), |r| (r.can_read(), r.can_write()));
            assert!(rights.contains(&(f.field_id.into_bits(), may_read, may_write)), "{}", f.name);
            let before = host.module.td_metadata(host.tdr).unwrap().get(f.field_id.into_bits());
            match host.rd(f.field_id) {
                Ok(value) => assert!(may_read && Some(value) == before, "{} read", f.name),
                Err(status) => assert!(!may_read && status == TdxStatus::METADATA_FIELD_NOT_READABLE, "{}", f.name),
            }
            match host.wr(f.field_id, u64::MAX, 0xff) {
                Ok(()) => assert!(may_write, "{} written without the right", f.name),
                Err(status) => {
                    assert!(!may_write && status == TdxStatus::METADATA_FIELD_NOT_WRITABLE, "{}", f.name);
                    assert_eq!(host.module.td_metadata(host.tdr).unwrap().get(f.field_id.into_bits()), before);
                }
            }
            readable += usize::from(may_read);
            writable += usize::from(may_write);
        }
        // The tables give the host some of each, or this test checks nothing.
        assert!(readable > 0 && writable > 0, "debug {debug}: {readable} readable, {writable} writable");
    }
}

#[test]
fn a_masked_write_changes_only_the_masked_bits() {
    let mut host = Host::new(6);
    host.init(&params().with_attributes(params().attributes().with_debug(true))).unwrap();
    let rights: Vec<_> = host.module.td_metadata(host.tdr).unwrap().rights(Actor::HostDebug).collect();
    let (id, _, _) = *rights.iter().find(|(_, r, w)| *r && *w).expect("a field the host may read and write");
    let id = FieldId::from_bits(id);
    host.wr(id, 0xffff, 0xffff).unwrap();
    host.wr(id, 0x1200, 0xff00).unwrap();
    assert_eq!(host.rd(id), Ok(0x12ff));
}

#[test]
fn creation_refuses_what_the_module_refuses() {
    let sim = Sim::new();
    let (mut provider, mut module) = (sim.provider(), sim.module());
    let tdr = page(&mut provider);
    let create =
        |module: &mut SimModule, tdr, hkid| tdh_mng_create(module, &TdhMngCreateIn { tdr, hkid }).map_err(|e| e.status);
    // Shared HKIDs and reserved bits are refused, naming RDX; a page the host does not hold, naming RCX.
    for hkid in [0, 31, 64, HKID | 1 << 16] {
        assert_eq!(create(&mut module, tdr, hkid), Err(operand_invalid(operand::RDX)), "hkid {hkid:#x}");
    }
    assert_eq!(create(&mut module, PhysAddr::new_truncate(0x7000), HKID), Err(operand_invalid(operand::RCX)));
    create(&mut module, tdr, HKID).unwrap();
    assert_eq!(create(&mut module, tdr, HKID + 1), Err(tdx_sim::dispatch::page_metadata_incorrect(operand::RCX)));
    let second = page(&mut provider);
    assert_eq!(create(&mut module, second, HKID), Err(TdxStatus::HKID_NOT_FREE));
    assert!(!sim.owned_by_module(second), "a refused TDR stays the host's");
    // TDCS pages need configured keys; keys are configured once.
    let tdcx_page = page(&mut provider);
    let e = tdh_mng_addcx(&mut module, &TdhMngAddcxIn { tdcx_page, tdr }).unwrap_err();
    assert_eq!(e.status, TdxStatus::TD_KEYS_NOT_CONFIGURED);
    tdh_mng_key_config(&mut module, &TdhMngKeyConfigIn { tdr }).unwrap();
    // KEY_CONFIGURED is of the warning class: the stub completes with it.
    let again = tdh_mng_key_config(&mut module, &TdhMngKeyConfigIn { tdr }).unwrap();
    assert_eq!(again.completion.status, TdxStatus::KEY_CONFIGURED);
    // A TDR given where a TDCS page goes is refused; the TDCS holds nine pages at most.
    let e = tdh_mng_addcx(&mut module, &TdhMngAddcxIn { tdcx_page: tdr, tdr }).unwrap_err();
    assert_eq!(e.status, tdx_sim::dispatch::page_metadata_incorrect(operand::RCX));
    let mut host = Host { sim, provider, module, tdr };
    for _ in 0..Platform::default().max_tdcs_pages {
        host.addcx().unwrap();
    }
    assert_eq!(host.addcx(), Err(TdxStatus::TDCX_NUM_INCORRECT));
}

#[test]
fn td_params_is_checked_field_by_field_as_the_module_checks_it() {
    let platform = Platform::default();
    let rdx = operand_invalid(operand::RDX);
    let mut reserved = params();
    let mut bytes = *reserved.as_bytes();
    bytes[TdParams::RESERVED_BYTES[0].0] = 1;
    reserved = TdParams::from_bytes_unchecked(bytes);
    let cases = [
        (params().with_attributes(TdAttributes::from_bits(1 << 27)), operand_invalid(operand::ATTRIBUTES)),
        (params().with_xfam(Xfam::from_bits(0x1)), operand_invalid(operand::XFAM)),
        (params().with_xfam(Xfam::from_bits(0x3 | 1 << 40)), operand_invalid(operand::XFAM)),
        (params().with_max_vcpus(0), operand_invalid(operand::MAX_VCPUS)),
        (params().with_num_l2_vms(platform.max_l2_vms + 1), operand_invalid(operand::NUM_L2_VMS)),
        (params().with_num_l2_vms(1), TdxStatus::TDCS_NOT_ALLOCATED),
        (reserved, rdx),
    ];
    for (bad, status) in cases {
        let mut host = Host::new(platform.tdcs_base_pages);
        assert_eq!(host.init(&bad), Err(status), "{bad:?}");
        // Nothing was initialised: a good TD_PARAMS still goes through.
        host.init(&params()).unwrap();
        assert_eq!(host.init(&params()), Err(TdxStatus::OP_STATE_INCORRECT));
    }
    // Too few TDCS pages; a TD_PARAMS address that is not 1 KiB aligned.
    let mut host = Host::new(platform.tdcs_base_pages - 1);
    assert_eq!(host.init(&params()), Err(TdxStatus::TDCS_NOT_ALLOCATED));
    assert_eq!(host.rd(field("ATTRIBUTES", MetadataScope::Td)), Err(TdxStatus::TDCS_NOT_ALLOCATED));
    host.addcx().unwrap();
    let at = page(&mut host.provider);
    let mut regs = Registers { rcx: host.tdr.as_u64(), rdx: at.as_u64() + 8, ..Registers::default() };
    assert_eq!(host.module.seamcall(rax(leaf::TDH_MNG_INIT, 0), &mut regs), rdx);
}

#[test]
fn metadata_leaves_name_unknown_fields_and_pages_that_are_no_tdr() {
    let mut host = Host::new(6);
    host.init(&params()).unwrap();
    assert_eq!(host.rd(FieldId::from_bits(0x1234)), Err(TdxStatus::METADATA_FIELD_ID_INCORRECT));
    let e = tdh_sys_rd(&mut host.module, &TdhSysRdIn { field_id: FieldId::from_bits(0x1234) }).unwrap_err();
    assert_eq!(e.status, TdxStatus::METADATA_FIELD_ID_INCORRECT);
    let other = page(&mut host.provider);
    let input = TdhMngRdIn { tdr: other, field_id: field("XFAM", MetadataScope::Td), version: 0 };
    let e = tdh_mng_rd(&mut host.module, &input).unwrap_err();
    assert_eq!(e.status, tdx_sim::dispatch::page_metadata_incorrect(operand::RCX));
}

#[test]
fn injected_statuses_leave_the_td_as_it_was_and_every_call_is_recorded() {
    let sim = Sim::new();
    let (mut provider, module) = (sim.provider(), sim.module());
    let module =
        module.with_fault(Fault::StatusOnCall { leaf: leaf::TDH_MNG_CREATE, nth: 0, status: TdxStatus::OPERAND_BUSY });
    let tdr = page(&mut provider);
    let mut host = Host { sim, provider, module, tdr };
    let e = tdh_mng_create(&mut host.module, &TdhMngCreateIn { tdr, hkid: HKID }).unwrap_err();
    assert_eq!(e.status, TdxStatus::OPERAND_BUSY);
    assert!(!host.sim.owned_by_module(tdr));
    tdh_mng_create(&mut host.module, &TdhMngCreateIn { tdr, hkid: HKID }).unwrap();
    let calls = host.module.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!((calls[0].status, calls[1].status), (TdxStatus::OPERAND_BUSY, TdxStatus::SUCCESS));
    assert_eq!((calls[1].inputs.rcx, calls[1].inputs.rdx), (tdr.as_u64(), HKID));
    assert_eq!(host.module.count(leaf::TDH_MNG_CREATE), 2);
}
