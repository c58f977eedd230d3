//! A guest's first steps against the simulated module, through tdx-abi's typed
//! stubs only: read the TD's attributes (TDG.VP.INFO, TDG.VM.RD), accept a range
//! of pages, extend an RTMR, get a TDREPORT and parse it with the generated
//! struct, and ask a test VMM for a quote (TDG.VP.VMCALL<GetQuote>).
//!
//! Run with `cargo run -p tdx-sim --example guest_walkthrough`.

use std::cell::RefCell;
use std::rc::Rc;
use tdx_abi::tdcalls::{mem, mr, vm, vp};
use tdx_abi::{td_metadata, tdvmcalls, GuestPhysAddr, PageInfo, TdAttributes, TdreportStruct, TdvmcallStatus};
use tdx_sim::dispatch::tdvmcall::{GetQuoteReply, TdvmcallHost};
use tdx_sim::{SimTd, TdConfig};

/// A VMM that notes each GetQuote request.
struct QuoteVmm(Rc<RefCell<Vec<(u64, u64)>>>);

impl TdvmcallHost for QuoteVmm {
    fn get_quote(&mut self, input: &tdvmcalls::GetQuoteIn) -> Result<GetQuoteReply, TdvmcallStatus> {
        self.0.borrow_mut().push((input.buffer.as_u64(), input.size));
        Ok(GetQuoteReply {})
    }
}

fn gpa(addr: u64) -> GuestPhysAddr {
    GuestPhysAddr::new(addr).expect("a guest physical address")
}

/// The walk-through; public so `tests/walkthrough.rs` runs it too.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quotes = Rc::new(RefCell::new(Vec::new()));
    let config = TdConfig { attributes: TdAttributes::new().with_debug(true), ..TdConfig::default() };
    let mut td = SimTd::new(config).with_vmm(QuoteVmm(quotes.clone()));

    // Who am I?
    let info = vp::tdg_vp_info(&mut td, &vp::TdgVpInfoIn {})?;
    println!("TDG.VP.INFO: GPAW {}, debug {}", info.gpaw.gpaw(), info.attributes.debug());
    let read = vm::tdg_vm_rd(&mut td, &vm::TdgVmRdIn { vm_id: 0, field_id: td_metadata::ATTRIBUTES, version: 0 })?;
    println!("TDG.VM.RD ATTRIBUTES = {:#x}", read.value);
    assert_eq!(read.value, info.attributes.into_bits());

    // Accept the first 16 pages of private memory.
    for page in 0..16u64 {
        let page = PageInfo::new().with_level(0).with_gpa(page);
        mem::tdg_mem_page_accept(&mut td, &mem::TdgMemPageAcceptIn { page }, tdx_abi::DEFAULT_MAX_RESUMES)?;
    }
    println!("accepted {} pages", td.accepted_pages());

    // Extend RTMR 2 with a 48-byte measurement.
    td.memory.write(0x2000, &[0x5a; 48]);
    mr::tdg_mr_rtmr_extend(&mut td, &mr::TdgMrRtmrExtendIn { data: gpa(0x2000), index: 2 })?;

    // A TDREPORT over 64 bytes of REPORTDATA, parsed with the generated struct.
    td.memory.write(0x3000, &[7; 64]);
    let input = mr::TdgMrReportIn { report: gpa(0x4000), report_data: gpa(0x3000), sub_type: 0 };
    mr::tdg_mr_report(&mut td, &input, tdx_abi::DEFAULT_MAX_RESUMES)?;
    let report = TdreportStruct::from_bytes(&td.memory.read::<{ TdreportStruct::SIZE }>(0x4000))?;
    assert_eq!(report.reportmacstruct().reportdata(), [7; 64]);
    assert_eq!(report.tdinfo().rtmr()[2], td.rtmrs()[2]);
    println!(
        "TDREPORT: type {:#x}, RTMR2 starts {:02x?}",
        report.reportmacstruct().reporttype().tee_type(),
        &report.tdinfo().rtmr()[2][..4]
    );

    // Ask the VMM for a quote of it, through a shared buffer.
    td.memory.write(0x5000, report.as_bytes());
    tdvmcalls::get_quote(&mut td, &tdvmcalls::GetQuoteIn { buffer: gpa(0x5000), size: 4096 })?;
    println!("GetQuote requests the VMM saw: {:x?}", quotes.borrow());
    println!("{} TDCALLs recorded", td.calls().len());
    Ok(())
}
