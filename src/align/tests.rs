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
