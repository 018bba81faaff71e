use super::*;
use crate::glossary::Glossary;
use crate::model::Lang;
use proptest::prelude::*;

/// Six Arabic and six English sentences: 1-1, 2-1, 1-1, 1-0, 1-1, 0-1, 1-1.
fn bitext() -> Bitext {
    let ar = [
        "الأولى عن أنقرة.",
        "الثانية عن بيرنز.",
        "وتكملتها.",
        "الرابعة عن بيسكوف.",
        "جملة بلا ترجمة.",
        "السادسة عن الاجتماع.",
        "السابعة والأخيرة.",
    ];
    let en = [
        "The first, about Ankara.",
        "The second, about Burns, and its continuation.",
        "The fourth, about Peskov.",
        "The sixth, about the meeting.",
        "An added line.",
        "The seventh and last.",
    ];
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), &en),
        links: vec![
            Link::new(0..1, 0..1, 0.9),
            Link::new(1..3, 1..2, 0.8),
            Link::new(3..4, 2..3, 0.9),
            Link::new(4..5, 3..3, 0.2),
            Link::new(5..6, 3..4, 0.9),
            Link::new(6..6, 4..5, 0.2),
            Link::new(6..7, 5..6, 0.9),
        ],
        verdict: None,
    }
}

fn bitext_of(n: usize, m: usize) -> Bitext {
    let ar: Vec<String> = (0..n).map(|k| format!("جملة {k}")).collect();
    let en: Vec<String> = (0..m).map(|k| format!("Sentence {k}")).collect();
    Bitext {
        source: Document::from_sentences(Lang::arabic(), &ar),
        target: Document::from_sentences(Lang::english(), &en),
        links: Vec::new(),
        verdict: None,
    }
}

fn run(b: &Bitext, edit: Edit) -> Result<Bitext, EditError> {
    let config = AlignConfig::default();
    let aligner = Aligner {
        signals: Signals::default(),
        config: &config,
    };
    let out = apply(b, &edit, &aligner)?;
    check_invariant(&out).unwrap_or_else(|e| panic!("{edit:?} broke the bitext: {e}"));
    Ok(out)
}

fn shape(b: &Bitext) -> Vec<(Range<u32>, Range<u32>)> {
    b.links
        .iter()
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect()
}

#[test]
fn the_fixture_keeps_the_invariant() {
    check_invariant(&bitext()).unwrap();
}

#[test]
fn merge_with_next_and_previous() {
    let b = run(&bitext(), Edit::MergeNext { link: 2 }).unwrap();
    assert_eq!(b.links.len(), 6);
    assert_eq!(
        (b.links[2].src.clone(), b.links[2].tgt.clone()),
        (3..5, 2..3)
    );
    let b = run(&bitext(), Edit::MergePrevious { link: 5 }).unwrap();
    assert_eq!(
        (b.links[4].src.clone(), b.links[4].tgt.clone()),
        (5..6, 3..5)
    );
    let err = run(&bitext(), Edit::MergeNext { link: 6 }).unwrap_err();
    assert!(err.0.contains("link 7 has no link after it"), "{err}");
    assert!(run(&bitext(), Edit::MergePrevious { link: 0 }).is_err());
}

#[test]
fn a_merged_link_is_scored_again_and_proposed() {
    let mut b = bitext();
    b.links[2].status = LinkStatus::Confirmed;
    let out = run(&b, Edit::MergeNext { link: 2 }).unwrap();
    assert_eq!(out.links[2].status, LinkStatus::Proposed);
    assert!((0.0..=1.0).contains(&out.links[2].score));
    // Links the edit did not touch keep their scores.
    assert_eq!(out.links[0].score, 0.9);
}

#[test]
fn split_link_pairs_sentences_in_order() {
    let b = run(&bitext(), Edit::SplitLink { link: 1 }).unwrap();
    assert_eq!(shape(&b)[1..3], [(1..2, 1..2), (2..3, 2..2)]);
    assert!(run(&bitext(), Edit::SplitLink { link: 0 }).is_err());
}

