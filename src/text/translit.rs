//! Arabic→Latin consonant skeletons, so `ناريشكين` ~ `Naryshkin` without a glossary entry.
//!
//! Both scripts are mapped into one small alphabet of consonant classes; vowels, the
//! semivowels `w`/`y` (Arabic `و`/`ي` are as often vowels as consonants), hamza and `ع`
//! are dropped and doubled letters collapse. The classes merge what transliteration
//! blurs: `v`/`w`/`f`/`ph` → `f` (Arabic has no v), `p`/`b` → `b`, `s`/`z`/`ts` → `s`
//! (English final `-s` is written `ز`: Burns → بيرنز), `c`/`k`/`q`/`ck` → `k`,
//! `sh`/`sch`/`ch`/`tch` → `x` (`ش`, `تش`), `kh`/`h` → `h`, `th`/`t` → `t`, `dh`/`d` → `d`.
//! [`name_similarity`] compares skeletons with a weighted edit distance in which the
//! remaining near-misses (`g`/`j`, a silent `h`) cost little.

use unicode_normalization::UnicodeNormalization;

fn arabic_class(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' | 'پ' => "b",
        'ت' | 'ط' | 'ث' => "t",
        'د' | 'ض' | 'ذ' => "d",
        'س' | 'ص' | 'ز' | 'ظ' => "s",
        'ش' | 'چ' => "x",
        'ك' | 'ق' | 'ک' => "k",
        'غ' | 'گ' => "g",
        'ج' => "j",
        'ح' | 'خ' | 'ه' => "h",
        'ف' | 'ڤ' | 'ۋ' => "f",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ر' => "r",
        _ => return None,
    })
}

/// An Arabic name as a Latin consonant skeleton: `ناريشكين` → `nrxkn`, `بيسكوف` → `bskf`.
pub fn skeleton_arabic(word: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = word.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        // `تش` is how Arabic writes `ch` (تشافيز, Chavez).
        if chars[k] == 'ت' && chars.get(k + 1) == Some(&'ش') {
            push_class(&mut out, "x");
            k += 2;
            continue;
        }
        if let Some(class) = arabic_class(chars[k]) {
            push_class(&mut out, class);
        }
        k += 1;
    }
    out
}

/// A Latin name in the same skeleton space: `Naryshkin` → `nrxkn`, `Peskov` → `bskf`.
pub fn skeleton_latin(word: &str) -> String {
    let letters: Vec<char> = word
        .nfd()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut out = String::new();
    let mut k = 0;
    let at = |k: usize| letters.get(k).copied().unwrap_or(' ');
    while k < letters.len() {
        let (class, used) = match (at(k), at(k + 1), at(k + 2)) {
            ('s', 'c', 'h') | ('t', 'c', 'h') => ("x", 3),
            ('s', 'h', _) | ('c', 'h', _) | ('z', 'h', _) => ("x", 2),
            ('k', 'h', _) | ('g', 'h', _) => ("h", 2),
            ('p', 'h', _) => ("f", 2),
            ('t', 'h', _) => ("t", 2),
            ('d', 'h', _) => ("d", 2),
            ('c', 'k', _) => ("k", 2),
            ('t', 's', _) | ('t', 'z', _) => ("s", 2),
            ('c', 'e' | 'i' | 'y', _) => ("s", 1),
            ('x', _, _) => ("ks", 1),
            (c, _, _) => (latin_class(c), 1),
        };
        push_class(&mut out, class);
        k += used;
    }
    out
}

fn latin_class(c: char) -> &'static str {
    match c {
        'b' | 'p' => "b",
        't' => "t",
        'd' => "d",
        's' | 'z' => "s",
        'c' | 'k' | 'q' => "k",
        'g' => "g",
        'j' => "j",
        'h' => "h",
        'f' | 'v' => "f",
        'l' => "l",
        'm' => "m",
        'n' => "n",
        'r' => "r",
        _ => "",
    }
}

/// Appends a class unless it repeats the last one (doubled letters and shadda collapse).
fn push_class(out: &mut String, class: &str) {
    for c in class.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
}

/// Arabic clitics written onto a name: `و` and, `ب` with, `ل` for, `ف` so, `ك` like, and
/// the article. A name's skeleton is compared with and without them.
const PROCLITICS: &[&str] = &["وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ك"];

