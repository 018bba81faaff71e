use super::*;
use std::io::Write;

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(body.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx(body: &str, styles: &str, footnotes: Option<&str>) -> Vec<u8> {
    let document =
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
    let styles = format!(r#"<?xml version="1.0"?><w:styles {W}>{styles}</w:styles>"#);
    let mut parts = vec![
        ("[Content_Types].xml", "<Types/>".to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
    ];
    if let Some(notes) = footnotes {
        parts.push((
            "word/footnotes.xml",
            format!(r#"<?xml version="1.0"?><w:footnotes {W}>{notes}</w:footnotes>"#),
        ));
    }
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, b)| (*n, b.as_str())).collect();
    zip_of(&parts)
}

fn blocks(extracted: &Extracted) -> Vec<(&str, Role)> {
    extracted
        .blocks
        .iter()
        .map(|b| (&extracted.text[b.range.clone()], b.role))
        .collect()
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

#[test]
fn docx_keeps_what_a_reader_sees() {
    let styles = r#"<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My Heading"/><w:basedOn w:val="Kop1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Bijschrift"><w:name w:val="caption"/></w:style>"#;
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Mine"/></w:pPr>{title}</w:p>
        <w:p>{a}<w:ins w:id="1">{ins}</w:ins><w:del w:id="2"><w:r><w:delText>deleted </w:delText></w:r></w:del>{b}</w:p>
        <w:p>{page}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{seven}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>{shown}<w:r><w:tab/></w:r>{tabbed}<w:r><w:br/></w:r>{broken}</w:p>
        <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>{item}</w:p>
        <w:tbl><w:tr><w:tc><w:p>{c11}</w:p></w:tc><w:tc><w:p>{c12}</w:p></w:tc></w:tr><w:tr><w:tc><w:p>{c21}</w:p></w:tc></w:tr></w:tbl>
        <w:p><w:pPr><w:rPr><w:del w:id="5"/></w:rPr></w:pPr>{joined}</w:p><w:p>{rest}</w:p>
        <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box again</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="Bijschrift"/></w:pPr>{caption}</w:p>
        <w:p></w:p>"#,
        title = run("Title &amp; more"),
        a = run("kept "),
        ins = run("inserted "),
        b = run("end."),
        page = run("Page "),
        seven = run("7"),
        shown = run("shown"),
        tabbed = run("tabbed"),
        broken = run("broken"),
        item = run("an item"),
        c11 = run("r1c1"),
        c12 = run("r1c2"),
        c21 = run("r2c1"),
        joined = run("joined "),
        rest = run("with the next."),
        caption = run("Figure 1"),
    );
    let notes = format!(
        r#"<w:footnote w:type="separator" w:id="-1"><w:p>{sep}</w:p></w:footnote><w:footnote w:id="1"><w:p>{note}</w:p></w:footnote>"#,
        sep = run("----"),
        note = run("A note."),
    );
    let e = docx::extract(&docx(&body, styles, Some(&notes)), MAX_EXPANDED).unwrap();
    assert_eq!(
        blocks(&e),
        [
            ("Title & more", Role::Heading),
            ("kept inserted end.", Role::Paragraph),
            ("Page 7", Role::Paragraph),
            ("shown\ttabbed\nbroken", Role::Paragraph),
            ("an item", Role::ListItem),
            ("r1c1", Role::TableCell),
            ("r1c2", Role::TableCell),
            ("r2c1", Role::TableCell),
            ("joined with the next.", Role::Paragraph),
            ("box", Role::Paragraph),
            ("Figure 1", Role::Caption),
            ("A note.", Role::Paragraph),
        ]
    );
    let paths: Vec<&str> = e
        .blocks
        .iter()
        .filter_map(|b| b.element.as_deref())
        .collect();
    assert_eq!(paths[0], "word/document.xml p[1]");
    assert_eq!(paths[6], "word/document.xml tbl[1]/tr[1]/tc[2]/p[1]");
    assert_eq!(paths[11], "word/footnotes.xml footnote[id=1]/p[1]");
}

const ODF: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#;

#[test]
fn odt_keeps_what_a_reader_sees() {
    let content = format!(
        r#"<?xml version="1.0"?><office:document-content {ODF}>
        <office:automatic-styles>
          <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Figure"/>
          <style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>
        </office:automatic-styles>
        <office:body><office:text>
          <text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>
          <text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
          <text:h text:outline-level="1">Heading</text:h>
          <text:p>one<text:s text:c="2"/>two  three<text:tab/>four<text:line-break/>five<text:change text:change-id="c1"/>.<text:span text:style-name="T1">secret</text:span></text:p>
          <text:p>With a note<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p></text:note-body></text:note> here.</text:p>
          <text:list><text:list-item><text:p>item</text:p></text:list-item></text:list>
          <table:table><table:table-row><table:table-cell><text:p>a1</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>c1</text:p></table:table-cell></table:table-row></table:table>
          <text:p text:style-name="P1">Figure 1: Ankara</text:p>
          <text:p><office:annotation><text:p>a comment</text:p></office:annotation>after the comment</text:p>
        </office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0"?><office:document-styles {ODF}><office:styles>
        <style:style style:name="Caption" style:family="paragraph"/>
        <style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Caption"/>
        </office:styles></office:document-styles>"#
    );
    let bytes = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", &content),
        ("styles.xml", &styles),
    ]);
    assert_eq!(detect_format(&bytes, None).unwrap(), InputFormat::Odt);
    let e = odt::extract(&bytes, MAX_EXPANDED).unwrap();
    assert_eq!(
        blocks(&e),
        [
            ("Heading", Role::Heading),
            ("one  two three\tfour\nfive.", Role::Paragraph),
            ("With a note here.", Role::Paragraph),
            ("item", Role::ListItem),
            ("a1", Role::TableCell),
            ("c1", Role::TableCell),
            ("Figure 1: Ankara", Role::Caption),
            ("after the comment", Role::Paragraph),
            ("The note.", Role::Paragraph),
        ]
    );
    assert_eq!(
        e.blocks[4].element.as_deref(),
        Some("content.xml table[1]/row[1]/cell[1]/p[6]")
    );
    assert!(e.blocks[8]
        .element
        .as_deref()
        .unwrap()
        .contains("footnote[1]"));
}

