//! A validated leaf with every reference resolved: registers and argument
//! types as enums, the resume rule with its register, the version list as
//! the `u8`s RAX carries, and every generated name computed once.

use super::Register;
use crate::model::{Origin, RegArg, ResumeRule, Source};
use crate::names::{leaf_area, leaf_const, leaf_fn, leaf_type, type_name};

/// What an argument register holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgType {
    /// A plain 64-bit value.
    U64,
    /// A host physical address (`tdx_abi::PhysAddr`).
    Hpa,
    /// A guest physical address (`tdx_abi::GuestPhysAddr`).
    Gpa,
    /// The host physical address of a struct of the tables (`hpa<TD_PARAMS>`),
    /// aligned as the ABI requires (`tdx_abi::StructAddr`).
    StructAddr {
        /// The struct's spec name, `TD_PARAMS`.
        spec: String,
        /// Its Rust type, `TdParams`.
        rust: String,
    },
    /// A 64-bit layout of the tables.
    Layout {
        /// Its spec name, `HPA_LIST_INFO`.
        spec: String,
        /// Its Rust type, `HpaListInfo`.
        rust: String,
    },
}

impl ArgType {
    fn parse(ty: &str) -> ArgType {
        match ty {
            "u64" => ArgType::U64,
            "hpa" => ArgType::Hpa,
            "gpa" => ArgType::Gpa,
            other => match struct_addr_target(other) {
                Some(spec) => ArgType::StructAddr { spec: spec.to_string(), rust: type_name(spec) },
                None => ArgType::Layout { spec: other.to_string(), rust: type_name(other) },
            },
        }
    }

    /// As the tables spell it.
    pub fn spelling(&self) -> String {
        match self {
            ArgType::U64 => "u64".into(),
            ArgType::Hpa => "hpa".into(),
            ArgType::Gpa => "gpa".into(),
            ArgType::StructAddr { spec, .. } => format!("hpa<{spec}>"),
            ArgType::Layout { spec, .. } => spec.clone(),
        }
    }
}

/// `hpa<TD_PARAMS>` → `TD_PARAMS`: the struct a register's address names.
pub fn struct_addr_target(ty: &str) -> Option<&str> {
    ty.strip_prefix("hpa<")?.strip_suffix('>')
}

/// One register a leaf takes or returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The register.
    pub reg: Register,
    /// Field name in the input or output struct.
    pub name: String,
    /// What it holds.
    pub ty: ArgType,
    /// What the register carries.
    pub description: Option<String>,
    /// The first leaf version that uses it, if not all do.
    pub since_version: Option<u8>,
    /// Where it was written.
    pub origin: Origin,
}

/// How an interrupted leaf is continued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Not resumable.
    None,
    /// Re-issued with the output registers; the module advances `cursor`.
    ReissueOutputs {
        /// The register holding the module's cursor.
        cursor: Register,
    },
    /// Re-issued with the original inputs.
    ReissueInputs,
    /// Re-issued with `flag` set to 1 (0 on the first call); the engine owns it.
    ResumeFlag {
        /// The input register holding the flag.
        flag: Register,
    },
}

/// The instruction a leaf is issued with, told by its name's prefix (`TDH.`
/// host SEAMCALL, `TDG.` guest TDCALL); leaf numbers are per instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Instruction {
    /// SEAMCALL (TDH.* leaves).
    Seamcall,
    /// TDCALL (TDG.* leaves).
    Tdcall,
}

impl Instruction {
    /// Every instruction, host first.
    pub const ALL: [Instruction; 2] = [Instruction::Seamcall, Instruction::Tdcall];

    /// The instruction of a leaf named `name`, by its prefix.
    pub fn of(name: &str) -> Option<Instruction> {
        match name.split('.').next() {
            Some("TDH") => Some(Instruction::Seamcall),
            Some("TDG") => Some(Instruction::Tdcall),
            _ => None,
        }
    }

