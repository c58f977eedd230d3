//! Faults the simulated module injects on request.

/// How a released-page output is wrong.
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

/// A fault to inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Every call of `leaf` returns OPERAND_BUSY without doing anything.
    Busy {
        /// The leaf number.
        leaf: u16,
    },
    /// The `nth` (0-based) call of `leaf` returns OPERAND_BUSY without doing anything.
    BusyOnce {
        /// The leaf number.
        leaf: u16,
        /// Which call.
        nth: usize,
    },
    /// List-consuming leaves stop with INTERRUPTED_RESUMABLE after every `k` entries.
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
