//! Rule: a resume style has what it needs: re-issuing with the outputs needs
//! a cursor register the leaf both takes and returns; a resume flag must be
//! one of the leaf's inputs. Resumable leaves must have public inputs.

use crate::diag::Diagnostic;
use crate::model::{Leaf, ResumeRule, Tables};

fn has(args: Option<&Vec<crate::model::RegArg>>, reg: &str) -> bool {
    args.is_some_and(|a| a.iter().any(|x| x.reg == reg))
}

fn problem(leaf: &Leaf) -> Option<(&'static str, String, &'static str)> {
    match &leaf.resume {
        ResumeRule::None => None,
        _ if leaf.inputs.is_none() => Some((
            "style",
            "a resumable leaf needs its input registers tabulated".into(),
            "list `inputs`, or drop `resume` until they are public",
        )),
        ResumeRule::ReissueInputs => None,
        ResumeRule::ReissueOutputs { cursor: None } => Some((
            "style",
            "`reissue_outputs` needs `cursor`: the register the module advances".into(),
            "add `cursor: rcx` (or whichever register)",
        )),
        ResumeRule::ReissueOutputs { cursor: Some(c) } if !has(leaf.inputs.as_ref(), c) => Some((
            "cursor",
            format!("cursor register `{c}` is not one of the leaf's inputs"),
            "the cursor is re-issued as an input: list it under `inputs`",
        )),
        ResumeRule::ReissueOutputs { cursor: Some(c) } if !has(leaf.outputs.as_ref(), c) => Some((
            "cursor",
            format!("cursor register `{c}` is not among the leaf's outputs, so the module cannot return it"),
            "list the cursor register under `outputs`, or use `style: reissue_inputs`",
        )),
        ResumeRule::ReissueOutputs { .. } => None,
        ResumeRule::ResumeFlag { flag: None } => Some((
            "style",
            "`resume_flag` needs `flag`: the input register set to 1 on resume".into(),
            "add `flag: rcx` (or whichever register)",
        )),
        ResumeRule::ResumeFlag { flag: Some(f) } if !has(leaf.inputs.as_ref(), f) => {
            Some(("flag", format!("flag register `{f}` is not one of the leaf's inputs"), "list it under `inputs`"))
        }
        ResumeRule::ResumeFlag { .. } => None,
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for leaf in &tables.leaves {
        if let Some((key, msg, help)) = problem(leaf) {
            let at = crate::model::Origin { file: leaf.origin.file, path: format!("{}.resume", leaf.origin.path) };
            let d = tables.entry_diag(format!("leaf `{}`", leaf.name), &at, Some(key), Some("resume".into()), msg);
            out.push(d.with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{leaves_yaml, run};

    fn leaf(outputs: &str, resume: &str) -> String {
        leaves_yaml(&format!(
            "  - name: TDH.EXT.MEM.ADD\n    number: 61\n    since: \"ext\"\n    description: d\n    inputs: [{{reg: rcx, name: list, type: u64}}]\n{outputs}    resume: {resume}\n"
        ))
    }

    #[test]
    fn complete_styles_pass() {
        assert!(run(
            super::check,
            &[&leaf("    outputs: [{reg: rcx, name: list, type: u64}]\n", "{style: reissue_outputs, cursor: rcx}")]
        )
        .is_empty());
        assert!(run(super::check, &[&leaf("", "{style: resume_flag, flag: rcx}")]).is_empty());
        assert!(run(super::check, &[&leaf("", "{style: reissue_inputs}")]).is_empty());
    }

    #[test]
    fn missing_cursors_and_flags_are_reported() {
        assert_eq!(
            run(super::check, &[&leaf("", "{style: reissue_outputs, cursor: rcx}")]),
            ["8:46 cursor register `rcx` is not among the leaf's outputs, so the module cannot return it"]
        );
        assert_eq!(
            run(super::check, &[&leaf("", "{style: reissue_outputs}")]),
            ["8:21 `reissue_outputs` needs `cursor`: the register the module advances"]
        );
        assert_eq!(
            run(super::check, &[&leaf("", "{style: resume_flag, flag: rdx}")]),
            ["8:40 flag register `rdx` is not one of the leaf's inputs"]
        );
    }
}
