//! The name-consistency checker: findings on a bitext.
//!
//! Input: an aligned [`Bitext`] (Arabic source, English target) and a [`Glossary`].
//! Output: [`Finding`]s in document order, each with a rule id, a severity and a message a
//! translator understands. The rules, their severities and how to silence them are listed
//! in [`RULES`] and documented in `docs/check.md`.
//!
//! Every sentence is matched against the glossary once (one [`Matcher`] for the whole
//! bitext) and every link is visited once, so a check is linear in the size of the text.
//! The document-wide rule (`name-inconsistent`) collects renderings on the way and looks at
//! them once at the end.

mod baseline;
pub mod eval;
pub mod fuzzy;
mod inconsistent;
mod names;
mod numbers;
mod spelling;
#[cfg(test)]
mod tests;
pub mod words;

pub use baseline::{Baseline, BaselineKey};
pub use words::WordList;

use crate::glossary::{Glossary, Matcher, TermMatch};
use crate::model::{Bitext, Finding, Lang, Link, SentenceRef, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// A rule: its id (what `--ignore` and the glossary's `ignore` column take), its severity
/// and one line on what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const NAME_FORBIDDEN: &str = "name-forbidden";
pub const NAME_MISSPELLED: &str = "name-misspelled";
pub const NAME_MISSING: &str = "name-missing";
pub const NAME_INCONSISTENT: &str = "name-inconsistent";
pub const NAME_SPELLING: &str = "name-spelling";
pub const NUMBER_MISMATCH: &str = "number-mismatch";
pub const LATIN_TOKEN_MISSING: &str = "latin-token-missing";
pub const ALIGNMENT_LOW: &str = "alignment-low";
pub const SENTENCE_UNPAIRED: &str = "sentence-unpaired";

/// Every rule the checker knows, most serious first.
pub const RULES: &[Rule] = &[
    Rule {
        id: NAME_FORBIDDEN,
        severity: Severity::Error,
        summary: "the translation uses a variant of a name the glossary forbids",
    },
    Rule {
        id: NAME_MISSPELLED,
        severity: Severity::Error,
        summary: "a name is spelled near, but not as, the glossary form",
    },
    Rule {
        id: NAME_INCONSISTENT,
        severity: Severity::Error,
        summary: "one name is spelled two or more ways across the document",
    },
    Rule {
        id: NAME_MISSING,
        severity: Severity::Warning,
        summary: "a name of the source does not appear in the translation",
    },
    Rule {
        id: NAME_SPELLING,
        severity: Severity::Warning,
        summary: "a capitalised word no word list or glossary knows is one slip from one that is",
    },
    Rule {
        id: NUMBER_MISMATCH,
        severity: Severity::Warning,
        summary: "a number or date of the source has no counterpart in the translation",
    },
    Rule {
        id: LATIN_TOKEN_MISSING,
        severity: Severity::Warning,
        summary: "a Latin-script token of the source (CNN, NTV) is not in the translation",
    },
    Rule {
        id: ALIGNMENT_LOW,
        severity: Severity::Info,
        summary: "a pair of sentences scored low: findings on it may come from a misalignment",
    },
    Rule {
        id: SENTENCE_UNPAIRED,
        severity: Severity::Info,
        summary: "a sentence of one side has no counterpart on the other (a 1-0 or 0-1 link)",
    },
];

/// The rule with this id, if there is one.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

fn severity_of(id: &str) -> Severity {
    rule(id).map_or(Severity::Warning, |r| r.severity)
}

/// What to check and what to keep quiet.
#[derive(Clone, Debug)]
pub struct CheckConfig {
    /// Rule ids not to report (`--ignore`).
    pub ignore: Vec<String>,
    /// Findings accepted earlier (`--baseline`).
    pub baseline: Option<Baseline>,
    /// Pairs (links with both sides) scored below this are reported as `alignment-low`:
    /// the same threshold the summaries and views call "low-score".
    pub low_score: f32,
}

impl Default for CheckConfig {
    fn default() -> CheckConfig {
        CheckConfig {
            ignore: Vec::new(),
            baseline: None,
            low_score: crate::model::LOW_SCORE,
        }
    }
}

impl CheckConfig {
    fn enabled(&self, rule: &str) -> bool {
        !self.ignore.iter().any(|r| r == rule)
    }
}

/// Counts of findings by severity and by rule: the `summary` object of the JSON output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub total: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_rule: BTreeMap<String, usize>,
    /// Findings left out because the baseline accepted them.
    #[serde(default)]
    pub suppressed_by_baseline: usize,
}

