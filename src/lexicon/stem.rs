//! Light stemming that only strips what leaves a known word.
//!
//! Arabic glues conjunctions, prepositions, the article and the future particle in front
//! of a word (`وبالرئيس` = و + ب + ال + رئيس), object and possessive pronouns after it
//! (`لمجلسها` = ل + مجلس + ها), and regular endings (`الوزيرات`, `يقولون`). English inflects
//! with `-s`, `-ed`, `-ing` and a few hundred irregular forms. Neither stemmer here knows
//! any morphology beyond those affixes: they propose candidates, least stripped first, and
//! the lexicon keeps the first it knows. So `عشرين` ("twenty", a listed form) never becomes
//! `عشر` ("ten"), `news` never becomes `new` when both are listed, and a word the lexicon
//! does not know is never changed into one it does by accident of its letters (the
//! glossary's clitic rule: strip only when the rest is a known form). Text is matched in
//! the folding of [`crate::text::arabic::normalize_arabic`] (alef and hamza seats, `ى`,
//! `ة`, harakat, tatweel); nothing here repeats it.

/// Proclitic chains a word may start with, as they are written after normalisation: the
/// conjunctions و ف, the prepositions ب ل ك, the future particle س and the article ال, in
/// the order Arabic allows them (`لل` is ل + ال with the alef dropped).
pub(crate) const PROCLITICS: &[&str] = &[
    "و", "ف", "ب", "ل", "ك", "س", "ال", "وب", "ول", "وك", "وس", "فب", "فل", "فك", "فس", "لل",
    "بال", "كال", "وال", "فال", "ولل", "فلل", "وبال", "وكال", "فبال", "فكال",
];

/// Pronouns glued at the end (his, her, their, your, our, my, me).
const ENCLITICS: &[&str] = &[
    "ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ي", "ني",
];

/// Regular endings: the feminine (ة, folded to ه), sound plurals and duals, the
/// accusative alef, the construct plural, and the person endings of verbs.
const ENDINGS: &[&str] = &[
    "ه", "ات", "ون", "ين", "ان", "ا", "وا", "و", "ت", "تم", "تا", "يه", "يا",
];

/// Letters a stem keeps at least once something was stripped: two-letter stems are too
/// often the accident of a longer word's letters (`بين` is not ب + ين).
const MIN_ARABIC_STEM: usize = 3;

