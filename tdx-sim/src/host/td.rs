//! TD lifecycle basics on the host side, served through the generated
//! dispatch (each handler gets the stub's input struct): TDH.MNG.CREATE,
//! TDH.MNG.KEY.CONFIG, TDH.MNG.ADDCX, TDH.MNG.INIT with a TD_PARAMS read from
//! simulated memory and checked against its generated struct, TDH.MNG.RD/WR
//! with the host's access rights from the tables, and TDH.SYS.RD.
//!
//! Order of checks and statuses follow intel/tdx-module @ 72d8cffb214b,
//! src/vmm_dispatcher/api_calls/: tdh_mng_create.c, tdh_mng_key_config.c,
//! tdh_mng_add_cx.c, tdh_mng_init.c, tdh_mng_rd_wr.c, tdh_sys_rd.c.

use super::module::SimModule;
use super::Owner;
use crate::dispatch::seamcall::{
    TdhMngAddcxReply, TdhMngCreateReply, TdhMngInitReply, TdhMngKeyConfigReply, TdhMngRdReply, TdhMngWrReply,
    TdhSysRdReply,
};
use crate::dispatch::{operand_invalid, page_metadata_incorrect, Outcome};
use crate::metadata::{Actor, Metadata};
use tdx_abi::leaves::{mng, sys};
use tdx_abi::{operand, MetadataScope, PhysAddr, TdAttributes, TdParams, TdxStatus};

/// A TD the simulated module holds, by its TDR page.
pub(super) struct HostTd {
    /// The owner tag of its control pages (TDR, TDCS).
    id: u64,
    hkid: u16,
    keys_configured: bool,
    tdcs: Vec<PhysAddr>,
    initialized: bool,
    /// TD-scope metadata: zero until TDH.MNG.INIT sets what TD_PARAMS gives.
    metadata: Metadata,
}

impl HostTd {
    pub(super) fn metadata(&self) -> &Metadata {
        &self.metadata
    }
}

impl SimModule {
    /// The page at `addr` is a simulated page the host holds (the module's
    /// PAMT check: a page it has not assigned). `operand` names the register.
    fn check_host_page(&self, addr: PhysAddr, operand: u32) -> Result<(), TdxStatus> {
        match self.state.borrow().page(addr).map(|p| p.owner) {
            None => Err(operand_invalid(operand)),
            Some(Owner::Host) => Ok(()),
            Some(_) => Err(page_metadata_incorrect(operand)),
        }
    }

    /// The TD whose TDR is at `tdr`; a page that is no TDR is refused as the
    /// module refuses a page of the wrong PAMT type.
    fn td(&mut self, tdr: PhysAddr, operand: u32) -> Result<&mut HostTd, TdxStatus> {
        if !self.tds.contains_key(&tdr.as_u64()) {
            return Err(match self.state.borrow().page(tdr) {
                None => operand_invalid(operand),
                Some(_) => page_metadata_incorrect(operand),
            });
        }
        Ok(self.tds.get_mut(&tdr.as_u64()).expect("checked above"))
    }

    /// A TD whose base TDCS pages are there (TDH.MNG.INIT, TDH.MNG.RD/WR).
    fn td_with_tdcs(&mut self, tdr: PhysAddr) -> Result<&mut HostTd, TdxStatus> {
        let base = self.platform.tdcs_base_pages;
        let td = self.td(tdr, operand::RCX)?;
        if td.tdcs.len() < base {
            return Err(TdxStatus::TDCS_NOT_ALLOCATED);
        }
        Ok(td)
    }

    /// Reads a TD_PARAMS from simulated memory, checked as TDH.MNG.INIT checks it.
    fn td_params(&self, addr: PhysAddr, td: &HostTd) -> Result<TdParams, TdxStatus> {
        let rdx = operand_invalid(operand::RDX);
        let bytes = self.state.borrow().bytes(addr, TdParams::SIZE).ok_or(rdx)?;
        let raw = TdParams::from_bytes_unchecked(bytes.try_into().map_err(|_| rdx)?);
        let p = &self.platform;
        let attributes = raw.attributes().into_bits();
        if attributes & !p.attributes_fixed0 != 0 || attributes & p.attributes_fixed1 != p.attributes_fixed1 {
            return Err(operand_invalid(operand::ATTRIBUTES));
        }
        let xfam = raw.xfam().into_bits();
        if xfam & !p.xfam_fixed0 != 0 || xfam & p.xfam_fixed1 != p.xfam_fixed1 {
            return Err(operand_invalid(operand::XFAM));
        }
        if raw.max_vcpus() == 0 {
            return Err(operand_invalid(operand::MAX_VCPUS));
        }
        if raw.num_l2_vms() > p.max_l2_vms {
            return Err(operand_invalid(operand::NUM_L2_VMS));
        }
        if td.tdcs.len() < p.tdcs_pages(raw.num_l2_vms()) {
            return Err(TdxStatus::TDCS_NOT_ALLOCATED);
        }
        // Reserved bytes must be zero: the struct's own check.
        TdParams::from_bytes(raw.as_bytes()).map_err(|_| rdx)
    }
}