/// Similarity in [0, 1] of an Arabic word and a Latin word as renderings of one name:
/// 1 for equal skeletons, about 0.8 for one near-miss in five consonants, low for
/// unrelated names. Skeletons shorter than two consonants say too little and score 0
/// unless equal.
pub fn name_similarity(arabic: &str, latin: &str) -> f32 {
    let latin = skeleton_latin(latin);
    let mut best = 0.0f32;
    let mut candidates = vec![(arabic, 1.0)];
    for p in PROCLITICS {
        if let Some(rest) = arabic.strip_prefix(p) {
            if rest.chars().count() >= 3 {
                // A stripped reading is a guess: it must beat the literal one clearly.
                candidates.push((rest, 0.9));
            }
        }
    }
    for (cand, trust) in candidates {
        let sim = skeleton_similarity(&skeleton_arabic(cand), &latin);
        // Equal skeletons after stripping a clitic are still a sure match (وناريشكين).
        best = best.max(if sim >= 1.0 { 1.0 } else { sim * trust });
    }
    best
}

/// Weighted edit distance turned into a similarity.
pub fn skeleton_similarity(a: &str, b: &str) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().max(b.len()) < 2 {
        return 0.0;
    }
    let indel = |c: char| if c == 'h' { 0.4 } else { 1.0 };
    let mut prev: Vec<f32> = std::iter::once(0.0)
        .chain(b.iter().scan(0.0, |acc, &c| {
            *acc += indel(c);
            Some(*acc)
        }))
        .collect();
    for &ca in &a {
        let mut row = vec![prev[0] + indel(ca)];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + substitution(ca, cb);
            let del = prev[j + 1] + indel(ca);
            let ins = row[j] + indel(cb);
            row.push(sub.min(del).min(ins));
        }
        prev = row;
    }
    let dist = prev[b.len()];
    (1.0 - dist / a.len().max(b.len()) as f32).max(0.0)
}

fn substitution(a: char, b: char) -> f32 {
    if a == b {
        return 0.0;
    }
    let near = |x: char, y: char| (a == x && b == y) || (a == y && b == x);
    if near('g', 'j') || near('g', 'k') || near('x', 's') || near('t', 'd') || near('h', 'k') {
        0.4
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_share_a_skeleton() {
        for (ar, en) in [
            ("بيسكوف", "Peskov"),
            ("سوليفان", "Sullivan"),
            ("رودينكو", "Rudenko"),
            ("بيرنز", "Burns"),
            ("ناريشكين", "Naryshkin"),
            ("دميتري", "Dmitry"),
            ("أنقرة", "Ankara"),
        ] {
            assert_eq!(skeleton_arabic(ar), skeleton_latin(en), "{ar} ~ {en}");
            assert!(name_similarity(ar, en) >= 0.99, "{ar} ~ {en}");
        }
    }

    #[test]
    fn clitics_and_diacritics_do_not_hide_a_name() {
        assert!(name_similarity("وناريشكين", "Naryshkin") >= 0.99);
        assert!(name_similarity("بيرنز", "Burns") >= 0.99);
        assert_eq!(skeleton_arabic("مديرَي"), skeleton_arabic("مديري"));
        assert_eq!(skeleton_latin("Müller"), skeleton_latin("Muller"));
    }

    #[test]
    fn near_spellings_score_high_but_below_one() {
        let s = name_similarity("سيرغي", "Sergei");
        assert!(s >= 0.99, "{s}");
        let s = name_similarity("جورج", "George");
        assert!((0.5..1.0).contains(&s), "{s}");
    }

    #[test]
    fn unrelated_names_score_low() {
        for (ar, en) in [
            ("بيسكوف", "Sullivan"),
            ("ناريشكين", "Burns"),
            ("رودينكو", "Peskov"),
            ("أنقرة", "Washington"),
            ("المخابرات", "Naryshkin"),
        ] {
            let s = name_similarity(ar, en);
            assert!(s < 0.5, "{ar} vs {en}: {s}");
        }
    }

    #[test]
    fn empty_words_are_not_similar() {
        assert_eq!(name_similarity("", "Peskov"), 0.0);
        assert_eq!(name_similarity("بيسكوف", ""), 0.0);
        assert_eq!(skeleton_latin(""), "");
    }
}
