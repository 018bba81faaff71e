//! The properties the fuzz targets check, one function per target. Each takes arbitrary
//! bytes and panics when qarin breaks a promise of `docs/reliability.md`: a panic inside
//! qarin, a segment span that does not point at its text, a file qarin wrote that it
//! cannot read back, a report that grows faster than its input.

use qarin::formats::{self, ExportOptions, Format};
use qarin::glossary::{FileFormat, TbxVersion};
use qarin::{Bitext, Lang};
use std::path::Path;

/// Bytes as text the way the readers see it (invalid UTF-8 is refused before they run).
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The first byte picks a language, the rest is the text.
fn lang_and_text(data: &[u8]) -> Option<(Lang, &str)> {
    let (&pick, rest) = data.split_first()?;
    let lang = match pick % 4 {
        0 => Lang::arabic(),
        1 => Lang::english(),
        2 => Lang::new("fr"),
        _ => Lang::new("ar-EG"),
    };
    Some((lang, text(rest)?))
}

/// Spans are ascending, disjoint, on character boundaries, and each segment's text is its
/// span of the input, trimmed and not empty.
fn assert_spans(input: &str, segments: &[qarin::Segment]) {
    let mut end = 0;
    for s in segments {
        assert!(s.span.start >= end, "overlapping spans: {segments:?}");
        assert!(s.span.end <= input.len(), "span past the end");
        assert!(input.is_char_boundary(s.span.start) && input.is_char_boundary(s.span.end));
        assert_eq!(&input[s.span.clone()], s.text, "text is not its span");
        assert!(
            !s.text.is_empty() && s.text.trim() == s.text,
            "{:?}",
            s.text
        );
        end = s.span.end;
    }
}

/// `segment`: qarin's own segmenter.
pub fn segment(data: &[u8]) {
    let Some((lang, input)) = lang_and_text(data) else {
        return;
    };
    assert_spans(input, &qarin::segment::segment(input, &lang));
}

/// `srx`: an arbitrary SRX file read, then used on a fixed text.
pub fn srx(data: &[u8]) {
    let Some(xml) = text(data) else {
        return;
    };
    if let Ok(rules) = qarin::segment::srx::SrxRules::parse(xml, &Lang::arabic()) {
        let input = "قال الوزير. ثم غادر! Mr. Smith left. 3.5 km (a. b.) end";
        assert_spans(input, &rules.segment(input));
    }
}

/// `glossary`: the TSV, CSV and TBX readers; what one reads without a problem is written
/// in every format and read back the same.
pub fn glossary(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(input) = text(rest) else {
        return;
    };
    let format = match pick % 3 {
        0 => FileFormat::Tsv,
        1 => FileFormat::Csv,
        _ => FileFormat::Tbx(TbxVersion::V2),
    };
    let checked = qarin::glossary::parse_str(input, format, Path::new("fuzz"));
    if !checked.problems.is_empty() || checked.glossary.is_empty() {
        return;
    }
    for format in [
        FileFormat::Tsv,
        FileFormat::Csv,
        FileFormat::Tbx(TbxVersion::V2),
        FileFormat::Tbx(TbxVersion::V3),
    ] {
        let mut out = Vec::new();
        qarin::glossary::write(&checked.glossary, format, &mut out).expect("writes");
        let back = qarin::glossary::parse_str(
            std::str::from_utf8(&out).expect("UTF-8 out"),
            format,
            Path::new("back"),
        );
        assert!(
            back.problems.is_empty(),
            "{format:?} written, then refused: {:?}",
            back.problems
        );
        // Only CSV keeps a line break inside a text: TSV has no quoting and its writer
        // makes tabs and line breaks spaces (docs/glossary.md), and TBX's reader folds
        // the white space of its XML text. A note of several lines comes back as one.
        let one_line = format != FileFormat::Csv;
        let expected = if one_line {
            without_line_breaks(&checked.glossary)
        } else {
            checked.glossary.clone()
        };
        let back = if one_line {
            without_line_breaks(&back.glossary)
        } else {
            back.glossary
        };
        assert_eq!(back, expected, "{format:?} changed the glossary");
    }
}

