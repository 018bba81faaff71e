//! The editor's operations on real documents (issue 13): realigning after one manual fix
//! repairs a run of links a dropped sentence had shifted, judged against gold.

use qarin::align::{align_with, AlignConfig, Signals};
use qarin::check::{CheckConfig, Checker};
use qarin::edit::{check_invariant, Action, Aligner, Edit, Recheck, Session};
use qarin::glossary::Glossary;
use qarin::{Bitext, Document, Lang, Link, LinkStatus};

const NTREX: &str = "../shared/data/align/ntrex_ar_en/docs";

/// An NTREX document (dev half) with English sentence `dropped` deleted, and the gold
/// links of that pair: 1-1 up to the gap, a 1-0 at it, 1-1 shifted by one after it.
fn dropped(name: &str, dropped: usize) -> (Document, Document, Vec<Link>) {
    let read = |side: &str| std::fs::read_to_string(format!("{NTREX}/{side}/{name}")).unwrap();
    let (ar, en) = (read("ar"), read("en"));
    let ar: Vec<&str> = ar.lines().collect();
    let en: Vec<&str> = en
        .lines()
        .enumerate()
        .filter(|(k, _)| *k != dropped)
        .map(|(_, s)| s)
        .collect();
    let d = dropped as u32;
    let gold = (0..ar.len() as u32)
        .map(|i| match i.cmp(&d) {
            std::cmp::Ordering::Less => Link::new(i..i + 1, i..i + 1, 1.0),
            std::cmp::Ordering::Equal => Link::new(i..i + 1, i..i, 1.0),
            std::cmp::Ordering::Greater => Link::new(i..i + 1, i - 1..i, 1.0),
        })
        .collect();
    (
        Document::from_sentences(Lang::arabic(), &ar),
        Document::from_sentences(Lang::english(), &en),
        gold,
    )
}

fn wrong(links: &[Link], gold: &[Link]) -> Vec<usize> {
    links
        .iter()
        .enumerate()
        .filter(|(_, l)| !gold.iter().any(|g| g.src == l.src && g.tgt == l.tgt))
        .map(|(k, _)| k)
        .collect()
}

/// The aligner's signals without the glossary: the larger built-in glossary (issue 15)
/// aligns document 037 right even with a sentence dropped, and this test needs a document
/// the aligner gets wrong to show what the editor's fix does.
fn signals() -> Signals<'static> {
    Signals::default()
}

/// Dev document 037 with its seventh English sentence dropped, as the aligner links it,
/// the gold links, and which links are wrong.
fn shifted_case(config: &AlignConfig) -> (Bitext, Vec<Link>, Vec<usize>) {
    let (source, target, gold) = dropped("037_guardian.221679", 6);
    let aligned = align_with(&source, &target, &signals(), config, &mut |_| {});
    let before = wrong(&aligned.links, &gold);
    (aligned, gold, before)
}

#[test]
fn one_fix_and_realign_after_it_repairs_the_shifted_links() {
    // The aligner pairs the Arabic of the gap with the next English and runs shifted
    // for several links.
    let config = AlignConfig::default();
    let (aligned, gold, before) = shifted_case(&config);
    let signals = signals();
    let glossary = Glossary::builtin();
    assert!(
        before.len() >= 4,
        "the premise: a run of wrong links, got {before:?}"
    );
    let first = before[0];

    // The translator's one fix: the link at the first wrong one made as the gold says
    // (here by detaching the Arabic sentence that has no English), confirmed.
    let checker = Checker::new(glossary);
    let check = CheckConfig::default();
    let recheck = Recheck {
        checker: &checker,
        config: &check,
    };
    let aligner = Aligner {
        signals,
        config: &config,
    };
    let mut session = Session::new(aligned, &recheck);
    let at = &session.bitext.links[first];
    assert_eq!(at.src.start, 6, "{at:?}");
    let edit = |e| Action::Edit { edit: e };
    session
        .act(
            &edit(Edit::Detach {
                side: qarin::edit::Side::Source,
                sentence: 6,
            }),
            &aligner,
            &recheck,
        )
        .unwrap();
    let fixed = session
        .bitext
        .links
        .iter()
        .position(|l| l.src == (6..7))
        .unwrap();
    assert!(session.bitext.links[fixed].tgt.is_empty());
    session
        .act(
            &edit(Edit::SetStatus {
                link: fixed as u32,
                status: LinkStatus::Confirmed,
            }),
            &aligner,
            &recheck,
        )
        .unwrap();
    let change = session
        .act(
            &edit(Edit::RealignAfter { link: fixed as u32 }),
            &aligner,
            &recheck,
        )
        .unwrap();
    check_invariant(&session.bitext).unwrap();
    assert_eq!(wrong(&session.bitext.links, &gold), Vec::<usize>::new());
    assert!(change.touched.end as usize <= session.bitext.links.len());
    // The links up to the fix are exactly as they were, the fix is still confirmed.
    assert_eq!(session.bitext.links[fixed].status, LinkStatus::Confirmed);

    // Undo takes it all back, step by step.
    for _ in 0..3 {
        session.act(&Action::Undo, &aligner, &recheck).unwrap();
    }
    assert_eq!(wrong(&session.bitext.links, &gold), before);
}

#[test]
fn without_the_fix_realigning_changes_nothing() {
    // The control: realigning after the last right link, with nothing confirmed, gives
    // the same wrong links back, so the repair above is the fix's doing.
    let config = AlignConfig::default();
    let (aligned, gold, before) = shifted_case(&config);
    let aligner = Aligner {
        signals: signals(),
        config: &config,
    };
    let last_right = before[0] as u32 - 1;
    let again =
        qarin::edit::apply(&aligned, &Edit::RealignAfter { link: last_right }, &aligner).unwrap();
    assert_eq!(wrong(&again.links, &gold), before);
}
