//! Flags several subcommands share.

use qarin::{Document, Lang};
use std::path::{Path, PathBuf};

/// Reads SOURCE or TARGET of align, check, diff and review: a plain text is segmented; with
/// `--segmented`, line `i` is sentence `i` (the format of `../shared/data/align`).
pub fn read_document(path: &Path, lang: Lang, segmented: bool) -> anyhow::Result<Document> {
    let text = qarin::io::read_text(path)?;
    let origin = Some(path.display().to_string());
    Ok(if segmented {
        qarin::align::segmented_document(&text, lang, origin)
    } else {
        qarin::segment::document(&text, lang, origin)
    })
}

/// Which glossaries to use: the built-in news glossary plus any `--glossary` files
/// (TSV, CSV or TBX), later ones adding to or overriding earlier ones by entity id.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct GlossaryArgs {
    /// Glossary file (TSV, CSV, TBX v2 or v3); repeat to layer several.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Do not load the built-in Arabic–English news glossary.
    #[arg(long)]
    pub no_default_glossary: bool,
}

impl GlossaryArgs {
    /// The glossary these flags ask for: the built-in one unless `--no-default-glossary`,
    /// then each `--glossary` file in order, overriding by entity id. A file with any
    /// problem stops the run with the problem (`qarin glossary check FILE` lists all).
    pub fn load(&self) -> anyhow::Result<qarin::glossary::Glossary> {
        let mut glossary = if self.no_default_glossary {
            qarin::glossary::Glossary::default()
        } else {
            qarin::glossary::Glossary::builtin().clone()
        };
        for path in &self.glossaries {
            glossary.merge(qarin::glossary::Glossary::from_path(path)?);
        }
        Ok(glossary)
    }
}
