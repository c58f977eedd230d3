//! Everything loaded ([`Tables`], with located diagnostics) and the validated [`Model`].

use super::*;
use crate::diag::{Diagnostic, Location, Note};
use std::collections::BTreeMap;

/// Everything the loader read, in file order, not yet validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tables {
    /// Files read, in the order given.
    pub files: Vec<SourceFile>,
    /// Layouts, in file order.
    pub layouts: Vec<Layout>,
    /// Leaves, in file order.
    pub leaves: Vec<Leaf>,
    /// Status codes, in file order.
    pub status_codes: Vec<StatusCode>,
    /// Operand IDs, in file order.
    pub operand_ids: Vec<OperandId>,
    /// Metadata fields, in file order.
    pub metadata_fields: Vec<MetadataField>,
    /// Memory structures, in file order.
    pub structs: Vec<Struct>,
    /// Versioned structs (forms told apart by a selector), in file order.
    pub struct_variants: Vec<StructVariants>,
    /// TDG.VP.VMCALL sub-functions, in file order.
    pub tdvmcalls: Vec<Tdvmcall>,
    /// TDG.VP.VMCALL statuses (R10), in file order.
    pub tdvmcall_statuses: Vec<StatusCode>,
}

impl Tables {
    /// The TDX_FEATURES0 layout, when the tables have it (feature bits in `since` name its fields).
    pub fn features0(&self) -> Option<&Layout> {
        self.layouts.iter().find(|l| l.name == FEATURES0_LAYOUT)
    }

    /// A diagnostic at `origin`'s node, or at its child `key` when that was written.
    pub fn diag(&self, origin: &Origin, key: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let file = &self.files[origin.file];
        let (path, location) = self.locate(origin, key);
        Diagnostic {
            file: file.display_path.clone(),
            location,
            yaml_path: path,
            message: message.into(),
            source_line: location.and_then(|l| file.line(l.line)),
            ..Diagnostic::default()
        }
    }

    /// A second place for a diagnostic: `origin`'s node, or its child `key`.
    pub fn note(&self, origin: &Origin, key: Option<&str>, message: impl Into<String>) -> Note {
        let file = &self.files[origin.file];
        let (_, location) = self.locate(origin, key);
        Note {
            message: message.into(),
            file: file.display_path.clone(),
            location,
            source_line: location.and_then(|l| file.line(l.line)),
        }
    }

    /// The YAML path and position of `origin`'s child `key` if it was written, else of `origin`.
    fn locate(&self, origin: &Origin, key: Option<&str>) -> (String, Option<Location>) {
        let file = &self.files[origin.file];
        let child = key.map(|k| format!("{}.{k}", origin.path));
        match child.and_then(|p| file.position(&p).map(|l| (p, l))) {
            Some((p, l)) => (p, Some(l)),
            None => (origin.path.clone(), file.position(&origin.path)),
        }
    }

    /// A diagnostic about the entry `entry` (e.g. `leaf `TDH.MNG.CREATE``), at `origin` or its child `key`.
    pub fn entry_diag(
        &self,
        entry: String,
        origin: &Origin,
        key: Option<&str>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.diag(origin, key, message);
        d.entry = Some(entry);
        d.field = field;
        d
    }

    /// A diagnostic about struct `s` (and, optionally, one of its members).
    pub fn struct_diag(
        &self,
        s: &Struct,
        origin: &Origin,
        key: Option<&str>,
        member: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.diag(origin, key, message);
        d.entry = Some(format!("struct `{}`", s.name));
        d.field = member;
        d
    }

    /// A diagnostic about `layout` (and, optionally, one of its fields).
    pub fn layout_diag(
        &self,
        layout: &Layout,
        origin: &Origin,
        key: Option<&str>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.diag(origin, key, message);
        d.entry = Some(format!("layout `{}`", layout.name));
        d.field = field;
        d
    }
}

/// The validated tables: built only by [`crate::validate::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The input, for hashes and provenance.
    pub tables: Tables,
    /// Layouts by spec name.
    pub layouts: BTreeMap<String, Layout>,
    /// List types by layout name, their roles resolved to fields.
    pub lists: BTreeMap<String, crate::resolved::ListType>,
    /// Linked lists of list pages by layout name, their roles resolved.
    pub linked: BTreeMap<String, crate::resolved::LinkedType>,
    /// SEAMCALL (TDH.*) leaves by number, resolved (registers and types as enums, names computed).
    pub leaves: BTreeMap<u16, crate::resolved::Leaf>,
    /// TDCALL (TDG.*) leaves by number, resolved likewise.
    pub tdcalls: BTreeMap<u16, crate::resolved::Leaf>,
    /// Status codes by name.
    pub status_codes: BTreeMap<String, StatusCode>,
    /// Operand IDs by value.
    pub operand_ids: BTreeMap<u32, OperandId>,
    /// Metadata fields by scope and name.
    pub metadata_fields: BTreeMap<(MetadataScope, String), MetadataField>,
    /// Memory structures by name.
    pub structs: BTreeMap<String, Struct>,
    /// TDG.VP.VMCALL sub-functions by code, resolved (registers typed, exposure bitmap derived).
    pub tdvmcalls: BTreeMap<u64, crate::resolved::Subfunction>,
    /// TDG.VP.VMCALL statuses by value.
    pub tdvmcall_statuses: BTreeMap<u64, StatusCode>,
}

impl Model {
    /// The TDX_FEATURES0 layout, when the tables have it.
    pub fn features0(&self) -> Option<&Layout> {
        self.layouts.get(FEATURES0_LAYOUT)
    }

    /// The leaves of `instruction`, by number.
    pub fn leaves_of(&self, instruction: crate::resolved::Instruction) -> &BTreeMap<u16, crate::resolved::Leaf> {
        match instruction {
            crate::resolved::Instruction::Seamcall => &self.leaves,
            crate::resolved::Instruction::Tdcall => &self.tdcalls,
        }
    }
}
