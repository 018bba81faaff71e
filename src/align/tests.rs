//! Unit tests of the whole aligner on small, hand-made document pairs.

use super::*;
use crate::model::{link_type, Lang, VerdictKind};

fn doc(lang: &str, sentences: &[&str]) -> Document {
    Document::from_sentences(Lang::new(lang), sentences)
}

fn shapes(b: &Bitext) -> Vec<(Vec<u32>, Vec<u32>)> {
    b.links
        .iter()
        .map(|l| (l.src.clone().collect(), l.tgt.clone().collect()))
        .collect()
}

fn covers_in_order(b: &Bitext) -> bool {
    let (mut s, mut t) = (0, 0);
    for l in &b.links {
        if l.src.start != s || l.tgt.start != t || (l.src.is_empty() && l.tgt.is_empty()) {
            return false;
        }
        s = l.src.end;
        t = l.tgt.end;
    }
    s as usize == b.source.segments.len() && t as usize == b.target.segments.len()
}

#[test]
fn empty_sides_give_skip_links() {
    let g = Glossary::default();
    let c = AlignConfig::default();
    let b = align(&doc("ar", &[]), &doc("en", &[]), &g, &c);
    assert!(b.links.is_empty());
    let b = align(&doc("ar", &["جملة"]), &doc("en", &[]), &g, &c);
    assert_eq!(shapes(&b), [(vec![0], vec![])]);
    assert_eq!(b.verdict.unwrap().kind, VerdictKind::NotParallel);
}

#[test]
fn a_split_sentence_becomes_a_one_to_two_link() {
    let ar = doc(
        "ar",
        &[
            "التقى بيرنز وناريشكين في أنقرة يوم 14/11/2022 لبحث الأسلحة النووية، وقالت قناة NTV إن الاجتماع استمر ساعتين.",
            "وقال بيسكوف إن المحادثات جرت بطلب أمريكي.",
        ],
    );
    let en = doc(
        "en",
        &[
            "Burns and Naryshkin met in Ankara on November 14, 2022 to discuss nuclear weapons.",
            "NTV said the meeting lasted two hours.",
            "Peskov said the talks were held at the American request.",
        ],
    );
    let b = align(&ar, &en, &Glossary::default(), &AlignConfig::default());
    assert_eq!(shapes(&b), [(vec![0], vec![0, 1]), (vec![1], vec![2])]);
    assert!(covers_in_order(&b));
}

#[test]
fn an_untranslated_sentence_is_left_unlinked() {
    let de: Vec<String> = (0..12)
        .map(|k| {
            format!(
                "Im Jahr {} bestieg Xaver{k} den Gipfel mit {} Begleitern .",
                1900 + k,
                k + 3
            )
        })
        .collect();
    let mut fr: Vec<String> = (0..12)
        .map(|k| {
            format!(
                "En {} , Xaver{k} gravit le sommet avec {} compagnons .",
                1900 + k,
                k + 3
            )
        })
        .collect();
    fr.insert(
        5,
        "Note de la rédaction : ce passage manque dans l' original allemand .".into(),
    );
    let b = align(
        &Document::from_sentences(Lang::new("de"), &de),
        &Document::from_sentences(Lang::new("fr"), &fr),
        &Glossary::default(),
        &AlignConfig::default(),
    );
    assert!(covers_in_order(&b));
    assert!(shapes(&b).contains(&(vec![], vec![5])), "{:?}", shapes(&b));
    assert_eq!(b.links.iter().filter(|l| link_type(l) == "1-1").count(), 12);
    assert_eq!(b.verdict.unwrap().kind, VerdictKind::Parallel);
}

#[test]
fn scores_are_probabilities_and_evidence_raises_them() {
    let ar = doc(
        "ar",
        &["قال بيسكوف إن 25 شخصا قتلوا.", "وأضاف أن الوضع صعب جدا."],
    );
    let en = doc(
        "en",
        &[
            "Peskov said 25 people were killed.",
            "He added that the situation was very difficult.",
        ],
    );
    let b = align(&ar, &en, &Glossary::default(), &AlignConfig::default());
    assert_eq!(shapes(&b), [(vec![0], vec![0]), (vec![1], vec![1])]);
    for l in &b.links {
        assert!((0.0..=1.0).contains(&l.score));
    }
    assert!(b.links[0].score > b.links[1].score);
}

