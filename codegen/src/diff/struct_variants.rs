//! Versioned-struct changes: the selector moved, a form added (a reader now
//! accepts bytes it refused: compatible), a form removed or a value pointing
//! at another struct (bytes read differently: wire-breaking).

use super::{Change, Class, ItemKind, What};
use crate::model::{Model, StructVariants};
use std::collections::BTreeMap;

fn by_name(model: &Model) -> BTreeMap<&str, &StructVariants> {
    model.tables.struct_variants.iter().map(|v| (v.name.as_str(), v)).collect()
}

pub(super) fn diff(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let (old_sets, new_sets) = (by_name(old), by_name(new));
    for (name, o) in &old_sets {
        let Some(n) = new_sets.get(name) else {
            out.push(Change::new(ItemKind::StructVariants, name, What::Removed, Class::SourceBreaking));
            continue;
        };
        let change = |what, class| Change::new(ItemKind::StructVariants, name, what, class);
        if o.selector != n.selector {
            out.push(
                change(What::SelectorChanged, Class::WireBreaking).values(o.selector.join("."), n.selector.join(".")),
            );
        }
        let forms = |v: &StructVariants| -> BTreeMap<u64, String> {
            v.cases.iter().map(|c| (c.value, c.struct_name.clone())).collect()
        };
        let (of, nf) = (forms(o), forms(n));
        for (value, s) in &of {
            match nf.get(value) {
                None => {
                    out.push(change(What::FormRemoved, Class::WireBreaking).field(&value.to_string()).values(s, ""))
                }
                Some(t) if t != s => {
                    out.push(change(What::FormChanged, Class::WireBreaking).field(&value.to_string()).values(s, t))
                }
                Some(_) => {}
            }
        }
        for (value, t) in nf.iter().filter(|(v, _)| !of.contains_key(v)) {
            out.push(change(What::FormAdded, Class::Compatible).field(&value.to_string()).values("", t));
        }
        if o.summary != n.summary || o.description != n.description || o.source != n.source {
            out.push(change(What::DocsChanged, Class::Compatible));
        }
    }
    for name in new_sets.keys().filter(|n| !old_sets.contains_key(*n)) {
        out.push(Change::new(ItemKind::StructVariants, name, What::Added, Class::Compatible));
    }
}
