//! `name-forbidden`, `name-misspelled`, `name-missing`: each glossary entity the source side
//! of a link mentions must reach the target side of that link in an allowed form.
//!
//! For each entity mentioned in the Arabic of a link, in order:
//! 1. an allowed English form (canonical or alternative) on the target side: fine;
//! 2. a forbidden variant: `name-misspelled` when it is a spelling variant of an allowed
//!    form (`Narishkin`, `Peskof`: the translator meant the name and mistyped or
//!    re-romanised it), `name-forbidden` otherwise (`Kiev` for `Kyiv`: another name);
//! 3. a capitalised word no glossary form covers that is near an allowed form
//!    ([`super::fuzzy::is_near`]): `name-misspelled` — the misspellings no glossary lists;
//! 4. nothing: `name-missing`.
//!
//! Every spelling seen on the way is recorded for `name-inconsistent`.

use super::fuzzy::{fold, is_derivation, is_near, strip_possessive};
use super::inconsistent::Renderings;
use super::{Context, Draft, LinkView, NAME_FORBIDDEN, NAME_MISSING, NAME_MISSPELLED};
use crate::glossary::{Entity, EntityKind, FormKind};
use crate::model::Finding;
use crate::text::translit::name_similarity;
use std::ops::Range;

/// One entity mentioned on the source side of a link.
struct Mention {
    entity: usize,
    sentence: u32,
    /// The Arabic form as written, for the message.
    arabic: String,
}

pub(crate) fn check_link(
    ctx: &Context<'_>,
    view: &LinkView<'_>,
    out: &mut Vec<Finding>,
    renderings: &mut Renderings,
) {
    // A source sentence with no translation at all (1-0) is the aligner's finding, not a
    // name's: each of its names would only repeat it.
    if view.link.tgt.is_empty() {
        return;
    }
    let mut mentions: Vec<Mention> = Vec::new();
    for s in view.sources() {
        let text = ctx.source_text(s);
        for m in ctx.source_matches.get(s as usize).into_iter().flatten() {
            if m.form != FormKind::Arabic || mentions.iter().any(|x| x.entity == m.entity) {
                continue;
            }
            mentions.push(Mention {
                entity: m.entity,
                sentence: s,
                arabic: text.get(m.span.clone()).unwrap_or("").to_string(),
            });
        }
    }
    for mention in &mentions {
        let Some(entity) = ctx.glossary.entities.get(mention.entity) else {
            continue;
        };
        check_mention(ctx, view, mention, entity, out, renderings);
    }
}

