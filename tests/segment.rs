//! Segmentation invariants on arbitrary and hostile text, and the sample article.

use proptest::prelude::*;
use qarin::segment::{segment, Progress, Segmenter};
use qarin::{Lang, Segment};

/// The invariants every segmentation must keep, whatever the input.
fn check_invariants(text: &str, segments: &[Segment]) {
    let mut covered = 0;
    let mut last_paragraph = 0;
    for seg in segments {
        assert!(
            seg.span.start >= covered,
            "segments overlap or are out of order"
        );
        assert!(!seg.text.is_empty(), "empty segment");
        assert_eq!(
            seg.text,
            &text[seg.span.clone()],
            "text is not the span's slice"
        );
        assert_eq!(
            seg.text.trim(),
            seg.text,
            "segment not trimmed: {:?}",
            seg.text
        );
        let gap = &text[covered..seg.span.start];
        assert!(
            gap.chars().all(char::is_whitespace),
            "lost non-whitespace {gap:?}"
        );
        assert!(seg.paragraph >= last_paragraph, "paragraph numbers go back");
        last_paragraph = seg.paragraph;
        covered = seg.span.end;
    }
    let tail = &text[covered..];
    assert!(
        tail.chars().all(char::is_whitespace),
        "lost trailing {tail:?}"
    );
}

/// Characters that stress the rules: marks, closers, bidi marks, digits, both scripts.
fn hostile_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '.', '!', '?', '؟', '…', '"', '\'', '«', '»', '(', ')', '[', ']', '،', '؛', ':', ' ', '\n',
        '\r', '\t', '\u{00A0}', '\u{200E}', '\u{200F}', '\u{061C}', 'ـ', 'د', 'م', 'ه', 'ق', 'و',
        'a', 'M', 'r', 'U', 'S', '1', '٢', '٫', '/', '@', 'é', '\u{2028}', '\u{0301}',
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_unicode_keeps_invariants(text in any::<String>(), arabic in any::<bool>()) {
        let lang = if arabic { Lang::arabic() } else { Lang::english() };
        check_invariants(&text, &segment(&text, &lang));
    }

    #[test]
    fn hostile_strings_keep_invariants(
        chars in prop::collection::vec(hostile_char(), 0..200),
        lang in prop::sample::select(vec!["ar", "en", "de", "fr", "sw"]),
    ) {
        let text: String = chars.into_iter().collect();
        check_invariants(&text, &segment(&text, &Lang::new(lang)));
    }

    /// Cutting the input after any line feed and feeding the pieces one by one gives
    /// the same sentences: what streaming relies on.
    #[test]
    fn chunks_cut_at_line_feeds_segment_like_the_whole(
        chars in prop::collection::vec(hostile_char(), 0..200),
        cut_seed in any::<prop::sample::Index>(),
    ) {
        let text: String = chars.into_iter().collect();
        let segmenter = Segmenter::new(&Lang::arabic());
        let whole = segmenter.segment(&text);
        let feeds: Vec<usize> = text.match_indices('\n').map(|(k, _)| k + 1).collect();
        let cut = if feeds.is_empty() { text.len() } else { feeds[cut_seed.index(feeds.len())] };
        let mut progress = Progress::default();
        let mut pieces = Vec::new();
        for (base, chunk) in [(0, &text[..cut]), (cut, &text[cut..])] {
            segmenter.spans(chunk, &mut progress, |span, paragraph| {
                pieces.push((span.start + base..span.end + base, paragraph));
            });
        }
        let whole: Vec<_> = whole.into_iter().map(|s| (s.span, s.paragraph)).collect();
        prop_assert_eq!(whole, pieces);
    }
}

#[test]
fn long_runs_of_marks_stay_linear_and_safe() {
    // `a.a.a.…` and `((((` would be quadratic with unbounded look-behind or look-ahead.
    let dotted = "a.".repeat(200_000);
    check_invariants(&dotted, &segment(&dotted, &Lang::english()));
    let brackets = "(".repeat(100_000) + &". ".repeat(100_000);
    check_invariants(&brackets, &segment(&brackets, &Lang::arabic()));
    let spaces = format!("x.{}y", " ".repeat(100_000)).repeat(20);
    check_invariants(&spaces, &segment(&spaces, &Lang::english()));
}

#[test]
fn every_nonblank_line_of_the_sample_is_at_least_one_segment() {
    let text = std::fs::read_to_string("samples/ankara-2022-11-14/ar.txt").unwrap();
    let segments = segment(&text, &Lang::arabic());
    check_invariants(&text, &segments);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset = range.end;
        if line.trim().is_empty() {
            continue;
        }
        assert!(
            segments
                .iter()
                .any(|s| s.span.start >= range.start && s.span.end <= range.end),
            "line {line:?} has no segment of its own"
        );
    }
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.contains(&"الخليج والعالم"));
    assert!(texts.contains(&"خبر عاجل"));
    assert!(texts.contains(&"14/11/2022"));
}
