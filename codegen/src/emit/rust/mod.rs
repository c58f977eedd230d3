//! Rust output: one module per layout, and a `mod.rs` that re-exports them.

pub(crate) mod docs;
mod field;
#[cfg(feature = "files")]
mod format;
mod layout;
pub mod leaf_stub;
pub mod leaves;
mod linked_list;
mod metadata;
mod page_list;
mod status;
mod struct_members;
mod struct_variants;
mod struct_view;
mod structs;
mod tdvmcalls;
pub(crate) mod text;
mod types;

#[cfg(feature = "files")]
use super::parallel::{self, Job};
#[cfg(feature = "files")]
use super::{banner, EmitError, GeneratedFile};
use crate::model::{Layout, Model};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use field::{address_type, address_type_text};
pub use text::Texts;
#[cfg(feature = "files")]
pub use text::{macro_call, splice};

/// The type a field's getter returns (`bool`, `u8`..`u64`).
pub fn field_value_type(field: &crate::model::Field) -> TokenStream {
    types::field_type(field)
}

/// [`field_value_type`] as text.
pub fn field_value_type_text(field: &crate::model::Field) -> String {
    types::field_type_text(field)
}

/// The tokens of one layout: type, accessors, trait impls (the `PageList`
/// impl from its resolved list roles, for list types).
pub fn layout_tokens(model: &Model, layout: &Layout) -> TokenStream {
    layout_items(model, layout, &mut Texts::lexed())
}

/// [`layout_tokens`], with the items written as text going to `texts`.
fn layout_items(model: &Model, layout: &Layout, texts: &mut Texts) -> TokenStream {
    let mut tokens = layout::emit(layout, model.features0(), texts);
    if let Some(list) = model.lists.get(&layout.name) {
        tokens.extend(page_list::emit(layout, list));
    }
    if let Some(linked) = model.linked.get(&layout.name) {
        tokens.extend(linked_list::emit(layout, linked));
    }
    tokens
}

#[cfg(feature = "files")]
pub use format::format_file;

fn module_name(layout: &Layout) -> String {
    crate::names::layout_module(&layout.name)
}

/// A generated module: written as a file by `cargo xtask regen`, or nested
/// inline by the proc-macro and the build-script API. Both come from the same
/// tree, so they are the same code.
#[derive(Clone, Debug)]
pub struct ModuleTree {
    /// Module name (unused for the root).
    pub name: String,
    /// Inner doc comment, if any.
    pub doc: Option<String>,
    /// The table file (or `spec-tables`) the file's banner names.
    pub input: String,
    /// Child modules, declared before `items`.
    pub children: Vec<ModuleTree>,
    /// Whether the parent declares it `pub` (a browsable module) or privately
    /// (its items are re-exported instead).
    pub public: bool,
    /// The module's own items.
    pub items: TokenStream,
    /// Text items the file form splices in at their placeholders in `items`
    /// (empty when `items` holds every item as tokens).
    pub texts: Vec<(usize, String)>,
}

impl ModuleTree {
    fn leaf(name: &str, input: String, items: TokenStream) -> Self {
        ModuleTree {
            name: name.to_owned(),
            doc: None,
            input,
            children: Vec::new(),
            public: false,
            items,
            texts: Vec::new(),
        }
    }

