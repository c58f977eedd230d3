//! `fmt`: each table file in the one canonical form the writer produces,
//! with every comment put back beside the node it was written at.

use super::yaml::{comments::Comments, emit::emit, tree::parse};
use super::{load, table_tree, TableSource};
use crate::diag::Diagnostics;

/// Every source in canonical form, in order. Files that do not load are
/// reported, and nothing is formatted: the form comes from the loaded model.
pub fn format(sources: &[TableSource]) -> Result<Vec<String>, Diagnostics> {
    let tables = load(sources)?;
    let formatted = (0..sources.len()).map(|i| {
        // It loaded, so it parses.
        let parsed = parse(&tables.files[i].text).unwrap_or_default();
        let tree = table_tree(&tables, i);
        emit(&tree, &Comments::attach(&parsed, &tree))
    });
    Ok(formatted.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        let mut out =
            format(&[TableSource { display_path: "t.yaml".into(), bytes: text.as_bytes().to_vec() }]).unwrap();
        out.remove(0)
    }

    const MESSY: &str = "\
# Leaves of a demo.
source: {repo: a/b, path: c.c}
leaves:
  # The first leaf.
  - description: 'Does a thing.'   # quoted for no reason
    name: TDH.DEMO
    number: 0x2
    since: \"TDX module 1.0\"
    serialized: false   # the default, said out loud
    inputs:
      - {type: hpa, reg: rcx, name: page}
    outputs: []
";

    #[test]
    fn reorders_keys_drops_defaults_and_keeps_every_comment() {
        let out = one(MESSY);
        assert_eq!(
            out,
            "\
# Leaves of a demo.
source:
  repo: a/b
  path: c.c
leaves:
  # The first leaf.
  # the default, said out loud
  - name: TDH.DEMO
    number: 2
    since: TDX module 1.0
    description: Does a thing.  # quoted for no reason
    inputs:
      - {reg: rcx, name: page, type: hpa}
    outputs: []
"
        );
    }

    #[test]
    fn formatting_is_idempotent_and_changes_no_value() {
        let once = one(MESSY);
        assert_eq!(one(&once), once);
        let before = load(&[TableSource { display_path: "t.yaml".into(), bytes: MESSY.into() }]).unwrap();
        let after = load(&[TableSource { display_path: "t.yaml".into(), bytes: once.into() }]).unwrap();
        assert_eq!(format!("{:?}", before.leaves[0].inputs), format!("{:?}", after.leaves[0].inputs));
        assert_eq!(before.leaves[0].description, after.leaves[0].description);
    }
}