#[test]
fn shift_moves_a_sides_first_or_last_sentence_to_the_neighbour() {
    // The continuation (source 2) belongs with the next link.
    let b = run(
        &bitext(),
        Edit::ShiftLast {
            link: 1,
            side: Side::Source,
        },
    )
    .unwrap();
    assert_eq!(shape(&b)[1..3], [(1..2, 1..2), (2..4, 2..3)]);
    // And back.
    let back = run(
        &b,
        Edit::ShiftFirst {
            link: 2,
            side: Side::Source,
        },
    )
    .unwrap();
    assert_eq!(shape(&back), shape(&bitext()));
    // Moving the only target sentence of a 1-1 leaves a 1-0.
    let b = run(
        &bitext(),
        Edit::ShiftLast {
            link: 2,
            side: Side::Target,
        },
    )
    .unwrap();
    assert_eq!(shape(&b)[2..4], [(3..4, 2..2), (4..5, 2..3)]);
    // Moving the only sentence of a 0-1 removes the link.
    let b = run(
        &bitext(),
        Edit::ShiftFirst {
            link: 5,
            side: Side::Target,
        },
    )
    .unwrap();
    assert_eq!(b.links.len(), 6);
    assert_eq!(shape(&b)[4], (5..6, 3..5));
    assert!(run(
        &bitext(),
        Edit::ShiftFirst {
            link: 0,
            side: Side::Source
        }
    )
    .is_err());
    assert!(run(
        &bitext(),
        Edit::ShiftLast {
            link: 3,
            side: Side::Target
        }
    )
    .is_err());
}

#[test]
fn detach_gives_a_sentence_a_link_of_its_own() {
    let b = run(
        &bitext(),
        Edit::Detach {
            side: Side::Source,
            sentence: 2,
        },
    )
    .unwrap();
    assert_eq!(shape(&b)[1..3], [(1..2, 1..2), (2..3, 2..2)]);
    let b = run(
        &bitext(),
        Edit::Detach {
            side: Side::Target,
            sentence: 0,
        },
    )
    .unwrap();
    assert_eq!(shape(&b)[0..2], [(0..0, 0..1), (0..1, 1..1)]);
    let err = run(
        &bitext(),
        Edit::Detach {
            side: Side::Source,
            sentence: 4,
        },
    )
    .unwrap_err();
    assert!(err.0.contains("already has no counterpart"), "{err}");
    let three = Bitext {
        links: vec![Link::new(0..3, 0..1, 0.5), Link::new(3..7, 1..6, 0.5)],
        ..bitext()
    };
    let err = run(
        &three,
        Edit::Detach {
            side: Side::Source,
            sentence: 1,
        },
    )
    .unwrap_err();
    assert!(err.0.contains("inside a group"), "{err}");
}

#[test]
fn status_is_set_and_a_repeat_is_refused() {
    let b = run(
        &bitext(),
        Edit::SetStatus {
            link: 3,
            status: LinkStatus::Rejected,
        },
    )
    .unwrap();
    assert_eq!(b.links[3].status, LinkStatus::Rejected);
    assert_eq!(b.links[3].score, 0.2, "a status does not change the score");
    assert!(run(
        &b,
        Edit::SetStatus {
            link: 3,
            status: LinkStatus::Rejected
        }
    )
    .is_err());
    assert!(run(
        &b,
        Edit::SetStatus {
            link: 30,
            status: LinkStatus::Confirmed
        }
    )
    .is_err());
}

