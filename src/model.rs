//! The plain data that flows between the pipeline stages.
//!
//! Nothing here has behaviour beyond small accessors: every type derives serde so that
//! `qarin align --format json` (a [`Bitext`]) and `qarin check --format json` (a list of
//! [`Finding`]s) are stable contracts that scripts can read. Field names are part of that
//! contract: extend, never rename.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use std::ops::Range;

/// The `schema` of every JSON file qarin writes: `qarin/<what>/v1`. A reader that finds
/// another version knows the shape changed; a shape only gains fields within a version.
pub mod schema {
    /// A [`super::Bitext`]: `qarin align --format json`, `bitext.json` of `qarin review`.
    pub const BITEXT: &str = "qarin/bitext/v1";
    /// Findings of one or many document pairs: `qarin check --format json`, `findings.json`.
    pub const FINDINGS: &str = "qarin/findings/v1";
    /// One segmented text: `qarin segment --format json`.
    pub const SEGMENTS: &str = "qarin/segments/v1";
    /// One record of `qarin segment --jsonl`.
    pub const SEGMENTS_LINE: &str = "qarin/segments-line/v1";
    /// Glossary matches in a text: `qarin terms --format json`.
    pub const TERMS: &str = "qarin/terms/v1";
    /// A glossary as qarin understood it: `qarin glossary show --format json`.
    pub const GLOSSARY: &str = "qarin/glossary/v1";
}

/// Links scored below this are "low-score" everywhere: the `alignment-low` note, the
/// summaries, the views, and XLIFF units marked for review. On gold data links scored at
/// least this are right far more often than links below (docs/evaluation.md).
pub const LOW_SCORE: f32 = 0.5;

/// A BCP 47 language tag as the user gave it (`ar`, `ar-SA`, `en-US`).
///
/// Script-aware stages look only at the primary subtag ([`Lang::primary`]); writers emit the
/// full tag, so `ar-SA` survives to the TMX header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(pub String);

impl From<Lang> for String {
    fn from(lang: Lang) -> String {
        lang.0
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(tag: String) -> Result<Lang, String> {
        Lang::parse(&tag)
    }
}

impl Lang {
    /// A tag read from a file or a flag, checked as BCP 47 (RFC 5646): `ar SA`, `""`,
    /// `*all*`, `١٢` are refused with a message saying what a tag looks like. `ar_SA` is
    /// taken as `ar-SA`, as [`Lang::new`] does.
    pub fn parse(tag: &str) -> Result<Lang, String> {
        let lang = Lang::new(tag);
        match oxilangtag::LanguageTag::parse(lang.as_str()) {
            Ok(_) => Ok(lang),
            Err(e) => Err(format!(
                "{tag:?} is not a BCP 47 language tag ({e}); a tag looks like ar, ar-SA, en, \
                 en-GB, or und when the language is unknown"
            )),
        }
    }

