//! The whole pipeline on hostile input: segment → align → check → every writer → every view.
//!
//! Each stage has its own property tests; this one feeds the output of each stage to the
//! next, the way `qarin review` does, so a value one stage produces and the next does not
//! expect (an empty sentence, a 1-0 link at the end, a name inside an emoji run) is caught.

use proptest::prelude::*;
use qarin::align::{align, AlignConfig};
use qarin::check::{check, CheckConfig};
use qarin::formats::{reader, writer, ExportOptions, Format};
use qarin::glossary::Glossary;
use qarin::report::{self, HtmlOptions, Review, TextOptions};
use qarin::{segment, Bitext, Lang};

/// Pieces real articles are made of, plus the characters that break naive code: bidi marks,
/// tatweel, harakat, control characters, lone quotes, `]]>`, CRLF, NBSP, emoji.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ناريشكين".to_string()),
        Just("وناريشكين".to_string()),
        Just("بيسكوف".to_string()),
        Just("Naryshkin's".to_string()),
        Just("Narishkin".to_string()),
        Just("Kiev".to_string()),
        Just("Kyiv".to_string()),
        Just("CNN".to_string()),
        Just("14/11/2022".to_string()),
        Just("١٤/١١/٢٠٢٢".to_string()),
        Just("٢٫٧".to_string()),
        Just("د.".to_string()),
        Just("U.S.".to_string()),
        Just("؟!".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200f}".to_string()),
        Just("\u{640}".to_string()),
        Just("\u{64e}".to_string()),
        Just("\u{1}".to_string()),
        Just("\"".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("]]>&<".to_string()),
        Just("👩🏽‍💻".to_string()),
        "\\PC{0,12}",
        "[a-zA-Z ]{1,12}",
        "[\u{600}-\u{6ff} ]{1,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn assert_links_cover(bitext: &Bitext) {
    let (mut next_src, mut next_tgt) = (0u32, 0u32);
    for link in &bitext.links {
        assert!(!(link.src.is_empty() && link.tgt.is_empty()), "empty link");
        if !link.src.is_empty() {
            assert_eq!(link.src.start, next_src, "source gap or overlap");
            next_src = link.src.end;
        }
        if !link.tgt.is_empty() {
            assert_eq!(link.tgt.start, next_tgt, "target gap or overlap");
            next_tgt = link.tgt.end;
        }
        assert!((0.0..=1.0).contains(&link.score), "score {}", link.score);
    }
    assert_eq!(next_src as usize, bitext.source.segments.len());
    assert_eq!(next_tgt as usize, bitext.target.segments.len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_stage_accepts_what_the_previous_one_produced(ar in text(), en in text()) {
        let glossary = Glossary::builtin();
        let source = segment::document(&ar, Lang::arabic(), Some("ar.txt".into()));
        let target = segment::document(&en, Lang::english(), Some("en.txt".into()));
        let bitext = align(&source, &target, glossary, &AlignConfig::default());
        assert_links_cover(&bitext);

        let findings = check(&bitext, glossary, &CheckConfig::default());
        for finding in &findings {
            if let Some(s) = &finding.source {
                prop_assert!((s.index as usize) < bitext.source.segments.len());
            }
            if let Some(t) = &finding.target {
                prop_assert!((t.index as usize) < bitext.target.segments.len());
            }
        }

        let options = ExportOptions { findings: findings.clone(), ..ExportOptions::default() };
        for format in [Format::Tmx, Format::Xliff12, Format::Xliff2, Format::Tsv, Format::Json] {
            let mut bytes = Vec::new();
            writer(format, &options).write(&bitext, &mut bytes).unwrap();
            let back = reader(format).read(&mut bytes.as_slice());
            prop_assert!(back.is_ok(), "{format:?} output does not read back: {:?}", back.err());
        }

        let highlights = report::highlights(&bitext, None, glossary);
        let review = Review::new(&bitext, &findings, &highlights);
        let page = report::html(&review, &HtmlOptions::default());
        prop_assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"));
        report::text(&review, &TextOptions::default());
        report::markdown(&review, 0.5);
    }
}
