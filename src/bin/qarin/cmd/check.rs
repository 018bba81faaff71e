//! `qarin check`: names, numbers and Latin tokens of the source found in the target.

use super::common::{InputArgs, Resources};
use super::output::{self, TextOrJson};
use qarin::check::{Baseline, CheckConfig, Checked, Report, Summary, RULES};
use qarin::glossary::Glossary;
use qarin::io::Output;
use qarin::model::{Bitext, Finding, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Examples:
  qarin check ar.txt en.txt
      align, then check every glossary name, number and Latin token; exit 1 on an error
  qarin check ar.sent en.sent --segmented --format json -o findings.json
      one sentence per line on both sides; findings as JSON for scripts
  qarin check ar.txt en.txt --ignore name-missing --glossary desk.tsv
      keep warnings about untranslated names quiet, add the desk's own glossary
  qarin check ar.txt en.txt --baseline accepted.json
      report only what is new since `accepted.json` (an earlier --format json output)
  qarin check --segmented docs/ar docs/en --format json
      two folders: every pair of files with the same name, on every core; short
      lines a quarter of a folder's files share are marked as site furniture
  qarin check --manifest pairs.tsv -o findings.json
      the pairs of a manifest (SOURCE<TAB>TARGET[<TAB>ID] per line), on every core
  qarin check --jsonl < records.jsonl > results.jsonl
      one JSON record per line in, one result per line out (docs/corpus.md)
  qarin check memory.tmx
      a translation memory or XLIFF file: its units are the links

Rules (silence one with --ignore RULE, or for one name in the glossary's `ignore` column):
  name-forbidden      error    the translation uses a variant the glossary forbids (Kiev)
  name-misspelled     error    a near spelling of a name (Peskof for Peskov, Roudenko)
  name-inconsistent   error    one name spelled two or more ways in the document
  name-missing        warning  a name of the source is not in the translation
  number-mismatch     warning  a number or date of the source is not in the translation
  latin-token-missing warning  CNN, NTV … of the source are not in the translation
  alignment-low       info     a pair scored below --low-score: findings on it may be misalignments
  sentence-unpaired   info     a sentence has no counterpart (a 1-0 or 0-1 link)

Each finding names its link as the views number it (#12, from 1) and its sentences as
`ar 14` / `en 12` (from 1); the JSON has the 0-based `index`/`link` and the same `number`s.

Exit status: 0 no error-level finding, 1 at least one or texts that are not translations
of each other, 2 bad flags or unusable input.
Colour only on a terminal, never when NO_COLOR is set, unless --color always. See
docs/check.md.";

/// Check that every name of the source reaches the translation, spelled one way, the right way.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Arabic source text (or a folder of them; or a .tmx/.xlf file alone).
    #[arg(required_unless_present_any = ["manifest", "jsonl"])]
    pub source: Option<PathBuf>,
    /// English translation (or a folder of translations named as the sources).
    pub target: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub batch: super::corpus::BatchArgs,
    /// Output format [default: from the extension of -o, else text].
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    /// Silence a rule (repeatable).
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Findings accepted earlier (JSON from `check --format json`) are not reported again.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Pairs scored below this are reported as `alignment-low`.
    #[arg(long, default_value_t = qarin::model::LOW_SCORE, value_name = "SCORE")]
    pub low_score: f32,
    /// Write the report to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub color: super::output::ColorArgs,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    for rule in &args.ignore {
        if !RULES.iter().any(|r| r.id == rule) {
            let known: Vec<&str> = RULES.iter().map(|r| r.id).collect();
            anyhow::bail!(
                "unknown rule {rule:?} for --ignore; rules: {}",
                known.join(", ")
            );
        }
    }
    let mut resources = args.input.resources()?;
    let glossary = &resources.glossary;
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::from_path(path)?),
        None => None,
    };
    let config = CheckConfig {
        ignore: args.ignore.clone(),
        baseline,
        low_score: args.low_score,
    };
    if args.batch.jsonl {
        let checker = resources.checker();
        let job = super::corpus::job(&args.input, &resources, &checker, config)?;
        return super::corpus::run_jsonl(&job, args.batch.threads());
    }
    let output = Output::from_arg(args.output.as_deref());
    let format = output::choose(args.format, &output, TextOrJson::Text)?;
    let mut inputs: Vec<&Path> = args.source.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.target.as_deref());
    if let Some(b) = &args.baseline {
        inputs.push(b);
    }
    inputs.extend(args.input.extra_inputs());
    output.refuse_inputs(&inputs)?;

    let (jobs, unmatched) = jobs(&args)?;
    for problem in &unmatched {
        eprintln!("qarin: error: {problem}");
        crate::status::raise(crate::status::INPUT_ERROR);
    }
    // Two folders of one site's articles: the lines they all repeat are its furniture.
    let mut input = args.input.clone();
    if jobs.len() >= 3 {
        let sources: Vec<&Path> = jobs.iter().map(|j| j.source.as_path()).collect();
        let targets: Vec<&Path> = jobs.iter().filter_map(|j| j.target.as_deref()).collect();
        input.read.learn_site(&[sources, targets])?;
    }
    if args.batch.learn_corpus && jobs.len() > 1 {
        // One association table from every pair's confident links, then the pairs
        // aligned again with it (see `qarin align --learn-corpus`).
        let mut learner = qarin::corpus::CorpusLearner::default();
        qarin::corpus::for_each_ordered(
            jobs.iter(),
            args.batch.threads(),
            args.batch.threads() * 4,
            |job| {
                let (source, target) = input.read_pair(&job.source, job.target.as_ref()?).ok()?;
                let links = qarin::align::learning_links(
                    &source,
                    &target,
                    &resources.signals(),
                    &qarin::align::AlignConfig::default(),
                );
                Some((source, target, links))
            },
            |found| {
                if let Some((source, target, links)) = found {
                    learner.add(&source, &target, &links);
                }
            },
        );
        resources.associations = Some(learner.finish(&qarin::align::AlignConfig::default().learn));
    }
    let checker = resources.checker();
    let mut documents = Vec::with_capacity(jobs.len());
    if let [job] = jobs.as_slice() {
        let bitext = job.load(&input, &resources)?;
        let report = checker.check(&bitext, &config);
        documents.push((job, bitext, report));
    } else {
        // Pairs are aligned and checked on every core and come back in input order; an
        // unreadable one is reported and skipped, and the run exits 2 once all are done.
        qarin::corpus::for_each_ordered(
            jobs.iter(),
            args.batch.threads(),
            args.batch.threads() * 4,
            |job| {
                let loaded = job.load(&input, &resources);
                (
                    job,
                    loaded.map(|b| {
                        let report = checker.check(&b, &config);
                        (b, report)
                    }),
                )
            },
            |(job, loaded)| match loaded {
                Ok((bitext, report)) => documents.push((job, bitext, report)),
                Err(e) => {
                    eprintln!("qarin: error: {}: {e:#}; skipped", job.name());
                    crate::status::raise(crate::status::INPUT_ERROR);
                }
            },
        );
    }
    // The status is decided before anything is written, so a closed pipe keeps it.
    for (_, bitext, report) in &documents {
        super::common::verdict_status(bitext);
        super::common::findings_status(&report.summary);
    }
    let colour = args.color.enabled(&output);
    output.write_with(|w| {
        let io = |e: std::io::Error| qarin::Error::io("cannot write the findings", e);
        if format == TextOrJson::Json {
            write_json(w, &documents).map_err(io)
        } else {
            let style = Style { colour };
            let many = documents.len() > 1;
            for (job, bitext, report) in &documents {
                if many {
                    writeln!(w, "== {}", job.name()).map_err(io)?;
                }
                write_text(w, glossary, bitext, report, &style).map_err(io)?;
            }
            if many {
                let summary = Summary::total(documents.iter().map(|(_, _, r)| &r.summary));
                writeln!(w, "== all {} documents", documents.len()).map_err(io)?;
                writeln!(w, "{}", summary_line(&summary)).map_err(io)?;
            }
            Ok(())
        }
    })?;
    Ok(crate::status::raised())
}