/// Candidate stems of a normalised Arabic word, least stripped first, the word itself
/// first of all. Each is what the word would be without a proclitic chain, an enclitic
/// pronoun and/or a regular ending; the imperfect's person prefixes (ت ن ا) are also tried
/// as the ي of the third person the lexicon lists (`تقول` → `يقول`), and a stem that ended
/// in `ت` or a hamza seat before a pronoun as its free form (`حكومتها` → `حكومه`,
/// `وزرائها` → `وزراء`).
pub fn arabic_candidates(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut buf = String::new();
    for c in candidate_list(word) {
        let c = c.spell(word, &mut buf);
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    out
}

/// The first candidate of [`arabic_candidates`] that `listed` knows, with what it gives:
/// the same order without spelling out and deduplicating every candidate, which a word
/// no entry knows (a name, say) would pay for dozens of times.
pub(crate) fn first_listed_arabic<T>(
    word: &str,
    mut listed: impl FnMut(&str) -> Option<T>,
) -> Option<T> {
    let mut buf = String::new();
    candidate_list(word)
        .into_iter()
        .find_map(|c| listed(c.spell(word, &mut buf)))
}

/// A candidate stem as a part of the word, maybe with one letter changed at an end.
#[derive(Clone, Copy)]
struct Candidate {
    cost: usize,
    /// Byte range of the word kept.
    from: usize,
    to: usize,
    /// Written before the kept part (`ي` for a person prefix) or after it (a ة or a hamza
    /// restored).
    before: &'static str,
    after: &'static str,
}

impl Candidate {
    fn spell<'w>(&self, word: &'w str, buf: &'w mut String) -> &'w str {
        let kept = &word[self.from..self.to];
        if self.before.is_empty() && self.after.is_empty() {
            return kept;
        }
        buf.clear();
        buf.push_str(self.before);
        buf.push_str(kept);
        buf.push_str(self.after);
        buf
    }
}

/// Every candidate of `word` in [`arabic_candidates`]' order, repeats included.
fn candidate_list(word: &str) -> Vec<Candidate> {
    let whole = Candidate {
        cost: 0,
        from: 0,
        to: word.len(),
        before: "",
        after: "",
    };
    let mut out = vec![whole];
    let letters = word.chars().count();
    if letters <= MIN_ARABIC_STEM {
        return out;
    }
    let prefixes = std::iter::once("")
        .chain(PROCLITICS.iter().copied())
        .filter(|p| word.starts_with(p));
    for prefix in prefixes {
        let rest = &word[prefix.len()..];
        let prefix_cost = prefix.chars().count();
        for (enclitic, ending) in suffix_pairs(rest) {
            let stripped = enclitic.chars().count() + ending.chars().count();
            let core = &rest[..rest.len() - enclitic.len() - ending.len()];
            if core.chars().count() < MIN_ARABIC_STEM {
                continue;
            }
            let cost = prefix_cost + stripped;
            let (from, to) = (prefix.len(), prefix.len() + core.len());
            let part = Candidate {
                cost,
                from,
                to,
                ..whole
            };
            if cost > 0 {
                out.push(part);
            }
            if !enclitic.is_empty() && ending.is_empty() {
                // A feminine ة is written ت before a pronoun; a final hamza sits on ئ/ؤ.
                for (letter, free) in [("ت", "ه"), ("ئ", "ء"), ("ؤ", "ء")] {
                    if core.ends_with(letter) {
                        out.push(Candidate {
                            to: to - letter.len(),
                            after: free,
                            ..part
                        });
                    }
                }
            }
            // The person prefixes of the imperfect (you/she, we, I) as the listed ي.
            let person = prefix.is_empty() || prefix.ends_with('س') || prefix.ends_with('ل');
            if person {
                for p in ["ت", "ن", "ا"] {
                    if let Some(stem) = core.strip_prefix(p) {
                        if stem.chars().count() >= MIN_ARABIC_STEM - 1 {
                            out.push(Candidate {
                                cost: cost + 1,
                                from: from + p.len(),
                                before: "ي",
                                ..part
                            });
                        }
                    }
                }
            }
        }
    }
    // Stable: among candidates that strip as much, the longer prefix's come later, so a
    // conjunction is stripped before the letters of the word are read as a preposition.
    out.sort_by_key(|c| c.cost);
    out
}

/// (enclitic, ending) pairs `rest` ends with, including none.
fn suffix_pairs(rest: &str) -> Vec<(&'static str, &'static str)> {
    let mut pairs = Vec::new();
    for enclitic in std::iter::once("").chain(ENCLITICS.iter().copied()) {
        let Some(before) = rest.strip_suffix(enclitic) else {
            continue;
        };
        for ending in std::iter::once("").chain(ENDINGS.iter().copied()) {
            if before.ends_with(ending) {
                pairs.push((enclitic, ending));
            }
        }
    }
    pairs
}

/// Irregular English forms and the lemma the lexicon lists: past tenses and participles
/// of the verbs of news, and irregular plurals. A form maps only when its lemma is known
/// and the form itself is not (`left` stays `left` where the political left is listed).
#[rustfmt::skip]
const IRREGULAR: &[(&str, &str)] = &[
    ("arose", "arise"), ("arisen", "arise"), ("ate", "eat"), ("eaten", "eat"), ("became", "become"),
    ("began", "begin"), ("begun", "begin"), ("bore", "bear"), ("born", "bear"), ("borne", "bear"),
    ("bought", "buy"), ("brought", "bring"), ("broke", "break"), ("broken", "break"),
    ("built", "build"), ("burnt", "burn"), ("caught", "catch"), ("chose", "choose"),
    ("chosen", "choose"), ("came", "come"), ("cost", "cost"), ("dealt", "deal"), ("did", "do"),
    ("done", "do"), ("drew", "draw"), ("drawn", "draw"), ("drove", "drive"), ("driven", "drive"),
    ("fell", "fall"), ("fallen", "fall"), ("fed", "feed"), ("felt", "feel"), ("fought", "fight"),
    ("found", "find"), ("fled", "flee"), ("flew", "fly"), ("flown", "fly"), ("forbade", "forbid"),
    ("forbidden", "forbid"), ("forgot", "forget"), ("forgotten", "forget"), ("froze", "freeze"),
    ("frozen", "freeze"), ("gave", "give"), ("given", "give"), ("went", "go"), ("gone", "go"),
    ("grew", "grow"), ("grown", "grow"), ("had", "have"), ("has", "have"), ("heard", "hear"),
    ("held", "hold"), ("hid", "hide"), ("hidden", "hide"), ("hit", "hit"), ("hung", "hang"),
    ("kept", "keep"), ("knew", "know"), ("known", "know"), ("laid", "lay"), ("led", "lead"),
    ("left", "leave"), ("lent", "lend"), ("lay", "lie"), ("lain", "lie"), ("lost", "lose"),
    ("made", "make"), ("meant", "mean"), ("met", "meet"), ("paid", "pay"), ("ran", "run"),
    ("rose", "rise"), ("risen", "rise"), ("rang", "ring"), ("rung", "ring"), ("said", "say"),
    ("says", "say"), ("saw", "see"), ("seen", "see"), ("sought", "seek"), ("sold", "sell"),
    ("sent", "send"), ("shook", "shake"), ("shaken", "shake"), ("shot", "shoot"), ("shut", "shut"),
    ("sang", "sing"), ("sung", "sing"), ("sank", "sink"), ("sunk", "sink"), ("sat", "sit"),
    ("slept", "sleep"), ("spoke", "speak"), ("spoken", "speak"), ("spent", "spend"),
    ("spread", "spread"), ("stood", "stand"), ("stole", "steal"), ("stolen", "steal"),
    ("struck", "strike"), ("stricken", "strike"), ("swore", "swear"), ("sworn", "swear"),
    ("took", "take"), ("taken", "take"), ("taught", "teach"), ("tore", "tear"), ("torn", "tear"),
    ("told", "tell"), ("thought", "think"), ("threw", "throw"), ("thrown", "throw"),
    ("understood", "understand"), ("undertook", "undertake"), ("undertaken", "undertake"),
    ("was", "be"), ("were", "be"), ("been", "be"), ("is", "be"), ("are", "be"), ("woke", "wake"),
    ("woken", "wake"), ("wore", "wear"), ("worn", "wear"), ("won", "win"), ("wound", "wind"),
    ("withdrew", "withdraw"), ("withdrawn", "withdraw"), ("wrote", "write"), ("written", "write"),
    ("overcame", "overcome"), ("overtook", "overtake"), ("overtaken", "overtake"),
    ("sped", "speed"), ("bled", "bleed"), ("bent", "bend"), ("bound", "bind"), ("dug", "dig"),
    ("forecast", "forecast"), ("quit", "quit"), ("upheld", "uphold"), ("withheld", "withhold"),
    ("men", "man"), ("women", "woman"), ("children", "child"), ("feet", "foot"), ("teeth", "tooth"),
    ("mice", "mouse"), ("geese", "goose"), ("lives", "life"), ("wives", "wife"), ("knives", "knife"),
    ("thieves", "thief"), ("leaves", "leaf"), ("halves", "half"), ("shelves", "shelf"),
    ("wolves", "wolf"), ("crises", "crisis"), ("analyses", "analysis"), ("theses", "thesis"),
    ("bases", "basis"), ("criteria", "criterion"), ("phenomena", "phenomenon"), ("media", "medium"),
    ("better", "good"), ("best", "good"), ("worse", "bad"), ("worst", "bad"), ("more", "many"),
    ("most", "many"), ("less", "little"), ("least", "little"), ("further", "far"),
    ("farther", "far"), ("elder", "old"), ("eldest", "old"),
];

/// English words that look inflected but are words of their own, never folded: `news` is
/// not `new`, `arms` not `arm`, `left` not only `leave`.
#[rustfmt::skip]
const ENGLISH_KEPT: &[&str] = &[
    "news", "means", "arms", "goods", "customs", "series", "species", "politics", "economics",
    "physics", "athletics", "savings", "remains", "evening", "spring", "string", "thing",
    "during", "wing", "king", "ring", "bring", "sing", "sting", "swing", "forest", "interest",
    "species", "lens", "bias", "gas", "chaos", "thanks", "outskirts", "surroundings",
    "belongings", "proceedings", "earnings", "headquarters", "premises", "tidings", "ceiling",
    "feeling", "hundred", "sled", "shed", "seed", "speed", "weed", "needs", "united",
    // Irregular forms that are also words of their own.
    "left", "found", "wound", "media", "born", "rose", "saw", "lay", "fell", "bound",
    "better", "best", "more", "most", "less", "least", "further", "elder",
];

/// Whether an English word is one that looks inflected but is not.
pub fn english_kept(word: &str) -> bool {
    ENGLISH_KEPT.contains(&word)
}

/// The irregular lemma of a lower-case English word, if it has one.
pub fn english_irregular(word: &str) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| IRREGULAR.iter().copied().collect())
        .get(word)
        .copied()
}

