//! A layout cut into the runs of bits a diagram draws.

use crate::bits::BitRange;
use crate::model::Layout;

/// One run of bits: a field, a reserved range, or bits the tables leave undescribed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The bits.
    pub bits: BitRange,
    /// The field's name; `None` for reserved (or undescribed) bits.
    pub name: Option<String>,
}

impl Segment {
    /// `hi:lo`, or `n` for a single bit.
    pub fn range_label(&self) -> String {
        if self.bits.hi == self.bits.lo {
            self.bits.hi.to_string()
        } else {
            self.bits.to_string()
        }
    }

    /// The field's name, or `reserved`.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("reserved")
    }
}

/// The layout's segments from the most significant bit down. Adjacent
/// reserved ranges merge; bits no entry describes show as reserved.
pub fn segments(layout: &Layout) -> Vec<Segment> {
    let mut named: Vec<(BitRange, Option<&str>)> =
        layout.fields.iter().map(|f| (f.bits, Some(f.name.as_str()))).collect();
    named.sort_by_key(|(b, _)| std::cmp::Reverse(b.hi));
    let mut out: Vec<Segment> = Vec::new();
    let mut next_hi = layout.width as i64 - 1;
    let push_reserved = |out: &mut Vec<Segment>, hi: i64, lo: i64| {
        if hi < lo {
            return;
        }
        match out.last_mut() {
            Some(Segment { bits, name: None }) => bits.lo = lo as u32,
            _ => out.push(Segment { bits: BitRange { hi: hi as u32, lo: lo as u32 }, name: None }),
        }
    };
    for (bits, name) in named {
        if (bits.hi as i64) > next_hi {
            continue; // overlaps what was drawn; validation reports it
        }
        push_reserved(&mut out, next_hi, bits.hi as i64 + 1);
        out.push(Segment { bits, name: name.map(str::to_string) });
        next_hi = bits.lo as i64 - 1;
    }
    push_reserved(&mut out, next_hi, 0);
    out
}