#[test]
fn formats_come_from_the_bytes_before_the_extension() {
    let docx_bytes = docx(&format!("<w:p>{}</w:p>", run("x")), "", None);
    assert_eq!(
        detect_format(&docx_bytes, Some(Path::new("a.txt"))).unwrap(),
        InputFormat::Docx
    );
    let page = b"<!-- saved --><!DOCTYPE html><html><body><p>x</p></body></html>";
    assert_eq!(
        detect_format(page, Some(Path::new("page.txt"))).unwrap(),
        InputFormat::Html
    );
    assert_eq!(detect_format(b"plain", None).unwrap(), InputFormat::Text);
    // The extension decides only for what the bytes leave open.
    assert_eq!(
        detect_format(b"not a zip", Some(Path::new("t.DOCX"))).unwrap(),
        InputFormat::Docx
    );
    let err = extract(
        b"not a zip",
        Some(Path::new("t.docx")),
        &ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("not a DOCX file") && err.contains("zip"),
        "{err}"
    );
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest";
    let err = detect_format(ole, Some(Path::new("old.doc")))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("soffice --headless --convert-to docx"),
        "{err}"
    );
    let other_zip = zip_of(&[("a.txt", "x")]);
    assert!(detect_format(&other_zip, None).is_err());
}

#[test]
fn a_zip_bomb_stops_at_the_budget() {
    let huge = format!("<w:p>{}</w:p>", run(&"a".repeat(4 << 20)));
    let bytes = docx(&huge, "", None);
    assert!(bytes.len() < 100 << 10);
    let options = ReadOptions {
        max_expanded: 1 << 20,
        ..ReadOptions::default()
    };
    let err = extract(&bytes, None, &options).unwrap_err().to_string();
    assert!(
        err.contains("word/document.xml") && err.contains("more than 1 MiB"),
        "{err}"
    );
}

