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
    /// A list type naming guest frames (its list page or its entries).
    fn other<L: PageList>(self) -> Self::Out;
    /// A linked list of list pages.
    fn linked<L: LinkedPageList>(self) -> Self::Out;
}
