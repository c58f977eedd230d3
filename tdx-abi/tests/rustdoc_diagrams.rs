//! The bit diagrams reach the rendered docs: rustdoc is run on this crate
//! (into a scratch target directory) and each layout's page must carry its
//! SVG picture and its text diagram.

use std::path::{Path, PathBuf};
use std::process::Command;

fn html(doc: &Path, name: &str) -> String {
    std::fs::read_to_string(doc.join(format!("tdx_abi/struct.{name}.html"))).unwrap()
}

#[test]
fn every_layout_page_shows_its_svg_and_text_diagram() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = tempfile_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["doc", "--no-deps", "--offline", "-q", "--manifest-path"])
        .arg(manifest.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(status.success(), "cargo doc failed");
    let doc = target.join("doc");
    for spec in tdx_abi::LAYOUTS {
        let page = html(&doc, &rust_name(spec.name));
        assert!(
            page.contains("<svg") && page.contains(&format!("aria-label=\"{} bit layout\"", spec.name)),
            "{}: no SVG",
            spec.name
        );
        // The text diagram: a code block from its first box line, naming every field.
        let start = page.find("+---").unwrap_or_else(|| panic!("{}: no text diagram", spec.name));
        let block = &page[start..start + page[start..].find("</code>").unwrap()];
        for field in spec.fields {
            assert!(block.contains(field.name), "{}: {} not in the text diagram", spec.name, field.name);
        }
    }
    std::fs::remove_dir_all(&target).ok();
}

/// `HPA_LIST_INFO` → `HpaListInfo`, as the generator names types.
fn rust_name(spec: &str) -> String {
    spec.split('_').map(|w| w[..1].to_string() + &w[1..].to_lowercase()).collect()
}

fn tempfile_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tdx-abi-rustdoc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