    /// The name prefix, `TDH` or `TDG`.
    pub fn prefix(self) -> &'static str {
        match self {
            Instruction::Seamcall => "TDH",
            Instruction::Tdcall => "TDG",
        }
    }

    /// As the ABI names it, `SEAMCALL` or `TDCALL`.
    pub fn mnemonic(self) -> &'static str {
        match self {
            Instruction::Seamcall => "SEAMCALL",
            Instruction::Tdcall => "TDCALL",
        }
    }

    /// The `tdx_abi::Instruction` variant and backend trait, `Seamcall` or `Tdcall`.
    pub fn variant(self) -> &'static str {
        match self {
            Instruction::Seamcall => "Seamcall",
            Instruction::Tdcall => "Tdcall",
        }
    }

    /// The backend trait's method, `seamcall` or `tdcall`.
    pub fn method(self) -> &'static str {
        match self {
            Instruction::Seamcall => "seamcall",
            Instruction::Tdcall => "tdcall",
        }
    }

    /// The generated module tree of the stubs, `leaves` or `tdcalls`.
    pub fn tree(self) -> &'static str {
        match self {
            Instruction::Seamcall => "leaves",
            Instruction::Tdcall => "tdcalls",
        }
    }

    /// The module of leaf-number constants, `leaf` or `tdcall`.
    pub fn consts_module(self) -> &'static str {
        match self {
            Instruction::Seamcall => "leaf",
            Instruction::Tdcall => "tdcall",
        }
    }

    /// The registry constant, `LEAVES` or `TDCALLS`.
    pub fn registry(self) -> &'static str {
        match self {
            Instruction::Seamcall => "LEAVES",
            Instruction::Tdcall => "TDCALLS",
        }
    }

    /// The name-lookup function, `leaf_name` or `tdcall_name`.
    pub fn name_fn(self) -> &'static str {
        match self {
            Instruction::Seamcall => "leaf_name",
            Instruction::Tdcall => "tdcall_name",
        }
    }

    /// The resume engine's entry point in tdx-abi, `run` or `run_tdcall`.
    pub fn run_fn(self) -> &'static str {
        match self {
            Instruction::Seamcall => "run",
            Instruction::Tdcall => "run_tdcall",
        }
    }
}

/// The names a leaf's generated items take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafNames {
    /// `TDH_MNG_RD`: the constant in `leaf`, and the C macro.
    pub konst: String,
    /// `tdh_mng_rd`: the stub.
    pub func: String,
    /// `TdhMngRdIn`.
    pub input: String,
    /// `TdhMngRdOut`.
    pub output: String,
    /// `mng`: the module of the stub.
    pub area: String,
}

/// A validated SEAMCALL leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// Spec name, `TDH.MNG.RD`.
    pub name: String,
    /// Other names of the same leaf, and their constants (`TDG_VP_INVGLA`).
    pub aliases: Vec<(String, String)>,
    /// The instruction that issues it.
    pub instruction: Instruction,
    /// Leaf number (RAX bits 15:0).
    pub number: u16,
    /// Supported versions (RAX bits 23:16), as the table lists them.
    pub versions: Vec<u8>,
    /// Module version or feature that introduced it.
    pub since: String,
    /// What a caller tests to know it exists, read from `since`.
    pub availability: super::Availability,
    /// One line.
    pub description: String,
    /// Input registers, if public.
    pub inputs: Option<Vec<Arg>>,
    /// Output registers, if tabulated.
    pub outputs: Option<Vec<Arg>>,
    /// How it is resumed.
    pub resume: Resume,
    /// One caller at a time.
    pub serialized: bool,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where it was written.
    pub origin: Origin,
    /// Its generated names.
    pub names: LeafNames,
}

/// Where RAX carries the leaf version: bits 23:16 (`LEAF_AND_VERSION.VERSION`
/// in the bundled tables; `codegen/tests/register_map.rs` checks the two agree).
pub const VERSION_SHIFT: u32 = 16;

