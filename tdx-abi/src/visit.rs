//! Choosing a list type by name at run time, then running generic code with
//! the concrete type (no type erasure, no registry of function pointers).

use crate::{LinkedPageList, PageList, PhysAddr};

/// Code chosen by a list type's spec name at run time (a leaf argument's type
/// in `LEAVES`), run with the concrete type: the generated
/// `visit_list_type(name, visitor)` calls the method that fits the type.
pub trait ListTypeVisitor {
    /// What a visit returns.
    type Out;
    /// A list type whose list page and entries are host pages.
    fn host<L: PageList<ListAddr = PhysAddr, EntryAddr = PhysAddr>>(self) -> Self::Out;
    /// A list type whose list page is a host page but whose entries name
    /// pages of another address space (a GPA list).
    fn host_page<L: PageList<ListAddr = PhysAddr>>(self) -> Self::Out;
    /// A list type whose list page is a guest frame (a guest-side list).
    fn guest<L: PageList>(self) -> Self::Out;
    /// A linked list of list pages.
    fn linked<L: LinkedPageList>(self) -> Self::Out;
}
