//! Finding glossary forms in running text, in one pass over it.
//!
//! Every form of one language is normalised once and filed under its first word (its
//! first run of letters and digits) in a hash table. A text is normalised the same way
//! and walked word by word: at the start of each word, and after up to four letters that
//! may be Arabic proclitics glued in front of a name (`و`, `ب`, `ال` …), the rest of the
//! word is looked up and each form filed under it is compared with the text there. The
//! cost is linear in the text whatever the size of the glossary, and building the table
//! is one hash insertion per first word: the built-in glossary's table is generated at
//! compile time (`builtin_codegen.rs`), so a process pays for it only an index of its
//! first words. Every hit is checked against word boundaries and against the proclitics
//! its form allows, and the hits are resolved leftmost-longest so matches never overlap.
//! Spans are mapped back to the bytes of the original text.

use super::{EntityKind, Glossary};
use crate::model::Lang;
use crate::text::arabic::{normalize_arabic, Normalized, NormalizedBuilder};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

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

/// What may stand glued in front of a form inside the same word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Prefix {
    /// English: nothing; the match starts a word.
    None,
    /// Arabic: any chain of proclitics (و ف, then ب ل ك, then the article ال), or none.
    /// `article` is false for names, which never take ال, and for forms that already
    /// start with it.
    Proclitics { article: bool },
    /// Arabic forms starting with ال after the preposition ل, which merges with the
    /// article (`ل` + `البيت` = `للبيت`): the form is written without its alef and a
    /// preposition ل (after an optional و or ف) must precede it.
    AfterLam,
}

/// One normalised form: where its text is in the table's arena and what it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Form {
    /// Byte offset of the form in [`FormTable::arena`] ...
    pub start: u32,
    /// ... its length in bytes ...
    pub len: u32,
    /// ... and the length of its first word (0 when it starts with punctuation).
    pub first: u32,
    pub entity: u32,
    pub kind: FormKind,
    pub prefix: Prefix,
}

/// The forms of one language, sorted by first word, as the codegen writes them for the
/// built-in glossary and as [`Matcher::new`] builds them for any other.
#[derive(Clone, Debug, Default)]
pub(super) struct FormTable {
    pub arena: Cow<'static, str>,
    pub forms: Cow<'static, [Form]>,
}

/// A [`FormTable`] with its index: first word → the run of forms filed under it.
#[derive(Clone, Debug, Default)]
struct Indexed {
    table: FormTable,
    /// Open addressing on the first word's hash; `(start, end)` into `forms`, `end == 0`
    /// for an empty slot.
    slots: Vec<(u32, u32)>,
    /// Forms that start with punctuation: no word leads to them, they are searched for.
    leading: Vec<u32>,
    /// Whether any form allows proclitics, so lookups inside a word are worth making.
    glued: bool,
}

/// Finds the forms of one glossary in texts. Build once, use for every sentence; a clone
/// of [`Matcher::builtin`] shares the generated tables.
#[derive(Clone, Debug)]
pub struct Matcher {
    arabic: Indexed,
    english: Indexed,
}

/// Longest proclitic chain in characters (`وبال`, `ولل`): a hit further inside a word
/// than this cannot be a name with proclitics.
const MAX_PROCLITIC_CHARS: usize = 4;

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        let builtin = Glossary::builtin();
        if std::ptr::eq(glossary, builtin) || glossary == builtin {
            return Matcher::builtin().clone();
        }
        let (arabic, english) = tables(glossary);
        Matcher {
            arabic: Indexed::new(arabic),
            english: Indexed::new(english),
        }
    }

    /// The matcher of [`Glossary::builtin`], from tables generated at compile time: the
    /// first call indexes their first words (well under a millisecond), later calls are free.
    pub fn builtin() -> &'static Matcher {
        static BUILTIN: OnceLock<Matcher> = OnceLock::new();
        BUILTIN.get_or_init(|| Matcher {
            arabic: Indexed::new(super::builtin_codegen::arabic()),
            english: Indexed::new(super::builtin_codegen::english()),
        })
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