    /// Builds a tag, turning `ar_SA` into `ar-SA` (BCP 47 never uses underscores).
    pub fn new(tag: &str) -> Lang {
        Lang(tag.trim().replace('_', "-"))
    }
    pub fn arabic() -> Lang {
        Lang("ar".into())
    }
    pub fn english() -> Lang {
        Lang("en".into())
    }
    /// The language subtag, lower-cased: `ar` for `ar-SA`.
    pub fn primary(&self) -> String {
        self.0.split('-').next().unwrap_or("").to_ascii_lowercase()
    }
    pub fn is_arabic(&self) -> bool {
        self.primary() == "ar"
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One sentence (or headline, or date line) of a text.
///
/// `span` is the byte range in the text the segmenter read, so the text is never altered
/// and a report can point back into it: the file itself for UTF-8 plain text, the decoded
/// text for other encodings, the extracted text for HTML, DOCX and ODT (`qarin::input`);
/// `text` is that slice, owned so a [`Bitext`] stands alone once written to JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub span: Range<usize>,
    /// 0-based paragraph number: a blank line in the input starts a new paragraph; in an
    /// HTML, DOCX or ODT file, each block (heading, paragraph, list item, cell) is one.
    #[serde(default)]
    pub paragraph: u32,
    /// What the sentence is in its document: a heading, body text, site furniture, …
    /// Absent from JSON written before roles existed, which reads as `paragraph`.
    #[serde(default)]
    pub role: Role,
    /// Where the sentence came from in a structured input: the element path of an HTML
    /// page (`body/main/article/p[3]`) or a part and paragraph of a DOCX/ODT file
    /// (`word/document.xml w:p[12]`). Plain text has none: `paragraph` says where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
}

/// What a segment is in its document, from the input's structure (HTML elements, Word
/// and OpenDocument styles) or, for page furniture, from `qarin::input`'s rules.
///
/// `Boilerplate` is site furniture ("read more", "breaking news", menus, share buttons):
/// the aligner leaves it out cheaply, translation memories leave it out, the report greys
/// it. Every other role is text to translate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Heading,
    #[default]
    Paragraph,
    ListItem,
    Caption,
    TableCell,
    Boilerplate,
}

impl Role {
    /// The name used in JSON and on the command line (`list_item`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Heading => "heading",
            Role::Paragraph => "paragraph",
            Role::ListItem => "list_item",
            Role::Caption => "caption",
            Role::TableCell => "table_cell",
            Role::Boilerplate => "boilerplate",
        }
    }
}

impl Segment {
    /// True for site furniture: text around the article, not part of it.
    pub fn is_boilerplate(&self) -> bool {
        self.role == Role::Boilerplate
    }
}

/// One side of a bitext: its language and its sentences in document order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub lang: Lang,
    /// Where the text came from (a path, `-` for stdin), for messages and file headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    pub segments: Vec<Segment>,
}

impl Document {
    /// A document whose segments are the given sentences, laid end to end with one `\n`
    /// between them (the span model of `--segmented` input).
    pub fn from_sentences<S: AsRef<str>>(lang: Lang, sentences: &[S]) -> Document {
        let mut offset = 0;
        let segments = sentences
            .iter()
            .map(|s| {
                let text = s.as_ref().to_string();
                let span = offset..offset + text.len();
                offset = span.end + 1;
                Segment {
                    text,
                    span,
                    ..Segment::default()
                }
            })
            .collect();
        Document {
            lang,
            origin: None,
            segments,
        }
    }
}

/// What kind of bead a link is: `1-1`, `2-1`, `0-1`, … as `source-target` counts.
pub fn link_type(link: &Link) -> String {
    format!("{}-{}", link.src.len(), link.tgt.len())
}

/// A group of consecutive source sentences paired with a group of consecutive target
/// sentences. A deletion (1-0) has an empty `tgt`, an insertion (0-1) an empty `src`.
///
/// In JSON the ranges are written as index lists (`"src": [3, 4]`), the way vecalign and
/// the gold files in `../shared/data/align` write them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(with = "index_list")]
    pub src: Range<u32>,
    #[serde(with = "index_list")]
    pub tgt: Range<u32>,
    /// Confidence in [0, 1]: on gold data links scored ≥ 0.5 are right far more often
    /// than links scored below.
    pub score: f32,
    /// What a person said about the link (`qarin edit`); absent in JSON while nobody has.
    #[serde(default, skip_serializing_if = "LinkStatus::is_proposed")]
    pub status: LinkStatus,
    /// The id of the unit the link was read from (a TMX `tuid`, an XLIFF unit `id`), so
    /// what is said about a memory's units names them as the file does; absent for links
    /// the aligner made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Link {
    pub fn new(src: Range<u32>, tgt: Range<u32>, score: f32) -> Link {
        Link {
            src,
            tgt,
            score,
            status: LinkStatus::Proposed,
            unit: None,
        }
    }

    /// The same link with the given status.
    pub fn with_status(self, status: LinkStatus) -> Link {
        Link { status, ..self }
    }
}