/// One bitext to check: a source and target pair, or one bilingual file.
struct Job {
    /// The pair's id in a corpus run (its file name, or the manifest's id).
    name: Option<String>,
    source: PathBuf,
    target: Option<PathBuf>,
}

impl Job {
    fn name(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    fn load(&self, input: &InputArgs, resources: &Resources) -> anyhow::Result<Bitext> {
        let Some(target) = &self.target else {
            return read_bilingual(&self.source);
        };
        let (source_doc, target_doc) = input.read_pair(&self.source, target)?;
        Ok(resources.align(&source_doc, &target_doc))
    }
}

/// The pairs to check: two files, two folders (files paired by name) or a manifest, or
/// one bilingual file; and the names of a folder that have no partner.
fn jobs(args: &Args) -> anyhow::Result<(Vec<Job>, Vec<String>)> {
    let batch = super::corpus::pairs(args.source.as_deref(), args.target.as_deref(), &args.batch)?;
    if let Some((pairs, unmatched)) = batch {
        let jobs = pairs
            .into_iter()
            .map(|p| Job {
                name: Some(p.id),
                source: p.source,
                target: Some(p.target),
            })
            .collect();
        return Ok((jobs, unmatched));
    }
    let Some(source) = args.source.clone() else {
        anyhow::bail!("give SOURCE and TARGET, two folders, --manifest FILE or --jsonl");
    };
    Ok((
        vec![Job {
            name: None,
            source,
            target: args.target.clone(),
        }],
        Vec::new(),
    ))
}

/// A translation memory or review file: its units are the links, in file order.
fn read_bilingual(path: &Path) -> anyhow::Result<Bitext> {
    use qarin::formats::{reader, Format};
    let format = match Format::from_path(path) {
        Some(f @ (Format::Tmx | Format::Xliff12 | Format::Xliff2 | Format::Json | Format::Tsv)) => {
            f
        }
        _ => anyhow::bail!(
            "{}: give the source and the translation as two files, or one .tmx, .xlf, .tsv or \
             .json (from `qarin align --format json`) bitext",
            path.display()
        ),
    };
    let bitext = reader(format)
        .read(&mut qarin::io::open_input(path)?)
        .map_err(|e| e.with_path(path))?;
    if !bitext.source.lang.is_arabic() && bitext.target.lang.is_arabic() {
        anyhow::bail!(
            "{}: the source language is {} and the target {}; qarin checks Arabic sources \
             against their English translation",
            path.display(),
            bitext.source.lang,
            bitext.target.lang
        );
    }
    Ok(bitext)
}

fn write_json(w: &mut dyn Write, documents: &[(&Job, Bitext, Report)]) -> std::io::Result<()> {
    let names: Vec<(String, Option<String>)> = documents
        .iter()
        .map(|(job, _, _)| {
            (
                job.source.display().to_string(),
                job.target.as_ref().map(|t| t.display().to_string()),
            )
        })
        .collect();
    let checked: Vec<Checked> = documents
        .iter()
        .zip(&names)
        .map(|((_, _, report), (source, target))| Checked {
            source,
            target: target.as_deref(),
            report,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &qarin::check::findings_file(&checked))?;
    writeln!(w)
}

struct Style {
    colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error  "),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Info => self.paint("1;36", "info   "),
        }
    }

