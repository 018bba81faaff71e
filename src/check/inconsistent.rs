//! `name-inconsistent`: one name spelled two or more ways across a document (or a whole TM).
//!
//! Spellings are collected per *name word*: for a glossary entity, each word of its allowed
//! forms (`Naryshkin` of `Sergei Naryshkin`), a word of the text counting as a spelling of
//! the first allowed word it equals or is near to; so `Sergei Naryshkin` and `Naryshkin`
//! are one spelling, `Naryshkin` and `Narishkin` two, `William` and `Bill` two different
//! words (both allowed) rather than two spellings of one.
//!
//! Names no glossary lists are paired across the link: an Arabic word and an English
//! capitalised word whose transliteration skeletons agree (each the other's best partner)
//! are taken as one name; the English spellings of one Arabic name (key: its consonant
//! skeleton) are clustered by nearness, and a cluster with two spellings is reported.
//!
//! Every occurrence of a spelling other than the expected one (the glossary's, else the
//! most common, else the first) becomes a finding that lists all spellings and where.

use super::fuzzy::{fold, is_near, strip_possessive};
use super::names::allowed_tokens;
use super::{Context, Draft, LinkView, NAME_INCONSISTENT};
use crate::glossary::{Entity, FormKind};
use crate::model::Finding;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Default)]
pub(crate) struct Renderings {
    groups: Vec<Group>,
    index: HashMap<String, usize>,
}

struct Group {
    /// Glossary id, or empty for a name no glossary lists (the id is made at the end).
    entity: String,
    /// The allowed spelling, for glossary entities.
    expected: Option<String>,
    occurrences: Vec<Occurrence>,
}

struct Occurrence {
    spelling: String,
    /// Capitalised words right before and after (folded): `McGregor` for `Allan McGregor`.
    /// Two spellings always seen with different neighbours are two people (`Allan McGregor`,
    /// `Alan Lithgow`), not one name spelled two ways.
    neighbours: Vec<String>,
    target: u32,
    source: Option<u32>,
    link: Option<u32>,
}

impl Renderings {
    fn group(&mut self, key: String, entity: &str, expected: Option<&str>) -> &mut Group {
        let next = self.groups.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.groups.push(Group {
                entity: entity.to_string(),
                expected: expected.map(str::to_string),
                occurrences: Vec::new(),
            });
        }
        &mut self.groups[i]
    }

    /// Records `word` in target sentence `target` as a spelling of the allowed word `token`.
    pub fn add_glossary(
        &mut self,
        entity: &Entity,
        token: &str,
        word: &str,
        target: u32,
        link: u32,
    ) {
        let key = format!("{}\u{0}{}", entity.id, fold(token));
        self.group(key, &entity.id, Some(token))
            .occurrences
            .push(Occurrence {
                spelling: word.to_string(),
                neighbours: Vec::new(),
                target,
                source: None,
                link: Some(link),
            });
    }

    fn add_unlisted(&mut self, arabic_key: &str, english: &EnglishWord, source: u32, link: u32) {
        let key = format!("\u{0}{arabic_key}");
        self.group(key, "", None).occurrences.push(Occurrence {
            spelling: english.word.clone(),
            neighbours: english.neighbours.clone(),
            target: english.sentence,
            source: Some(source),
            link: Some(link),
        });
    }
}

/// The allowed word `word` spells, canonical words first (`Dmitri` → `Dmitry`).
fn token_key<'e>(entity: &'e Entity, word: &str) -> Option<&'e str> {
    let folded = fold(word);
    // An allowed word is itself, even when it is near another allowed word (`Democrats`
    // and `Democratic`, `Macedonians` and `Macedonia`), unless it is a romanisation of an
    // earlier one (`Dmitri` of `Dmitry`): then a text should pick one.
    let key = super::fuzzy::romanisation_key(word);
    allowed_tokens(entity)
        .find(|t| fold(t) == folded || super::fuzzy::romanisation_key(t) == key)
        .or_else(|| allowed_tokens(entity).find(|t| is_near(t, word)))
}