impl Summary {
    /// The summary of several documents' reports: counts added up.
    pub fn total<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> Summary {
        let mut total = Summary::default();
        for s in summaries {
            total.total += s.total;
            total.errors += s.errors;
            total.warnings += s.warnings;
            total.infos += s.infos;
            total.suppressed_by_baseline += s.suppressed_by_baseline;
            for (rule, n) in &s.by_rule {
                *total.by_rule.entry(rule.clone()).or_default() += n;
            }
        }
        total
    }

    /// `alignment-low 5, name-misspelled 4`, or `none`.
    pub fn rules_line(&self) -> String {
        if self.by_rule.is_empty() {
            return "none".to_string();
        }
        let parts: Vec<String> = self
            .by_rule
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        parts.join(", ")
    }

    pub fn of(findings: &[Finding]) -> Summary {
        let mut summary = Summary::default();
        for f in findings {
            summary.total += 1;
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            *summary.by_rule.entry(f.rule.clone()).or_default() += 1;
        }
        summary
    }
}

/// The one way every view counts findings, naming every severity:
/// `12 findings: 6 errors, 1 warning, 5 notes`.
impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counted = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{}: {}, {}, {}",
            counted(self.total, "finding"),
            counted(self.errors, "error"),
            counted(self.warnings, "warning"),
            counted(self.infos, "note")
        )
    }
}

/// The findings of one bitext and their summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// One document pair of a findings file: where it came from and what was found.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a> {
    pub source: &'a str,
    pub target: Option<&'a str>,
    pub report: &'a Report,
}

/// What `qarin check --format json` and `findings.json` hold, for one pair or a folder of
/// them alike (schema [`crate::model::schema::FINDINGS`]):
/// `{"schema","findings":[{…,"document"}],"summary","documents":[{"source","target","summary"}]}`.
/// Every finding of the run is in the one `findings` list, in document order; its
/// `document` is the index of its pair in `documents`.
pub fn findings_file<'a>(documents: &'a [Checked<'a>]) -> impl Serialize + 'a {
    #[derive(Serialize)]
    struct File<'a> {
        schema: &'static str,
        findings: Vec<Numbered<'a>>,
        summary: Summary,
        documents: Vec<Doc<'a>>,
    }
    #[derive(Serialize)]
    struct Numbered<'a> {
        #[serde(flatten)]
        finding: &'a Finding,
        document: usize,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        source: &'a str,
        target: Option<&'a str>,
        summary: &'a Summary,
    }
    File {
        schema: crate::model::schema::FINDINGS,
        findings: documents
            .iter()
            .enumerate()
            .flat_map(|(document, d)| {
                d.report
                    .findings
                    .iter()
                    .map(move |finding| Numbered { finding, document })
            })
            .collect(),
        summary: Summary::total(documents.iter().map(|d| &d.report.summary)),
        documents: documents
            .iter()
            .map(|d| Doc {
                source: d.source,
                target: d.target,
                summary: &d.report.summary,
            })
            .collect(),
    }
}

/// Checks a bitext: the findings, in document order.
pub fn check(bitext: &Bitext, glossary: &Glossary, config: &CheckConfig) -> Vec<Finding> {
    check_report(bitext, glossary, config).findings
}

/// Checks a bitext and counts what was found and what the baseline kept quiet.
pub fn check_report(bitext: &Bitext, glossary: &Glossary, config: &CheckConfig) -> Report {
    Checker::new(glossary).check(bitext, config)
}

/// A checker ready for many bitexts (a folder, a TM split by document): the glossary
/// matcher is built once. `Sync`: one checker serves every thread of a corpus run.
pub struct Checker<'g> {
    glossary: &'g Glossary,
    matcher: std::borrow::Cow<'g, Matcher>,
    words: &'g WordList,
}

impl<'g> Checker<'g> {
    pub fn new(glossary: &'g Glossary) -> Checker<'g> {
        Checker {
            glossary,
            matcher: std::borrow::Cow::Owned(Matcher::new(glossary)),
            words: WordList::builtin(),
        }
    }

    /// A checker reusing a matcher built from `glossary` already (the aligner's).
    pub fn with_matcher(glossary: &'g Glossary, matcher: &'g Matcher) -> Checker<'g> {
        Checker {
            glossary,
            matcher: std::borrow::Cow::Borrowed(matcher),
            words: WordList::builtin(),
        }
    }