/// A person's judgement of a link. The aligner proposes; a reviewer confirms a link (the
/// realigner then keeps it fixed, exporters mark it final) or rejects it (the two sides
/// are not translations of each other: left out of translation memories).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    #[default]
    Proposed,
    Confirmed,
    Rejected,
}

impl LinkStatus {
    pub fn is_proposed(&self) -> bool {
        *self == LinkStatus::Proposed
    }
    /// The word written to files (`x-qarin-status` in TMX, the JSON value).
    pub fn name(self) -> &'static str {
        match self {
            LinkStatus::Proposed => "proposed",
            LinkStatus::Confirmed => "confirmed",
            LinkStatus::Rejected => "rejected",
        }
    }
    /// The status a file's word names, if any.
    pub fn from_name(name: &str) -> Option<LinkStatus> {
        match name.trim() {
            "proposed" => Some(LinkStatus::Proposed),
            "confirmed" => Some(LinkStatus::Confirmed),
            "rejected" => Some(LinkStatus::Rejected),
            _ => None,
        }
    }
}

/// Whether the two texts of a bitext are translations of each other at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Parallel,
    Doubtful,
    NotParallel,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// One sentence for a person: why qarin thinks so.
    pub message: String,
}

/// Source and target sentences and the links between them: the output of `align` and the
/// input of `check`, the exporters and the side-by-side view.
///
/// Its JSON (schema [`schema::BITEXT`]) gives each link its 1-based `number`, the number
/// people see in every view (`#12`), beside the 0-based sentence indices.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Bitext {
    pub source: Document,
    pub target: Document,
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

impl Bitext {
    /// Checks what a bitext read from a file must hold before anything uses it: every
    /// link within the two sentence lists, every sentence in exactly one link, every score
    /// a number in [0, 1]. The message starts with the JSON path of the culprit
    /// (`links[3].src`), so a hand-edited file can be fixed.
    pub fn validate(&self) -> Result<(), String> {
        let (n_src, n_tgt) = (self.source.segments.len(), self.target.segments.len());
        let mut src_link = vec![None::<usize>; n_src];
        let mut tgt_link = vec![None::<usize>; n_tgt];
        for (k, link) in self.links.iter().enumerate() {
            if !(link.score.is_finite() && (0.0..=1.0).contains(&link.score)) {
                return Err(format!(
                    "links[{k}].score: {} is not a score; scores are numbers from 0 to 1",
                    link.score
                ));
            }
            if link.src.is_empty() && link.tgt.is_empty() {
                return Err(format!(
                    "links[{k}]: pairs no sentence with no sentence; remove it"
                ));
            }
            for (side, range, seen, n, what) in [
                ("src", &link.src, &mut src_link, n_src, "source"),
                ("tgt", &link.tgt, &mut tgt_link, n_tgt, "target"),
            ] {
                if range.end as usize > n {
                    return Err(format!(
                        "links[{k}].{side}: index {} is beyond the {n} {what} sentences \
                         ({what}.segments[0] to [{}])",
                        range.end - 1,
                        n.saturating_sub(1)
                    ));
                }
                for i in range.clone() {
                    if let Some(other) = seen[i as usize].replace(k) {
                        return Err(format!(
                            "links[{k}].{side}: {what} sentence {i} is in links[{other}] too; \
                             each sentence belongs to exactly one link"
                        ));
                    }
                }
            }
        }
        for (what, seen) in [("source", &src_link), ("target", &tgt_link)] {
            if let Some(i) = seen.iter().position(Option::is_none) {
                return Err(format!(
                    "{what}.segments[{i}]: the sentence is in no link; give it a link (an \
                     unpaired sentence has one with an empty side)"
                ));
            }
        }
        Ok(())
    }
}