#[test]
fn segments_carry_their_blocks_role_element_and_number() {
    let mut e = Extracted::default();
    e.push_block("Ankara hosts talks", Role::Heading, Some("h1".into()));
    e.push_block(
        "  First sentence. Second one.\n\n ",
        Role::Paragraph,
        Some("p".into()),
    );
    e.push_block("   ", Role::Paragraph, None);
    e.push_block("Read more", Role::ListItem, Some("li".into()));
    let doc = document(&e, Lang::english(), None, &ReadOptions::default());
    let got: Vec<(&str, u32, Role, Option<&str>)> = doc
        .segments
        .iter()
        .map(|s| (s.text.as_str(), s.paragraph, s.role, s.element.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Ankara hosts talks", 0, Role::Heading, Some("h1")),
            ("First sentence.", 1, Role::Paragraph, Some("p")),
            ("Second one.", 1, Role::Paragraph, Some("p")),
            ("Read more", 2, Role::Boilerplate, Some("li")),
        ]
    );
    for s in &doc.segments {
        assert_eq!(&e.text[s.span.clone()], s.text);
    }
    let kept = document(
        &e,
        Lang::english(),
        None,
        &ReadOptions {
            keep_boilerplate: true,
            ..ReadOptions::default()
        },
    );
    assert_eq!(kept.segments[3].role, Role::ListItem);
}

#[test]
fn furniture_lines_of_plain_text_are_marked_whether_read_whole_or_streamed() {
    let text = "خبر عاجل\nأنقرة تستضيف اجتماعا. وقال بيسكوف إن المحادثات جرت.\n\nإقرأ المزيد في: الخليج والعالم\nShare this";
    let options = ReadOptions::default();
    let whole = read(text.as_bytes(), None, None, &options)
        .unwrap()
        .document;
    let roles: Vec<Role> = whole.segments.iter().map(|s| s.role).collect();
    assert_eq!(
        roles,
        [
            Role::Boilerplate,
            Role::Paragraph,
            Role::Paragraph,
            Role::Boilerplate,
            Role::Boilerplate,
        ]
    );
    let mut streamed = Vec::new();
    segment_stream(text.as_bytes(), Some(&Lang::arabic()), &options, |s| {
        streamed.push(s);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, whole.segments);
}

#[test]
fn a_site_folder_teaches_its_own_furniture() {
    let site = SiteFurniture::learn([
        "أخبار العالم\nنص أول.",
        "أخبار العالم\nنص ثان.",
        "أخبار العالم\nنص ثالث.",
    ]);
    let options = ReadOptions {
        site: Some(&site),
        ..ReadOptions::default()
    };
    let doc = read("أخبار العالم\nنص رابع.".as_bytes(), None, None, &options)
        .unwrap()
        .document;
    assert_eq!(doc.segments[0].role, Role::Boilerplate);
    assert_eq!(doc.segments[1].role, Role::Paragraph);
    let mut lines = Document::from_sentences(Lang::arabic(), &["أخبار العالم", "نص."]);
    mark_furniture_sentences(&mut lines.segments, &options);
    assert!(lines.segments[0].is_boilerplate() && !lines.segments[1].is_boilerplate());
}

#[test]
fn only_utf8_text_streams() {
    let options = ReadOptions::default();
    assert!(is_streamable_text(b"plain text\n", None, &options));
    // Cut inside a character by the end of the head: still UTF-8.
    assert!(is_streamable_text(&"نص".as_bytes()[..3], None, &options));
    assert!(!is_streamable_text(b"\xC7\xE1\xD4", None, &options));
    assert!(!is_streamable_text(b"\xFF\xFEa\0", None, &options));
    assert!(!is_streamable_text(b"<!DOCTYPE html>", None, &options));
    assert!(!is_streamable_text(b"PK\x03\x04", None, &options));
    assert!(!is_streamable_text(
        b"x",
        Some(Path::new("a.odt")),
        &options
    ));
}

#[test]
fn a_page_declares_its_encoding() {
    let page = "<html lang=ar><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"></head><body><p>نص عربي قصير.</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(page);
    let e = extract(&bytes, None, &ReadOptions::default()).unwrap();
    assert_eq!(e.text, "نص عربي قصير.");
    assert_eq!(e.encoding, Some(encoding_rs::WINDOWS_1256));
    assert!(e.notices[0].contains("declared"), "{:?}", e.notices);
    assert_eq!(declared_or_detected_lang(&e), Lang::arabic());
}

#[test]
fn a_line_is_looked_for_only_near_its_span() {
    let text = format!("{}\nRead more\n{}", "x".repeat(1000), "y".repeat(1000));
    let at = text.find("Read").unwrap();
    assert_eq!(line_around(&text, at..at + 9), Some("Read more"));
    let long = "z".repeat(5000);
    assert_eq!(line_around(&long, 2000..2004), None);
}
