//! Issuing leaves: the backend trait, and the one place that applies a leaf's
//! resume style (generated stubs pass their table entry's style in).

use crate::{Reg, Registers, TdxStatus};
use core::fmt;

/// Something that can issue SEAMCALL: the real instruction
/// (`SeamcallInstruction`, with feature `asm` on x86_64), a
/// kernel's own wrapper, or a simulator.
pub trait Seamcall {
    /// Issues one SEAMCALL with `rax` (leaf and version) and the input
    /// registers in `regs`; writes the output registers back into `regs` and
    /// returns the completion status (RAX). A backend that could not issue the
    /// call at all returns [`TdxStatus::SEAMCALL_VMFAILINVALID`], as the kernel does.
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus;
}

impl<S: Seamcall + ?Sized> Seamcall for &mut S {
    fn seamcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        (**self).seamcall(rax, regs)
    }
}

/// How an interrupted leaf (status `INTERRUPTED_RESUMABLE`) is continued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Not resumable: an interruption is an error like any other.
    None,
    /// Re-issue with the registers the module returned (it wrote its cursor back).
    ReissueOutputs,
    /// Re-issue with the original inputs (the module kept its own state).
    ReissueInputs,
    /// Re-issue with the given input register set to 1 (0 on the first call).
    ResumeFlag(Reg),
}

/// The default bound on how often a resumable leaf is re-issued.
pub const DEFAULT_MAX_RESUMES: u32 = 1024;

/// A leaf that completed (successfully, or with a warning).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The final status: success, or a warning.
    pub status: TdxStatus,
    /// The output registers of the final call.
    pub regs: Registers,
    /// How often the leaf was re-issued after an interruption.
    pub resumes: u32,
}

/// Why a leaf did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafErrorKind {
    /// The module returned an error status.
    Failed,
    /// The leaf was still interrupted after the allowed number of resumes.
    ResumeLimit,
    /// The requested leaf version is not one the tables list; nothing was issued.
    UnsupportedVersion(u8),
}

/// A leaf failed; carries the raw status and the registers of the last call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeafError {
    /// The leaf number (RAX bits 15:0); [`crate::leaf_name`] gives its name.
    pub leaf: u16,
    /// What went wrong.
    pub kind: LeafErrorKind,
    /// The status of the last call (zero if nothing was issued).
    pub status: TdxStatus,
    /// The output registers of the last call.
    pub regs: Registers,
    /// How often the leaf had been re-issued.
    pub resumes: u32,
}

impl fmt::Display for LeafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::leaf_name(self.leaf) {
            Some(name) => f.write_str(name)?,
            None => write!(f, "leaf {}", self.leaf)?,
        }
        match self.kind {
            LeafErrorKind::Failed => write!(f, " failed: {:?}", self.status),
            LeafErrorKind::ResumeLimit => {
                write!(f, " still interrupted after {} resumes: {:?}", self.resumes, self.status)
            }
            LeafErrorKind::UnsupportedVersion(v) => write!(f, " has no version {v}"),
        }
    }
}

/// The RAX value that issues version `version` of leaf `leaf` (a
/// [`leaf`](crate::leaf) number), as the tables' `LEAF_AND_VERSION` lays it out:
/// the leaf in bits 15:0, the version in bits 23:16.
pub const fn rax(leaf: u16, version: u8) -> u64 {
    crate::LeafAndVersion::new().with_leaf(leaf).with_version(version).into_bits()
}

/// Issues the leaf in `rax` (see [`rax`]) and continues it per `resume`, re-issuing at most
/// `max_resumes` times. BUSY and every other error are returned, never retried.
pub fn run<S: Seamcall + ?Sized>(
    seam: &mut S,
    rax: u64,
    inputs: Registers,
    resume: Resume,
    max_resumes: u32,
) -> Result<Completion, LeafError> {
    let mut next = inputs;
    if let Resume::ResumeFlag(flag) = resume {
        next.set(flag, 0);
    }
    // RAX carries the leaf as LEAF_AND_VERSION lays it out.
    let leaf = crate::LeafAndVersion::from_bits(rax).leaf();
    let mut resumes = 0;
    loop {
        let mut regs = next;
        let status = seam.seamcall(rax, &mut regs);
        let interrupted = status.is(TdxStatus::INTERRUPTED_RESUMABLE);
        if interrupted && resume != Resume::None {
            if resumes == max_resumes {
                return Err(LeafError { leaf, kind: LeafErrorKind::ResumeLimit, status, regs, resumes });
            }
            resumes += 1;
            match resume {
                Resume::ReissueOutputs => next = regs,
                Resume::ResumeFlag(flag) => next.set(flag, 1),
                Resume::ReissueInputs | Resume::None => {}
            }
            continue;
        }
        if status.is_error() {
            return Err(LeafError { leaf, kind: LeafErrorKind::Failed, status, regs, resumes });
        }
        return Ok(Completion { status, regs, resumes });
    }
}

/// The error for a version the tables do not list (nothing is issued).
pub fn unsupported_version(leaf: u16, version: u8) -> LeafError {
    LeafError {
        leaf,
        kind: LeafErrorKind::UnsupportedVersion(version),
        status: TdxStatus::from_bits(0),
        regs: Registers::default(),
        resumes: 0,
    }
}
