//! Faults a simulated module injects on request, and the record of every call.

use tdx_abi::{Instruction, Registers, TdxStatus};

/// How a released-page output is wrong (host release leaves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MismatchKind {
    /// It reports one page more than it held.
    Count,
    /// It points at another page.
    Address,
    /// One entry of the released list names another page (or, for a singleton, the address).
    Entry,
    /// It sets a reserved bit.
    Reserved,
    /// The last entry of the released list has its highest bit flipped: the
    /// right page, but another value in a field beside the address (or, for a
    /// bare address, an address the host never handed over).
    EntryBits,
}

/// A fault to inject. The first two apply to any leaf of either simulator;
/// the others to what the host simulator's list leaves do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Every call of `leaf` returns OPERAND_BUSY without doing anything.
    Busy {
        /// The leaf number.
        leaf: u16,
    },
    /// The `nth` (0-based) call of `leaf` returns `status` without doing anything
    /// (INTERRUPTED_RESUMABLE, BUSY, or any error).
    StatusOnCall {
        /// The leaf number.
        leaf: u16,
        /// Which call.
        nth: usize,
        /// What it returns.
        status: TdxStatus,
    },
    /// List-consuming leaves whose list type has a cursor stop with
    /// INTERRUPTED_RESUMABLE after every `k` entries, the cursor moved on.
    InterruptEvery(usize),
    /// Release (DELETE) leaves fail and keep the pages.
    FailRelease,
    /// Release leaves release the pages but report them wrongly.
    MismatchRelease(MismatchKind),
    /// The `nth` (0-based) TDH.PHYMEM.PAGE.WBINVD fails.
    FailWbinvd {
        /// Which call.
        nth: usize,
    },
}

impl Fault {
    /// The `nth` (0-based) call of `leaf` returns OPERAND_BUSY without doing anything.
    pub const fn busy_once(leaf: u16, nth: usize) -> Fault {
        Fault::StatusOnCall { leaf, nth, status: TdxStatus::OPERAND_BUSY }
    }
}

/// One call the simulated module served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    /// The instruction.
    pub instruction: Instruction,
    /// RAX bits 15:0.
    pub leaf: u16,
    /// RAX bits 23:16.
    pub version: u8,
    /// The registers it was issued with.
    pub inputs: Registers,
    /// The status it completed with.
    pub status: TdxStatus,
    /// The registers it returned.
    pub outputs: Registers,
}

/// The faults of one simulated module, how often each leaf was called, and every call.
#[derive(Clone, Debug, Default)]
pub struct Injector {
    faults: Vec<Fault>,
    counts: std::collections::BTreeMap<u16, usize>,
    calls: Vec<Call>,
}

impl Injector {
    /// Adds a fault.
    pub fn add(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    /// Replaces the faults (e.g. to let a retry succeed).
    pub fn set(&mut self, faults: &[Fault]) {
        self.faults = faults.to_vec();
    }

    /// The faults in force.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    /// Counts a call of `leaf`, and returns the status a fault forces on it, if one does.
    pub fn on_call(&mut self, leaf: u16) -> Option<TdxStatus> {
        let count = self.counts.entry(leaf).or_default();
        let nth = *count;
        *count += 1;
        self.faults.iter().find_map(|f| match *f {
            Fault::Busy { leaf: l } if l == leaf => Some(TdxStatus::OPERAND_BUSY),
            Fault::StatusOnCall { leaf: l, nth: n, status } if l == leaf && n == nth => Some(status),
            _ => None,
        })
    }

    /// Serves one call of `instruction` as a simulated module does: a fault in
    /// force answers it, else `serve` (given the simulator back, as `injector`
    /// borrows it from); either way the call is recorded.
    pub fn serve<S>(
        sim: &mut S,
        injector: fn(&mut S) -> &mut Injector,
        instruction: Instruction,
        rax: u64,
        regs: &mut Registers,
        serve: impl FnOnce(&mut S, &mut Registers) -> TdxStatus,
    ) -> TdxStatus {
        let call = tdx_abi::LeafAndVersion::from_bits(rax);
        let (leaf, version, inputs) = (call.leaf(), call.version(), *regs);
        let status = match injector(sim).on_call(leaf) {
            Some(forced) => forced,
            None => serve(sim, regs),
        };
        injector(sim).record(Call { instruction, leaf, version, inputs, status, outputs: *regs });
        status
    }

    /// Records a served call.
    pub fn record(&mut self, call: Call) {
        self.calls.push(call);
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// How often `leaf` was called (faulted calls included).
    pub fn count(&self, leaf: u16) -> usize {
        self.counts.get(&leaf).copied().unwrap_or(0)
    }
}
