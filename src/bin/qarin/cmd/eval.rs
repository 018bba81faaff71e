//! `qarin eval segment|align`: accuracy against gold files.

use super::common::{GlossaryArgs, LexiconArgs, WordListArgs};
use anyhow::Context;
use qarin::align::eval::{self, GoldPair, LinkIds, Perturbation, SplitMix};
use qarin::align::{self as aligner, AlignConfig};
use qarin::segment::eval::{evaluate, read_gold_file};
use qarin::{Document, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Measure accuracy against gold data.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Sentence boundaries: precision, recall, F1, exact documents (seg_score.py's definition).
    #[command(after_help = "\
Each gold file holds {\"id\",\"text\",\"sentences\":[...]} per line (the sets in
../shared/data/seg/). qarin segments every text and compares boundaries as positions in
the non-whitespace characters (NFC), as ../shared/tools/seg_score.py does.

Example:
  qarin eval segment --gold ../shared/data/seg/padt/test.jsonl ../shared/data/seg/ewt/dev.jsonl
      ../shared/data/seg/padt/test.jsonl: P=… R=… F1=… exact_docs=…/68 (…) tp=… fp=… fn=…")]
    Segment {
        /// Gold JSONL files; each is scored on its own.
        #[arg(long, num_args = 1.., required = true)]
        gold: Vec<PathBuf>,
        /// Language of every text (ar, en, …); default: a record's own "lang", else
        /// detected from its script.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Links: strict and lax precision, recall, F1 (vecalign's definition).
    Align(Box<AlignEval>),
    /// Names: plant one misspelled name in each English document (seeded), check, and
    /// count how many are found and how many errors the clean documents get.
    Check(CheckEval),
}

const CHECK_EXAMPLES: &str = "\
Example (NTREX: one sentence per line, linked line by line; the first 62 documents are dev):
  N=../shared/data/align/ntrex_ar_en/docs
  qarin eval check --source $N/ar/* --target $N/en/* --seed 7 --split 62

A name is a capitalised word of five letters or more inside a sentence (not a title, day or
month, not an acronym); the slip (a letter doubled, dropped, swapped with the next, replaced,
never the first) and the word are drawn with the seed. Found: a warning or error whose
`found` is the misspelled word. Flagged: some new warning or error on its link.";

/// `qarin eval check`.
#[derive(clap::Args, Debug)]
#[command(after_help = CHECK_EXAMPLES)]
pub struct CheckEval {
    /// Source documents, one sentence per line.
    #[arg(long, num_args = 1.., required = true)]
    pub source: Vec<PathBuf>,
    /// Target documents, one sentence per line, paired with --source in order.
    #[arg(long, num_args = 1.., required = true)]
    pub target: Vec<PathBuf>,
    #[arg(long, default_value = "ar")]
    pub source_lang: String,
    #[arg(long, default_value = "en")]
    pub target_lang: String,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[command(flatten)]
    pub words: WordListArgs,
    /// Seed of the misspellings (the same seed plants the same slips on every machine).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Report documents before this position and from it separately (dev / held-out).
    #[arg(long)]
    pub split: Option<usize>,
    /// Also print one line per planted misspelling.
    #[arg(long)]
    pub per_doc: bool,
}

const ALIGN_EXAMPLES: &str = "\
Examples:
  Score link files (vecalign format), paired in order:
    qarin eval align --gold test0.defr test1.defr --pred p0.links p1.links

  Align and score in one go (inputs one sentence per line, like ../shared/data/align):
    D=../shared/data/align/textberg_de_fr
    qarin eval align --source-lang de --target-lang fr \\
      --source $D/test{0..6}.de --target $D/test{0..6}.fr --gold $D/test{0..6}.defr

  Harder versions of an easy gold set, reproducible by seed: merge and drop sentences on
  either side, and join all documents into one pair:
    N=../shared/data/align/ntrex_ar_en/docs
    qarin eval align --source $N/ar/* --target $N/en/* --gold $N/gold/* \\
      --perturb merge-source=0.1,merge-target=0.1,drop-source=0.05,drop-target=0.05 \\
      --seed 1 --join

The metric is vecalign's (the same as ../shared/tools/align_score.py). With --source and
--target, the calibration of scores is printed too: how often links scored at least 0.5
are exactly right, against those scored below.";

#[derive(clap::Args, Debug)]
#[command(after_help = ALIGN_EXAMPLES)]
pub struct AlignEval {
    /// Gold link files, one per document pair.
    #[arg(long, num_args = 1.., required = true)]
    pub gold: Vec<PathBuf>,
    /// Predicted link files, paired with --gold in order.
    #[arg(long, num_args = 1.., conflicts_with_all = ["source", "target"])]
    pub pred: Vec<PathBuf>,
    /// Source sentence files (one per line) to align, paired with --gold in order.
    #[arg(long, num_args = 1.., requires = "target")]
    pub source: Vec<PathBuf>,
    /// Target sentence files (one per line), paired with --source.
    #[arg(long, num_args = 1.., requires = "source")]
    pub target: Vec<PathBuf>,
    /// Language of the --source files.
    #[arg(long, default_value = "ar", value_name = "LANG", value_parser = super::common::language_tag)]
    pub source_lang: String,
    /// Language of the --target files.
    #[arg(long, default_value = "en", value_name = "LANG", value_parser = super::common::language_tag)]
    pub target_lang: String,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    #[command(flatten)]
    pub encoder: super::common::EncoderArgs,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Make each pair harder before aligning: merge-source, merge-target, drop-source,
    /// drop-target, group (3-2, 2-3, 4-1, 1-4 links in turn), each with a probability per
    /// gold link (`merge-target=0.1,drop-source`).
    #[arg(long, value_name = "SPEC")]
    pub perturb: Option<String>,
    /// Seed of --perturb (the same seed gives the same pairs on every machine).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Join all document pairs into one before aligning (after --perturb).
    #[arg(long)]
    pub join: bool,
    /// Also print one line per document pair.
    #[arg(long)]
    pub per_doc: bool,
    /// Override aligner settings for a tuning run: `skip=1.5,merge=4,lexical=6,…`
    /// (names in `docs/align.md`).
    #[arg(long, value_name = "SETTINGS")]
    pub set: Option<String>,
    /// Write the gold links each pair was scored against (after --perturb and --join) into
    /// this folder (`<n>.gold`), to cross-check with another scorer.
    #[arg(long, value_name = "DIR")]
    pub write_gold: Option<PathBuf>,
    /// Write the predicted links of each pair into this folder (`<n>.links`).
    #[arg(long, value_name = "DIR")]
    pub write_pred: Option<PathBuf>,
    /// Also count the fixes a translator needs in `qarin edit`: top to bottom, the first
    /// wrong link made as the gold says and confirmed, then "realign after" it.
    #[arg(long)]
    pub corrections: bool,
    /// Align the pairs as a corpus run with --learn-corpus does: the first pass of every
    /// pair, one table of word associations learned from all their confident links, then
    /// every pair aligned with it (after --perturb and --join).
    #[arg(long)]
    pub learn_corpus: bool,
}

pub fn run(cmd: Command) -> anyhow::Result<u8> {
    match cmd {
        Command::Segment { gold, lang } => {
            let lang = match lang {
                Some(l) => super::segment::parse_lang(&l)?,
                None => None,
            };
            for path in &gold {
                let docs = read_gold_file(path)?;
                let s = evaluate(&docs, lang.as_ref());
                writeln!(
                    std::io::stdout(),
                    "{}: P={:.4} R={:.4} F1={:.4} exact_docs={}/{} ({:.4}) tp={} fp={} fn={} \
                     text_mismatch_docs={} missing_docs={}",
                    path.display(),
                    s.precision,
                    s.recall,
                    s.f1,
                    s.exact_docs,
                    s.docs,
                    s.exact_doc_share,
                    s.tp,
                    s.fp,
                    s.fn_,
                    s.text_mismatch_docs,
                    s.missing_docs
                )?;
            }
            Ok(0)
        }
        Command::Align(args) => run_align(*args),
        Command::Check(args) => run_check(args),
    }
}

fn run_check(args: CheckEval) -> anyhow::Result<u8> {
    use qarin::check::eval::{line_linked, run, Run, Slip};
    use qarin::check::{CheckConfig, Checker};
    if args.source.len() != args.target.len() {
        anyhow::bail!(
            "{} --source files but {} --target files; give one target per source",
            args.source.len(),
            args.target.len()
        );
    }
    let glossary = args.glossary.load_shared()?;
    let words = args.words.load()?;
    let checker = Checker::new(&glossary).with_words(&words);
    let (sl, tl) = (Lang::new(&args.source_lang), Lang::new(&args.target_lang));
    let mut pairs = Vec::new();
    for (s, t) in args.source.iter().zip(&args.target) {
        let (a, b) = (read_lines(s)?, read_lines(t)?);
        pairs.push(line_linked(
            Document::from_sentences(sl.clone(), &a),
            Document::from_sentences(tl.clone(), &b),
        ));
    }
    let started = Instant::now();
    let result = run(&checker, &CheckConfig::default(), &pairs, args.seed);
    let mut out = std::io::stdout().lock();
    if args.per_doc {
        for o in &result.outcomes {
            let what = match (&o.caught, &o.flagged) {
                (Some((rule, sev)), _) => format!("found {rule} ({sev:?})"),
                (None, Some((rule, sev))) => format!("flagged {rule} ({sev:?})"),
                (None, None) => "missed".to_string(),
            };
            writeln!(
                out,
                "{}\ten {}\t{} -> {}\t{}\t{}\t{what}\t{}",
                args.target[o.document].display(),
                o.planted.sentence + 1,
                o.planted.original,
                o.planted.written,
                o.planted.slip.name(),
                if o.listed { "listed" } else { "unlisted" },
                o.message.as_deref().unwrap_or(""),
            )?;
        }
    }
    let print =
        |out: &mut dyn Write, label: &str, keep: &dyn Fn(usize) -> bool| -> std::io::Result<()> {
            let outcomes: Vec<_> = result
                .outcomes
                .iter()
                .filter(|o| keep(o.document))
                .collect();
            let n = outcomes.len();
            let share = |k: usize, n: usize| {
                if n == 0 {
                    0.0
                } else {
                    100.0 * k as f64 / n as f64
                }
            };
            let found = outcomes.iter().filter(|o| o.caught.is_some()).count();
            let found_error = outcomes
                .iter()
                .filter(|o| {
                    o.caught
                        .as_ref()
                        .is_some_and(|c| c.1 == qarin::Severity::Error)
                })
                .count();
            let flagged = outcomes
                .iter()
                .filter(|o| o.caught.is_some() || o.flagged.is_some())
                .count();
            let docs = (0..result.clean_documents).filter(|&d| keep(d)).count();
            let clean_errors: usize = (0..result.clean_documents)
                .filter(|&d| keep(d))
                .map(|d| result.clean_errors[d])
                .sum();
            let clean_warnings: usize = (0..result.clean_documents)
                .filter(|&d| keep(d))
                .map(|d| result.clean_warnings[d])
                .sum();
            writeln!(
            out,
            "{label}: planted={n} found={found} ({:.1}%) found_as_error={found_error} ({:.1}%) \
             flagged_on_link={flagged} ({:.1}%) other_errors_in_planted_docs={} \
             clean_errors={clean_errors} in {docs} documents ({:.3} per document) \
             clean_warnings={clean_warnings} ({:.3} per document)",
            share(found, n),
            share(found_error, n),
            share(flagged, n),
            outcomes.iter().map(|o| o.other_errors).sum::<usize>(),
            if docs == 0 { 0.0 } else { clean_errors as f64 / docs as f64 },
            if docs == 0 { 0.0 } else { clean_warnings as f64 / docs as f64 },
        )?;
            for slip in Slip::ALL {
                let of: Vec<_> = outcomes.iter().filter(|o| o.planted.slip == slip).collect();
                let k = of.iter().filter(|o| o.caught.is_some()).count();
                write!(
                    out,
                    "  {} {k}/{} ({:.0}%)",
                    slip.name(),
                    of.len(),
                    share(k, of.len())
                )?;
            }
            writeln!(out)?;
            for listed in [true, false] {
                let of: Vec<_> = outcomes.iter().filter(|o| o.listed == listed).collect();
                let k = of.iter().filter(|o| o.caught.is_some()).count();
                write!(
                    out,
                    "  {} {k}/{} ({:.0}%)",
                    if listed {
                        "glossary-listed"
                    } else {
                        "unlisted"
                    },
                    of.len(),
                    share(k, of.len())
                )?;
            }
            writeln!(out)
        };
    let total: &Run = &result;
    match args.split {
        Some(split) => {
            print(&mut out, &format!("documents 1-{split}"), &|d| d < split)?;
            print(
                &mut out,
                &format!("documents {}-{}", split + 1, pairs.len()),
                &|d| d >= split,
            )?;
        }
        None => print(&mut out, "all documents", &|_| true)?,
    }
    let per = |k: usize, n: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let clean_errors: usize = total.clean_errors.iter().sum();
    writeln!(
        out,
        "clean documents: {} error-level findings in {} documents ({:.3} per document; {}), \
         {} without a candidate; {:.2} s",
        clean_errors,
        total.clean_documents,
        per(clean_errors, total.clean_documents),
        total
            .clean_errors_by_rule
            .iter()
            .map(|(r, k)| format!("{r} {k}"))
            .collect::<Vec<_>>()
            .join(", "),
        total.skipped,
        started.elapsed().as_secs_f64(),
    )?;
    writeln!(
        out,
        "clean documents: warnings by rule: {}",
        total
            .clean_warnings_by_rule
            .iter()
            .map(|(r, k)| format!("{r} {k}"))
            .collect::<Vec<_>>()
            .join(", "),
    )?;
    Ok(0)
}

fn read_links(path: &Path) -> anyhow::Result<Vec<LinkIds>> {
    let text = qarin::io::read_text(path)?;
    Ok(eval::parse_links(&text).map_err(|e| e.with_path(path))?)
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = qarin::io::read_text(path)?;
    Ok(text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect())
}

fn run_align(args: AlignEval) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    if !args.pred.is_empty() {
        anyhow::ensure!(
            args.pred.len() == args.gold.len(),
            "need as many --pred files ({}) as --gold files ({})",
            args.pred.len(),
            args.gold.len()
        );
        let mut pairs = Vec::new();
        for (g, p) in args.gold.iter().zip(&args.pred) {
            pairs.push((read_links(g)?, read_links(p)?));
        }
        print_pairs(&mut out, &pairs, &args.pred, args.per_doc)?;
        let mut by_type = eval::ByType::default();
        for (gold, pred) in &pairs {
            by_type.add(gold, pred);
        }
        writeln!(out, "per link type (strict; 1-0 and 0-1 links counted):")?;
        by_type.write_table(&mut out)?;
        return Ok(0);
    }
    anyhow::ensure!(
        !args.source.is_empty(),
        "give either --pred files to score, or --source and --target files to align"
    );
    anyhow::ensure!(
        args.source.len() == args.gold.len() && args.target.len() == args.gold.len(),
        "need as many --source ({}) and --target ({}) files as --gold files ({})",
        args.source.len(),
        args.target.len(),
        args.gold.len()
    );
    let perturbation = args
        .perturb
        .as_deref()
        .map(Perturbation::parse)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--perturb")?;
    let mut rng = SplitMix::new(args.seed);
    let mut docs = Vec::new();
    for ((s, t), g) in args.source.iter().zip(&args.target).zip(&args.gold) {
        let pair = GoldPair {
            source: read_lines(s)?,
            target: read_lines(t)?,
            gold: read_links(g)?,
        };
        docs.push(match &perturbation {
            Some(p) => eval::perturb(&pair, p, &mut rng),
            None => pair,
        });
    }
    let mut names: Vec<PathBuf> = args.gold.clone();
    if args.join {
        docs = vec![eval::join(&docs)];
        names = vec![PathBuf::from("joined")];
    }
    let glossary = args.glossary.load()?;
    let matcher = (!glossary.is_empty()).then(|| qarin::glossary::Matcher::new(&glossary));
    let encoder = args.encoder.load()?;
    let mut config = AlignConfig::default();
    if let Some(spec) = &args.set {
        config
            .set(spec)
            .map_err(anyhow::Error::msg)
            .context("--set")?;
    }
    let (src_lang, tgt_lang) = (Lang::new(&args.source_lang), Lang::new(&args.target_lang));
    let lexicon = args.lexicon.load(&src_lang, &tgt_lang)?;
    let signals = aligner::Signals {
        matcher: matcher.as_ref(),
        lexicon: lexicon.as_deref(),
        encoder: encoder.as_ref(),
        ..Default::default()
    };
    let start = Instant::now();
    let table = args.learn_corpus.then(|| {
        let mut learner = qarin::corpus::CorpusLearner::default();
        for doc in &docs {
            let source = Document::from_sentences(src_lang.clone(), &doc.source);
            let target = Document::from_sentences(tgt_lang.clone(), &doc.target);
            let links = aligner::learning_links(&source, &target, &signals, &config);
            learner.add(&source, &target, &links);
        }
        (learner.finish(&config.learn), learner.links())
    });
    if let Some((table, links)) = &table {
        writeln!(
            out,
            "learnt {} word pairs from {links} links of {} pair(s)",
            table.len(),
            docs.len()
        )?;
    }
    let signals = aligner::Signals {
        associations: table.as_ref().map(|(t, _)| t),
        ..signals
    };
    let mut by_type = eval::ByType::default();
    let mut pairs = Vec::new();
    let mut calibration = eval::Calibration::default();
    let mut corrections = qarin::edit::Corrections::default();
    let mut unfixable = 0usize;
    let mut sentences = 0usize;
    for (k, doc) in docs.iter().enumerate() {
        let source = Document::from_sentences(src_lang.clone(), &doc.source);
        let target = Document::from_sentences(tgt_lang.clone(), &doc.target);
        sentences += doc.source.len() + doc.target.len();
        let bitext = aligner::align_with(&source, &target, &signals, &config, &mut |_| {});
        calibration.add(&doc.gold, &bitext.links, 0.5);
        if args.corrections {
            let gold = qarin::edit::gold_path(&doc.gold, doc.source.len(), doc.target.len());
            match gold {
                Some(gold) => {
                    let aligner = qarin::edit::Aligner {
                        signals,
                        config: &config,
                    };
                    let c = qarin::edit::corrections(&bitext, &gold, &aligner);
                    corrections.wrong += c.wrong;
                    corrections.fixes += c.fixes;
                    corrections.left_wrong += c.left_wrong;
                }
                None => unfixable += 1,
            }
        }
        if let Some(dir) = &args.write_gold {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let text: String = doc
                .gold
                .iter()
                .map(|l| format!("{:?}:{:?}\n", l.src, l.tgt))
                .collect();
            qarin::io::write_atomic(&dir.join(format!("{k}.gold")), |w| {
                w.write_all(text.as_bytes())
                    .map_err(|e| qarin::Error::io("cannot write gold links", e))
            })?;
        }
        if let Some(dir) = &args.write_pred {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let out = qarin::io::Output::File(dir.join(format!("{k}.links")));
            out.write_with(|w| {
                eval::write_links(&bitext.links, w)
                    .map_err(|e| qarin::Error::io("cannot write links", e))
            })?;
        }
        if args.per_doc {
            if let Some(v) = &bitext.verdict {
                writeln!(
                    out,
                    "{}: verdict {:?}: {}",
                    names[k].display(),
                    v.kind,
                    v.message
                )?;
            }
        }
        let predicted: Vec<LinkIds> = bitext.links.iter().map(LinkIds::from).collect();
        by_type.add(&doc.gold, &predicted);
        pairs.push((doc.gold.clone(), predicted));
    }
    let elapsed = start.elapsed().as_secs_f64();
    print_pairs(&mut out, &pairs, &names, args.per_doc)?;
    writeln!(
        out,
        "aligned {} document pair(s), {} sentences, in {:.3} s",
        docs.len(),
        sentences,
        elapsed
    )?;
    writeln!(out,
        "calibration: links scored >= 0.5: {} ({:.1}% exactly right); below 0.5: {} ({:.1}% exactly right)",
        calibration.above,
        100.0 * calibration.precision_above(),
        calibration.below,
        100.0 * calibration.precision_below()
    )?;
    writeln!(out, "per link type (strict; 1-0 and 0-1 links counted):")?;
    by_type.write_table(&mut out)?;
    if args.corrections {
        writeln!(out,
            "corrections: {} wrong links; fixing the first wrong link and realigning after it, top to bottom: {} fixes ({} links still wrong){}",
            corrections.wrong,
            corrections.fixes,
            corrections.left_wrong,
            if unfixable > 0 { format!("; {unfixable} pair(s) skipped: their gold links cross") } else { String::new() }
        )?;
    }
    Ok(0)
}

fn print_pairs(
    out: &mut dyn Write,
    pairs: &[(Vec<LinkIds>, Vec<LinkIds>)],
    names: &[PathBuf],
    per_doc: bool,
) -> std::io::Result<()> {
    if per_doc {
        for (pair, name) in pairs.iter().zip(names) {
            let s = eval::score(std::slice::from_ref(pair));
            writeln!(
                out,
                "{:<40} strict P={:.3} R={:.3} F1={:.3} | lax F1={:.3}",
                name.display(),
                s.precision_strict,
                s.recall_strict,
                s.f1_strict,
                s.f1_lax
            )?;
        }
    }
    let s = eval::score(pairs);
    writeln!(out, " ---------------------------------")?;
    writeln!(out, "|             |  Strict |    Lax  |")?;
    writeln!(
        out,
        "| Precision   |   {:.3} |   {:.3} |",
        s.precision_strict, s.precision_lax
    )?;
    writeln!(
        out,
        "| Recall      |   {:.3} |   {:.3} |",
        s.recall_strict, s.recall_lax
    )?;
    writeln!(
        out,
        "| F1          |   {:.3} |   {:.3} |",
        s.f1_strict, s.f1_lax
    )?;
    writeln!(out, " ---------------------------------")
}
