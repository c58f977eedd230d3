//! The guest leaves a `SimTd` serves; each gets the stub's input struct,
//! decoded by the generated dispatch.

use super::SimTd;
use crate::dispatch::tdcall::{
    TdcallLeaves, TdgMemPageAcceptReply, TdgMrReportReply, TdgMrRtmrExtendReply, TdgSysRdReply, TdgVmRdReply,
    TdgVmWrReply, TdgVpInfoReply,
};
use crate::dispatch::Outcome;
use crate::metadata::Actor;
use crate::operand_invalid;
use sha2::{Digest, Sha384};
use tdx_abi::tdcalls::{mem, mr, sys, vm, vp};
use tdx_abi::{
    operand, Registers, Reportmacstruct, Reporttype, TdGpaw, TdNumOfVcpus, TdgCommandsAvailable, TdinfoStruct,
    TdreportStruct, TdxStatus,
};

/// TDREPORT_STRUCT's alignment, REPORTDATA's and an RTMR extension value's (the
/// module checks both; tdg_mr_report.c, tdg_mr_rtmr_extend.c @ 72d8cffb214b).
const REPORT_ALIGN: u64 = TdreportStruct::ALIGN as u64;
const DATA_ALIGN: u64 = 64;
/// REPORTTYPE.TYPE of a TDX report.
const TEE_TYPE_TDX: u8 = 0x81;

impl TdcallLeaves for SimTd {
    fn tdg_vp_info(&mut self, _: &vp::TdgVpInfoIn) -> Outcome<TdgVpInfoReply> {
        let c = &self.config;
        Ok(TdgVpInfoReply {
            gpaw: TdGpaw::new().with_gpaw(c.gpaw),
            attributes: c.attributes,
            vcpus: TdNumOfVcpus::new().with_num_vcpus(c.num_vcpus).with_max_vcpus(c.max_vcpus),
            vcpu_index: c.vcpu_index,
            commands_available: TdgCommandsAvailable::new().with_tdg_sys_rd_available(true),
        })
    }

    fn tdg_vm_rd(&mut self, input: &vm::TdgVmRdIn) -> Outcome<TdgVmRdReply> {
        if input.vm_id != 0 {
            return Err(operand_invalid(operand::RCX).into());
        }
        let (value, next_field_id) = self.td_metadata.read(Actor::Guest, input.field_id.into_bits())?;
        Ok(TdgVmRdReply { next_field_id, value })
    }

    fn tdg_vm_wr(&mut self, input: &vm::TdgVmWrIn) -> Outcome<TdgVmWrReply> {
        if input.vm_id != 0 {
            return Err(operand_invalid(operand::RCX).into());
        }
        let old_value = self.td_metadata.write(Actor::Guest, input.field_id.into_bits(), input.value, input.mask)?;
        Ok(TdgVmWrReply { old_value })
    }

    fn tdg_sys_rd(&mut self, input: &sys::TdgSysRdIn) -> Outcome<TdgSysRdReply> {
        let (value, next_field_id) = self.global_metadata.read(Actor::Guest, input.field_id.into_bits())?;
        Ok(TdgSysRdReply { next_field_id, value })
    }

    fn tdg_mr_report(&mut self, input: &mr::TdgMrReportIn) -> Outcome<TdgMrReportReply> {
        let (report, data) = (input.report.as_u64(), input.report_data.as_u64());
        if report % REPORT_ALIGN != 0 {
            return Err(operand_invalid(operand::RCX).into());
        }
        if data % DATA_ALIGN != 0 {
            return Err(operand_invalid(operand::RDX).into());
        }
        if input.sub_type != 0 {
            return Err(operand_invalid(operand::R8).into());
        }
        let mut kind = Reporttype::new_zeroed();
        kind.set_tee_type(TEE_TYPE_TDX);
        let mac = Reportmacstruct::new_zeroed().with_reporttype(kind).with_reportdata(self.memory.read::<64>(data));
        let info = TdinfoStruct::new_zeroed()
            .with_attributes(self.config.attributes)
            .with_xfam(self.config.xfam)
            .with_mrtd(self.config.mrtd)
            .with_rtmr(self.rtmrs);
        let out = TdreportStruct::new_zeroed().with_reportmacstruct(mac).with_tdinfo(info);
        self.memory.write(report, out.as_bytes());
        Ok(TdgMrReportReply {})
    }

    fn tdg_mr_rtmr_extend(&mut self, input: &mr::TdgMrRtmrExtendIn) -> Outcome<TdgMrRtmrExtendReply> {
        let data = input.data.as_u64();
        if data % DATA_ALIGN != 0 {
            return Err(operand_invalid(operand::RCX).into());
        }
        let rtmr = self.rtmrs.get_mut(input.index as usize).ok_or(operand_invalid(operand::RDX))?;
        let mut hash = Sha384::new();
        hash.update(*rtmr);
        hash.update(self.memory.read::<48>(data));
        rtmr.copy_from_slice(&hash.finalize());
        Ok(TdgMrRtmrExtendReply {})
    }

    fn tdg_mem_page_accept(&mut self, input: &mem::TdgMemPageAcceptIn) -> Outcome<TdgMemPageAcceptReply> {
        // Level 0 is a 4 KiB page, 1 a 2 MiB page (SEPT levels).
        let pages: u64 = match input.page.level() {
            0 => 1,
            1 => 512,
            _ => return Err(operand_invalid(operand::RCX).into()),
        };
        let first = input.page.gpa();
        if first % pages != 0 {
            return Err(operand_invalid(operand::RCX).into());
        }
        let range = first..first + pages;
        if range.end > self.config.private_bytes >> 12 {
            return Err(TdxStatus::EPT_WALK_FAILED.into());
        }
        if range.clone().any(|p| self.accepted.contains(&p)) {
            return Err(TdxStatus::PAGE_ALREADY_ACCEPTED.into());
        }
        self.accepted.extend(range);
        Ok(TdgMemPageAcceptReply {})
    }

    fn untyped(&mut self, leaf: u16, version: u8, regs: &mut Registers) -> TdxStatus {
        if leaf == tdx_abi::tdcall::TDG_VP_VMCALL && version == 0 {
            return super::vmcall::serve_vmcall(self.vmm.as_mut(), regs);
        }
        crate::UNKNOWN_LEAF
    }
}