#[test]
fn segmented_text_keeps_line_numbers_and_spans() {
    let text = "eins\r\n\nzwei\ndrei";
    let d = segmented_document(text, Lang::new("de"), None);
    let lines: Vec<&str> = d.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(lines, ["eins", "", "zwei", "drei"]);
    for s in &d.segments {
        assert_eq!(&text[s.span.clone()], s.text);
    }
    assert!(segmented_document("", Lang::new("de"), None)
        .segments
        .is_empty());
}

/// The rule for short pairs (docs/align.md, "Short documents"): a pair of up to five
/// sentences a side whose every sentence is linked and confirmed is parallel, whatever the
/// lift, which a few sentences cannot measure; a longer pair, or a short one with a
/// sentence left unconfirmed, is judged by the usual rules.
#[test]
fn a_short_pair_whose_every_sentence_is_confirmed_is_not_doubted() {
    let short = |sentences: usize, supported: usize| DocumentEvidence {
        sentences,
        unlinked: 0,
        with_evidence: sentences,
        supported,
        lift: 1.5,
        meaning: None,
    };
    assert_eq!(verdict_for(&short(4, 4)).kind, VerdictKind::Parallel);
    assert_eq!(verdict_for(&short(10, 10)).kind, VerdictKind::Parallel);
    assert_ne!(verdict_for(&short(12, 12)).kind, VerdictKind::Parallel);
    assert_ne!(verdict_for(&short(10, 8)).kind, VerdictKind::Parallel);

    // Two sentences naming the same two people: every off-path pair shares them too.
    let source = doc(
        "ar",
        &[
            "التقى بوتين وبايدن في جنيف.",
            "وقال بوتين إن بايدن رجل دولة.",
        ],
    );
    let target = doc(
        "en",
        &[
            "Putin and Biden met in Geneva.",
            "Putin said Biden was a statesman.",
        ],
    );
    let glossary = crate::glossary::Glossary::builtin();
    let b = align(&source, &target, glossary, &AlignConfig::default());
    assert_eq!(
        b.verdict.as_ref().map(|v| v.kind),
        Some(VerdictKind::Parallel)
    );
    assert!(b.links.iter().all(|l| l.score > 0.9), "{:?}", b.links);
}

/// A word made of letters only (no digits, so it is no number and no `N` key), distinct
/// for every `k`.
fn letters(k: usize) -> String {
    let mut k = k + 26 * 26;
    let mut w = String::new();
    while k > 0 {
        w.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
    }
    w
}

fn links_and_scores(b: &Bitext) -> Vec<(Vec<u32>, Vec<u32>, f32)> {
    b.links
        .iter()
        .map(|l| (l.src.clone().collect(), l.tgt.clone().collect(), l.score))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Learned associations only add evidence where words recur together: when every
    /// word occurs once in the whole pair (nothing can be significant), the links and
    /// their scores are exactly those of the aligner without learning.
    #[test]
    fn without_recurring_words_learning_changes_no_link(
        src_words in proptest::collection::vec(1..12usize, 1..30),
        tgt_words in proptest::collection::vec(1..12usize, 1..30),
        numbers in proptest::collection::vec(proptest::option::of(0..40u32), 30),
    ) {
        let mut next = 0;
        let mut sentences = |counts: &[usize], upper: bool| -> Vec<String> {
            counts
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let mut words: Vec<String> = (0..c)
                        .map(|_| {
                            next += 1;
                            letters(next)
                        })
                        .collect();
                    if upper {
                        words[0] = words[0].to_uppercase();
                    }
                    // Shared numbers give the first pass confident links to learn from.
                    if let Some(n) = numbers.get(i).copied().flatten() {
                        words.push(format!("{}", 1000 + n));
                    }
                    words.join(" ")
                })
                .collect()
        };
        let de = sentences(&src_words, false);
        let fr = sentences(&tgt_words, true);
        let (de, fr) = (doc("de", &de.iter().map(String::as_str).collect::<Vec<_>>()),
                        doc("fr", &fr.iter().map(String::as_str).collect::<Vec<_>>()));
        let g = Glossary::default();
        // Learning from however few links there are, so the property is tested on short
        // pairs too.
        let mut learning = AlignConfig::default();
        learning.learn.min_links = 0;
        let mut plain = AlignConfig::default();
        plain.set("assoc=0").unwrap();
        let with = align(&de, &fr, &g, &learning);
        let without = align(&de, &fr, &g, &plain);
        proptest::prop_assert_eq!(links_and_scores(&with), links_and_scores(&without));
        // Nor does an empty table handed in by a caller.
        let empty = Associations::default();
        let signals = Signals { associations: Some(&empty), ..Signals::default() };
        let shared = align_with(&de, &fr, &signals, &learning, &mut |_| {});
        proptest::prop_assert_eq!(links_and_scores(&shared), links_and_scores(&without));
    }
}