/// The Arabic and the English forms of `glossary`, normalised, with the precedence rules
/// applied: later entities overwrite earlier ones on a shared form, so a user glossary
/// merged after the built-in one decides; a derived variant (capitalised, article merged
/// with ل) never overrides a form written in the glossary.
pub(super) fn tables(glossary: &Glossary) -> (FormTable, FormTable) {
    let mut arabic = PatternSet::default();
    let mut english = PatternSet::default();
    for (index, entity) in glossary.entities.iter().enumerate() {
        let entity_index = index as u32;
        for form in &entity.ar {
            let key = normalize_arabic(form).text.trim().to_string();
            if key.is_empty() {
                continue;
            }
            let starts_with_article = key.starts_with("ال") && key.chars().count() > 2;
            let article = entity.kind != EntityKind::Person && !starts_with_article;
            if starts_with_article {
                // ل + اللجنة is written للجنة: the article's lam merges too.
                let merged = &key["ا".len()..];
                let merged = if merged.starts_with("لل") {
                    &merged["ل".len()..]
                } else {
                    merged
                };
                let pattern = (entity_index, FormKind::Arabic, Prefix::AfterLam);
                arabic.insert(merged.to_string(), pattern, false);
            }
            let pattern = (
                entity_index,
                FormKind::Arabic,
                Prefix::Proclitics { article },
            );
            arabic.insert(key, pattern, true);
        }
        for (form, kind) in entity.english_forms() {
            let key = normalize_latin(form).text.trim().to_string();
            if key.is_empty() {
                continue;
            }
            let pattern = (entity_index, kind, Prefix::None);
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
    (arabic.into_table(), english.into_table())
}

#[derive(Default)]
struct PatternSet {
    keys: Vec<String>,
    patterns: Vec<(u32, FormKind, Prefix)>,
    /// key → index, and whether it came from a real form (which a derived variant such
    /// as a capitalised or article-merged form never overrides).
    index: HashMap<String, (usize, bool)>,
}

impl PatternSet {
    fn insert(&mut self, key: String, pattern: (u32, FormKind, Prefix), real: bool) {
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

    /// The forms sorted by first word (then by text, so the order is the same whatever
    /// the order of insertion), their text end to end in one arena.
    fn into_table(self) -> FormTable {
        let firsts: Vec<&str> = self.keys.iter().map(|k| first_word(k)).collect();
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by(|&a, &b| {
            firsts[a]
                .cmp(firsts[b])
                .then_with(|| self.keys[a].cmp(&self.keys[b]))
        });
        let mut arena = String::with_capacity(self.keys.iter().map(String::len).sum());
        let mut forms = Vec::with_capacity(order.len());
        for i in order {
            let key = &self.keys[i];
            let (entity, kind, prefix) = self.patterns[i];
            forms.push(Form {
                start: arena.len() as u32,
                len: key.len() as u32,
                first: firsts[i].len() as u32,
                entity,
                kind,
                prefix,
            });
            arena.push_str(key);
        }
        FormTable {
            arena: Cow::Owned(arena),
            forms: Cow::Owned(forms),
        }
    }
}

/// The leading run of word characters of a normalised form.
fn first_word(key: &str) -> &str {
    let end = key
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(key.len(), |(i, _)| i);
    &key[..end]
}

impl FormTable {
    fn text(&self, form: &Form) -> &str {
        let start = form.start as usize;
        self.arena
            .get(start..start + form.len as usize)
            .unwrap_or("")
    }

    fn first_word(&self, form: &Form) -> &str {
        let start = form.start as usize;
        self.arena
            .get(start..start + form.first as usize)
            .unwrap_or("")
    }
}

impl Indexed {
    fn new(table: FormTable) -> Indexed {
        let forms = &table.forms;
        // Runs of forms sharing a first word.
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut leading = Vec::new();
        let mut i = 0;
        while i < forms.len() {
            let word = table.first_word(&forms[i]);
            let mut j = i + 1;
            while j < forms.len() && table.first_word(&forms[j]) == word {
                j += 1;
            }
            if word.is_empty() {
                leading.extend(i as u32..j as u32);
            } else {
                runs.push((i as u32, j as u32));
            }
            i = j;
        }
        let size = (runs.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); size];
        let mask = size - 1;
        for &(start, end) in &runs {
            let word = table.first_word(&forms[start as usize]);
            let mut slot = word_hash(word) as usize & mask;
            while slots[slot].1 != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (start, end);
        }
        let glued = forms.iter().any(|f| f.prefix != Prefix::None);
        Indexed {
            table,
            slots,
            leading,
            glued,
        }
    }

    /// The forms whose first word is `word`.
    fn filed_under(&self, word: &str) -> &[Form] {
        let mask = self.slots.len() - 1;
        let mut slot = word_hash(word) as usize & mask;
        loop {
            let (start, end) = self.slots[slot];
            if end == 0 {
                return &[];
            }
            let run = &self.table.forms[start as usize..end as usize];
            if self.table.first_word(&run[0]) == word {
                return run;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// FNV-1a over the bytes of a word: words are short, and the table's keys are fixed.
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x1000_0000_01b3);
    }
    h ^ (h >> 32)
}

fn find_in(index: &Indexed, normalized: &Normalized) -> Vec<TermMatch> {
    if index.table.forms.is_empty() {
        return Vec::new();
    }
    let text = normalized.text.as_str();
    let table = &index.table;
    let mut candidates: Vec<(Range<usize>, Form)> = Vec::new();
    let consider = |start: usize, form: &Form, candidates: &mut Vec<(Range<usize>, Form)>| {
        let key = table.text(form);
        if !text[start..].starts_with(key) {
            return;
        }
        let end = start + key.len();
        if text[end..].chars().next().is_some_and(is_word_char) {
            return;
        }
        if !prefix_allowed(&text[..start], form.prefix) {
            return;
        }
        candidates.push((start..end, *form));
    };
    for word in words(text) {
        // The word itself, then what is left after each of its first letters that could
        // be a proclitic glued in front of a name.
        let mut starts = word.char_indices();
        let glued_letters = if index.glued { MAX_PROCLITIC_CHARS } else { 0 };
        for (k, (offset, c)) in starts.by_ref().enumerate() {
            let start = word.start + offset;
            for form in index.filed_under(&text[start..word.end]) {
                consider(start, form, &mut candidates);
            }
            if k >= glued_letters || !is_proclitic_letter(c) {
                break;
            }
        }
    }
    for &i in &index.leading {
        let form = &table.forms[i as usize];
        let key = table.text(form);
        for (start, _) in text.match_indices(key) {
            consider(start, form, &mut candidates);
        }
    }
    leftmost_longest(candidates, normalized)
}

/// The hits that do not overlap, the one starting first winning, then the longer; spans
/// mapped back into the original text.
fn leftmost_longest(
    mut candidates: Vec<(Range<usize>, Form)>,
    normalized: &Normalized,
) -> Vec<TermMatch> {
    candidates.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = Vec::new();
    let mut taken_until = 0;
    for (range, form) in candidates {
        if range.start < taken_until {
            continue;
        }
        taken_until = range.end;
        out.push(TermMatch {
            entity: form.entity as usize,
            span: normalized.original_range(range),
            form: form.kind,
        });
    }
    out
}

/// A run of word characters of `text` and where it starts.
struct Word<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> Word<'t> {
    fn char_indices(&self) -> std::str::CharIndices<'t> {
        self.text.char_indices()
    }
}

/// The runs of word characters of a normalised text.
fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(Word {
            start,
            end,
            text: &text[start..end],
        })
    })
}