    /// The same checker telling known words from misspelled names with `words` instead
    /// of the built-in English list.
    pub fn with_words(mut self, words: &'g WordList) -> Checker<'g> {
        self.words = words;
        self
    }

    pub fn check(&self, bitext: &Bitext, config: &CheckConfig) -> Report {
        run(
            Context::new(bitext, self.glossary, &self.matcher, self.words),
            config,
        )
    }
}

fn run(ctx: Context<'_>, config: &CheckConfig) -> Report {
    let bitext = ctx.bitext;
    let mut out = Vec::new();
    let mut renderings = inconsistent::Renderings::default();
    let spellings = spelling::DocumentSpellings::new(&ctx);
    for (index, link) in bitext.links.iter().enumerate() {
        // A reviewer said these are not translations of each other: nothing to compare.
        if link.status == crate::model::LinkStatus::Rejected {
            continue;
        }
        let view = LinkView {
            index: index as u32,
            link,
        };
        names::check_link(&ctx, &view, &mut out, &mut renderings);
        spelling::check_link(&ctx, &view, &spellings, &mut out);
        inconsistent::pair_unlisted(&ctx, &view, &mut renderings);
        numbers::check_link(&ctx, &view, &mut out);
        latin_tokens_in_link(&ctx, &view, &mut out);
        if link.src.is_empty() || link.tgt.is_empty() {
            out.push(unpaired(&ctx, &view));
        } else if link.score < config.low_score {
            out.push(alignment_low(&ctx, &view));
        }
    }
    inconsistent::collect_glossary_renderings(&ctx, &mut renderings);
    out.extend(inconsistent::findings(&ctx, &renderings));

    // Inconsistencies are found last but belong where they occur; the sort is stable so
    // findings of one link keep the order they were found in.
    out.sort_by_key(|f| f.link.unwrap_or(u32::MAX));

    let before = out.len();
    out.retain(|f| {
        config.enabled(&f.rule)
            && !f
                .entity
                .as_deref()
                .and_then(|id| ctx.entity_by_id(id))
                .is_some_and(|e| e.ignores(&f.rule))
    });
    let mut suppressed = 0;
    if let Some(baseline) = &config.baseline {
        let kept = out.len();
        out.retain(|f| !baseline.contains(f));
        suppressed = kept - out.len();
    }
    debug_assert!(out.len() <= before);
    let mut summary = Summary::of(&out);
    summary.suppressed_by_baseline = suppressed;
    Report {
        findings: out,
        summary,
    }
}

/// Tokens of one sentence with their byte ranges, as `text::tokens` gives them.
pub(crate) type Tokens<'a> = Vec<(Range<usize>, &'a str)>;

/// What every rule needs: the bitext, the glossary and the glossary matches of every
/// sentence, computed once.
pub(crate) struct Context<'a> {
    pub bitext: &'a Bitext,
    pub glossary: &'a Glossary,
    pub source_matches: Vec<Vec<TermMatch>>,
    pub target_matches: Vec<Vec<TermMatch>>,
    /// Word tokens of every sentence and capitalised words of every target sentence,
    /// tokenised once: several rules read them.
    pub source_words: Vec<Tokens<'a>>,
    pub target_words: Vec<Tokens<'a>>,
    pub target_capitalised: Vec<Tokens<'a>>,
    /// For each target sentence, the link it belongs to.
    pub target_link: Vec<Option<u32>>,
    /// Which words are English words or known names (the spelling signal).
    pub words: &'a WordList,
}

