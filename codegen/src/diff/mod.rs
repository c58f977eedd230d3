//! Model-level comparison of two sets of tables, for reviewing ABI changes:
//! a field that moves from 51:12 to 52:12 changes no Rust signature, so only
//! a comparison of the tables themselves shows it.
//!
//! Each [`Change`] names the item, what changed, and how bad it is
//! ([`Class`]): wire-breaking (the bits mean something else), source-breaking
//! (code that compiled stops compiling), or compatible.

mod codes;
mod layouts;
mod leaves;
mod render_json;
mod render_markdown;
mod render_text;
mod struct_variants;
mod structs;

pub use render_json::json;
pub use render_markdown::markdown;
pub use render_text::text;

use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// How bad a change is, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The same bits now mean something else: old binaries and new modules disagree.
    WireBreaking,
    /// The wire is unchanged, but code written against the old bindings no longer compiles.
    SourceBreaking,
    /// Nothing that worked stops working.
    Compatible,
}

impl Class {
    /// True for wire- and source-breaking changes.
    pub fn is_breaking(self) -> bool {
        self != Class::Compatible
    }

    /// Lower-case label, as in reports.
    pub fn label(self) -> &'static str {
        match self {
            Class::WireBreaking => "wire-breaking",
            Class::SourceBreaking => "source-breaking",
            Class::Compatible => "compatible",
        }
    }
}

/// Every class, worst first.
pub const CLASSES: [Class; 3] = [Class::WireBreaking, Class::SourceBreaking, Class::Compatible];

/// Which table an item lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A layout (object or register word).
    Layout,
    /// A SEAMCALL leaf.
    Leaf,
    /// A completion status code.
    StatusCode,
    /// An operand ID.
    OperandId,
    /// A global metadata field.
    MetadataField,
    /// A memory structure.
    Struct,
    /// A versioned struct (forms told apart by a selector).
    StructVariants,
    /// A TDG.VP.VMCALL sub-function.
    TdvmcallSubfunction,
    /// A TDG.VP.VMCALL status.
    TdvmcallStatus,
}

impl ItemKind {
    /// Lower-case label, as in reports.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Layout => "layout",
            ItemKind::Leaf => "leaf",
            ItemKind::StatusCode => "status code",
            ItemKind::OperandId => "operand ID",
            ItemKind::MetadataField => "metadata field",
            ItemKind::Struct => "struct",
            ItemKind::StructVariants => "versioned struct",
            ItemKind::TdvmcallSubfunction => "TDVMCALL sub-function",
            ItemKind::TdvmcallStatus => "TDVMCALL status",
        }
    }
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // each variant is its name
pub enum What {
    Added,
    Removed,
    Renamed,
    WidthChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldMoved,
    FieldResized,
    FieldKindChanged,
    FixedValueChanged,
    AlignChanged,
    ReservedNowUsed,
    ListRolesChanged,
    SingletonChanged,
    NumberChanged,
    VersionsChanged,
    RegistersChanged,
    ResumeChanged,
    ValueChanged,
    ShapeChanged,
    SelectorChanged,
    FormAdded,
    FormRemoved,
    FormChanged,
    DocsChanged,
}

impl What {
    /// Lower-case words, as in reports.
    pub fn label(self) -> &'static str {
        match self {
            What::Added => "added",
            What::Removed => "removed",
            What::Renamed => "renamed",
            What::WidthChanged => "width changed",
            What::FieldAdded => "field added",
            What::FieldRemoved => "field removed",
            What::FieldRenamed => "field renamed",
            What::FieldMoved => "field moved",
            What::FieldResized => "field resized",
            What::FieldKindChanged => "field kind changed",
            What::FixedValueChanged => "fixed value changed",
            What::AlignChanged => "alignment changed",
            What::ReservedNowUsed => "reserved bits now used by",
            What::ListRolesChanged => "list roles changed",
            What::SingletonChanged => "singleton rule changed",
            What::NumberChanged => "number changed",
            What::VersionsChanged => "versions changed",
            What::RegistersChanged => "registers changed",
            What::ResumeChanged => "resume rule changed",
            What::ValueChanged => "value changed",
            What::ShapeChanged => "size or count changed",
            What::SelectorChanged => "selector changed",
            What::FormAdded => "form added",
            What::FormRemoved => "form removed",
            What::FormChanged => "form changed",
            What::DocsChanged => "documentation changed",
        }
    }
}

/// One change to one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Which table.
    pub kind: ItemKind,
    /// The item's name (its new name, for renames).
    pub item: String,
    /// What changed.
    pub what: What,
    /// How bad it is.
    pub class: Class,
    /// The field (or register) concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old value, as written in the tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The new value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Change {
    /// One line: `layout HPA_LIST_INFO: field moved PFN: 51:12 -> 52:12`.
    pub fn sentence(&self) -> String {
        let mut s = format!("{} {}: {}", self.kind.label(), self.item, self.what.label());
        if let Some(f) = &self.field {
            s += &format!(" {f}");
        }
        match (self.before.as_deref(), self.after.as_deref()) {
            (Some(""), Some("")) => {}
            (Some(""), Some(a)) => s += &format!(": {a}"),
            (Some(b), Some("")) => s += &format!(": was {b}"),
            (Some(b), Some(a)) => s += &format!(": {b} -> {a}"),
            _ => {}
        }
        s
    }

    fn new(kind: ItemKind, item: &str, what: What, class: Class) -> Change {
        Change { kind, item: item.to_string(), what, class, field: None, before: None, after: None }
    }

    fn field(mut self, field: &str) -> Change {
        self.field = Some(field.to_string());
        self
    }

    fn values(mut self, before: impl ToString, after: impl ToString) -> Change {
        self.before = Some(before.to_string());
        self.after = Some(after.to_string());
        self
    }
}

