//! Pattern 2 of the seed patch: take control pages back. The module's
//! released-page output is validated against what was handed over, each page
//! is flushed (TDH.PHYMEM.PAGE.WBINVD) and only then freed. A release that
//! does not match, or a flush that fails, sends pages to the counted quarantine.
//!
//! Run: `cargo run -p tdx-page-array --example release_control_pages`

use tdx_abi::leaves::spdm::{tdh_spdm_create, tdh_spdm_delete, TdhSpdmCreateIn, TdhSpdmDeleteIn};
use tdx_abi::{HpaArrayT, PhysAddr};
use tdx_page_array::{ListPage, PageArray, ReleaseError, ReleaseReport};
use tdx_sim::host::{Fault, MismatchKind, Sim, SimModule, SimProvider};

/// The global HKID the control pages were used with (bits 63:52 in the simulator).
const HKID: u64 = 1;

// The error carries the leaf's raw output registers on purpose; no_std callers cannot box it.
#[allow(clippy::result_large_err)]
fn session(
    n: usize,
    provider: &mut SimProvider,
    module: &mut SimModule,
    list: &mut ListPage,
    fault: Option<Fault>,
) -> Result<ReleaseReport, ReleaseError<Vec<PhysAddr>>> {
    let pages = PageArray::alloc(provider, Vec::new(), n).expect("pages");
    let (control, spdm_id) = pages
        .hand_over::<HpaArrayT, _, _>(provider, list, |spdm_mt| {
            tdh_spdm_create(&mut *module, &TdhSpdmCreateIn { func_id: 1, spdm_mt }).map(|o| o.spdm_id)
        })
        .expect("TDH.SPDM.CREATE");
    module.set_faults(fault.as_slice());
    let keyed = |p: PhysAddr| p.as_u64() | (HKID << 52);
    let result = control.release::<HpaArrayT, _, _>(provider, list, module, keyed, |seam, release| {
        tdh_spdm_delete(seam, &TdhSpdmDeleteIn { spdm_id, release }).map(|o| o.released)
    });
    module.set_faults(&[]);
    result
}

fn main() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let mut list = ListPage::alloc(&mut provider).expect("a list page");

    let ok = session(6, &mut provider, &mut module, &mut list, None).expect("a clean release");
    println!("clean release: {ok:?}");

    match session(6, &mut provider, &mut module, &mut list, Some(Fault::MismatchRelease(MismatchKind::Entry))) {
        Err(ReleaseError::Mismatch { mismatch, released_raw, quarantined }) => {
            println!("released list does not match ({mismatch}; raw {released_raw:#x}): {quarantined} quarantined")
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }

    match session(6, &mut provider, &mut module, &mut list, Some(Fault::FailWbinvd { nth: 8 })) {
        Err(ReleaseError::Flush { report, status }) => println!("a flush failed with {status:?}: {report:?}"),
        other => panic!("expected a failed flush, got {other:?}"),
    }

    match session(2, &mut provider, &mut module, &mut list, Some(Fault::FailRelease)) {
        Err(ReleaseError::Leaf(pages, e)) => {
            println!("TDH.SPDM.DELETE failed with {:?}; giving up on {} pages", e.status, pages.len());
            pages.quarantine_all(&mut provider);
        }
        other => panic!("expected a failed release, got {other:?}"),
    }

    list.free(&mut provider);
    let stats = sim.stats();
    println!(
        "quarantined: {} pages; live: {}; violations: {:?}",
        stats.quarantined.len(),
        stats.host_live,
        stats.violations
    );
    assert_eq!(stats.quarantined.len(), 6 + 1 + 2);
    assert_eq!(stats.host_live, 0);
    assert!(stats.violations.is_empty());
}