impl<'a> Context<'a> {
    fn new(
        bitext: &'a Bitext,
        glossary: &'a Glossary,
        matcher: &Matcher,
        words: &'a WordList,
    ) -> Context<'a> {
        let find_all = |doc: &crate::model::Document, lang: &Lang| -> Vec<Vec<TermMatch>> {
            doc.segments
                .iter()
                .map(|s| matcher.find(&s.text, lang))
                .collect()
        };
        // Each side is matched in its declared language, never an assumed one: a French
        // source is not searched for Arabic names.
        let source_matches = find_all(&bitext.source, &bitext.source.lang);
        let target_matches = find_all(&bitext.target, &bitext.target.lang);
        let mut target_link = vec![None; bitext.target.segments.len()];
        for (i, link) in bitext.links.iter().enumerate() {
            for t in link.tgt.clone() {
                if let Some(slot) = target_link.get_mut(t as usize) {
                    *slot = Some(i as u32);
                }
            }
        }
        use crate::text::tokens::{capitalized_words, words as word_tokens};
        let tokenise = |doc: &'a crate::model::Document, f: fn(&str) -> Tokens<'_>| {
            doc.segments.iter().map(|s| f(&s.text)).collect::<Vec<_>>()
        };
        Context {
            bitext,
            glossary,
            source_matches,
            target_matches,
            source_words: tokenise(&bitext.source, word_tokens),
            target_words: tokenise(&bitext.target, word_tokens),
            target_capitalised: tokenise(&bitext.target, capitalized_words),
            target_link,
            words,
        }
    }

    fn entity_by_id(&self, id: &str) -> Option<&'a crate::glossary::Entity> {
        self.glossary.get(id)
    }

    pub fn source_words_of(
        &self,
        index: u32,
    ) -> impl Iterator<Item = (Range<usize>, &'a str)> + '_ {
        self.source_words
            .get(index as usize)
            .into_iter()
            .flatten()
            .cloned()
    }

    pub fn target_words_of(
        &self,
        index: u32,
    ) -> impl Iterator<Item = (Range<usize>, &'a str)> + '_ {
        self.target_words
            .get(index as usize)
            .into_iter()
            .flatten()
            .cloned()
    }

    pub fn capitalised_of(&self, index: u32) -> &[(Range<usize>, &'a str)] {
        self.target_capitalised
            .get(index as usize)
            .map_or(&[], Vec::as_slice)
    }

    pub fn source_ref(&self, index: u32) -> Option<SentenceRef> {
        sentence_ref(&self.bitext.source, index)
    }

    pub fn target_ref(&self, index: u32) -> Option<SentenceRef> {
        sentence_ref(&self.bitext.target, index)
    }

    pub fn source_text(&self, index: u32) -> &'a str {
        segment_text(&self.bitext.source, index)
    }

    pub fn target_text(&self, index: u32) -> &'a str {
        segment_text(&self.bitext.target, index)
    }
}

fn segment_text(doc: &crate::model::Document, index: u32) -> &str {
    doc.segments
        .get(index as usize)
        .map_or("", |s| s.text.as_str())
}

fn sentence_ref(doc: &crate::model::Document, index: u32) -> Option<SentenceRef> {
    doc.segments.get(index as usize).map(|s| SentenceRef {
        index,
        text: s.text.trim().to_string(),
        span: None,
    })
}

/// One link under inspection.
pub(crate) struct LinkView<'a> {
    pub index: u32,
    pub link: &'a Link,
}

impl LinkView<'_> {
    pub fn sources(&self) -> Range<u32> {
        self.link.src.clone()
    }
    pub fn targets(&self) -> Range<u32> {
        self.link.tgt.clone()
    }
    pub fn first_target(&self) -> Option<u32> {
        (!self.link.tgt.is_empty()).then_some(self.link.tgt.start)
    }
    pub fn first_source(&self) -> Option<u32> {
        (!self.link.src.is_empty()).then_some(self.link.src.start)
    }
}

/// At most this many findings of one rule for one source sentence; the rest are counted in
/// one summary finding ([`more_in_sentence`]), so a sentence of 10,000 numbers or Latin
/// words gives a report of a dozen findings, not 10,000 copies of itself.
pub(crate) const MAX_PER_SENTENCE: usize = 10;

/// The summary finding of a sentence that had `found` findings of `rule`, when that is
/// more than [`MAX_PER_SENTENCE`]: "and 9,990 more numbers of this sentence …".
pub(crate) fn more_in_sentence(
    ctx: &Context<'_>,
    view: &LinkView<'_>,
    source: u32,
    rule: &'static str,
    found: usize,
    what: &str,
) -> Option<Finding> {
    let more = found.checked_sub(MAX_PER_SENTENCE).filter(|&m| m > 0)?;
    let mut d = Draft::new(
        rule,
        format!(
            "and {} more {what}{} of this sentence the translation does not have",
            group_thousands(more),
            if more == 1 { "" } else { "s" }
        ),
    );
    d.source = Some(source);
    d.target = view.first_target();
    d.link = Some(view.index);
    Some(d.finish(ctx))
}

/// `9990` as `9,990`, the way a summary finding says it.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A finding with the fields every rule fills the same way.
pub(crate) struct Draft {
    pub rule: &'static str,
    pub message: String,
    pub entity: Option<String>,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub source: Option<u32>,
    /// Byte range in the source sentence's text (as stored) the finding is about.
    pub source_span: Option<std::ops::Range<usize>>,
    pub target: Option<u32>,
    pub link: Option<u32>,
}