fn check_mention(
    ctx: &Context<'_>,
    view: &LinkView<'_>,
    mention: &Mention,
    entity: &Entity,
    out: &mut Vec<Finding>,
    renderings: &mut Renderings,
) {
    let mut allowed = false;
    let mut reported = false;
    for t in view.targets() {
        let text = ctx.target_text(t);
        for m in ctx.target_matches.get(t as usize).into_iter().flatten() {
            if m.entity != mention.entity {
                continue;
            }
            match m.form {
                FormKind::Canonical | FormKind::Alternative => allowed = true,
                FormKind::Forbidden => {
                    let surface = text.get(m.span.clone()).unwrap_or("");
                    reported = true;
                    let d = match spelling_slip(entity, surface) {
                        Some((expected, found)) => {
                            misspelled(entity, mention, expected, found, Listed::Yes)
                        }
                        None => {
                            let expected = preferred_form(entity, &mention.arabic);
                            let mut d = Draft::new(
                                NAME_FORBIDDEN,
                                format!(
                                    "\u{201c}{surface}\u{201d} is a variant the glossary forbids for {}; write \u{201c}{expected}\u{201d}",
                                    mention.arabic
                                ),
                            );
                            d.expected = Some(expected.to_string());
                            d.found = Some(surface.to_string());
                            d
                        }
                    };
                    out.push(place(d, entity, mention, Some(t), view).finish(ctx));
                }
                FormKind::Arabic => {}
            }
        }
    }
    if allowed || reported {
        return;
    }
    // No glossary form at all: look for a capitalised word near an allowed form.
    let mut found_near: Vec<String> = Vec::new();
    for t in view.targets() {
        let covered: Vec<Range<usize>> = ctx
            .target_matches
            .get(t as usize)
            .into_iter()
            .flatten()
            .map(|m| m.span.clone())
            .collect();
        for (span, word) in ctx.capitalised_of(t) {
            if covered
                .iter()
                .any(|c| c.start < span.end && span.start < c.end)
            {
                continue;
            }
            // `Narishkin-led`: the name is one part of a hyphenated word.
            let Some((word, expected)) = word.split(['-', '‐']).find_map(|part| {
                let part = strip_possessive(part);
                near_allowed_token(entity, part).map(|t| (part, t))
            }) else {
                continue;
            };
            renderings.add_glossary(entity, expected, word, t, view.index);
            if found_near.iter().any(|w| w == word) {
                continue;
            }
            found_near.push(word.to_string());
            let d = misspelled(entity, mention, expected, word, Listed::No);
            out.push(place(d, entity, mention, Some(t), view).finish(ctx));
        }
    }
    if !found_near.is_empty()
        || rendered_otherwise(ctx, view, entity, &mention.arabic)
        || rendered_inside_another(ctx, view, mention)
    {
        return;
    }
    // Titles and terms are paraphrased as a matter of course (`the UN chief`,
    // `denuclearization` for الأسلحة النووية): only names are expected to come through.
    if matches!(entity.kind, EntityKind::Term | EntityKind::Title) {
        return;
    }
    let expected = preferred_form(entity, &mention.arabic);
    let mut d = Draft::new(
        NAME_MISSING,
        format!(
            "the source names {} ({expected}); the translation does not",
            mention.arabic
        ),
    );
    d.expected = Some(expected.to_string());
    out.push(place(d, entity, mention, view.first_target(), view).finish(ctx));
}

/// Whether the target side shows the name in a way that is not a finding: an allowed form
/// in other letter case (`international court of justice`), a derived word
/// (`Russian-backed` for روسيا, `congresswoman` for الكونغرس), or the Arabic word is the
/// transliteration of another capitalised name there (`كييف` is Kyiv, but also `Keefe`):
/// then the glossary entry matched another person's name.
fn rendered_otherwise(
    ctx: &Context<'_>,
    view: &LinkView<'_>,
    entity: &Entity,
    arabic: &str,
) -> bool {
    let allowed: Vec<String> = std::iter::once(&entity.en)
        .chain(&entity.en_alt)
        .map(|f| f.to_lowercase())
        .collect();
    let tokens: Vec<String> = allowed_tokens(entity).map(fold).collect();
    let arabic_words: Vec<&str> = arabic.split_whitespace().collect();
    view.targets().any(|t| {
        let lower = ctx.target_text(t).to_lowercase();
        if allowed.iter().any(|f| contains_words(&lower, f)) {
            return true;
        }
        let derived = ctx
            .target_words_of(t)
            .flat_map(|(_, w)| w.split(['-', '‐']))
            .any(|word| {
                let folded = fold(strip_possessive(word));
                tokens.iter().any(|a| {
                    is_derivation(a, &folded)
                        || (folded.len() > a.len() && folded.starts_with(a.as_str()))
                })
            });
        derived
            || (arabic_words.len() == 1
                && ctx.capitalised_of(t).iter().any(|(_, word)| {
                    let word = strip_possessive(word);
                    near_allowed_token(entity, word).is_none()
                        && name_similarity(arabic_words[0], word) >= SAME_NAME
                }))
    })
}

/// Whether the English names a glossary entity whose Arabic contains this mention: the name
/// went into a longer one (الاتحاد الأوروبي inside خروج المملكة المتحدة من الاتحاد الأوروبي,
/// rendered `Brexit`; واشنطن inside واشنطن بوست, `the Post`).
fn rendered_inside_another(ctx: &Context<'_>, view: &LinkView<'_>, mention: &Mention) -> bool {
    use crate::text::arabic::normalize_arabic;
    let mentioned = normalize_arabic(&mention.arabic).text;
    if mentioned.trim().is_empty() {
        return false;
    }
    view.targets()
        .flat_map(|t| ctx.target_matches.get(t as usize).into_iter().flatten())
        .filter(|m| m.entity != mention.entity && m.form != FormKind::Forbidden)
        .filter_map(|m| ctx.glossary.entities.get(m.entity))
        .any(|other| {
            other
                .ar
                .iter()
                .any(|form| normalize_arabic(form).text.contains(&mentioned))
        })
}