impl Serialize for Bitext {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Numbered<'a>(&'a [Link]);
        impl Serialize for Numbered<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().enumerate().map(|(i, link)| NumberedLink {
                    link,
                    number: i as u32 + 1,
                }))
            }
        }
        #[derive(Serialize)]
        struct NumberedLink<'a> {
            #[serde(flatten)]
            link: &'a Link,
            number: u32,
        }
        let fields = if self.verdict.is_some() { 5 } else { 4 };
        let mut out = s.serialize_struct("Bitext", fields)?;
        out.serialize_field("schema", schema::BITEXT)?;
        out.serialize_field("source", &self.source)?;
        out.serialize_field("target", &self.target)?;
        out.serialize_field("links", &Numbered(&self.links))?;
        if let Some(verdict) = &self.verdict {
            out.serialize_field("verdict", verdict)?;
        }
        out.end()
    }
}

impl Bitext {
    /// How people are shown link `index`: the id of the unit it was read from when it has
    /// one (`tuid="6"` is `6`), else its number from 1, as every view numbers rows.
    pub fn link_label(&self, index: u32) -> String {
        match self
            .links
            .get(index as usize)
            .and_then(|l| l.unit.as_deref())
        {
            Some(id) => id.to_string(),
            None => (index + 1).to_string(),
        }
    }

    /// The text of a link's source side, sentences joined by one space.
    pub fn source_text(&self, link: &Link) -> String {
        join_range(&self.source, &link.src)
    }
    /// The text of a link's target side, sentences joined by one space.
    pub fn target_text(&self, link: &Link) -> String {
        join_range(&self.target, &link.tgt)
    }
}

fn join_range(doc: &Document, range: &Range<u32>) -> String {
    let mut out = String::new();
    for i in range.clone() {
        if let Some(seg) = doc.segments.get(i as usize) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(seg.text.trim());
        }
    }
    out
}

/// How serious a finding is: errors make `qarin check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A sentence a finding points at: its index in the segment list of the bitext, and text.
///
/// In JSON it also has `number`, `index + 1`: the sentence number people are shown.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SentenceRef {
    pub index: u32,
    pub text: String,
    /// Where in `text` (byte range) the finding points, when it is about one part of the
    /// sentence (a number): a reader shows the spot instead of a finding per copy.
    #[serde(default)]
    pub span: Option<Range<usize>>,
}

impl SentenceRef {
    /// The 1-based number of the sentence, as every human view shows it.
    pub fn number(&self) -> u32 {
        self.index + 1
    }
}

impl Serialize for SentenceRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("SentenceRef", 4)?;
        out.serialize_field("index", &self.index)?;
        out.serialize_field("number", &self.number())?;
        out.serialize_field("text", &self.text)?;
        if let Some(span) = &self.span {
            out.serialize_field("span", span)?;
        }
        out.end()
    }
}

/// One thing the checker found. The JSON shape is a contract (issue 5):
/// `{"rule","severity","message","entity","expected","found","source":{"index","number",
/// "text"},"target":{…},"link","link_number","unit"}`; `link_number` is `link + 1`, the row
/// number of the views; `unit`, only for a link read from a TMX or XLIFF unit, is that
/// unit's id, which the views show instead.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Finding {
    /// Rule id in kebab-case: `name-misspelled`, `number-mismatch`, …
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Glossary entity id, or a generated id for names with no glossary entry.
    pub entity: Option<String>,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub source: Option<SentenceRef>,
    pub target: Option<SentenceRef>,
    /// Index of the link in [`Bitext::links`] the finding belongs to.
    #[serde(default)]
    pub link: Option<u32>,
    /// The id of the TMX/XLIFF unit that link was read from ([`Link::unit`]).
    #[serde(default)]
    pub unit: Option<String>,
}

