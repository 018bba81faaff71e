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

/// The flags of every command that reads a source and a target (align, check, diff,
/// review): their languages, how they are read, and the glossary. One struct, flattened
/// into each command, so the commands cannot drift apart; a new input flag (a lexicon, an
/// encoder, an input format) is added here once.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Language of SOURCE (BCP 47: ar, ar-SA, de, …).
    #[arg(long, default_value = "ar", value_name = "LANG")]
    pub source_lang: String,
    /// Language of TARGET (BCP 47: en, en-GB, fr, …).
    #[arg(long, default_value = "en", value_name = "LANG")]
    pub target_lang: String,
    /// Inputs are already one sentence per line (line i is sentence i).
    #[arg(long)]
    pub segmented: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

impl InputArgs {
    pub fn source_lang(&self) -> Lang {
        Lang::new(&self.source_lang)
    }

    pub fn target_lang(&self) -> Lang {
        Lang::new(&self.target_lang)
    }

    /// SOURCE read and segmented as these flags say.
    pub fn read_source(&self, path: &Path) -> anyhow::Result<Document> {
        read_document(path, self.source_lang(), self.segmented)
    }

    /// TARGET (or a revision of it) read and segmented as these flags say.
    pub fn read_target(&self, path: &Path) -> anyhow::Result<Document> {
        read_document(path, self.target_lang(), self.segmented)
    }

    /// The files these flags make the command read besides SOURCE and TARGET, so that
    /// `-o` can refuse to write over any of them.
    pub fn extra_inputs(&self) -> Vec<&Path> {
        self.glossary
            .glossaries
            .iter()
            .map(PathBuf::as_path)
            .collect()
    }

    /// The glossary, its matcher and every other resource the aligner and the checker read,
    /// built once for the whole run.
    pub fn resources(&self) -> anyhow::Result<Resources> {
        Resources::new(self.glossary.load()?)
    }
}

/// What a run builds once and every document pair of it reads: the glossary and its
/// matcher (building the matcher costs more than aligning a short article).
pub struct Resources {
    pub glossary: qarin::glossary::Glossary,
    matcher: Option<qarin::glossary::Matcher>,
}

impl Resources {
    pub fn new(glossary: qarin::glossary::Glossary) -> anyhow::Result<Resources> {
        let matcher = (!glossary.is_empty()).then(|| qarin::glossary::Matcher::new(&glossary));
        Ok(Resources { glossary, matcher })
    }

    /// The glossary's matcher (none for an empty glossary).
    pub fn matcher(&self) -> Option<&qarin::glossary::Matcher> {
        self.matcher.as_ref()
    }

    /// The aligner's view of these resources.
    pub fn signals(&self) -> qarin::align::Signals<'_> {
        qarin::align::Signals {
            matcher: self.matcher.as_ref(),
            ..qarin::align::Signals::default()
        }
    }

    /// Aligns one pair with the default settings.
    pub fn align(&self, source: &Document, target: &Document) -> qarin::Bitext {
        self.align_with_progress(source, target, &mut |_| {})
    }

    pub fn align_with_progress(
        &self,
        source: &Document,
        target: &Document,
        progress: &mut dyn FnMut(f32),
    ) -> qarin::Bitext {
        qarin::align::align_with(
            source,
            target,
            &self.signals(),
            &qarin::align::AlignConfig::default(),
            progress,
        )
    }
}
