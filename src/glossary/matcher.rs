//! Finding glossary forms in running text, in one pass over it.
//!
//! All forms of one language go into a single Aho–Corasick automaton built over the
//! normalised forms; a text is normalised the same way and scanned once, so the cost is
//! linear in the text whatever the size of the glossary. Every raw hit is then checked
//! against word boundaries (and, in Arabic, the proclitics that may be glued in front of
//! a name), and the surviving hits are resolved leftmost-longest so that matches never
//! overlap. Spans are mapped back to the bytes of the original text.

use super::{EntityKind, Glossary};
use crate::model::Lang;
use crate::text::arabic::{normalize_arabic, Normalized, NormalizedBuilder};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// How the matched form stands in its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// One of the entity's Arabic forms.
    Arabic,
    /// The canonical English form (`en`).
    Canonical,
    /// An allowed English alternative (`en_alt`).
    Alternative,
    /// A wrong English variant (`en_forbidden`).
    Forbidden,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Arabic => "arabic",
            FormKind::Canonical => "canonical",
            FormKind::Alternative => "alternative",
            FormKind::Forbidden => "forbidden",
        }
    }
}

/// One occurrence of a glossary form in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TermMatch {
    /// Index into [`Glossary::entities`] of the glossary the matcher was built from.
    pub entity: usize,
    /// Byte range in the original text (a proclitic such as `و` in `وناريشكين` is left
    /// out; harakat on the name are inside).
    pub span: Range<usize>,
    pub form: FormKind,
}

impl TermMatch {
    /// The matched text as written.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.clone()).unwrap_or("")
    }
}

/// What may stand glued in front of a pattern inside the same word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    /// English: nothing; the match starts a word.
    None,
    /// Arabic: any chain of proclitics (و ف, then ب ل ك, then the article ال), or none.
    /// `article` is false for names, which never take ال, and for forms that already
    /// start with it.
    Proclitics { article: bool },
    /// Arabic forms starting with ال after the preposition ل, which merges with the
    /// article (`ل` + `البيت` = `للبيت`): the pattern is the form without its alef and a
    /// preposition ل (after an optional و or ف) must precede it.
    AfterLam,
}

#[derive(Clone, Copy, Debug)]
struct Pattern {
    entity: usize,
    form: FormKind,
    prefix: Prefix,
}

#[derive(Clone, Debug, Default)]
struct Automaton {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// Finds the forms of one glossary in texts. Build once, use for every sentence.
#[derive(Clone, Debug)]
pub struct Matcher {
    arabic: Automaton,
    english: Automaton,
}

/// Longest proclitic chain in characters (`وبال`, `ولل`): a hit further inside a word
/// than this cannot be a name with proclitics.
const MAX_PROCLITIC_CHARS: usize = 4;

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut arabic = PatternSet::default();
        let mut english = PatternSet::default();
        // Later entities overwrite earlier ones on a shared form, so a user glossary
        // merged after the built-in one decides.
        for (index, entity) in glossary.entities.iter().enumerate() {
            for form in &entity.ar {
                let key = normalize_arabic(form).text.trim().to_string();
                if key.is_empty() {
                    continue;
                }
                let starts_with_article = key.starts_with("ال") && key.chars().count() > 2;
                let article = entity.kind != EntityKind::Person && !starts_with_article;
                arabic.insert(
                    key.clone(),
                    Pattern {
                        entity: index,
                        form: FormKind::Arabic,
                        prefix: Prefix::Proclitics { article },
                    },
                    true,
                );
                if starts_with_article {
                    // ل + اللجنة is written للجنة: the article's lam merges too.
                    let merged = &key["ا".len()..];
                    let merged = if merged.starts_with("لل") {
                        &merged["ل".len()..]
                    } else {
                        merged
                    };
                    arabic.insert(
                        merged.to_string(),
                        Pattern {
                            entity: index,
                            form: FormKind::Arabic,
                            prefix: Prefix::AfterLam,
                        },
                        false,
                    );
                }
            }
            for (form, kind) in entity.english_forms() {
                let key = normalize_latin(form).text.trim().to_string();
                if key.is_empty() {
                    continue;
                }
                let pattern = Pattern {
                    entity: index,
                    form: kind,
                    prefix: Prefix::None,
                };
                // A lower-case form (`foreign minister`, `al-Assad`) may open a sentence.
                if key.starts_with(|c: char| c.is_lowercase()) {
                    let mut chars = key.chars();
                    let capitalised: String = chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_uppercase)
                        .chain(chars)
                        .collect();
                    english.insert(capitalised, pattern, false);
                }
                english.insert(key, pattern, true);
            }
        }
        Matcher {
            arabic: arabic.build(),
            english: english.build(),
        }
    }

    /// Every occurrence of a glossary form in `text`: Arabic forms when `lang` is Arabic,
    /// English forms otherwise. Sorted by position, never overlapping; where two forms
    /// overlap, the one starting first wins, then the longer.
    pub fn find(&self, text: &str, lang: &Lang) -> Vec<TermMatch> {
        if lang.is_arabic() {
            find_in(&self.arabic, &normalize_arabic(text))
        } else {
            find_in(&self.english, &normalize_latin(text))
        }
    }
}

