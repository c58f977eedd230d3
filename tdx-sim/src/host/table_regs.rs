//! The registers a simulated leaf reads and writes, found in a leaf registry
//! the generator wrote from the tables (tdx-abi's `LEAVES`, or a downstream
//! crate's): the simulator never copies a register position by hand. A list
//! argument is found by its type (the list type's spec name); a handle by the
//! name the create and delete leaves share.

use super::module::ControlLeaves;
use core::fmt;
use std::format;
use std::string::String;
use tdx_abi::{ArgInfo, Layout, LeafInfo, Reg};

/// The registry does not say which register a simulated leaf uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingRegister {
    /// The leaf number.
    pub leaf: u16,
    /// What could not be found.
    pub what: String,
}

impl fmt::Display for MissingRegister {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "leaf {}: the tables name no {}", self.leaf, self.what)
    }
}

fn missing(leaf: u16, what: String) -> MissingRegister {
    MissingRegister { leaf, what }
}

fn find(leaves: &[LeafInfo], number: u16) -> Result<&LeafInfo, MissingRegister> {
    leaves
        .iter()
        .find(|l| l.number == number && l.typed)
        .ok_or_else(|| missing(number, "registers (no typed leaf)".into()))
}

/// The one argument of `args` matching `pick`.
fn only<'a>(
    leaf: u16,
    args: &'a [ArgInfo],
    what: &str,
    pick: impl Fn(&ArgInfo) -> bool,
) -> Result<&'a ArgInfo, MissingRegister> {
    let mut found = args.iter().filter(|a| pick(a));
    match (found.next(), found.next()) {
        (Some(a), None) => Ok(a),
        (None, _) => Err(missing(leaf, what.into())),
        (Some(_), Some(_)) => Err(missing(leaf, format!("single {what} (several match)"))),
    }
}

/// The input register of `leaf` that takes a list value of type `L` (a list or linked-list type).
pub fn list_input<L: Layout>(leaves: &[LeafInfo], leaf: u16) -> Result<Reg, MissingRegister> {
    let info = find(leaves, leaf)?;
    only(leaf, info.inputs, &format!("input of type {}", L::NAME), |a| a.ty == L::NAME).map(|a| a.reg)
}

/// `leaf`'s list input of type `L`, and its one plain output (a shared leaf's length written).
pub fn shared_registers<L: Layout>(leaves: &[LeafInfo], leaf: u16) -> Result<(Reg, Reg), MissingRegister> {
    let info = find(leaves, leaf)?;
    let len = only(leaf, info.outputs, "u64 output", |a| a.ty == "u64")?;
    Ok((list_input::<L>(leaves, leaf)?, len.reg))
}

impl ControlLeaves {
    /// The registers of a create/delete pair for control pages of list type
    /// `L`: create's `L` input; the handle, an output of create that delete
    /// takes under the same name; delete's one other `u64` input that create
    /// does not take either (the release input); and delete's `L` output (the
    /// released pages).
    pub fn from_tables<L: Layout>(leaves: &[LeafInfo], create: u16, delete: u16) -> Result<Self, MissingRegister> {
        let (c, d) = (find(leaves, create)?, find(leaves, delete)?);
        let handle = |a: &&ArgInfo| a.ty == "u64" && d.input(a.name).is_some();
        let id = c
            .outputs
            .iter()
            .find(handle)
            .ok_or_else(|| missing(create, "output delete takes back (the handle)".into()))?;
        let id_in =
            d.input(id.name).ok_or_else(|| missing(delete, format!("input `{}` (create's handle)", id.name)))?;
        let release = only(delete, d.inputs, "u64 input besides the handle and create's inputs", |a| {
            a.ty == "u64" && a.name != id.name && c.input(a.name).is_none()
        })?;
        let released = only(delete, d.outputs, &format!("output of type {}", L::NAME), |a| a.ty == L::NAME)?;
        Ok(ControlLeaves {
            create,
            list: list_input::<L>(leaves, create)?,
            id_out: id.reg,
            delete,
            id_in: id_in.reg,
            release: release.reg,
            released_out: released.reg,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdx_abi::{leaf, HpaArrayT, HpaListInfo, LEAVES};

    #[test]
    fn registers_of_the_bundled_list_leaves_come_from_the_tables() {
        assert_eq!(list_input::<HpaListInfo>(LEAVES, leaf::TDH_EXT_MEM_ADD), Ok(Reg::Rcx));
        let ide =
            ControlLeaves::from_tables::<HpaArrayT>(LEAVES, leaf::TDH_IDE_STREAM_CREATE, leaf::TDH_IDE_STREAM_DELETE)
                .unwrap();
        assert_eq!(
            (ide.list, ide.id_out, ide.id_in, ide.release, ide.released_out),
            (Reg::R8, Reg::Rcx, Reg::Rdx, Reg::R8, Reg::Rcx)
        );
        assert_eq!(shared_registers::<HpaArrayT>(LEAVES, leaf::TDH_SPDM_CONNECT), Ok((Reg::R10, Reg::Rcx)));
    }

    #[test]
    fn a_leaf_the_tables_do_not_describe_is_an_error_naming_it() {
        let e = list_input::<HpaArrayT>(LEAVES, leaf::TDH_EXT_MEM_ADD).unwrap_err();
        assert_eq!(e.to_string(), "leaf 61: the tables name no input of type HPA_ARRAY_T");
        assert!(ControlLeaves::from_tables::<HpaArrayT>(LEAVES, 0xffff, leaf::TDH_SPDM_DELETE).is_err());
    }
}
