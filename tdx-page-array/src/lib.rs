//! Lists of pages handed to the Intel TDX module, generic over every list type
//! in `tdx-abi` (anything implementing [`tdx_abi::PageList`]).
//!
//! This crate is a placeholder in the workspace: its content (page ownership
//! typestates, windows over more than one list page, the simulated TDX module)
//! comes with the page-array issue. The list encodings it will use already
//! exist, generated from the tables: see [`tdx_abi::PageList`].
#![no_std]
#![forbid(unsafe_code)]

pub use tdx_abi::{PageList, Placement};
