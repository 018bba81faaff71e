//! `name-spelling` (a warning): misspelled names no glossary lists, the spelling signal.
//!
//! A capitalised English word of a link is reported when
//! 1. it is not a word of the word list ([`super::words::WordList`]) nor a glossary form,
//! 2. a *suggestion* is one slip away: a known word one edit from it (`Scotttish` →
//!    `Scottish`, `Kavanuagh` is not one edit from anything known, but…), or a spelling used
//!    elsewhere in the document that is near it ([`super::fuzzy::is_near`]: `Kavanuagh` →
//!    `Kavanaugh`, written three times), and
//! 3. the suggestion renders an Arabic word of the link's source by transliteration
//!    skeleton at least as well as the word does ([`crate::text::translit`]).
//!
//! So a rare name that is no dictionary word but matches its Arabic (`Naryshkin` for
//! ناريشكين, `Valderrama` for فالديراما) is left alone: nothing known is one slip from it,
//! or what is renders the Arabic worse.

use super::fuzzy::{fold, is_near_keys, strip_possessive, NearKey};
use super::{Context, Draft, LinkView, NAME_SPELLING};
use crate::glossary::FormKind;
use crate::model::Finding;
use crate::text::translit::name_similarity;
use std::collections::HashMap;

/// Below this transliteration similarity a suggestion does not render the Arabic word.
const RENDERS: f32 = 0.75;

/// Capitalised words of the whole target side, by folded spelling: how often each
/// spelling occurs, as first written. Built once per bitext.
#[derive(Default)]
pub(crate) struct DocumentSpellings {
    counts: HashMap<String, (String, usize)>,
    /// Each spelling keyed for [`is_near_keys`] once, by the same folded spelling.
    keys: HashMap<String, NearKey>,
}

impl DocumentSpellings {
    pub fn new(ctx: &Context<'_>) -> DocumentSpellings {
        let mut counts: HashMap<String, (String, usize)> = HashMap::new();
        for words in &ctx.target_capitalised {
            for (_, word) in words {
                for part in word.split(['-', '‐']) {
                    let part = strip_possessive(part);
                    if part.chars().count() < 4 {
                        continue;
                    }
                    counts
                        .entry(fold(part))
                        .or_insert_with(|| (part.to_string(), 0))
                        .1 += 1;
                }
            }
        }
        let keys = counts
            .iter()
            .map(|(folded, (spelling, _))| (folded.clone(), NearKey::new(spelling)))
            .collect();
        DocumentSpellings { counts, keys }
    }

    fn count(&self, word: &str) -> usize {
        self.counts.get(&fold(word)).map_or(0, |c| c.1)
    }

    /// Spellings of the document near `word` and more frequent than it, or known words.
    fn near<'s>(&'s self, ctx: &Context<'s>, word: &str) -> impl Iterator<Item = &'s str> + 's {
        let own = self.count(word);
        let word = NearKey::new(word);
        let words = ctx.words;
        self.counts
            .iter()
            .filter(move |(folded, (spelling, n))| {
                (*n > own || words.knows(spelling))
                    && self
                        .keys
                        .get(*folded)
                        .is_some_and(|k| is_near_keys(k, &word))
            })
            .map(|(_, (s, _))| s.as_str())
    }
}