/// Sentences with no name, no number and no shared token: only the words a translation
/// keeps using tell them apart, and learning them from the confident links of the rest
/// of the document places a sentence the first pass got wrong.
#[test]
fn learned_word_pairs_align_sentences_without_names() {
    // Words of one length per language, so that length cannot tell the sentences apart.
    let animals = ["Pferd", "Vogel", "Kater", "Hunde", "Ziege", "Fisch"];
    let animaux = ["cheval", "oiseau", "poulet", "canard", "mouton", "lapins"];
    let verbs = ["rennt", "singt", "lacht", "tanzt"];
    let verbes = ["court", "saute", "danse", "tombe"];
    let (mut de, mut fr) = (Vec::new(), Vec::new());
    for k in 0..60 {
        let (a, v) = (k % animals.len(), (k / animals.len()) % verbs.len());
        // Every 7th pair carries a number, so the first pass has anchors.
        let n = if k % 7 == 0 {
            format!(" {}", 100 + k)
        } else {
            String::new()
        };
        de.push(format!("Der {} {} heute{n} .", animals[a], verbs[v]));
        fr.push(format!("Le {} {} ici{n} .", animaux[a], verbes[v]));
    }
    // One German sentence left untranslated, as long as its neighbours.
    de.insert(31, "Der Fuchs wacht heute .".to_string());
    let (de, fr) = (
        doc("de", &de.iter().map(String::as_str).collect::<Vec<_>>()),
        doc("fr", &fr.iter().map(String::as_str).collect::<Vec<_>>()),
    );
    let g = Glossary::default();
    let right_one_to_one = |b: &Bitext| {
        b.links
            .iter()
            .filter(|l| l.src.len() == 1 && l.tgt.len() == 1)
            .filter(|l| {
                let (i, j) = (l.src.start, l.tgt.start);
                j == if i < 31 { i } else { i - 1 }
            })
            .count()
    };
    let b = align(&de, &fr, &g, &AlignConfig::default());
    assert!(covers_in_order(&b));
    assert!(shapes(&b).contains(&(vec![31], vec![])), "{:?}", shapes(&b));
    assert_eq!(right_one_to_one(&b), 60, "{:?}", shapes(&b));
    // Without learning, numbers and length alone misplace some of them.
    let mut plain = AlignConfig::default();
    plain.set("assoc=0").unwrap();
    let b = align(&de, &fr, &g, &plain);
    assert!(right_one_to_one(&b) < 60, "{:?}", shapes(&b));
}