/// Records the spellings of every glossary match on the target side of the whole bitext,
/// whether or not the source of its link names the entity.
pub(crate) fn collect_glossary_renderings(ctx: &Context<'_>, renderings: &mut Renderings) {
    for (t, matches) in ctx.target_matches.iter().enumerate() {
        let t = t as u32;
        let text = ctx.target_text(t);
        let Some(link) = ctx.target_link.get(t as usize).copied().flatten() else {
            continue;
        };
        for m in matches {
            if m.form == FormKind::Arabic {
                continue;
            }
            let Some(entity) = ctx.glossary.entities.get(m.entity) else {
                continue;
            };
            let surface = text.get(m.span.clone()).unwrap_or("");
            let mut keyed = false;
            for word in surface.split_whitespace() {
                let word = strip_possessive(
                    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                );
                if let Some(token) = token_key(entity, word) {
                    renderings.add_glossary(entity, token, word, t, link);
                    keyed = true;
                }
            }
            // A forbidden one-word name that is not a spelling of the allowed one (`Kiev`
            // for `Kyiv`) is still another rendering of it.
            if !keyed
                && m.form == FormKind::Forbidden
                && entity.en.split_whitespace().nth(1).is_none()
                && surface.split_whitespace().nth(1).is_none()
            {
                renderings.add_glossary(entity, &entity.en, surface, t, link);
            }
        }
    }
}

/// A capitalised English word that may render an Arabic name, with its neighbours.
struct EnglishWord {
    sentence: u32,
    skeleton: String,
    letters: Letters,
    word: String,
    neighbours: Vec<String>,
}

/// An Arabic word no glossary form covers, read with and without the clitics that may be
/// glued to it (`وكيرنان`: `krnn` from `كيرنان`), each reading with how far it is trusted.
struct ArabicWord {
    sentence: u32,
    readings: Vec<(String, f32, Letters)>,
}

/// How many of each letter a skeleton has (skeletons are lower-case ASCII).
type Letters = [u8; 26];

fn letters(skeleton: &str) -> Letters {
    let mut counts = [0u8; 26];
    for b in skeleton.bytes().filter(u8::is_ascii_lowercase) {
        counts[(b - b'a') as usize] = counts[(b - b'a') as usize].saturating_add(1);
    }
    counts
}

/// Whether two skeletons may reach [`PAIR_THRESHOLD`]: every edit costs at least 0.4 and
/// fixes at most one letter each side, so the letters one has and the other lacks bound the
/// distance from below. Unrelated words fail this test without the edit-distance table.
fn may_pair(a: &Letters, b: &Letters, longest: usize) -> bool {
    let (mut only_a, mut only_b) = (0usize, 0usize);
    for k in 0..26 {
        only_a += a[k].saturating_sub(b[k]) as usize;
        only_b += b[k].saturating_sub(a[k]) as usize;
    }
    0.4 * only_a.max(only_b) as f32 <= (1.0 - PAIR_THRESHOLD) * longest as f32
}

/// Clitics written onto a name, as `text::translit::name_similarity` strips them.
const PROCLITICS: &[&str] = &["وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ك"];

impl ArabicWord {
    fn new(sentence: u32, word: &str) -> ArabicWord {
        use crate::text::translit::skeleton_arabic;
        let literal = skeleton_arabic(word);
        let mut readings = vec![(literal.clone(), 1.0, letters(&literal))];
        for clitic in PROCLITICS {
            if let Some(rest) = word.strip_prefix(clitic) {
                if rest.chars().count() >= 3 {
                    // A stripped reading is a guess: it must beat the literal one clearly.
                    let skeleton = skeleton_arabic(rest);
                    let counts = letters(&skeleton);
                    readings.push((skeleton, 0.9, counts));
                }
            }
        }
        ArabicWord { sentence, readings }
    }

    /// `name_similarity` with the skeletons computed once per word, not once per pair (the
    /// pairs of a link are all compared: this is most of the checker's time), and the
    /// reading that gave it, the name's key.
    fn similarity<'w>(&'w self, latin: &str, latin_letters: &Letters) -> (f32, &'w str) {
        use crate::text::translit::skeleton_similarity;
        let mut best = (0.0f32, self.readings[0].0.as_str());
        for (skeleton, trust, counts) in &self.readings {
            if !may_pair(counts, latin_letters, skeleton.len().max(latin.len())) {
                continue;
            }
            let sim = skeleton_similarity(skeleton, latin);
            let score = if sim >= 1.0 { 1.0 } else { sim * trust };
            if score > best.0 {
                best = (score, skeleton.as_str());
            }
        }
        best
    }
}

/// The most word pairs compared in one link (see [`pair_unlisted`]).
const MAX_PAIRS: usize = 20_000;

/// Below this transliteration similarity an Arabic and an English word are not paired.
const PAIR_THRESHOLD: f32 = 0.75;