#[derive(Default)]
struct PatternSet {
    keys: Vec<String>,
    patterns: Vec<Pattern>,
    /// key → index, and whether it came from a real form (which a derived variant such
    /// as a capitalised or article-merged form never overrides).
    index: HashMap<String, (usize, bool)>,
}

impl PatternSet {
    fn insert(&mut self, key: String, pattern: Pattern, real: bool) {
        match self.index.get(&key) {
            Some(&(i, was_real)) => {
                if real || !was_real {
                    self.patterns[i] = pattern;
                    self.index.insert(key, (i, real || was_real));
                }
            }
            None => {
                self.index.insert(key.clone(), (self.keys.len(), real));
                self.keys.push(key);
                self.patterns.push(pattern);
            }
        }
    }

    fn build(self) -> Automaton {
        if self.keys.is_empty() {
            return Automaton::default();
        }
        // Standard semantics + overlapping search: every hit is seen, so a hit that fails
        // the boundary test cannot hide a valid one overlapping it.
        // A contiguous NFA builds in ~30 ms for the built-in glossary; a DFA scans a few
        // times faster but takes ~200 ms to build (seconds in debug builds), more than a
        // whole news article costs to match.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&self.keys)
            .ok();
        Automaton {
            ac,
            patterns: self.patterns,
        }
    }
}

