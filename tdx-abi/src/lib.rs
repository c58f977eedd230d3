#![doc = include_str!("../README.md")]
#![cfg_attr(not(test), no_std)]
// `unsafe` is forbidden except in the instruction backend, which exists only
// with feature `asm` on x86_64 (and in this crate's own tests, which disassemble it).
#![cfg_attr(not(any(test, all(feature = "asm", target_arch = "x86_64"))), forbid(unsafe_code))]
#![cfg_attr(any(test, all(feature = "asm", target_arch = "x86_64")), deny(unsafe_code))]

// Feature `std`: `std::error::Error` for the error types (a std test build links std already).
#[cfg(all(feature = "std", not(test)))]
extern crate std;

// Generated code names this crate as `::tdx_abi`, so the same emitter output
// compiles here and in downstream crates.
extern crate self as tdx_abi;

mod addr;
mod availability;
mod field_error;
// Formatted by the generator (prettyplease); rustfmt must not rewrite it.
#[rustfmt::skip]
mod generated;
mod gpaw;
mod layout;
mod linked_list;
mod page_list;
mod registers;
mod seamcall;
#[cfg(all(target_arch = "x86_64", any(test, feature = "asm")))]
#[allow(unsafe_code)]
mod seamcall_x86_64;
mod status;
#[cfg(feature = "std")]
mod std_error;
mod struct_derives;
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod struct_serde;
mod structs;
mod tables;
mod visit;
mod vmcall;

pub use addr::{AddressSpace, FrameAddr, GuestLinearAddr, GuestPhysAddr, PhysAddr, PAGE_SHIFT, PAGE_SIZE};
pub use availability::{Availability, ModuleVersion};
pub use field_error::{FieldError, ReservedBitsSet};
pub use generated::*;
pub use layout::{FieldSpec, Layout, LayoutSpec};
pub use linked_list::{LinkedPageList, NODE_SLOTS};
pub use page_list::{ListEntry, ListError, PageList, Placement};
pub use registers::{Reg, Registers};
pub use seamcall::{
    rax, run, run_tdcall, unsupported_version, Completion, Instruction, LeafError, LeafErrorKind, Resume, Seamcall,
    Tdcall, DEFAULT_MAX_RESUMES,
};
#[cfg(all(target_arch = "x86_64", any(test, feature = "asm")))]
pub use seamcall_x86_64::{SeamcallInstruction, TdcallInstruction};
pub use status::TdxStatus;
#[cfg(feature = "serde")]
#[doc(hidden)]
pub use struct_derives::__serde;
#[cfg(feature = "zerocopy")]
#[doc(hidden)]
pub use struct_derives::__zerocopy;
pub use structs::{
    array_at, array_at_mut, FormSpec, HexBytes, MemberSpec, MemoryStruct, StructAddr, StructError, StructSpec,
    VariantsSpec,
};
pub use tables::{
    ArgInfo, LeafInfo, MetadataAccess, MetadataFieldInfo, MetadataScope, OperandInfo, Rights, StatusInfo,
};
pub use visit::ListTypeVisitor;
pub use vmcall::{run_tdvmcall, TdvmcallError, TdvmcallInfo, TdvmcallStatus, TdvmcallStatusInfo};

// The workspace README's example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
