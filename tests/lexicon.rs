//! The word lexicon as the aligner uses it: evidence where no name or number is.

use qarin::align::{align_with, AlignConfig, Signals};
use qarin::lexicon::Lexicon;
use qarin::{Document, Lang, Link};

fn links(ar: &[&str], en: &[&str], lexicon: Option<&Lexicon>) -> Vec<(Vec<u32>, Vec<u32>)> {
    let source = Document::from_sentences(Lang::arabic(), ar);
    let target = Document::from_sentences(Lang::english(), en);
    let signals = Signals {
        lexicon,
        ..Signals::default()
    };
    let bitext = align_with(
        &source,
        &target,
        &signals,
        &AlignConfig::default(),
        &mut |_| {},
    );
    bitext
        .links
        .iter()
        .map(|l: &Link| (l.src.clone().collect(), l.tgt.clone().collect()))
        .collect()
}

/// The translator joined the first two sentences into one and wrote a long version of
/// the third: by length, the second sentence belongs with the third. No sentence has a
/// name, a number or a Latin token, so without the lexicon the aligner has lengths alone;
/// with it, the second sentence's words (police, protesters, roads) are in the first
/// English sentence.
#[test]
fn a_sentence_without_names_or_numbers_is_aligned_by_its_words() {
    let ar = [
        "أعلنت الحكومة حالة الطوارئ في العاصمة.",
        "وقالت الشرطة إن المتظاهرين أغلقوا الطرق.",
        "وأكد البرلمان أن الانتخابات ستجري في موعدها.",
    ];
    let en = [
        "The government declared an emergency; police said protesters blocked roads.",
        "Parliament stressed that the elections, which many had expected to be postponed again, would be held on schedule.",
    ];
    let gold = vec![(vec![0, 1], vec![0]), (vec![2], vec![1])];
    assert_eq!(links(&ar, &en, Some(Lexicon::builtin())), gold);
    assert_ne!(
        links(&ar, &en, None),
        gold,
        "lengths alone should not find it"
    );
}

/// A user's lexicon adds words the built-in one lacks, and the aligner reads them.
#[test]
fn a_user_lexicon_adds_to_the_builtin_one() {
    let user = qarin::lexicon::parse_str(
        "ar\ten\tpos\nقرقيعان\tgirgian\tn\n",
        std::path::Path::new("user.tsv"),
    )
    .unwrap();
    let mut lexicon = Lexicon::builtin().clone();
    lexicon.merge(user);
    assert!(lexicon.arabic_renderings("بالقرقيعان").contains(&"girgian"));
    assert!(Lexicon::builtin()
        .arabic_renderings("بالقرقيعان")
        .is_empty());
}