    fn declaration(&self, body: Option<TokenStream>) -> TokenStream {
        let m = format_ident!("{}", self.name);
        let vis = if self.public { quote!(pub) } else { TokenStream::new() };
        match body {
            Some(body) => quote!(#vis mod #m { #body }),
            None => quote!(#vis mod #m;),
        }
    }

    fn doc_tokens(&self) -> TokenStream {
        self.doc.as_ref().map(|d| quote!(#![doc = #d])).unwrap_or_default()
    }

    /// The module's contents with children as `mod child;` declarations (file form).
    #[cfg(feature = "files")]
    fn file_tokens(&self) -> TokenStream {
        let doc = self.doc_tokens();
        let decls: TokenStream = self.children.iter().map(|c| c.declaration(None)).collect();
        let items = &self.items;
        quote!(#doc #decls #items)
    }

    /// The module's contents with children nested inline (`mod child { ... }`).
    pub fn inline_tokens(&self) -> TokenStream {
        let doc = self.doc_tokens();
        let children: TokenStream = self.children.iter().map(|c| c.declaration(Some(c.inline_tokens()))).collect();
        let items = &self.items;
        quote!(#doc #children #items)
    }

    /// Files for this module under `path` (`dir/mod.rs` when it has children, else `dir.rs`).
    #[cfg(feature = "files")]
    fn files(&self, path: &str, out: &mut Vec<GeneratedFile>) -> Result<(), EmitError> {
        let file = if self.children.is_empty() { format!("{path}.rs") } else { format!("{path}/mod.rs") };
        let formatted = format_file(&banner::rust(&self.input), self.file_tokens())?;
        let contents = splice(&formatted, &self.texts)?;
        out.push(GeneratedFile { path: file, contents });
        for c in &self.children {
            c.files(&format!("{path}/{}", c.name), out)?;
        }
        Ok(())
    }
}

/// The whole generated module tree for `model`.
pub fn module_tree(model: &Model) -> ModuleTree {
    tree(model, true)
}

/// What a layout module holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Nothing (its file is produced on its own).
    Empty,
    /// Every item as tokens (nested inline).
    Tokens,
    /// The file form: text items set aside for splicing.
    #[cfg(feature = "files")]
    File,
}

/// A layout's module, its banner naming the layout's table file.
fn layout_module(model: &Model, layout: &Layout, body: Body) -> ModuleTree {
    let input = model.tables.files[layout.origin.file].display_path.clone();
    let mut texts = match body {
        #[cfg(feature = "files")]
        Body::File => Texts::spliced(),
        _ => Texts::lexed(),
    };
    let items = if body == Body::Empty { TokenStream::new() } else { layout_items(model, layout, &mut texts) };
    ModuleTree { texts: texts.into_spliced(), ..ModuleTree::leaf(&module_name(layout), input, items) }
}

/// The tree; with `layout_bodies` false the layout modules are left empty
/// (their files are produced separately, in parallel).
fn tree(model: &Model, layout_bodies: bool) -> ModuleTree {
    let whole = "spec-tables".to_string();
    let mut children = Vec::new();
    let mut items = TokenStream::new();
    let mut specs = TokenStream::new();
    for layout in model.layouts.values() {
        let module = format_ident!("{}", module_name(layout));
        let ty = format_ident!("{}", crate::names::type_name(&layout.name));
        items.extend(quote! { pub use #module::#ty; });
        specs.extend(quote! {
            ::tdx_abi::LayoutSpec {
                name: #ty::NAME,
                width: #ty::WIDTH,
                reserved_mask: <#ty as ::tdx_abi::Layout>::RESERVED_MASK,
                fields: #ty::FIELDS,
            },
        });
        children.push(layout_module(model, layout, if layout_bodies { Body::Tokens } else { Body::Empty }));
    }
    let mut struct_specs = TokenStream::new();
    for s in model.structs.values() {
        let module = format_ident!("{}", crate::names::layout_module(&s.name));
        let ty = format_ident!("{}", crate::names::type_name(&s.name));
        let view = format_ident!("{}", crate::names::struct_view_name(&s.name));
        items.extend(quote! { pub use #module::{#ty, #view}; });
        struct_specs.extend(structs::spec(s));
        let input = model.tables.files[s.origin.file].display_path.clone();
        // Emitted with the root (few and small), not as parallel jobs like layouts.
        children.push(ModuleTree::leaf(&crate::names::layout_module(&s.name), input, structs::emit(model, s)));
    }
    let mut variant_specs = TokenStream::new();
    for v in &model.tables.struct_variants {
        let module = format_ident!("{}", crate::names::layout_module(&v.name));
        let ty = format_ident!("{}", crate::names::type_name(&v.name));
        items.extend(quote! { pub use #module::#ty; });
        variant_specs.extend(struct_variants::spec(v));
        let input = model.tables.files[v.origin.file].display_path.clone();
        children.push(ModuleTree::leaf(&crate::names::layout_module(&v.name), input, struct_variants::emit(model, v)));
    }
    // Each section exists only when its tables do, so a layout-only table set
    // (e.g. a downstream crate's) gets layout modules only.
    // Each section with what the root re-exports of it.
    let mut sections: Vec<(ModuleTree, TokenStream)> = Vec::new();
    for instruction in crate::resolved::Instruction::ALL {
        if model.leaves_of(instruction).is_empty() {
            continue;
        }
        let (root, areas) = leaves::emit(model, instruction);
        let (tree_name, prefix) = (instruction.tree(), instruction.prefix());
        // Browsable: `leaves::mng::tdh_mng_rd`, `tdcalls::vp::tdg_vp_info`, one public module per leaf area.
        let areas = areas
            .into_iter()
            .map(|(a, t)| ModuleTree {
                doc: Some(format!(
                    " The `{prefix}.{}.*` leaves: an input and an output struct and a typed stub each.",
                    a.to_ascii_uppercase()
                )),
                public: true,
                ..ModuleTree::leaf(&a, whole.clone(), t)
            })
            .collect();
        let (consts, registry, name_fn) = (instruction.consts_module(), instruction.registry(), instruction.name_fn());
        let doc = format!(
            " Typed {} stubs, one module per leaf area (`{tree_name}::<area>::<leaf>`), the leaf numbers in [`{consts}`], and the [`{registry}`] registry.",
            instruction.mnemonic()
        );
        let tree = ModuleTree {
            doc: Some(doc),
            children: areas,
            public: true,
            ..ModuleTree::leaf(tree_name, whole.clone(), root)
        };
        // The stubs stay in their modules; the numbers and the registry are at the root too.
        let (tree_ident, consts, registry, name_fn) = (
            format_ident!("{tree_name}"),
            format_ident!("{consts}"),
            format_ident!("{registry}"),
            format_ident!("{name_fn}"),
        );
        sections.push((tree, quote!(pub use #tree_ident::{#consts, #name_fn, #registry};)));
    }
    if !model.tdvmcalls.is_empty() || !model.tdvmcall_statuses.is_empty() {
        let doc = " TDG.VP.VMCALL (GHCI): sub-function codes in [`tdvmcall`], the [`TDVMCALLS`] registry, the VMM's statuses, and a typed stub per sub-function.";
        sections.push((
            ModuleTree {
                doc: Some(doc.into()),
                public: true,
                ..ModuleTree::leaf("tdvmcalls", whole.clone(), tdvmcalls::emit(model))
            },
            quote!(
                pub use tdvmcalls::{tdvmcall, tdvmcall_name, TDVMCALLS, TDVMCALL_STATUSES};
            ),
        ));
    }
    if !model.metadata_fields.is_empty() {
        sections.push((
            ModuleTree::leaf("metadata_fields", whole.clone(), metadata::emit(model)),
            quote!(
                pub use metadata_fields::*;
            ),
        ));
    }
    if !model.status_codes.is_empty() || !model.operand_ids.is_empty() {
        sections.push((
            ModuleTree::leaf("status_codes", whole.clone(), status::emit(model)),
            quote!(
                pub use status_codes::*;
            ),
        ));
    }
    for (tree, re_export) in sections {
        items.extend(re_export);
        children.push(tree);
    }
    let arms = list_type_arms(model);
    // Tables without list types still get the function, so callers need no feature test.
    let body = if arms.is_empty() {
        quote! { let _ = (name, visitor); None }
    } else {
        quote! { match name { #arms _ => None } }
    };
    items.extend(quote! {
        #[doc = " Every generated layout, in name order."]
        pub const LAYOUTS: &[::tdx_abi::LayoutSpec] = &[#specs];

        #[doc = " Every generated struct, in name order."]
        pub const STRUCTS: &[::tdx_abi::StructSpec] = &[#struct_specs];

        #[doc = " Every versioned struct: its selector's offset and the struct each value names."]
        pub const STRUCT_VARIANTS: &[::tdx_abi::VariantsSpec] = &[#variant_specs];

        #[doc = " Runs `visitor` with the list (or linked-list) type named `name` (its spec name, as a leaf argument's type in the tables), through the method that fits it; `None` for a name that is no list type."]
        pub fn visit_list_type<V: ::tdx_abi::ListTypeVisitor>(name: &str, visitor: V) -> Option<V::Out> {
            #body
        }
    });
    let doc = " Layouts, leaves, status codes and metadata fields generated from the spec tables.".to_string();
    ModuleTree { doc: Some(doc), children, public: true, ..ModuleTree::leaf("", whole, items) }
}

/// One `visit_list_type` arm per list and linked-list type.
fn list_type_arms(model: &Model) -> TokenStream {
    let mut arms = TokenStream::new();
    for (name, list) in &model.lists {
        let ty = format_ident!("{}", crate::names::type_name(name));
        use crate::resolved::{Entry, FrameSpace};
        let host_entries = match &list.entry {
            Entry::PageHpa => true,
            Entry::Layout(e) => e.address.space == FrameSpace::Host,
        };
        let method = match (list.address.space, host_entries) {
            (FrameSpace::Host, true) => quote!(host),
            (FrameSpace::Host, false) => quote!(host_page),
            _ => quote!(guest),
        };
        arms.extend(quote! { #name => Some(visitor.#method::<#ty>()), });
    }
    for name in model.linked.keys() {
        let ty = format_ident!("{}", crate::names::type_name(name));
        arms.extend(quote! { #name => Some(visitor.linked::<#ty>()), });
    }
    arms
}

/// `mod.rs` plus one file per module under `dir`.
#[cfg(feature = "files")]
pub fn emit_modules(model: &Model, dir: &str) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut files = Vec::new();
    for part in parallel::run(module_jobs(model, dir)) {
        files.extend(part?);
    }
    Ok(files)
}

/// The jobs that make [`emit_modules`]' files: one per layout, one for the rest.
#[cfg(feature = "files")]
pub(crate) fn module_jobs<'a>(model: &'a Model, dir: &'a str) -> Vec<Job<'a, Result<Vec<GeneratedFile>, EmitError>>> {
    let mut jobs: Vec<Job<'a, Result<Vec<GeneratedFile>, EmitError>>> = vec![Box::new(move || {
        let tree = tree(model, false);
        let mut files = Vec::new();
        let contents = format_file(&banner::rust(&tree.input), tree.file_tokens())?;
        files.push(GeneratedFile { path: format!("{dir}/mod.rs"), contents });
        let layouts: std::collections::BTreeSet<String> = model.layouts.values().map(module_name).collect();
        for c in tree.children.iter().filter(|c| !layouts.contains(&c.name)) {
            c.files(&format!("{dir}/{}", c.name), &mut files)?;
        }
        Ok(files)
    })];
    for layout in model.layouts.values() {
        jobs.push(Box::new(move || {
            let module = layout_module(model, layout, Body::File);
            let mut files = Vec::new();
            module.files(&format!("{dir}/{}", module.name), &mut files)?;
            Ok(files)
        }));
    }
    jobs
}

/// The same code as [`emit_modules`], as items to place in a module: children
/// become inline `mod x { ... }`. What the proc-macro expands to.
pub fn expand(model: &Model) -> TokenStream {
    let tree = module_tree(model);
    // The root's inner doc cannot stand at an arbitrary call site.
    ModuleTree { doc: None, ..tree }.inline_tokens()
}