#[test]
fn split_sentence_at_the_cursor_and_join_back() {
    let en = &bitext().target.segments[1].text;
    let at = en.find(" and its").unwrap() as u32;
    let b = run(
        &bitext(),
        Edit::SplitSentence {
            side: Side::Target,
            sentence: 1,
            at,
        },
    )
    .unwrap();
    assert_eq!(b.target.segments[1].text, "The second, about Burns,");
    assert_eq!(b.target.segments[2].text, "and its continuation.");
    assert_eq!(shape(&b)[1..3], [(1..3, 1..3), (3..4, 3..4)]);
    let back = run(
        &b,
        Edit::JoinSentences {
            side: Side::Target,
            sentence: 1,
        },
    )
    .unwrap();
    assert_eq!(back.target.segments[1].text, *en);
    assert_eq!(shape(&back), shape(&bitext()));
    // Inside a multi-byte letter, at the edges, or leaving an empty half: refused.
    let ar_at = "الأ".len() as u32 - 1;
    assert!(run(
        &bitext(),
        Edit::SplitSentence {
            side: Side::Source,
            sentence: 0,
            at: ar_at
        }
    )
    .is_err());
    assert!(run(
        &bitext(),
        Edit::SplitSentence {
            side: Side::Source,
            sentence: 0,
            at: 0
        }
    )
    .is_err());
}

#[test]
fn joining_sentences_of_two_links_merges_the_links() {
    let b = run(
        &bitext(),
        Edit::JoinSentences {
            side: Side::Source,
            sentence: 3,
        },
    )
    .unwrap();
    assert_eq!(b.source.segments.len(), 6);
    assert_eq!(
        b.source.segments[3].text,
        "الرابعة عن بيسكوف. جملة بلا ترجمة."
    );
    assert_eq!(shape(&b)[2], (3..4, 2..3));
    assert!(run(
        &bitext(),
        Edit::JoinSentences {
            side: Side::Source,
            sentence: 6
        }
    )
    .is_err());
}

#[test]
fn text_is_replaced_but_never_emptied() {
    let b = run(
        &bitext(),
        Edit::SetText {
            side: Side::Target,
            sentence: 2,
            text: "The fourth, on Peskov.".into(),
        },
    )
    .unwrap();
    assert_eq!(b.target.segments[2].text, "The fourth, on Peskov.");
    assert!(run(
        &bitext(),
        Edit::SetText {
            side: Side::Target,
            sentence: 2,
            text: "  ".into()
        }
    )
    .is_err());
}

