//! What each target runs on one input. A target returns normally for any
//! input; a panic (or a broken ownership rule, which the target turns into a
//! panic) is a finding.

use tdx_abi::leaves::spdm::{tdh_spdm_create, tdh_spdm_delete, TdhSpdmCreateIn, TdhSpdmDeleteIn};
use tdx_abi::HpaArrayT;
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::validate;
use tdx_page_array::{ListPage, PageArray};
use tdx_sim::host::Sim;

/// How an input ended (for statistics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The input was refused with diagnostics (or an error).
    Refused,
    /// The input went all the way through.
    Accepted,
}

/// `tables`: load, validate and emit (Rust files and the C header) any bytes.
pub fn tables(input: &[u8]) -> Outcome {
    let source = TableSource { display_path: "fuzz.yaml".into(), bytes: input.to_vec() };
    fmt_keeps_meaning_and_comments(&source);
    let model = match load::load(&[source]).and_then(validate::validate) {
        Ok(model) => model,
        // A rule that lets through what resolution cannot handle is a generator bug.
        Err(d) if d.0.iter().any(|d| d.message.starts_with("internal error")) => panic!("{d}"),
        Err(_) => return Outcome::Refused,
    };
    match emit(&model, &EmitConfig::tdx_abi()) {
        Ok(files) if !files.is_empty() => Outcome::Accepted,
        _ => Outcome::Refused,
    }
}

/// `fmt` of a file that loads: the output loads to the same tables, keeps
/// every comment, and is already in canonical form.
fn fmt_keeps_meaning_and_comments(source: &TableSource) {
    let Ok(tables) = load::load(std::slice::from_ref(source)) else { return };
    let formatted = match load::format(std::slice::from_ref(source)) {
        Ok(mut f) => f.remove(0),
        Err(d) => panic!("a file that loads does not format: {d}"),
    };
    let again = TableSource { display_path: source.display_path.clone(), bytes: formatted.clone().into_bytes() };
    let reloaded = match load::load(std::slice::from_ref(&again)) {
        Ok(t) => t,
        Err(d) => panic!("formatted output does not load: {d}\n{formatted}"),
    };
    assert_eq!(load::table_file(&reloaded, 0), load::table_file(&tables, 0), "fmt changed a value:\n{formatted}");
    let comments = |text: &str| load::yaml::tree::parse(text).map(|d| d.comments.len()).unwrap_or(usize::MAX);
    assert_eq!(comments(&formatted), comments(&tables.files[0].text), "fmt lost a comment:\n{formatted}");
    match load::format(&[again]) {
        Ok(f) => assert_eq!(f[0], formatted, "fmt is not idempotent"),
        Err(d) => panic!("{d}"),
    }
}

/// Little-endian words from `input`, zero-padded.
fn words(input: &[u8]) -> impl Iterator<Item = u64> + '_ {
    input.chunks(8).map(|c| c.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// `released`: hand `n` control pages to the simulated module, then let the
/// input decide whether the module really releases them, what it returns,
/// and what it writes into the released list. The page array must never
/// free a page the module holds, nor free one unflushed.
pub fn released(input: &[u8]) -> Outcome {
    let mut w = words(input);
    let head = w.next().unwrap_or(0);
    let n = 1 + (head & 0x1ff) as usize;
    let really = head & 0x200 != 0;
    let replace = head & 0x400 != 0;
    let forged = w.next().unwrap_or(0);
    let scribbles: Vec<u64> = w.take(8).collect();

    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let Ok(mut list) = ListPage::alloc(&mut provider) else { return Outcome::Refused };
    let Ok(array) = PageArray::alloc(&mut provider, Vec::new(), n) else { return Outcome::Refused };
    let created = array.hand_over::<HpaArrayT, _, _>(&mut provider, &mut list, |spdm_mt| {
        tdh_spdm_create(&mut module, &TdhSpdmCreateIn { func_id: 1, spdm_mt }).map(|o| o.spdm_id)
    });
    let Ok((control, id)) = created else { panic!("create failed on a well-formed list") };
    let list_pa = list.addr();
    let result = control.release::<HpaArrayT, _, _>(
        &mut provider,
        &list,
        &mut module,
        |p| p.as_u64(),
        |seam, release| {
            let real = if really {
                tdh_spdm_delete(seam, &TdhSpdmDeleteIn { spdm_id: id, release })?.released.into_bits()
            } else {
                0
            };
            for s in &scribbles {
                sim.write(list_pa, (s >> 52) as usize & 0x1ff, s & 0xf_ffff_ffff_ffff);
            }
            Ok(HpaArrayT::from_bits(if replace || !really { forged } else { real }))
        },
    );
    list.free(&mut provider);
    let stats = sim.stats();
    assert!(stats.violations.is_empty(), "ownership broken: {:?}", &stats.violations[..stats.violations.len().min(3)]);
    assert_eq!(stats.host_live, 0, "pages left live");
    if result.is_ok() {
        Outcome::Accepted
    } else {
        Outcome::Refused
    }
}

/// A target by name.
pub fn by_name(name: &str) -> Option<fn(&[u8]) -> Outcome> {
    match name {
        "tables" => Some(tables),
        "released" => Some(released),
        _ => None,
    }
}

/// Every target's name.
pub const NAMES: [&str; 2] = ["tables", "released"];