impl Finding {
    /// The 1-based number of the finding's link: its row in every view (`#12`).
    pub fn link_number(&self) -> Option<u32> {
        self.link.map(|l| l + 1)
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Finding", 11)?;
        out.serialize_field("rule", &self.rule)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("message", &self.message)?;
        out.serialize_field("entity", &self.entity)?;
        out.serialize_field("expected", &self.expected)?;
        out.serialize_field("found", &self.found)?;
        out.serialize_field("source", &self.source)?;
        out.serialize_field("target", &self.target)?;
        if self.link.is_some() {
            out.serialize_field("link", &self.link)?;
            out.serialize_field("link_number", &self.link_number())?;
        }
        if self.unit.is_some() {
            out.serialize_field("unit", &self.unit)?;
        }
        out.end()
    }
}

/// Serde for a `Range<u32>` written as the list of its indices.
mod index_list {
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};
    use std::ops::Range;

    pub fn serialize<S: Serializer>(range: &Range<u32>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(range.clone())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Range<u32>, D::Error> {
        let indices = Vec::<u32>::deserialize(d)?;
        let Some(&first) = indices.first() else {
            return Ok(0..0);
        };
        // Counted in u64: `[4294967295, 0]` must not pass by wrapping around.
        for (k, &i) in indices.iter().enumerate() {
            if u64::from(i) != u64::from(first) + k as u64 {
                let shown: Vec<u32> = indices.iter().copied().take(8).collect();
                let more = if indices.len() > 8 { ", …" } else { "" };
                return Err(D::Error::custom(format!(
                    "link indices must be consecutive and ascending, got {shown:?}{more}"
                )));
            }
        }
        u32::try_from(indices.len())
            .ok()
            .and_then(|n| first.checked_add(n))
            .map(|end| first..end)
            .ok_or_else(|| D::Error::custom("link indices beyond the largest sentence index"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_ranges_serialise_as_index_lists() {
        let link = Link::new(3..5, 7..7, 0.5);
        let json = serde_json::to_string(&link).unwrap();
        assert_eq!(json, r#"{"src":[3,4],"tgt":[],"score":0.5}"#);
        let back: Link = serde_json::from_str(&json).unwrap();
        assert_eq!(back.src, 3..5);
        assert!(back.tgt.is_empty());
    }

    #[test]
    fn a_status_is_written_only_once_someone_gave_one() {
        let confirmed = Link::new(0..1, 0..1, 0.9).with_status(LinkStatus::Confirmed);
        let json = serde_json::to_string(&confirmed).unwrap();
        assert_eq!(
            json,
            r#"{"src":[0],"tgt":[0],"score":0.9,"status":"confirmed"}"#
        );
        assert_eq!(serde_json::from_str::<Link>(&json).unwrap(), confirmed);
        let old: Link = serde_json::from_str(r#"{"src":[0],"tgt":[0],"score":0.9}"#).unwrap();
        assert_eq!(old.status, LinkStatus::Proposed);
    }

    #[test]
    fn gaps_in_link_indices_are_rejected() {
        let err = serde_json::from_str::<Link>(r#"{"src":[1,3],"tgt":[0],"score":1}"#);
        assert!(err.is_err());
    }

    #[test]
    fn segments_written_before_roles_read_as_paragraphs() {
        let old: Segment =
            serde_json::from_str(r#"{"text":"x","span":{"start":0,"end":1},"paragraph":2}"#)
                .unwrap();
        assert_eq!(old.role, Role::Paragraph);
        assert_eq!(old.element, None);
        let json = serde_json::to_string(&Segment {
            role: Role::ListItem,
            ..old
        })
        .unwrap();
        assert!(json.contains(r#""role":"list_item""#), "{json}");
        assert!(!json.contains("element"), "{json}");
    }

    #[test]
    fn lang_tags_use_hyphens() {
        let lang = Lang::new("ar_SA");
        assert_eq!(lang.as_str(), "ar-SA");
        assert_eq!(lang.primary(), "ar");
        assert!(lang.is_arabic());
    }
}