impl Leaf {
    /// The RAX value that issues version `version`: the number in bits 15:0, the version above.
    pub fn rax(&self, version: u8) -> u64 {
        u64::from(self.number) | (u64::from(version) << VERSION_SHIFT)
    }

    /// More than one version: the input struct carries a `version`.
    pub fn multi_version(&self) -> bool {
        self.versions.len() > 1
    }

    /// The register the resume engine sets itself (a resume flag), which the caller does not supply.
    pub fn engine_owned(&self) -> Option<Register> {
        match self.resume {
            Resume::ResumeFlag { flag } => Some(flag),
            _ => None,
        }
    }

    /// The inputs the caller supplies (all but an engine-owned resume flag).
    pub fn user_inputs(&self) -> Vec<&Arg> {
        let owned = self.engine_owned();
        self.inputs.iter().flatten().filter(|a| Some(a.reg) != owned).collect()
    }
}

/// Why a validated leaf could not be resolved (a validation rule missed something).
pub type Unresolved = String;

/// The resolved form of one register argument.
pub(super) fn arg(a: &RegArg) -> Result<Arg, Unresolved> {
    Ok(Arg {
        reg: Register::parse(&a.reg).ok_or_else(|| format!("register `{}`", a.reg))?,
        name: a.name.clone(),
        ty: ArgType::parse(&a.ty),
        description: a.description.clone(),
        since_version: a.since_version.map(|v| u8::try_from(v).map_err(|_| format!("version {v}"))).transpose()?,
        origin: a.origin.clone(),
    })
}

fn register(reg: Option<&String>, what: &str) -> Result<Register, Unresolved> {
    reg.and_then(|r| Register::parse(r)).ok_or_else(|| format!("{what} register {reg:?}"))
}

/// The resolved form of a leaf the validation rules accepted.
pub fn resolve(leaf: &crate::model::Leaf, features0: Option<&crate::model::Layout>) -> Result<Leaf, Unresolved> {
    let args = |list: &Option<Vec<RegArg>>| list.as_ref().map(|l| l.iter().map(arg).collect()).transpose();
    let resume = match &leaf.resume {
        ResumeRule::None => Resume::None,
        ResumeRule::ReissueOutputs { cursor } => {
            Resume::ReissueOutputs { cursor: register(cursor.as_ref(), "cursor")? }
        }
        ResumeRule::ReissueInputs => Resume::ReissueInputs,
        ResumeRule::ResumeFlag { flag } => Resume::ResumeFlag { flag: register(flag.as_ref(), "flag")? },
    };
    let versions: Vec<u8> =
        leaf.versions.iter().map(|v| u8::try_from(*v).map_err(|_| format!("version {v}"))).collect::<Result<_, _>>()?;
    Ok(Leaf {
        name: leaf.name.clone(),
        aliases: leaf.aliases.iter().map(|a| (a.clone(), leaf_const(a))).collect(),
        instruction: Instruction::of(&leaf.name).ok_or_else(|| format!("instruction of `{}`", leaf.name))?,
        number: u16::try_from(leaf.number).map_err(|_| format!("number {}", leaf.number))?,
        versions,
        since: leaf.since.clone(),
        availability: super::availability::resolve(&leaf.since, features0),
        description: leaf.description.clone(),
        inputs: args(&leaf.inputs)?,
        outputs: args(&leaf.outputs)?,
        resume,
        serialized: leaf.serialized,
        source: leaf.source.clone(),
        note: leaf.note.clone(),
        origin: leaf.origin.clone(),
        names: LeafNames {
            konst: leaf_const(&leaf.name),
            func: leaf_fn(&leaf.name),
            input: format!("{}In", leaf_type(&leaf.name)),
            output: format!("{}Out", leaf_type(&leaf.name)),
            area: leaf_area(&leaf.name),
        },
    })
}
