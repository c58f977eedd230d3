//! Synthetic inputs of a given field count for the generator comparisons:
//! a table file of 64-bit layouts of up to 16 four-bit fields, and the same
//! registers and fields as an SVD file for svd2rust.

use tdx_codegen::load::TableSource;

/// A table file with `fields` fields in 64-bit layouts of up to 16 fields.
pub fn tables(fields: usize) -> TableSource {
    let mut y = String::from("source: {document: synthetic, section: \"1\"}\nlayouts:\n");
    for layout in 0..fields.div_ceil(16) {
        let n = (fields - layout * 16).min(16);
        y += &format!("  - name: SYN_{layout}\n    width: 64\n    summary: Synthetic.\n    source: {{document: synthetic, section: \"1\"}}\n    fields:\n");
        for f in 0..n {
            y += &format!("      - {{name: F{f}, bits: \"{}:{}\", description: d, ref: r}}\n", f * 4 + 3, f * 4);
        }
        if n < 16 {
            y += &format!("    reserved: [\"63:{}\"]\n", n * 4);
        }
    }
    TableSource { display_path: format!("synthetic_{fields}.yaml"), bytes: y.into_bytes() }
}

/// The same shape as an SVD device: one peripheral, a 64-bit register per
/// layout, the same four-bit fields.
pub fn svd(fields: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<device schemaVersion=\"1.3\">\n<name>SYN</name>\n<version>1</version>\n\
         <description>Synthetic</description>\n<addressUnitBits>8</addressUnitBits>\n<width>64</width>\n<size>64</size>\n\
         <access>read-write</access>\n<resetValue>0</resetValue>\n<resetMask>0xFFFFFFFFFFFFFFFF</resetMask>\n<peripherals>\n\
         <peripheral>\n<name>SYN</name>\n<baseAddress>0x40000000</baseAddress>\n<registers>\n",
    );
    for r in 0..fields.div_ceil(16) {
        let n = (fields - r * 16).min(16);
        s += &format!(
            "<register>\n<name>SYN_{r}</name>\n<description>Synthetic.</description>\n<addressOffset>{:#x}</addressOffset>\n<fields>\n",
            r * 8
        );
        for f in 0..n {
            s += &format!(
                "<field>\n<name>F{f}</name>\n<description>d</description>\n<bitRange>[{}:{}]</bitRange>\n</field>\n",
                f * 4 + 3,
                f * 4
            );
        }
        s += "</fields>\n</register>\n";
    }
    s + "</registers>\n</peripheral>\n</peripherals>\n</device>\n"
}