    /// `text` with each occurrence of `needle` highlighted (only in colour: plain output
    /// keeps the sentence exactly as in the file so it can be searched for).
    fn highlight(&self, text: &str, needle: Option<&str>) -> String {
        match needle {
            Some(n) if self.colour && !n.is_empty() && text.contains(n) => {
                text.replace(n, &self.paint("1;4;31", n))
            }
            _ => text.to_string(),
        }
    }
}

/// Findings grouped by entity (in order of first appearance), each with its source and
/// target sentence, then one summary line.
fn write_text(
    w: &mut dyn Write,
    glossary: &Glossary,
    bitext: &Bitext,
    report: &Report,
    style: &Style,
) -> std::io::Result<()> {
    let (sl, tl) = (bitext.source.lang.primary(), bitext.target.lang.primary());
    let mut groups: Vec<(Option<&str>, Vec<&Finding>)> = Vec::new();
    for f in &report.findings {
        let key = f.entity.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    // Findings about no name (numbers, Latin tokens, alignment) come last.
    groups.sort_by_key(|(k, _)| k.is_none());
    for (entity, findings) in &groups {
        let title = match entity {
            Some(id) => match glossary.get(id) {
                Some(e) => format!("{} ({id})", e.en),
                None => format!("{id} (not in the glossary)"),
            },
            None => "other checks".to_string(),
        };
        writeln!(w, "{}", style.paint("1", &title))?;
        for f in findings {
            let link = f
                .link
                .map(|l| format!("#{} ", bitext.link_label(l)))
                .unwrap_or_default();
            writeln!(
                w,
                "  {} {link}{}: {}",
                style.severity(f.severity),
                f.rule,
                f.message
            )?;
            if let Some(s) = &f.source {
                let arabic = entity
                    .and_then(|id| glossary.get(id))
                    .and_then(|e| {
                        let mut forms: Vec<&String> = e.ar.iter().collect();
                        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
                        forms.into_iter().find(|f| s.text.contains(f.as_str()))
                    })
                    .map(String::as_str);
                writeln!(
                    w,
                    "    {sl} {:<4} {}",
                    sentence_number(f, s),
                    style.highlight(&s.text, arabic)
                )?;
            }
            if let Some(t) = &f.target {
                writeln!(
                    w,
                    "    {tl} {:<4} {}",
                    sentence_number(f, t),
                    style.highlight(&t.text, f.found.as_deref())
                )?;
            }
        }
        writeln!(w)?;
    }
    writeln!(w, "{}", summary_line(&report.summary))
}

/// The sentence number shown beside a finding's text; none for a unit of a memory, where
/// a sentence's place among the units read is no number anyone else shows (its unit id is).
fn sentence_number(f: &Finding, s: &qarin::model::SentenceRef) -> String {
    match f.unit {
        Some(_) => String::new(),
        None => s.number().to_string(),
    }
}

/// `12 findings: 6 errors, 1 warning, 5 notes (alignment-low 5, …)`, as every view says it.
fn summary_line(s: &Summary) -> String {
    let mut line = s.to_string();
    if !s.by_rule.is_empty() {
        line.push_str(&format!(" ({})", s.rules_line()));
    }
    if s.suppressed_by_baseline > 0 {
        line.push_str(&format!(
            "; {} accepted in the baseline",
            s.suppressed_by_baseline
        ));
    }
    line
}