pub(crate) fn check_link(
    ctx: &Context<'_>,
    view: &LinkView<'_>,
    spellings: &DocumentSpellings,
    out: &mut Vec<Finding>,
) {
    if view.link.src.is_empty() || view.link.tgt.is_empty() {
        return;
    }
    let arabic: Vec<&str> = view
        .sources()
        .flat_map(|s| ctx.source_words_of(s))
        .map(|(_, w)| w)
        .filter(|w| {
            w.chars().count() >= 3 && w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        })
        .collect();
    if arabic.is_empty() {
        return;
    }
    let already = out.len();
    for t in view.targets() {
        let allowed: Vec<std::ops::Range<usize>> = ctx
            .target_matches
            .get(t as usize)
            .into_iter()
            .flatten()
            .filter(|m| matches!(m.form, FormKind::Canonical | FormKind::Alternative))
            .map(|m| m.span.clone())
            .collect();
        for (span, word) in ctx.capitalised_of(t) {
            if allowed
                .iter()
                .any(|c| c.start < span.end && span.start < c.end)
            {
                continue;
            }
            for part in word.split(['-', '‐']) {
                let part = strip_possessive(part);
                if part.chars().count() < SHORT - 1
                    || part.chars().skip(1).any(char::is_uppercase)
                    || !part.chars().all(char::is_alphabetic)
                    || ctx.words.knows(part)
                {
                    continue;
                }
                // Reported already for this word (a glossary name's near miss).
                let reported = out[..].iter().any(|f| {
                    f.found.as_deref() == Some(part)
                        && f.target.as_ref().is_some_and(|r| r.index == t)
                });
                if reported
                    || out[already..]
                        .iter()
                        .any(|f| f.found.as_deref() == Some(part))
                {
                    continue;
                }
                let Some(Suggestion {
                    spelling: suggestion,
                    arabic: arabic_word,
                    evidence,
                    count,
                }) = suggest(ctx, spellings, part, &arabic)
                else {
                    continue;
                };
                let source = if arabic_word.is_empty() {
                    String::new()
                } else {
                    format!(" ({arabic_word})")
                };
                // The evidence in words: what a reviewer checks first.
                let why = match evidence {
                    Evidence::DocumentUsage | Evidence::DocumentSpelling => format!(
                        ", written so {} elsewhere in this document",
                        if count == 1 {
                            "once".to_string()
                        } else {
                            format!("{count} times")
                        }
                    ),
                    _ => String::new(),
                };
                let mut d = Draft::new(
                    NAME_SPELLING,
                    format!(
                        "\u{201c}{part}\u{201d} looks like a misspelling of \u{201c}{suggestion}\u{201d}{source}{why}; \u{201c}{part}\u{201d} is no word or name qarin knows"
                    ),
                );
                d.entity = Some(format!("unlisted-{}", fold(&suggestion)));
                d.expected = Some(suggestion);
                d.found = Some(part.to_string());
                d.source = view
                    .sources()
                    .find(|&s| ctx.source_words_of(s).any(|(_, w)| w == arabic_word))
                    .or(view.first_source());
                d.target = Some(t);
                d.link = Some(view.index);
                out.push(d.finish(ctx));
            }
        }
    }
}

/// Why a suggestion is believed: what the misspelled word is measured against. The order
/// is the order of trust: the strongest evidence found names the suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// A common word (lower case in the list) one edit away, and the word renders no Arabic
    /// word of the link: a translated word of a name (`Assembly` for الجمعية).
    TranslatedWord,
    /// A known word one edit away that renders the Arabic better (a consonant differs).
    KnownWordRendersBetter,
    /// A known word one edit away, and the word has a run of three letters no word of the
    /// list has while the known word has none ([`WordList::has_unseen_triple`]): `Mayrland`,
    /// `Pittsubrgh`, a slip the transliteration skeleton cannot see.
    ///
    /// [`WordList::has_unseen_triple`]: super::words::WordList::has_unseen_triple
    OddLetters,
    /// The word is a known word with a letter doubled as no English word doubles it
    /// ([`odd_doubling`]).
    OddDoubling,
    /// The suggestion is written elsewhere in the same document at least as often (a known
    /// word) or more often (a name no list knows): `Citizen` three sentences on.
    DocumentUsage,
    /// A spelling used more often in the same document, that renders the Arabic as well.
    DocumentSpelling,
}

/// What the checker proposes for a word no list knows.
struct Suggestion<'a> {
    spelling: String,
    /// The Arabic word it renders, or `""`.
    arabic: &'a str,
    evidence: Evidence,
    /// How often the suggestion is written in the document.
    count: usize,
}

/// A word one slip from the word written: a known word, or a spelling of the document.
struct Candidate {
    spelling: String,
    /// Capitalised occurrences in the document.
    count: usize,
    known: bool,
}