#[test]
fn edits_are_plain_json() {
    let edit = Edit::ShiftFirst {
        link: 4,
        side: Side::Target,
    };
    let json = serde_json::to_string(&Action::Edit { edit: edit.clone() }).unwrap();
    assert_eq!(
        json,
        r#"{"action":"edit","edit":{"op":"shift_first","link":4,"side":"target"}}"#
    );
    assert_eq!(
        serde_json::from_str::<Action>(&json).unwrap(),
        Action::Edit { edit }
    );
    assert_eq!(
        serde_json::from_str::<Action>(r#"{"action":"undo"}"#).unwrap(),
        Action::Undo
    );
}

#[test]
fn a_patch_records_only_the_window_that_changed() {
    let old = bitext();
    let new = run(
        &old,
        Edit::SplitSentence {
            side: Side::Source,
            sentence: 0,
            at: "الأولى".len() as u32,
        },
    )
    .unwrap();
    let patch = Patch::between(&old, &new);
    assert_eq!(patch.links.old.len(), 1, "{patch:?}");
    assert_eq!(patch.source.old.len(), 1);
    assert_eq!(patch.source.new.len(), 2);
    let mut b = old.clone();
    patch.apply(&mut b).unwrap();
    assert_eq!(b, new);
    patch.inverse().apply(&mut b).unwrap();
    assert_eq!(b, old);
    // Applied to a bitext it was not made from, it refuses and changes nothing.
    let mut other = new.clone();
    assert!(patch.apply(&mut other).is_err());
    assert_eq!(other, new);
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let side = prop_oneof![Just(Side::Source), Just(Side::Target)];
    let status = prop_oneof![
        Just(LinkStatus::Proposed),
        Just(LinkStatus::Confirmed),
        Just(LinkStatus::Rejected)
    ];
    let texts = prop_oneof![
        Just("Sergey Naryshkin met Burns.".to_string()),
        Just("قال بيسكوف".to_string()),
        Just("x".to_string()),
    ];
    (0u8..11, 0u32..9, 0u32..9, side, status, texts, 0u32..60).prop_map(
        |(op, link, sentence, side, status, text, at)| match op {
            0 => Edit::MergeNext { link },
            1 => Edit::MergePrevious { link },
            2 => Edit::SplitLink { link },
            3 => Edit::ShiftFirst { link, side },
            4 => Edit::ShiftLast { link, side },
            5 => Edit::Detach { side, sentence },
            6 => Edit::SetStatus { link, status },
            7 => Edit::SplitSentence { side, sentence, at },
            8 => Edit::JoinSentences { side, sentence },
            9 => Edit::SetText {
                side,
                sentence,
                text,
            },
            _ => Edit::RealignAfter { link },
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any sequence of edits keeps every sentence in exactly one link, in order; undoing
    /// them all gives back the original exactly, and redoing them all the final state.
    #[test]
    fn edits_keep_the_invariant_and_undo_restores_exactly(edits in prop::collection::vec(edit_strategy(), 1..25)) {
        let glossary = Glossary::default();
        let checker = Checker::new(&glossary);
        let check_config = CheckConfig::default();
        let recheck = Recheck { checker: &checker, config: &check_config };
        let config = AlignConfig::default();
        let aligner = Aligner { signals: Signals::default(), config: &config };
        let original = bitext();
        let mut session = Session::new(original.clone(), &recheck);
        let mut applied = 0;
        for edit in &edits {
            if session.act(&Action::Edit { edit: edit.clone() }, &aligner, &recheck).is_ok() {
                applied += 1;
            }
            prop_assert!(check_invariant(&session.bitext).is_ok(), "{:?} after {edit:?}", check_invariant(&session.bitext));
        }
        let edited = session.bitext.clone();
        prop_assert_eq!(session.edits(), applied);
        for _ in 0..applied {
            session.act(&Action::Undo, &aligner, &recheck).unwrap();
        }
        prop_assert_eq!(&session.bitext, &original);
        prop_assert!(session.act(&Action::Undo, &aligner, &recheck).is_err());
        for _ in 0..applied {
            session.act(&Action::Redo, &aligner, &recheck).unwrap();
        }
        prop_assert_eq!(&session.bitext, &edited);
    }
}

#[test]
fn gold_with_gaps_becomes_a_path() {
    use crate::align::eval::LinkIds;
    let ids = |s: &[u32], t: &[u32]| LinkIds {
        src: s.to_vec(),
        tgt: t.to_vec(),
        score: 1.0,
    };
    // Source 1 is in no link; the last link skips target 3; target 5 is unnamed.
    let gold = [ids(&[3, 4], &[2, 4]), ids(&[0], &[0]), ids(&[2], &[1])];
    let path = gold_path(&gold, 5, 6).unwrap();
    let shapes: Vec<_> = path
        .iter()
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect();
    assert_eq!(
        shapes,
        [
            (0..1, 0..1),
            (1..2, 1..1),
            (2..3, 1..2),
            (3..5, 2..5),
            (5..5, 5..6)
        ]
    );
    // A target-only link keeps its place; crossing links become one.
    let gold = [
        ids(&[0], &[0]),
        ids(&[1], &[2]),
        ids(&[], &[1]),
        ids(&[2], &[4]),
        ids(&[3], &[3]),
    ];
    let path = gold_path(&gold, 4, 5).unwrap();
    let shapes: Vec<_> = path
        .iter()
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect();
    assert_eq!(
        shapes,
        [(0..1, 0..1), (1..1, 1..2), (1..2, 2..3), (2..4, 3..5)]
    );
    check_invariant(&Bitext {
        links: path,
        ..bitext_of(4, 5)
    })
    .unwrap();
    assert_eq!(gold_path(&[ids(&[7], &[0])], 2, 2), None);
}