/// Before and after text diagrams of a layout whose bits changed (or byte maps of a struct).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayoutDiagrams {
    /// The old layout, if it existed.
    pub before: Option<String>,
    /// The new layout, if it exists.
    pub after: Option<String>,
}

/// Every change between two models.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Changes, ordered by table, item, then severity.
    pub changes: Vec<Change>,
    /// Diagrams of the layouts with changes other than documentation, by (new) name.
    pub diagrams: BTreeMap<String, LayoutDiagrams>,
    /// Byte maps of the structs with changes other than documentation, by (new) name.
    pub byte_maps: BTreeMap<String, LayoutDiagrams>,
}

impl Report {
    /// The worst class among the changes, if any.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }

    /// True when any change is wire- or source-breaking.
    pub fn is_breaking(&self) -> bool {
        self.worst().is_some_and(Class::is_breaking)
    }

    /// How many changes of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// `3 changes: 1 wire-breaking, 0 source-breaking, 2 compatible`.
    pub fn summary(&self) -> String {
        let n = self.changes.len();
        let counts: Vec<String> = CLASSES.iter().map(|c| format!("{} {}", self.count(*c), c.label())).collect();
        format!("{n} change{}: {}", if n == 1 { "" } else { "s" }, counts.join(", "))
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Model, new: &Model) -> Report {
    let mut changes = Vec::new();
    let diagrams = layouts::diff(old, new, &mut changes);
    leaves::diff(old, new, &mut changes);
    codes::diff(old, new, &mut changes);
    let byte_maps = structs::diff(old, new, &mut changes);
    struct_variants::diff(old, new, &mut changes);
    changes.sort_by(|a, b| (a.kind, &a.item, a.class, a.what).cmp(&(b.kind, &b.item, b.class, b.what)));
    Report { changes, diagrams, byte_maps }
}

/// Pairs items by `key`; then pairs leftovers whose `shape` is equal (renames).
/// Returns (matched, renamed, removed, added).
#[allow(clippy::type_complexity)]
fn pair<'a, T, K: Ord, S: PartialEq>(
    old: impl IntoIterator<Item = &'a T>,
    new: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
    shape: impl Fn(&T) -> S,
) -> (Vec<(&'a T, &'a T)>, Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>) {
    let new_by_key: BTreeMap<K, &T> = new.into_iter().map(|t| (key(t), t)).collect();
    let mut matched = Vec::new();
    let mut removed = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for o in old {
        match new_by_key.get(&key(o)) {
            Some(n) => {
                used.insert(key(o));
                matched.push((o, *n));
            }
            None => removed.push(o),
        }
    }
    let mut added: Vec<&T> = new_by_key.iter().filter(|(k, _)| !used.contains(*k)).map(|(_, t)| *t).collect();
    let mut renamed = Vec::new();
    removed.retain(|o| {
        let s = shape(o);
        // Only an unambiguous match is a rename.
        let candidates: Vec<usize> = (0..added.len()).filter(|i| shape(added[*i]) == s).collect();
        match candidates.as_slice() {
            [i] => {
                renamed.push((*o, added.remove(*i)));
                false
            }
            _ => true,
        }
    });
    (matched, renamed, removed, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Item = (&'static str, u32);

    fn names(pairs: &[(&Item, &Item)]) -> Vec<(&'static str, &'static str)> {
        pairs.iter().map(|(a, b)| (a.0, b.0)).collect()
    }

    #[test]
    fn a_rename_needs_exactly_one_candidate_with_the_same_shape() {
        let old = [("A", 1), ("B", 2), ("C", 3), ("D", 3)];
        let new = [("A", 1), ("B2", 2), ("C2", 3), ("D2", 3)];
        let (matched, renamed, removed, added) = pair(&old, &new, |t| t.0, |t| t.1);
        assert_eq!(names(&matched), [("A", "A")]);
        assert_eq!(names(&renamed), [("B", "B2")]);
        // C and D have two candidates each: shown as removed and added, not guessed.
        assert_eq!(removed.iter().map(|t| t.0).collect::<Vec<_>>(), ["C", "D"]);
        assert_eq!(added.iter().map(|t| t.0).collect::<Vec<_>>(), ["C2", "D2"]);
    }

    #[test]
    fn the_worst_class_decides_whether_a_report_breaks() {
        let change = |class| Change::new(ItemKind::Leaf, "L", What::DocsChanged, class);
        let report = |classes: &[Class]| Report {
            changes: classes.iter().map(|c| change(*c)).collect(),
            diagrams: BTreeMap::new(),
            byte_maps: BTreeMap::new(),
        };
        assert!(!report(&[]).is_breaking());
        assert!(!report(&[Class::Compatible]).is_breaking());
        assert_eq!(report(&[Class::Compatible, Class::SourceBreaking]).worst(), Some(Class::SourceBreaking));
        assert_eq!(report(&[Class::SourceBreaking, Class::WireBreaking]).worst(), Some(Class::WireBreaking));
    }
}