/// `needle` in `haystack` starting and ending at word boundaries.
fn contains_words(haystack: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack.match_indices(needle).any(|(i, m)| {
        !is_word(haystack[..i].chars().next_back())
            && !is_word(haystack[i + m.len()..].chars().next())
    })
}

/// Transliteration similarity above which an Arabic and a Latin word are one name.
const SAME_NAME: f32 = 0.95;

/// Whether a misspelling is one of the glossary's forbidden variants (the built-in one's
/// or the desk's own `en_forbidden`) or a near form the checker found by itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listed {
    Yes,
    No,
}

fn misspelled(
    entity: &Entity,
    mention: &Mention,
    expected: &str,
    found: &str,
    listed: Listed,
) -> Draft {
    // A listed variant says so: a desk that put it in `en_forbidden` sees its entry at work.
    let message = match listed {
        Listed::Yes => format!(
            "\u{201c}{found}\u{201d} is a misspelling of \u{201c}{expected}\u{201d} that the glossary forbids ({}, {})",
            mention.arabic, entity.en
        ),
        Listed::No => format!(
            "\u{201c}{found}\u{201d} looks like a misspelling of \u{201c}{expected}\u{201d} ({}, {})",
            mention.arabic, entity.en
        ),
    };
    let mut d = Draft::new(NAME_MISSPELLED, message);
    d.expected = Some(expected.to_string());
    d.found = Some(found.to_string());
    d
}

fn place(
    mut d: Draft,
    entity: &Entity,
    mention: &Mention,
    target: Option<u32>,
    view: &LinkView<'_>,
) -> Draft {
    d.entity = Some(entity.id.clone());
    d.source = Some(mention.sentence);
    d.target = target;
    d.link = Some(view.index);
    d
}

/// Words of the allowed English forms that can carry a misspelling: names, not `of` or
/// `al`. Initials and short words are left out since one edit changes them into another word.
pub(crate) fn allowed_tokens(entity: &Entity) -> impl Iterator<Item = &str> {
    std::iter::once(entity.en.as_str())
        .chain(entity.en_alt.iter().map(String::as_str))
        .flat_map(str::split_whitespace)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && fold(w).chars().count() >= 4
        })
}

/// The allowed token `word` is a near miss of, unless `word` is itself an allowed token.
pub(crate) fn near_allowed_token<'e>(entity: &'e Entity, word: &str) -> Option<&'e str> {
    let folded = fold(word);
    if allowed_tokens(entity).any(|t| fold(t) == folded) {
        return None;
    }
    allowed_tokens(entity).find(|t| is_near(t, word))
}

/// In a forbidden variant, the word that is a spelling slip of an allowed word, with
/// that allowed word: `("Naryshkin", "Narishkin")` for `Sergei Narishkin`.
pub(crate) fn spelling_slip<'e, 's>(
    entity: &'e Entity,
    surface: &'s str,
) -> Option<(&'e str, &'s str)> {
    surface
        .split_whitespace()
        .map(|w| strip_possessive(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')))
        .find_map(|w| near_allowed_token(entity, w).map(|t| (t, w)))
}

/// The English form to suggest: the canonical one, unless the Arabic used a one-word
/// short form (`بيرنز` alone) and the glossary allows a one-word English form (`Burns`).
pub(crate) fn preferred_form<'e>(entity: &'e Entity, arabic: &str) -> &'e str {
    let one_word = |s: &str| s.split_whitespace().count() == 1;
    if !one_word(arabic) || one_word(&entity.en) {
        return &entity.en;
    }
    entity
        .en_alt
        .iter()
        .find(|alt| one_word(alt))
        .map_or(entity.en.as_str(), String::as_str)
}