/// The letters a proclitic chain is made of (`و ف ب ل ك` and the article's `ا ل`).
fn is_proclitic_letter(c: char) -> bool {
    matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك' | 'ا')
}

fn is_word_char(c: char) -> bool {
    crate::text::chars::is_alphanumeric(c)
}

/// Whether the letters glued in front of a hit (from the start of its word) are allowed
/// for the form. `before` is the normalised text up to the hit.
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

    /// What an exhaustive search finds: every occurrence of every form anywhere in the
    /// normalised text, with the same boundary and proclitic rules, leftmost-longest.
    fn exhaustive(index: &Indexed, normalized: &Normalized) -> Vec<TermMatch> {
        let text = normalized.text.as_str();
        let mut candidates = Vec::new();
        for form in index.table.forms.iter() {
            let key = index.table.text(form);
            for (start, _) in text.match_indices(key) {
                let end = start + key.len();
                if text[end..].chars().next().is_some_and(is_word_char)
                    || !prefix_allowed(&text[..start], form.prefix)
                {
                    continue;
                }
                candidates.push((start..end, *form));
            }
        }
        leftmost_longest(candidates, normalized)
    }

    #[test]
    fn word_lookup_finds_what_an_exhaustive_search_finds() {
        // Texts of built-in glossary forms, glued proclitics, letters glued after, digits
        // and punctuation, drawn with a fixed seed.
        let glossary = Glossary::builtin();
        let matcher = Matcher::builtin();
        let forms: Vec<(&str, bool)> = glossary
            .entities
            .iter()
            .flat_map(|e| {
                e.ar.iter()
                    .map(|f| (f.as_str(), true))
                    .chain(e.english_forms().map(|(f, _)| (f, false)))
            })
            .collect();
        let glue = [
            "", "", "", "و", "ب", "ل", "ال", "وال", "لل", "وبال", "فل", "x", "s", "-", "'s",
        ];
        let fill = [
            " ", " ", ", ", ".", " و ", "\n", " the ", " قال ", "2022", "(", "»",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n as u64) as usize
        };
        let mut compared = 0;
        for _ in 0..1000 {
            let arabic = next(2) == 0;
            let mut text = String::new();
            for _ in 0..6 {
                let (form, is_arabic) = forms[next(forms.len())];
                if is_arabic != arabic {
                    continue;
                }
                text.push_str(glue[next(glue.len())]);
                text.push_str(form);
                if next(4) == 0 {
                    text.push_str(glue[next(glue.len())]);
                }
                text.push_str(fill[next(fill.len())]);
            }
            let (index, normalized, lang) = if arabic {
                (&matcher.arabic, normalize_arabic(&text), Lang::arabic())
            } else {
                (&matcher.english, normalize_latin(&text), Lang::english())
            };
            let want = exhaustive(index, &normalized);
            assert_eq!(matcher.find(&text, &lang), want, "{text}");
            compared += want.len();
        }
        assert!(compared > 500, "only {compared} matches compared");
    }

    #[test]
    fn empty_glossary_and_empty_text_find_nothing() {
        assert!(Matcher::new(&Glossary::default())
            .find("بوتين", &Lang::arabic())
            .is_empty());
        assert!(ids("", "ar").is_empty());
    }
}