/// Whether `found` is `known` with one letter doubled where English does not double it:
/// `a`, `i`, `u` (`Foundaation`, `Xiining`), or a consonant beside another consonant
/// (`Sttreet`, `Westminnster`). `Gerrard` for `Gerard` is a spelling names have.
fn odd_doubling(found: &str, known: &str) -> bool {
    let f: Vec<char> = found.chars().flat_map(char::to_lowercase).collect();
    let k: Vec<char> = known.chars().flat_map(char::to_lowercase).collect();
    if f.len() != k.len() + 1 {
        return false;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    (1..f.len()).any(|p| {
        f[p] == f[p - 1]
            && f[..p] == k[..p]
            && f[p + 1..] == k[p..]
            && ("aiu".contains(f[p])
                || (!vowel(f[p])
                    && (p >= 2 && !vowel(f[p - 2]) || f.get(p + 1).is_some_and(|&c| !vowel(c)))))
    })
}

/// Words this short are looked at only with the document's own evidence or letters no
/// English word has: one edit from four letters is as often another word.
const SHORT: usize = 5;

/// The best suggestion for `word`, with the evidence that it is a slip (see [`Evidence`]).
fn suggest<'a>(
    ctx: &Context<'_>,
    spellings: &DocumentSpellings,
    word: &str,
    arabic: &[&'a str],
) -> Option<Suggestion<'a>> {
    let own = spellings.count(word);
    let mut candidates: Vec<Candidate> = spellings
        .near(ctx, word)
        .map(|s| Candidate {
            spelling: s.to_string(),
            count: spellings.count(s),
            known: ctx.words.knows(s),
        })
        .collect();
    for known in ctx.words.one_edit_from(word) {
        // The suggestion keeps the word's capital: `Scottish` for `Scotttish`, from either
        // `Scottish` or `scottish` in the list.
        let mut chars = known.chars();
        let Some(first) = chars.next() else { continue };
        let cased: String = first.to_uppercase().chain(chars).collect();
        match candidates.iter_mut().find(|c| c.spelling == cased) {
            Some(c) => c.known = true,
            None => candidates.push(Candidate {
                count: spellings.count(&cased),
                spelling: cased,
                known: true,
            }),
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let short = word.chars().count() < SHORT;
    let odd_letters = ctx.words.has_unseen_triple(word);
    // A word that renders no Arabic word of the link is no transliterated name: a
    // misspelled word of a translated name (`Couocil` for مجلس, `Caancer`) or a doubling no
    // English word has, one slip from a known word, is a slip.
    let renders_some = arabic.iter().any(|ar| name_similarity(ar, word) >= RENDERS);
    let mut best: Option<Suggestion<'a>> = None;
    let mut offer = |s: Suggestion<'a>| {
        if best
            .as_ref()
            .map_or(true, |b| (s.evidence, s.count) > (b.evidence, b.count))
        {
            best = Some(s);
        }
    };
    for c in &candidates {
        let used = if c.known {
            c.count >= own.max(1)
        } else {
            c.count > own
        };
        let evidence = if used {
            Evidence::DocumentUsage
        } else if !c.known {
            continue;
        } else if short {
            if odd_letters && !ctx.words.has_unseen_triple(&c.spelling) {
                Evidence::OddLetters
            } else {
                continue;
            }
        } else if odd_doubling(word, &c.spelling) {
            Evidence::OddDoubling
        } else if odd_letters && !ctx.words.has_unseen_triple(&c.spelling) {
            Evidence::OddLetters
        } else if !renders_some && ctx.words.knows_as_common_word(&c.spelling) {
            // A translated word is a common word (`Assembly`): a name the list knows
            // (`Harrington`) would be transliterated, so not rendering one says nothing.
            Evidence::TranslatedWord
        } else {
            continue;
        };
        offer(Suggestion {
            spelling: c.spelling.clone(),
            arabic: "",
            evidence,
            count: c.count,
        });
    }
    if !short {
        for ar in arabic {
            let own_sim = name_similarity(ar, word);
            for c in &candidates {
                let sim = name_similarity(ar, &c.spelling);
                if sim < RENDERS || sim < own_sim || own_sim < RENDERS_AT_ALL {
                    continue;
                }
                let evidence = if c.count > 0 && c.count > own {
                    Evidence::DocumentSpelling
                } else if c.known && sim >= SURE && sim > own_sim + MARGIN {
                    Evidence::KnownWordRendersBetter
                } else {
                    continue;
                };
                offer(Suggestion {
                    spelling: c.spelling.clone(),
                    arabic: ar,
                    evidence,
                    count: c.count,
                });
            }
        }
    }
    best
}

/// The word written must render the Arabic word this well too: a misspelling of its name,
/// not of a word that merely looks like some other word of the sentence.
const RENDERS_AT_ALL: f32 = 0.5;

/// How well a known word must render the Arabic to be believed over the word written: on
/// the dev documents, a known word rendering some short Arabic word at 0.75–0.9 (`Clio`
/// for خلال, `Cadi` for هذا) was wrong eleven times in twelve.
const SURE: f32 = 0.9;

/// How much better a known word must render the Arabic than the word written.
const MARGIN: f32 = 0.1;
