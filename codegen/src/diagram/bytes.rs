//! A memory structure's byte map: one line per member or reserved range, in
//! offset order (`  128..192   REPORTDATA (bytes)`), for rustdoc and for the
//! before-and-after picture in a diff.

use crate::model::Struct;

/// The byte map of `s`, one line per member or reserved range.
pub fn byte_map(s: &Struct) -> String {
    let mut rows: Vec<(u32, u32, String)> = s
        .members
        .iter()
        .map(|m| {
            let count = if m.count > 1 { format!(" x {}", m.count) } else { String::new() };
            (m.offset, m.elem_size * m.count, format!("{} ({}{count})", m.name, m.ty.spelling()))
        })
        .collect();
    rows.extend(s.reserved.iter().map(|r| (r.offset, r.size, "reserved, zero".to_string())));
    rows.sort();
    let lines: Vec<String> = rows.iter().map(|(o, n, what)| format!("{o:>5}..{:<5} {what}", o + n)).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, MemberType, Origin, ReservedBytes, Source};

    #[test]
    fn members_and_reserved_ranges_are_listed_by_offset() {
        let origin = Origin { file: 0, path: String::new() };
        let member = |name: &str, offset, ty, elem_size, count| Member {
            name: name.into(),
            offset,
            ty,
            elem_size,
            count,
            description: String::new(),
            reference: String::new(),
            origin: origin.clone(),
        };
        let s = Struct {
            name: "S".into(),
            size: 32,
            align: 1,
            summary: String::new(),
            description: None,
            source: Source::Document { document: "d".into(), section: "s".into() },
            members: vec![member("B", 8, MemberType::Bytes(8), 8, 3), member("A", 0, MemberType::Uint(4), 4, 1)],
            reserved: vec![ReservedBytes { offset: 4, size: 4, origin: origin.clone() }],
            origin,
        };
        assert_eq!(byte_map(&s), "    0..4     A (u32)\n    4..8     reserved, zero\n    8..32    B (bytes x 3)");
    }
}
