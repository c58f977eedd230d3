//! Emitters: Rust modules for tdx-abi, a C header, and property tests of the
//! generated accessors. Each returns whole files; writing them is `output`'s job.

#[cfg(feature = "files")]
pub(crate) mod banner;
#[cfg(feature = "files")]
mod c;
#[cfg(feature = "files")]
mod leaf_tests;
#[cfg(feature = "files")]
mod parallel;
#[cfg(feature = "files")]
mod props;
pub mod rust;
#[cfg(feature = "files")]
mod sim_dispatch;

#[cfg(feature = "files")]
use crate::model::Model;

#[cfg(feature = "files")]
pub use banner::GENERATOR;

/// A generated file: where it goes (relative to the output root) and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// `/`-separated path relative to the output root.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Where the emitters put their files, relative to the output root.
#[derive(Clone, Debug)]
pub struct EmitConfig {
    /// Directory of the generated Rust modules (one per layout, plus `mod.rs`).
    pub rust_dir: String,
    /// Path of the C header.
    pub c_header: Option<String>,
    /// Path of the C header with every name under `TDX_ABI_` / `tdx_abi_`.
    pub c_header_prefixed: Option<String>,
    /// Path of the generated property-test file.
    pub props_test: Option<String>,
    /// Path of the generated leaf-stub test module.
    pub leaf_tests: Option<String>,
    /// Path of the simulator's generated dispatch (handler traits, reply structs).
    pub sim_dispatch: Option<String>,
    /// Path of the generated test serving every stub through the simulator's dispatch.
    pub sim_tests: Option<String>,
}

impl EmitConfig {
    /// The layout of this workspace: everything lands in `tdx-abi/`.
    pub fn tdx_abi() -> Self {
        EmitConfig {
            rust_dir: "tdx-abi/src/generated".into(),
            c_header: Some("tdx-abi/include/tdx_abi.h".into()),
            c_header_prefixed: Some("tdx-abi/include/tdx_abi_prefixed.h".into()),
            props_test: Some("tdx-abi/tests/field_props/generated.rs".into()),
            leaf_tests: Some("tdx-abi/tests/leaf_stubs/generated.rs".into()),
            sim_dispatch: Some("tdx-sim/src/dispatch/generated.rs".into()),
            sim_tests: Some("tdx-sim/tests/served_stubs/generated.rs".into()),
        }
    }
}

impl EmitConfig {
    /// Directories whose generated files the generator owns: a generated file
    /// there that is no longer produced gets removed.
    pub fn owned_dirs(&self) -> Vec<String> {
        let mut dirs = vec![self.rust_dir.clone(), format!("{}/leaves", self.rust_dir)];
        for test in [&self.props_test, &self.leaf_tests, &self.sim_dispatch, &self.sim_tests] {
            if let Some((dir, _)) = test.as_deref().and_then(|p| p.rsplit_once('/')) {
                dirs.push(dir.to_owned());
            }
        }
        dirs
    }
}

/// Generating failed in a way that is a bug in the generator, not in the tables.
#[derive(Debug)]
pub struct EmitError(pub String);

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal generator error (please report it): {}", self.0)
    }
}

impl std::error::Error for EmitError {}

/// Every file for `model`, in path order.
#[cfg(feature = "files")]
pub fn emit(model: &Model, config: &EmitConfig) -> Result<Vec<GeneratedFile>, EmitError> {
    type Files = Result<Vec<GeneratedFile>, EmitError>;
    let one = |path: &str, contents: String| Ok(vec![GeneratedFile { path: path.to_string(), contents }]);
    // The biggest jobs first (one test per field), so no thread is left with a long tail.
    let mut jobs: Vec<parallel::Job<'_, Files>> = Vec::new();
    if let Some(path) = &config.props_test {
        jobs.push(Box::new(move || one(path, props::emit(model)?)));
    }
    if let Some(path) = &config.leaf_tests {
        jobs.push(Box::new(move || one(path, leaf_tests::emit(model)?)));
    }
    if let Some(path) = &config.sim_dispatch {
        jobs.push(Box::new(move || one(path, sim_dispatch::emit(model)?)));
    }
    if let Some(path) = &config.sim_tests {
        jobs.push(Box::new(move || one(path, sim_dispatch::emit_tests(model)?)));
    }
    if let Some(path) = &config.c_header {
        jobs.push(Box::new(move || one(path, c::header::emit(model, c::style::CStyle::Kernel))));
    }
    if let Some(path) = &config.c_header_prefixed {
        jobs.push(Box::new(move || one(path, c::header::emit(model, c::style::CStyle::Prefixed))));
    }
    jobs.extend(rust::module_jobs(model, &config.rust_dir));
    let mut files = Vec::new();
    for part in parallel::run(jobs) {
        files.extend(part?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