fn find_in(automaton: &Automaton, normalized: &Normalized) -> Vec<TermMatch> {
    let Some(ac) = &automaton.ac else {
        return Vec::new();
    };
    let text = normalized.text.as_str();
    let mut candidates: Vec<(Range<usize>, usize)> = Vec::new();
    for hit in ac.find_overlapping_iter(text) {
        let pattern_index = hit.pattern().as_usize();
        let Some(pattern) = automaton.patterns.get(pattern_index) else {
            continue;
        };
        let (start, end) = (hit.start(), hit.end());
        if text[end..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        if !prefix_allowed(&text[..start], pattern.prefix) {
            continue;
        }
        candidates.push((start..end, pattern_index));
    }
    candidates.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = Vec::new();
    let mut taken_until = 0;
    for (range, pattern_index) in candidates {
        if range.start < taken_until {
            continue;
        }
        taken_until = range.end;
        let pattern = automaton.patterns[pattern_index];
        out.push(TermMatch {
            entity: pattern.entity,
            span: normalized.original_range(range),
            form: pattern.form,
        });
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the letters glued in front of a hit (from the start of its word) are allowed
/// for the pattern. `before` is the normalised text up to the hit.
fn prefix_allowed(before: &str, prefix: Prefix) -> bool {
    // Walk back over at most one more letter than the longest chain: the glued part is a
    // short suffix of `before`, found without allocating.
    let mut glued_start = before.len();
    for (count, (i, c)) in before.char_indices().rev().enumerate() {
        if !is_word_char(c) || count > MAX_PROCLITIC_CHARS {
            break;
        }
        glued_start = i;
    }
    let glued = &before[glued_start..];
    match prefix {
        Prefix::None => glued.is_empty(),
        Prefix::Proclitics { article } => glued.is_empty() || is_proclitic_chain(glued, article),
        Prefix::AfterLam => matches!(glued, "ل" | "ول" | "فل"),
    }
}

/// `[و|ف]? [ب|ل|ك]? (ال)?`, with ل + ال written `لل`.
fn is_proclitic_chain(s: &str, article: bool) -> bool {
    let rest = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    if rest.is_empty() {
        return true;
    }
    if article && rest == "لل" {
        return true;
    }
    let rest = rest.strip_prefix(['ب', 'ل', 'ك']).unwrap_or(rest);
    rest.is_empty() || (article && rest == "ال")
}

/// Folds Latin-script text for matching: typographic apostrophes (`’ ‘ ʼ ′`) → `'`,
/// Unicode hyphens → `-`, white-space runs → one space, invisible format characters
/// dropped. Case is kept: names match case-sensitively (`Burns`, not `burns`).
pub fn normalize_latin(s: &str) -> Normalized {
    let mut b = NormalizedBuilder::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        let folded = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => continue,
            c if c.is_whitespace() => {
                b.push_space(at);
                continue;
            }
            c => c,
        };
        b.push(folded, at);
    }
    b.finish(s.len())
}

#[cfg(test)]
mod tests {
    use super::super::{Entity, EntityKind, Glossary};
    use super::*;

    fn entity(
        id: &str,
        kind: EntityKind,
        ar: &[&str],
        en: &str,
        alt: &[&str],
        bad: &[&str],
    ) -> Entity {
        Entity {
            id: id.into(),
            kind,
            ar: ar.iter().map(|s| s.to_string()).collect(),
            en: en.into(),
            en_alt: alt.iter().map(|s| s.to_string()).collect(),
            en_forbidden: bad.iter().map(|s| s.to_string()).collect(),
            note: None,
            ignore: vec![],
        }
    }

    fn glossary() -> Glossary {
        use EntityKind::*;
        Glossary {
            entities: vec![
                entity(
                    "sergei-naryshkin",
                    Person,
                    &["سيرغي ناريشكين", "سيرجي ناريشكين", "ناريشكين"],
                    "Sergei Naryshkin",
                    &["Naryshkin"],
                    &["Narishkin", "Naryshkine"],
                ),
                entity(
                    "vladimir-putin",
                    Person,
                    &["فلاديمير بوتين", "بوتين"],
                    "Vladimir Putin",
                    &["Putin"],
                    &["Poutine"],
                ),
                entity(
                    "sergei-lavrov",
                    Person,
                    &["سيرغي لافروف", "لافروف"],
                    "Sergei Lavrov",
                    &["Lavrov"],
                    &["Lawrow"],
                ),
                entity(
                    "hakan-fidan",
                    Person,
                    &["هاكان فيدان", "فيدان"],
                    "Hakan Fidan",
                    &["Fidan"],
                    &[],
                ),
                entity(
                    "john-kirby",
                    Person,
                    &["جون كيربي", "كيربي"],
                    "John Kirby",
                    &["Kirby"],
                    &[],
                ),
                entity(
                    "william-burns",
                    Person,
                    &["وليام بيرنز", "بيرنز"],
                    "William Burns",
                    &["Burns"],
                    &[],
                ),
                entity(
                    "white-house",
                    Org,
                    &["البيت الأبيض"],
                    "White House",
                    &[],
                    &[],
                ),
                entity(
                    "cia",
                    Org,
                    &["وكالة المخابرات المركزية", "سي آي إيه"],
                    "CIA",
                    &["Central Intelligence Agency"],
                    &[],
                ),
                entity("nato", Org, &["ناتو", "حلف شمال الأطلسي"], "NATO", &[], &[]),
                entity("kyiv", Place, &["كييف"], "Kyiv", &[], &["Kiev"]),
                entity("ankara", Place, &["أنقرة"], "Ankara", &[], &[]),
                entity(
                    "foreign-minister",
                    Title,
                    &["وزير الخارجية"],
                    "foreign minister",
                    &[],
                    &[],
                ),
            ],
        }
    }

    /// (surface, entity id, form kind) of every match.
    fn found(text: &str, lang: &str) -> Vec<(String, String, FormKind)> {
        let g = glossary();
        Matcher::new(&g)
            .find(text, &Lang::new(lang))
            .into_iter()
            .map(|m| {
                (
                    m.surface(text).to_string(),
                    g.entities[m.entity].id.clone(),
                    m.form,
                )
            })
            .collect()
    }

    fn ids(text: &str, lang: &str) -> Vec<String> {
        found(text, lang).into_iter().map(|(_, id, _)| id).collect()
    }

    #[test]
    fn arabic_spelling_variants_match_through_normalisation() {
        let text = "وصل إلى أنقره وانقرة وآنقرة";
        let got = found(text, "ar");
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|(_, id, _)| id == "ankara"));
    }

    #[test]
    fn arabic_spans_point_into_the_original_around_harakat_and_tatweel() {
        let text = "قال بُوتِيـن";
        let got = found(text, "ar");
        assert_eq!(
            got,
            [(
                "بُوتِيـن".to_string(),
                "vladimir-putin".to_string(),
                FormKind::Arabic
            )]
        );
    }

    #[test]
    fn conjunction_and_preposition_glued_to_a_name_are_stripped() {
        assert_eq!(found("التقى وناريشكين", "ar")[0].0, "ناريشكين");
        assert_eq!(ids("قال لبيرنز", "ar"), ["william-burns"]);
        assert_eq!(ids("فبوتين", "ar"), ["vladimir-putin"]);
        assert_eq!(ids("وبكيربي", "ar"), ["john-kirby"]);
    }

    #[test]
    fn names_beginning_with_proclitic_letters_match_whole() {
        let got = found("بوتين ولافروف لافروف فيدان كيربي بيرنز", "ar");
        let surfaces: Vec<&str> = got.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            surfaces,
            ["بوتين", "لافروف", "لافروف", "فيدان", "كيربي", "بيرنز"]
        );
    }

    #[test]
    fn a_prefix_that_leaves_no_glossary_form_is_no_match() {
        assert!(ids("بالرئاسة", "ar").is_empty());
        // ب + "وتين" is not a form; neither is a name inside a longer word.
        assert!(ids("ابوتين بوتينات", "ar").is_empty());
    }

    #[test]
    fn names_do_not_take_the_article_but_organisations_do() {
        assert!(ids("البوتين", "ar").is_empty());
        assert_eq!(ids("والناتو", "ar"), ["nato"]);
        assert_eq!(ids("للناتو", "ar"), ["nato"]);
    }

    #[test]
    fn lam_merges_with_the_article_of_a_form() {
        let got = found("قال للبيت الأبيض", "ar");
        assert_eq!(
            got,
            [(
                "لبيت الأبيض".to_string(),
                "white-house".to_string(),
                FormKind::Arabic
            )]
        );
        assert_eq!(ids("وللبيت الأبيض", "ar"), ["white-house"]);
        // Without the preposition the article-less form is not the White House.
        assert!(ids("لبيت الأبيض", "ar").is_empty());
        assert!(ids("بيت الأبيض", "ar").is_empty());
        assert_eq!(ids("بالبيت الأبيض", "ar"), ["white-house"]);
    }

    #[test]
    fn lam_merges_with_an_article_followed_by_lam() {
        let mut g = glossary();
        g.entities.push(entity(
            "icrc",
            EntityKind::Org,
            &["اللجنة الدولية للصليب الأحمر"],
            "ICRC",
            &[],
            &[],
        ));
        let text = "قال للجنة الدولية للصليب الأحمر";
        let m = Matcher::new(&g).find(text, &Lang::arabic());
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].surface(text), "لجنة الدولية للصليب الأحمر");
    }

    #[test]
    fn latin_forms_in_arabic_text_take_proclitics_and_end_on_punctuation() {
        let mut g = glossary();
        g.entities
            .push(entity("cnn", EntityKind::Media, &["CNN"], "CNN", &[], &[]));
        g.entities.push(entity(
            "opec-plus",
            EntityKind::Org,
            &["أوبك+"],
            "OPEC+",
            &[],
            &[],
        ));
        let text = "قال لـCNN إن أوبك+ اجتمعت";
        let m = Matcher::new(&g).find(text, &Lang::arabic());
        let surfaces: Vec<&str> = m.iter().map(|m| m.surface(text)).collect();
        assert_eq!(surfaces, ["CNN", "أوبك+"]);
    }

    #[test]
    fn multi_word_forms_match_across_line_breaks() {
        assert_eq!(ids("مدير وكالة المخابرات\nالمركزية", "ar"), ["cia"]);
    }

    #[test]
    fn longest_match_wins_and_matches_never_overlap() {
        let got = found("التقى سيرغي ناريشكين ثم ناريشكين", "ar");
        let surfaces: Vec<&str> = got.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(surfaces, ["سيرغي ناريشكين", "ناريشكين"]);
        let got = found("Sergei Naryshkin and Naryshkin", "en");
        assert_eq!(got[0].2, FormKind::Canonical);
        assert_eq!(got[1].2, FormKind::Alternative);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn english_possessives_and_hyphenated_compounds_match() {
        let text = "Naryshkin's aide, Burns' trip, Naryshkin\u{2019}s plan, a Naryshkin-led team";
        let got = found(text, "en");
        let surfaces: Vec<&str> = got.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(surfaces, ["Naryshkin", "Burns", "Naryshkin", "Naryshkin"]);
    }

    #[test]
    fn english_names_are_case_sensitive_and_acronyms_exact() {
        assert!(ids("the fire burns; the cia; Cia", "en").is_empty());
        assert_eq!(ids("The CIA said", "en"), ["cia"]);
    }

    #[test]
    fn english_word_boundaries_are_respected() {
        assert!(ids("Putinism Kyivan NATOs", "en").is_empty());
        assert_eq!(ids("pro-Putin", "en"), ["vladimir-putin"]);
    }

    #[test]
    fn lower_case_terms_match_when_capitalised_at_sentence_start() {
        assert_eq!(
            ids("Foreign minister Lavrov said", "en"),
            ["foreign-minister", "sergei-lavrov"]
        );
        assert_eq!(ids("the foreign minister", "en"), ["foreign-minister"]);
    }

    #[test]
    fn forbidden_variants_are_reported_as_such() {
        let got = found("Narishkin went to Kiev", "en");
        assert_eq!(got[0].1, "sergei-naryshkin");
        assert_eq!(got[0].2, FormKind::Forbidden);
        assert_eq!(got[1].1, "kyiv");
        assert_eq!(got[1].2, FormKind::Forbidden);
    }

    #[test]
    fn arabic_forms_are_not_searched_in_english_and_vice_versa() {
        assert!(ids("Putin بوتين", "en")
            .iter()
            .all(|id| id == "vladimir-putin"));
        assert_eq!(ids("Putin بوتين", "en").len(), 1);
        assert_eq!(ids("Putin بوتين", "ar").len(), 1);
    }

    #[test]
    fn a_later_entity_wins_a_shared_form() {
        let mut g = glossary();
        g.entities.push(entity(
            "putin-2",
            EntityKind::Person,
            &["بوتين"],
            "Putin II",
            &[],
            &[],
        ));
        let m = Matcher::new(&g).find("بوتين", &Lang::arabic());
        assert_eq!(g.entities[m[0].entity].id, "putin-2");
    }

    #[test]
    fn empty_glossary_and_empty_text_find_nothing() {
        assert!(Matcher::new(&Glossary::default())
            .find("بوتين", &Lang::arabic())
            .is_empty());
        assert!(ids("", "ar").is_empty());
    }
}
