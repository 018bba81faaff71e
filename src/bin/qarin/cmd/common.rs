//! Flags several subcommands share.

use std::path::PathBuf;

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
