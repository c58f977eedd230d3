//! Where entries come from: the files read, node origins, citations.

use crate::diag::Location;
use crate::load::yaml::tree::Node;

/// One table file that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path as shown in diagnostics and generated headers (relative, `/`-separated).
    pub display_path: String,
    /// The file's YAML nodes, each with its position; see [`SourceFile::position`].
    pub tree: Option<Node>,
    /// The file's text (empty if it was not UTF-8), for source excerpts.
    pub text: String,
    /// The file's top-level `source:`, which entries without their own inherit.
    pub default_source: Option<Source>,
}

impl SourceFile {
    /// The text of 1-based line `line`.
    pub fn line(&self, line: usize) -> Option<String> {
        self.text.lines().nth(line.checked_sub(1)?).map(str::to_string)
    }

    /// Where the node at `path` (`layouts[0].fields[2].bits`) starts, if it was written.
    pub fn position(&self, path: &str) -> Option<Location> {
        self.tree.as_ref()?.find(path).map(|n| n.at)
    }

    /// Whether the entry at `path` wrote its own `source:` rather than
    /// inheriting the file's.
    pub fn cites_own_source(&self, path: &str) -> bool {
        self.position(&format!("{path}.source")).is_some()
    }
}

/// Where an item came from: a file and the YAML path of its node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Tables::files`](super::Tables::files).
    pub file: usize,
    /// YAML path of the item's node.
    pub path: String,
}

/// A public source an entry cites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file in a public repository.
    Repo {
        /// `owner/name`.
        repo: String,
        /// Path inside the repository.
        path: String,
        /// The commit the values were checked against, if recorded.
        commit: Option<String>,
    },
    /// A published document (spec, mailing-list posting).
    Document {
        /// Title and identifier of the document.
        document: String,
        /// Section, table or message inside it.
        section: String,
    },
}

impl Source {
    /// One line for docs and headers.
    pub fn citation(&self) -> String {
        match self {
            Source::Repo { repo, path, commit: None } => format!("{repo}: {path}"),
            Source::Repo { repo, path, commit: Some(c) } => format!("{repo}: {path} @ {}", &c[..c.len().min(12)]),
            Source::Document { document, section } => format!("{document}, {section}"),
        }
    }
}
