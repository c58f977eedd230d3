//! Rule: a versioned struct names at least two forms, each a struct of the
//! tables, all of one size and alignment; its selector is a path of members
//! leading, in every form, to the same unsigned integer at the same offset;
//! each form has its own selector value, and the value fits the integer.

use crate::diag::Diagnostic;
use crate::model::{selector_place, StructVariants, Tables};
use crate::names::is_upper_snake;

fn check_one(tables: &Tables, v: &StructVariants, out: &mut Vec<Diagnostic>) {
    let entry = format!("struct variants `{}`", v.name);
    let diag = |origin, key, field: Option<String>, msg: String, help: &str| {
        tables.entry_diag(entry.clone(), origin, Some(key), field, msg).with_help(help.to_string())
    };
    if !is_upper_snake(&v.name) {
        let msg = format!("`{}` is not a usable name", v.name);
        out.push(diag(&v.origin, "name", None, msg, "use UPPER_SNAKE (A-Z, 0-9, single `_`)"));
    }
    if v.cases.len() < 2 {
        let msg = format!("{} case(s): a versioned struct has at least two forms", v.cases.len());
        out.push(diag(
            &v.origin,
            "cases",
            None,
            msg,
            "list every form with its selector value, or use the struct alone",
        ));
    }
    let find = |name: &str| tables.structs.iter().find(|s| s.name == name);
    let mut first: Option<(&crate::model::VariantCase, u32, u32, (u32, u32))> = None;
    let mut selector_reported = false;
    for (i, c) in v.cases.iter().enumerate() {
        let case = Some(format!("case {}", c.value));
        let Some(s) = find(&c.struct_name) else {
            let guess = crate::suggest::did_you_mean(&c.struct_name, tables.structs.iter().map(|s| s.name.as_str()));
            let msg = format!("`{}` is not a struct in the tables", c.struct_name);
            out.push(diag(&c.origin, "struct", case, msg, &format!("{guess}name a struct of the `structs:` tables")));
            continue;
        };
        if let Some(earlier) = v.cases[..i].iter().find(|e| e.value == c.value) {
            let msg =
                format!("selector value {} names both `{}` and `{}`", c.value, earlier.struct_name, c.struct_name);
            let d = diag(&c.origin, "value", case.clone(), msg, "each form has its own value");
            out.push(d.with_note(tables.note(&earlier.origin, Some("value"), "first given here")));
        }
        let place = match selector_place(find, &s.name, &v.selector) {
            Ok(place) => place,
            Err(_) if selector_reported => continue,
            Err(at) => {
                selector_reported = true;
                let msg = format!(
                    "selector `{}` does not lead to an unsigned integer in `{}` (stops at `{}`)",
                    v.selector.join("."),
                    s.name,
                    v.selector.get(at).map_or("", String::as_str)
                );
                let help = "write member names from the form's top level to a u8..u64 member, joined by `.`";
                out.push(diag(&v.origin, "selector", None, msg, help));
                continue;
            }
        };
        let bits = place.1 * 8;
        if bits < 64 && c.value >> bits != 0 {
            let msg = format!("value {} does not fit the selector's {bits} bits", c.value);
            out.push(diag(&c.origin, "value", case.clone(), msg, "give the value the source states"));
        }
        match first {
            None => first = Some((c, s.size, s.align, place)),
            Some((f, size, align, at)) => {
                let differs = if (s.size, s.align) != (size, align) {
                    Some(format!(
                        "`{}` is {} bytes, {}-byte aligned; `{}` is {size} bytes, {align}-byte aligned",
                        s.name, s.size, s.align, f.struct_name
                    ))
                } else if place != at {
                    Some(format!(
                        "the selector is at byte {} ({} bytes) in `{}` but at byte {} ({} bytes) in `{}`",
                        place.0, place.1, s.name, at.0, at.1, f.struct_name
                    ))
                } else {
                    None
                };
                if let Some(msg) = differs {
                    let d = diag(
                        &c.origin,
                        "struct",
                        case,
                        msg,
                        "the forms of one struct share its size, alignment and selector",
                    );
                    out.push(d.with_note(tables.note(&f.origin, Some("struct"), "the first form")));
                }
            }
        }
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for v in &tables.struct_variants {
        check_one(tables, v, out);
    }
}