/// Pairs Arabic words the glossary does not cover with English capitalised words of the
/// same link, each the other's best partner, and records the English spelling under the
/// Arabic word's consonant skeleton.
pub(crate) fn pair_unlisted(ctx: &Context<'_>, view: &LinkView<'_>, renderings: &mut Renderings) {
    if view.link.src.is_empty() || view.link.tgt.is_empty() {
        return;
    }
    let uncovered = |matches: Option<&Vec<crate::glossary::TermMatch>>, span: &Range<usize>| {
        !matches
            .into_iter()
            .flatten()
            .any(|m| m.span.start < span.end && span.start < m.span.end)
    };
    let mut arabic: Vec<ArabicWord> = Vec::new();
    for s in view.sources() {
        let matches = ctx.source_matches.get(s as usize);
        for (span, word) in ctx.source_words_of(s) {
            let is_arabic = word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            if is_arabic && word.chars().count() >= 3 && uncovered(matches, &span) {
                arabic.push(ArabicWord::new(s, word));
            }
        }
    }
    let mut english: Vec<EnglishWord> = Vec::new();
    for t in view.targets() {
        let text = ctx.target_text(t);
        let matches = ctx.target_matches.get(t as usize);
        let capitalised = ctx.capitalised_of(t);
        for (k, (span, word)) in capitalised.iter().enumerate() {
            let word = strip_possessive(word);
            let upper = word.chars().filter(|c| c.is_uppercase()).count();
            // Acronyms (`NATO`) are copied, not transliterated.
            if fold(word).chars().count() < 4 || upper > 1 || !uncovered(matches, span) {
                continue;
            }
            let adjacent = |other: &(Range<usize>, &str)| {
                let between = if other.0.start >= span.end {
                    text.get(span.end..other.0.start)
                } else {
                    text.get(other.0.end..span.start)
                };
                between.is_some_and(|b| b.chars().all(char::is_whitespace) && b.len() <= 2)
            };
            let neighbours = [k.checked_sub(1), Some(k + 1)]
                .into_iter()
                .flatten()
                .filter_map(|i| capitalised.get(i))
                .filter(|o| adjacent(o))
                .map(|(_, w)| fold(strip_possessive(w)))
                .collect();
            let skeleton = crate::text::translit::skeleton_latin(word);
            english.push(EnglishWord {
                sentence: t,
                letters: letters(&skeleton),
                skeleton,
                word: word.to_string(),
                neighbours,
            });
        }
    }
    // Every pair of a link is compared: a link of a few sentences has a few hundred pairs;
    // a runaway unit (a whole article in one TM segment) is left out rather than made
    // quadratic.
    if arabic.is_empty() || english.is_empty() || arabic.len() * english.len() > MAX_PAIRS {
        return;
    }
    let scores: Vec<Vec<(f32, &str)>> = arabic
        .iter()
        .map(|a| {
            english
                .iter()
                .map(|e| a.similarity(&e.skeleton, &e.letters))
                .collect()
        })
        .collect();
    for (a, row) in arabic.iter().zip(&scores) {
        let Some((j, &(best, key))) = row
            .iter()
            .enumerate()
            .max_by(|x, y| x.1 .0.total_cmp(&y.1 .0))
        else {
            continue;
        };
        let mutual = scores.iter().all(|r| r[j].0 <= best);
        if best < PAIR_THRESHOLD || !mutual || key.is_empty() {
            continue;
        }
        renderings.add_unlisted(key, &english[j], a.sentence, view.index);
    }
}

pub(crate) fn findings(ctx: &Context<'_>, renderings: &Renderings) -> Vec<Finding> {
    let mut out = Vec::new();
    for group in &renderings.groups {
        if group.expected.is_some() {
            report_cluster(
                ctx,
                group,
                &group.entity,
                group.occurrences.iter().collect(),
                &mut out,
            );
            continue;
        }
        for cluster in clusters(&group.occurrences) {
            let id = format!("unlisted-{}", fold(&cluster[0].spelling));
            report_cluster(ctx, group, &id, cluster, &mut out);
        }
    }
    out
}

/// Groups the spellings of one unlisted name that are equal or near each other.
fn clusters(occurrences: &[Occurrence]) -> Vec<Vec<&Occurrence>> {
    // Compared by distinct spelling, so a name seen ten thousand times in a TM costs its
    // handful of spellings, not ten thousand squared.
    let mut spellings: Vec<(String, usize)> = Vec::new();
    let mut clusters: Vec<Vec<&Occurrence>> = Vec::new();
    for occ in occurrences {
        let key = fold(&occ.spelling);
        let home = match spellings.iter().find(|(k, _)| *k == key) {
            Some(&(_, c)) => c,
            None => {
                let near = spellings
                    .iter()
                    .find(|(k, _)| is_near(k, &key))
                    .map(|&(_, c)| c);
                let c = near.unwrap_or_else(|| {
                    clusters.push(Vec::new());
                    clusters.len() - 1
                });
                spellings.push((key, c));
                c
            }
        };
        clusters[home].push(occ);
    }
    clusters
}