/// `glossary` with every run of whitespace in its texts made one space, trimmed.
fn without_line_breaks(glossary: &qarin::glossary::Glossary) -> qarin::glossary::Glossary {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let fold_all = |v: &[String]| v.iter().map(|s| fold(s)).collect::<Vec<_>>();
    let mut folded = glossary.clone();
    for e in &mut folded.entities {
        e.ar = fold_all(&e.ar);
        e.en = fold(&e.en);
        e.en_alt = fold_all(&e.en_alt);
        e.en_forbidden = fold_all(&e.en_forbidden);
        e.note = e.note.as_deref().map(fold);
        e.ignore = fold_all(&e.ignore);
    }
    folded
}

fn every_unit() -> ExportOptions {
    ExportOptions {
        include_unpaired: true,
        keep_duplicates: true,
        include_boilerplate: true,
        ..ExportOptions::default()
    }
}

/// An empty side is written `[]`: where it sat is not kept (and not meant to be).
fn without_empty_positions(mut bitext: Bitext) -> Bitext {
    for link in &mut bitext.links {
        for side in [&mut link.src, &mut link.tgt] {
            if side.start >= side.end {
                *side = 0..0;
            }
        }
    }
    bitext
}

/// Writes `bitext` in every format and reads each back: qarin reads what it writes. JSON
/// gives back the same bitext.
fn write_all_and_read_back(bitext: &Bitext) {
    for format in Format::ALL {
        let mut out = Vec::new();
        formats::writer(format, &every_unit())
            .write(bitext, &mut out)
            .unwrap_or_else(|e| panic!("{format:?} cannot write a bitext it read: {e}"));
        let back = formats::reader(format)
            .read(&mut out.as_slice())
            .unwrap_or_else(|e| {
                panic!(
                    "{format:?} cannot read what it wrote: {e}\n{}",
                    String::from_utf8_lossy(&out)
                )
            });
        if format == Format::Json {
            assert_eq!(
                without_empty_positions(back),
                without_empty_positions(bitext.clone()),
                "JSON round trip changed the bitext"
            );
        }
    }
}

/// `bitext_formats`: the TMX, XLIFF 1.2, XLIFF 2.x, TSV and JSON readers; what one reads
/// is written in every format and read back.
pub fn bitext_formats(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[pick as usize % Format::ALL.len()];
    if let Ok(bitext) = formats::reader(format).read(&mut &rest[..]) {
        write_all_and_read_back(&bitext);
    }
}

/// `bitext_json_writers`: a bitext JSON (validated on reading) through every writer.
pub fn bitext_json_writers(data: &[u8]) {
    if let Ok(bitext) = formats::reader(Format::Json).read(&mut &data[..]) {
        write_all_and_read_back(&bitext);
    }
}

/// `check`: the checker on an arbitrary bitext; its findings file stays within a small
/// multiple of the input.
pub fn check(data: &[u8]) {
    let Ok(bitext) = formats::reader(Format::Json).read(&mut &data[..]) else {
        return;
    };
    let glossary = qarin::glossary::Glossary::builtin();
    let report =
        qarin::check::Checker::new(glossary).check(&bitext, &qarin::check::CheckConfig::default());
    let documents = [qarin::check::Checked {
        source: "s",
        target: Some("t"),
        report: &report,
    }];
    let out =
        serde_json::to_vec(&qarin::check::findings_file(&documents)).expect("findings serialise");
    let bound = 64 * data.len() + 64 * 1024;
    assert!(
        out.len() <= bound,
        "{} bytes of findings for {} bytes of bitext",
        out.len(),
        data.len()
    );
}

/// On stable: runs `target` over every file of the folders given as arguments (default:
/// `seeds/<target>` and `../tests/fuzz-regressions/<target>`), printing how many ran.
pub fn replay(target: fn(&[u8])) {
    let name = std::env::args()
        .next()
        .as_deref()
        .and_then(|p| Path::new(p).file_stem()?.to_str().map(str::to_string))
        .unwrap_or_default();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if folders.is_empty() {
        folders = vec![
            here.join("seeds").join(&name),
            here.join("corpus").join(&name),
            here.join("../tests/fuzz-regressions").join(&name),
        ];
    }
    let mut ran = 0usize;
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let data = std::fs::read(&path).expect("readable corpus file");
            target(&data);
            ran += 1;
        }
    }
    println!("{name}: {ran} inputs, no failure");
}