impl Draft {
    pub fn new(rule: &'static str, message: String) -> Draft {
        Draft {
            rule,
            message,
            entity: None,
            expected: None,
            found: None,
            source: None,
            source_span: None,
            target: None,
            link: None,
        }
    }

    pub fn finish(self, ctx: &Context<'_>) -> Finding {
        Finding {
            rule: self.rule.to_string(),
            severity: severity_of(self.rule),
            message: self.message,
            entity: self.entity,
            expected: self.expected,
            found: self.found,
            source: self.source.and_then(|i| {
                let mut sentence = ctx.source_ref(i)?;
                // The reference holds the trimmed text: shift the span to match it.
                let lead = ctx.source_text(i).len() - ctx.source_text(i).trim_start().len();
                sentence.span = self.source_span.and_then(|span| {
                    let span = span.start.checked_sub(lead)?..span.end.checked_sub(lead)?;
                    sentence.text.get(span.clone()).map(|_| span)
                });
                Some(sentence)
            }),
            target: self.target.and_then(|i| ctx.target_ref(i)),
            link: self.link,
            unit: self
                .link
                .and_then(|l| ctx.bitext.links.get(l as usize)?.unit.clone()),
        }
    }
}

/// `latin-token-missing`: Latin-script tokens in the Arabic (CNN, NTV, MWPs) are copied as
/// they are by translators, so each must be found, as a whole word, in the English.
fn latin_tokens_in_link(ctx: &Context<'_>, view: &LinkView<'_>, out: &mut Vec<Finding>) {
    use crate::text::tokens::latin_tokens;
    // In a source written in Latin script every word is a Latin token: the rule is about
    // the few a translator copies out of an Arabic text.
    if view.link.src.is_empty() || view.link.tgt.is_empty() || !ctx.bitext.source.lang.is_arabic() {
        return;
    }
    let target_words: std::collections::HashSet<String> = view
        .targets()
        .flat_map(|t| ctx.target_words_of(t))
        .map(|(_, w)| fuzzy::strip_possessive(w).to_lowercase())
        .collect();
    for s in view.sources() {
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let text = without_markup(ctx.source_text(s));
        for (span, token) in latin_tokens(&text) {
            let token = fuzzy::strip_possessive(token);
            let key = token.to_lowercase();
            if target_words.contains(&key) || !seen.insert(key) {
                continue;
            }
            if seen.len() > MAX_PER_SENTENCE {
                continue;
            }
            let mut d = Draft::new(
                LATIN_TOKEN_MISSING,
                format!("the source has \u{201c}{token}\u{201d}; the translation does not"),
            );
            d.expected = Some(token.to_string());
            d.source = Some(s);
            d.source_span = Some(span.start..span.start + token.len());
            d.target = view.first_target();
            d.link = Some(view.index);
            out.push(d.finish(ctx));
        }
        let missing = seen.len();
        if let Some(summary) = more_in_sentence(
            ctx,
            view,
            s,
            LATIN_TOKEN_MISSING,
            missing,
            "Latin-script word",
        ) {
            out.push(summary);
        }
    }
}

/// The text with `<…>` tags blanked out (same length): markup left in a source (`<seg id="1">`) is not
/// words to translate.
pub(crate) fn without_markup(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('<') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        // A `<` with no `>` soon after is a sign in the text (`x < y`), not a tag. Only
        // those 200 bytes are searched, so a line of `<` stays linear.
        let window = &after.as_bytes()[..after.len().min(201)];
        match memchr::memchr(b'>', window) {
            Some(close) => {
                // Blanked byte for byte, so offsets into the result are offsets into
                // `text` (findings point at a span of the sentence).
                out.extend(std::iter::repeat(' ').take(close + 1));
                rest = &after[close + 1..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

fn unpaired(ctx: &Context<'_>, view: &LinkView<'_>) -> Finding {
    let what = if view.link.tgt.is_empty() {
        "the source sentence has no translation"
    } else {
        "the translation has a sentence with no source"
    };
    let mut d = Draft::new(SENTENCE_UNPAIRED, what.to_string());
    d.source = view.first_source();
    d.target = view.first_target();
    d.link = Some(view.index);
    d.finish(ctx)
}

fn alignment_low(ctx: &Context<'_>, view: &LinkView<'_>) -> Finding {
    let what = format!(
        "a {} link scored {:.2}: check that these sentences translate each other",
        crate::model::link_type(view.link),
        view.link.score
    );
    let mut d = Draft::new(ALIGNMENT_LOW, what);
    d.source = view.first_source();
    d.target = view.first_target();
    d.link = Some(view.index);
    d.finish(ctx)
}