/// Candidate lemmas of a lower-case English word, least changed first, the word itself
/// first of all: possessive `'s` off, then plural `-s`/`-es`/`-ies`, past `-d`/`-ed`/`-ied`,
/// `-ing`, superlative `-est`, adverb `-ly`, with a doubled final consonant undone
/// (`stopped` → `stop`) and a silent `e` restored (`making` → `make`).
pub fn english_candidates(word: &str) -> Vec<String> {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word);
    let mut out = vec![word.to_string()];
    if english_kept(word) {
        return out;
    }
    if let Some(lemma) = english_irregular(word) {
        out.push(lemma.to_string());
    }
    let mut push = |stem: &str, min: usize| {
        if stem.chars().count() >= min && stem.chars().all(|c| c.is_alphabetic() || c == '-') {
            out.push(stem.to_string());
        }
    };
    if let Some(stem) = word.strip_suffix("ies") {
        push(&format!("{stem}y"), 3);
    }
    if let Some(stem) = word.strip_suffix('s') {
        if !stem.ends_with('s') && !stem.ends_with('u') && !stem.ends_with('i') {
            push(stem, 3);
        }
        if let Some(stem) = stem.strip_suffix('e') {
            push(stem, 3);
        }
    }
    if let Some(stem) = word.strip_suffix("ied") {
        push(&format!("{stem}y"), 3);
    }
    for suffix in ["ed", "ing", "est"] {
        if let Some(stem) = word
            .strip_suffix(suffix)
            .filter(|s| suffix != "est" || s.chars().count() >= 4)
        {
            if suffix == "ed" {
                // `announced` → `announce` before `announc`.
                push(&format!("{stem}e"), 3);
            }
            push(stem, 3);
            if suffix != "ed" {
                push(&format!("{stem}e"), 3);
            }
            let mut chars = stem.chars().rev();
            if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
                if a == b && !"aeiouls".contains(a) {
                    push(&stem[..stem.len() - a.len_utf8()], 3);
                }
            }
        }
    }
    if let Some(stem) = word.strip_suffix("ily") {
        push(&format!("{stem}y"), 4);
    }
    if let Some(stem) = word.strip_suffix("ly") {
        push(stem, 4);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, stem: &str) -> bool {
        arabic_candidates(word).iter().any(|c| c == stem)
    }

    #[test]
    fn the_word_itself_comes_first() {
        assert_eq!(arabic_candidates("رئيس")[0], "رئيس");
        assert_eq!(english_candidates("news")[0], "news");
    }

    #[test]
    fn proclitic_chains_enclitics_and_endings_are_proposed() {
        assert!(has("وبالرئيس", "رئيس"));
        assert!(has("لمجلسها", "مجلس"));
        assert!(has("فسيقولون", "يقول"));
        assert!(has("الوزيرات", "وزير"));
        assert!(has("حكومتها", "حكومه"));
        assert!(has("وزرائها", "وزراء"));
        assert!(has("تقول", "يقول"));
    }

    #[test]
    fn fewer_letters_stripped_come_first() {
        let c = arabic_candidates("للجنه");
        let committee = c.iter().position(|s| s == "لجنه").unwrap();
        let paradise = c.iter().position(|s| s == "جنه").unwrap();
        assert!(committee < paradise, "{c:?}");
    }

    #[test]
    fn short_words_are_not_taken_apart() {
        assert_eq!(arabic_candidates("بين"), ["بين"]);
        assert_eq!(arabic_candidates("ولد"), ["ولد"]);
    }

    #[test]
    fn english_inflections_and_irregulars() {
        let c = english_candidates("announced");
        assert!(c.contains(&"announce".to_string()), "{c:?}");
        assert!(english_candidates("countries").contains(&"country".to_string()));
        assert!(english_candidates("stopped").contains(&"stop".to_string()));
        assert!(english_candidates("making").contains(&"make".to_string()));
        assert!(english_candidates("said").contains(&"say".to_string()));
        assert!(english_candidates("minister's").contains(&"minister".to_string()));
        assert!(!english_candidates("only").contains(&"on".to_string()));
    }
}