fn report_cluster(
    ctx: &Context<'_>,
    group: &Group,
    entity: &str,
    occurrences: Vec<&Occurrence>,
    out: &mut Vec<Finding>,
) {
    // Spellings in order of first appearance, with where they occur.
    let mut spellings: Vec<(String, String, Vec<u32>)> = Vec::new();
    for occ in &occurrences {
        let key = fold(&occ.spelling);
        match spellings.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, at)) => at.push(occ.target),
            None => spellings.push((key, occ.spelling.clone(), vec![occ.target])),
        }
    }
    if spellings.len() < 2 {
        return;
    }
    let expected_key = group
        .expected
        .as_deref()
        .map(fold)
        .filter(|k| spellings.iter().any(|(s, _, _)| s == k))
        .unwrap_or_else(|| {
            let most = spellings
                .iter()
                .map(|(_, _, at)| at.len())
                .max()
                .unwrap_or(0);
            spellings
                .iter()
                .find(|(_, _, at)| at.len() == most)
                .map(|(k, _, _)| k.clone())
                .unwrap_or_default()
        });
    let expected = spellings
        .iter()
        .find(|(k, _, _)| *k == expected_key)
        .map(|(_, s, _)| s.clone())
        .unwrap_or_default();
    let listing: Vec<String> = spellings
        .iter()
        .map(|(_, s, at)| {
            // The row numbers of the views (`#12` is link 12, 1-based), so each place
            // can be found in the HTML and the terminal view.
            let places: Vec<String> = at
                .iter()
                .map(
                    |&t| match ctx.target_link.get(t as usize).copied().flatten() {
                        Some(link) => format!("#{}", ctx.bitext.link_label(link)),
                        None => format!("en {}", t + 1),
                    },
                )
                .collect();
            format!("{s} ({}\u{d7}: {})", at.len(), places.join(", "))
        })
        .collect();
    let message =
        format!(
        "{expected} is spelled {} ways in this document: {}; use \u{201c}{expected}\u{201d} ({})",
        spellings.len(),
        listing.join(", "),
        if group.expected.is_some() { "the glossary form" } else { "the most common" }
    );
    let neighbours_of = |key: &str| -> Option<Vec<&String>> {
        let mut all = Vec::new();
        for occ in occurrences.iter().filter(|o| fold(&o.spelling) == key) {
            if occ.neighbours.is_empty() {
                return None;
            }
            all.extend(occ.neighbours.iter());
        }
        Some(all)
    };
    let expected_neighbours = neighbours_of(&expected_key);
    for occ in &occurrences {
        let key = fold(&occ.spelling);
        if key == expected_key {
            continue;
        }
        if let (Some(theirs), Some(ours)) = (&expected_neighbours, neighbours_of(&key)) {
            if !ours.iter().any(|n| theirs.contains(n)) {
                continue;
            }
        }
        let mut d = Draft::new(NAME_INCONSISTENT, message.clone());
        d.entity = Some(entity.to_string());
        d.expected = Some(expected.clone());
        d.found = Some(occ.spelling.clone());
        d.target = Some(occ.target);
        d.link = occ.link;
        d.source = occ
            .source
            .or_else(|| mentioning_source(ctx, group, occ.link));
        out.push(d.finish(ctx));
    }
}

/// The source sentence of a link that names the entity (the first of the link if none does).
fn mentioning_source(ctx: &Context<'_>, group: &Group, link: Option<u32>) -> Option<u32> {
    let link = ctx.bitext.links.get(link? as usize)?;
    let entity = ctx
        .glossary
        .entities
        .iter()
        .position(|e| e.id == group.entity);
    link.src
        .clone()
        .find(|&s| {
            ctx.source_matches.get(s as usize).is_some_and(|ms| {
                ms.iter()
                    .any(|m| Some(m.entity) == entity && m.form == FormKind::Arabic)
            })
        })
        .or_else(|| (!link.src.is_empty()).then_some(link.src.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_similarity_is_name_similarity() {
        use crate::text::translit::{name_similarity, skeleton_latin};
        for (ar, en) in [
            ("رودينكو", "Rudenko"),
            ("ورودينكو", "Roudenko"),
            ("بالكرملين", "Kremlin"),
            ("للسلام", "Salam"),
            ("كيرنان", "Kieran"),
            ("الرئيس", "President"),
            ("ف", "Fa"),
        ] {
            let latin = skeleton_latin(en);
            let (cached, _) = ArabicWord::new(0, ar).similarity(&latin, &letters(&latin));
            let full = name_similarity(ar, en);
            // Below the pairing threshold the cached score may stop early at 0.
            if full >= PAIR_THRESHOLD {
                assert_eq!(cached, full, "{ar} {en}");
            } else {
                assert!(cached < PAIR_THRESHOLD, "{ar} {en}");
            }
        }
    }
}