/// A sentence split across two of the other side's, between two neighbours that went
/// with it: a true 3-2 link, found because every sentence of the group shares names with
/// the other side's group.
#[test]
fn a_three_to_two_link_is_found() {
    let mut ar: Vec<String> = (0..6)
        .map(|k| format!("قال المتحدث إن {} شخصا وصلوا يوم الاثنين.", 10 + k))
        .collect();
    let mut en: Vec<String> = (0..6)
        .map(|k| format!("The spokesman said {} people arrived on Monday.", 10 + k))
        .collect();
    ar.splice(
        3..3,
        [
            "التقى بيرنز وناريشكين في أنقرة يوم 14/11/2022.".to_string(),
            "وقالت قناة NTV إن الاجتماع استمر 145 دقيقة، وإن بيسكوف أكد ذلك يوم 15/11/2022."
                .to_string(),
            "وأضاف أردوغان أن تركيا تدعم المحادثات بين 2 بلدين.".to_string(),
        ],
    );
    en.splice(
        3..3,
        [
            "Burns and Naryshkin met in Ankara on November 14, 2022, and NTV said the meeting lasted 145 minutes.".to_string(),
            "Peskov confirmed this on November 15, 2022, and Erdogan added that Turkey supports talks between the 2 countries.".to_string(),
        ],
    );
    let ar = doc("ar", &ar.iter().map(String::as_str).collect::<Vec<_>>());
    let en = doc("en", &en.iter().map(String::as_str).collect::<Vec<_>>());
    let b = align(&ar, &en, Glossary::builtin(), &AlignConfig::default());
    assert!(covers_in_order(&b));
    assert!(
        shapes(&b).contains(&(vec![3, 4, 5], vec![3, 4])),
        "{:?}",
        shapes(&b)
    );
    // With groups of at most 3 the same pair cannot be linked so.
    let mut small = AlignConfig::default();
    small.set("max-group=3").unwrap();
    let b = align(&ar, &en, Glossary::builtin(), &small);
    assert!(!shapes(&b).contains(&(vec![3, 4, 5], vec![3, 4])));
}

/// A table learned over a whole run (corpus mode) reaches a document too short to learn
/// from itself: a German sentence whose only clue is its words is placed right.
#[test]
fn associations_learned_over_a_run_reach_a_short_document() {
    let animals = ["Pferd", "Vogel", "Kater", "Hunde", "Ziege", "Fisch"];
    let animaux = ["cheval", "oiseau", "poulet", "canard", "mouton", "lapins"];
    let sentence = |k: usize, n: bool| {
        let n = if n {
            format!(" {}", 100 + k)
        } else {
            String::new()
        };
        (
            format!("Der {} rennt heute{n} .", animals[k % 6]),
            format!("Le {} court ici{n} .", animaux[k % 6]),
        )
    };
    // The run: twelve documents of six sentences, each with a number to anchor it.
    let run: Vec<Bitext> = (0..12)
        .map(|d| {
            let (de, fr): (Vec<String>, Vec<String>) =
                (0..6).map(|k| sentence(d * 6 + k, true)).unzip();
            align(
                &doc("de", &de.iter().map(String::as_str).collect::<Vec<_>>()),
                &doc("fr", &fr.iter().map(String::as_str).collect::<Vec<_>>()),
                &Glossary::default(),
                &AlignConfig::default(),
            )
        })
        .collect();
    let table = Associations::from_bitexts(run.iter(), 0.5, &LearnConfig::default());
    assert!(!table.is_empty());
    // A short document without numbers, one German sentence dropped in translation.
    let (mut de, fr): (Vec<String>, Vec<String>) = (0..6).map(|k| sentence(k, false)).unzip();
    de.insert(2, "Der Fuchs wacht heute .".to_string());
    let (de, fr) = (
        doc("de", &de.iter().map(String::as_str).collect::<Vec<_>>()),
        doc("fr", &fr.iter().map(String::as_str).collect::<Vec<_>>()),
    );
    let signals = Signals {
        associations: Some(&table),
        ..Signals::default()
    };
    let b = align_with(&de, &fr, &signals, &AlignConfig::default(), &mut |_| {});
    assert!(shapes(&b).contains(&(vec![2], vec![])), "{:?}", shapes(&b));
    // Alone, the document cannot learn anything and misplaces the deletion.
    let alone = align(&de, &fr, &Glossary::default(), &AlignConfig::default());
    assert!(
        !shapes(&alone).contains(&(vec![2], vec![])),
        "{:?}",
        shapes(&alone)
    );
}