/// The lifecycle leaves; `serve.rs` hands each its decoded input.
impl SimModule {
    pub(super) fn mng_create(&mut self, input: &mng::TdhMngCreateIn) -> Outcome<TdhMngCreateReply> {
        let (lo, hi) = self.platform.private_hkids;
        // HKID bits 63:16 are reserved.
        let hkid = u16::try_from(input.hkid).ok().filter(|h| (lo..=hi).contains(h));
        let hkid = hkid.ok_or(operand_invalid(operand::RDX))?;
        self.check_host_page(input.tdr, operand::RCX)?;
        if self.tds.values().any(|td| td.hkid == hkid) {
            return Err(TdxStatus::HKID_NOT_FREE.into());
        }
        let id = self.next_id;
        self.next_id += 1;
        self.set_owner(&[(input.tdr, 1)], Owner::Control(id));
        let mut metadata = Metadata::of(MetadataScope::Td);
        metadata.set_named("HKID", hkid.into());
        let td = HostTd { id, hkid, keys_configured: false, tdcs: Vec::new(), initialized: false, metadata };
        self.tds.insert(input.tdr.as_u64(), td);
        Ok(TdhMngCreateReply {})
    }

    pub(super) fn mng_key_config(&mut self, input: &mng::TdhMngKeyConfigIn) -> Outcome<TdhMngKeyConfigReply> {
        let td = self.td(input.tdr, operand::RCX)?;
        if td.keys_configured {
            return Err(TdxStatus::KEY_CONFIGURED.into());
        }
        td.keys_configured = true;
        Ok(TdhMngKeyConfigReply {})
    }

    pub(super) fn mng_addcx(&mut self, input: &mng::TdhMngAddcxIn) -> Outcome<TdhMngAddcxReply> {
        let max = self.platform.max_tdcs_pages;
        let td = self.td(input.tdr, operand::RDX)?;
        if !td.keys_configured {
            return Err(TdxStatus::TD_KEYS_NOT_CONFIGURED.into());
        }
        if td.tdcs.len() >= max {
            return Err(TdxStatus::TDCX_NUM_INCORRECT.into());
        }
        if td.initialized {
            return Err(TdxStatus::OP_STATE_INCORRECT.into());
        }
        let id = td.id;
        self.check_host_page(input.tdcx_page, operand::RCX)?;
        self.set_owner(&[(input.tdcx_page, 1)], Owner::Control(id));
        self.td(input.tdr, operand::RDX)?.tdcs.push(input.tdcx_page);
        Ok(TdhMngAddcxReply {})
    }

    pub(super) fn mng_init(&mut self, input: &mng::TdhMngInitIn) -> Outcome<TdhMngInitReply> {
        let td = self.td_with_tdcs(input.tdr)?;
        if td.initialized {
            return Err(TdxStatus::OP_STATE_INCORRECT.into());
        }
        let tdr = input.tdr.as_u64();
        let params = self.td_params(input.td_params.addr(), &self.tds[&tdr])?;
        let td = self.tds.get_mut(&tdr).expect("looked up above");
        for (name, value) in [
            ("ATTRIBUTES", params.attributes().into_bits()),
            ("XFAM", params.xfam().into_bits()),
            ("MAX_VCPUS", params.max_vcpus().into()),
            ("NUM_L2_VMS", params.num_l2_vms().into()),
            ("CONFIG_FLAGS", params.config_flags().into_bits()),
            ("TSC_FREQUENCY", params.tsc_frequency().into()),
        ] {
            td.metadata.set_named(name, value);
        }
        td.initialized = true;
        Ok(TdhMngInitReply::default())
    }

    pub(super) fn mng_rd(&mut self, input: &mng::TdhMngRdIn) -> Outcome<TdhMngRdReply> {
        let td = self.td_with_tdcs(input.tdr)?;
        let (value, _next) = td.metadata.read(host_actor(td), input.field_id.into_bits())?;
        Ok(TdhMngRdReply { value })
    }

    pub(super) fn mng_wr(&mut self, input: &mng::TdhMngWrIn) -> Outcome<TdhMngWrReply> {
        let td = self.td_with_tdcs(input.tdr)?;
        let actor = host_actor(td);
        td.metadata.write(actor, input.field_id.into_bits(), input.value, input.mask)?;
        Ok(TdhMngWrReply {})
    }

    pub(super) fn sys_rd(&mut self, input: &sys::TdhSysRdIn) -> Outcome<TdhSysRdReply> {
        let (value, _next) = self.global_metadata.read(Actor::Host, input.field_id.into_bits())?;
        Ok(TdhSysRdReply { value })
    }
}

/// The host's rights on a TD depend on whether it is a debug TD.
fn host_actor(td: &HostTd) -> Actor {
    let attributes = TdAttributes::from_bits(td.metadata.get_named("ATTRIBUTES").unwrap_or(0));
    if attributes.debug() {
        Actor::HostDebug
    } else {
        Actor::Host
    }
}
