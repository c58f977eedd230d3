//! The simulator's preset module: tdx-abi's list-using leaves, each served
//! with the list type its list argument has in the tables and the registers
//! the tables give it. Only the leaves and what each does are named here; list
//! types and register positions come from `tdx_abi::LEAVES` and
//! `tdx_abi::visit_list_type`.

use super::module::{ControlLeaves, SimModule};
use super::table_regs::{list_input, shared_registers, MissingRegister};
use std::string::String;
use tdx_abi::{leaf, LeafInfo, LinkedPageList, ListTypeVisitor, PageList, PhysAddr, LEAVES};

/// What a simulated leaf (or leaf pair) does with the pages its list names.
#[derive(Clone, Copy)]
enum Role {
    /// Takes them for good (interruptible).
    Gift(u16),
    /// Holds them as control pages: create, then delete.
    Control(u16, u16),
    /// Writes into them (a shared output buffer).
    Shared(u16),
    /// Writes into them through a chain of nodes.
    Linked(u16),
    /// Reads a list of guest pages (not the host's) from a host list page.
    GuestList(u16),
}

impl Role {
    /// The leaf whose input carries the list.
    fn list_leaf(self) -> u16 {
        match self {
            Role::Gift(l) | Role::Control(l, _) | Role::Shared(l) | Role::Linked(l) | Role::GuestList(l) => l,
        }
    }
}

/// The leaves the preset serves.
const ROLES: [Role; 6] = [
    Role::Gift(leaf::TDH_EXT_MEM_ADD),
    Role::Control(leaf::TDH_SPDM_CREATE, leaf::TDH_SPDM_DELETE),
    Role::Control(leaf::TDH_IDE_STREAM_CREATE, leaf::TDH_IDE_STREAM_DELETE),
    Role::Shared(leaf::TDH_SPDM_CONNECT),
    Role::Linked(leaf::TDH_QUOTE_GET),
    Role::GuestList(leaf::TDH_EXPORT_BLOCKW),
];

fn missing(leaf: u16, what: &str) -> MissingRegister {
    MissingRegister { leaf, what: String::from(what) }
}

/// Registers one role with the concrete list type the visit found.
struct Serve {
    module: SimModule,
    role: Role,
    leaves: &'static [LeafInfo],
}

impl ListTypeVisitor for Serve {
    type Out = Result<SimModule, MissingRegister>;

    fn host<L: PageList<ListAddr = PhysAddr, EntryAddr = PhysAddr>>(self) -> Self::Out {
        let Serve { module, role, leaves } = self;
        Ok(match role {
            Role::Gift(leaf) => module.with_gift_leaf::<L>(leaf, list_input::<L>(leaves, leaf)?),
            Role::Control(create, delete) => {
                module.with_control_leaves::<L>(ControlLeaves::from_tables::<L>(leaves, create, delete)?)
            }
            Role::Shared(leaf) => {
                let (list, len) = shared_registers::<L>(leaves, leaf)?;
                module.with_shared_leaf::<L>(leaf, list, len)
            }
            Role::Linked(leaf) => return Err(missing(leaf, "linked-list input")),
            Role::GuestList(leaf) => return Err(missing(leaf, "list input of guest pages")),
        })
    }

    fn host_page<L: PageList<ListAddr = PhysAddr>>(self) -> Self::Out {
        let Serve { module, role, leaves } = self;
        let Role::GuestList(leaf) = role else { return Err(missing(role.list_leaf(), "list input of host pages")) };
        Ok(module.with_guest_list_leaf::<L>(leaf, list_input::<L>(leaves, leaf)?))
    }

    fn guest<L: PageList>(self) -> Self::Out {
        Err(missing(self.role.list_leaf(), "list input in a host list page"))
    }

    fn linked<L: LinkedPageList>(self) -> Self::Out {
        let Role::Linked(leaf) = self.role else { return Err(missing(self.role.list_leaf(), "page-list input")) };
        let (list, len) = shared_registers::<L>(self.leaves, leaf)?;
        Ok(self.module.with_linked_leaf::<L>(leaf, list, len))
    }
}

/// Something `visit_list_type` recognises: the visit itself does nothing.
struct IsList;

impl ListTypeVisitor for IsList {
    type Out = ();
    fn host<L: PageList<ListAddr = PhysAddr, EntryAddr = PhysAddr>>(self) {}
    fn host_page<L: PageList<ListAddr = PhysAddr>>(self) {}
    fn guest<L: PageList>(self) {}
    fn linked<L: LinkedPageList>(self) {}
}

/// `module` serving every preset role.
pub(super) fn serve_all(mut module: SimModule) -> Result<SimModule, MissingRegister> {
    for role in ROLES {
        let leaf = role.list_leaf();
        let info = LEAVES.iter().find(|l| l.number == leaf).ok_or_else(|| missing(leaf, "leaf"))?;
        let mut lists = info.inputs.iter().filter(|a| tdx_abi::visit_list_type(a.ty, IsList).is_some());
        let (Some(arg), None) = (lists.next(), lists.next()) else { return Err(missing(leaf, "single list input")) };
        let serve = Serve { module, role, leaves: LEAVES };
        module = tdx_abi::visit_list_type(arg.ty, serve).ok_or_else(|| missing(leaf, "list type"))??;
    }
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Sim;

    #[test]
    fn every_preset_leaf_finds_its_list_type_and_registers_in_the_tables() {
        let sim = Sim::new();
        assert!(serve_all(sim.bare_module()).is_ok());
    }
}
