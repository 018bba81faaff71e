//! SRX 2.0 (Segmentation Rules eXchange), the rule format of OmegaT, Okapi and Trados.
//!
//! [`write_srx`] writes qarin's rule data as SRX so a CAT tool segments the way qarin does.
//! [`SrxRules::parse`] reads an SRX file and [`SrxRules::segment`] applies its rules for one
//! language.
//!
//! SRX semantics: at each position of the text, the rules of the language are tried in
//! order. The first rule whose `beforebreak` regex matches the text ending there and whose
//! `afterbreak` regex matches the text starting there decides: `break="yes"` splits,
//! `break="no"` keeps going. qarin only tries positions where some break rule matches, and
//! it matches each rule within a bounded window around the position, so segmenting stays
//! linear. qarin's structural rules stay in force: a line break ends a segment, a blank line
//! starts a paragraph, and segments are trimmed.
//!
//! Some rules cannot be written as SRX regexes, because qarin decides them by looking back
//! over the sentence or by matching a bracket. These rules are `ENUMERATOR` beyond `1.`,
//! `PAREN` and `CITATION` (which moves the end past the marker). The exported file
//! approximates them, and `docs/segment.md` says so.

use super::data::{self, Rules};
use crate::error::{Error, Result};
use crate::model::{Lang, Segment};
use quick_xml::events::Event;
use regex::Regex;
use std::collections::HashMap;
use std::io::Write;

/// How far before and after a position a rule's regex may look, in bytes.
const WINDOW: usize = 256;

/// One SRX rule, compiled.
#[derive(Debug)]
struct Rule {
    is_break: bool,
    /// `(?:before)$`, or `None` for an empty `beforebreak` (matches anywhere).
    before_end: Option<Regex>,
    /// `before` unanchored, to find candidate positions of break rules.
    before_any: Option<Regex>,
    /// `^(?:after)`, or `None` for an empty `afterbreak`.
    after_start: Option<Regex>,
}

/// The rules an SRX file gives one language, in the order they are tried.
#[derive(Debug)]
pub struct SrxRules {
    rules: Vec<Rule>,
}

struct RawRule {
    is_break: bool,
    before: String,
    after: String,
    line: usize,
}

impl SrxRules {
    /// Reads an SRX 2.0 document and selects the rules for `lang` through its `maprules`
    /// (`languagepattern` regexes matched against the whole tag). With `cascade="yes"`,
    /// the rules of every matching map apply in map order; otherwise only the first map's
    /// rules do. Errors name the line; the caller adds the path.
    pub fn parse(xml: &str, lang: &Lang) -> Result<SrxRules> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut lines = crate::io::LineCounter::new(xml);
        let mut document_end = crate::io::XmlDocumentEnd::default();
        let mut cascade = false;
        let mut languages: HashMap<String, Vec<RawRule>> = HashMap::new();
        let mut maps: Vec<(String, String, usize)> = Vec::new();
        let mut current_language: Option<String> = None;
        let mut current_rule: Option<RawRule> = None;
        // Which regex element text goes into: 1 before, 2 after.
        let mut field = 0u8;
        let mut saw_srx = false;
        loop {
            let pos = reader.buffer_position();
            let event = reader.read_event().map_err(|e| {
                Error::syntax(format!("not well-formed XML: {e}"))
                    .at_line(lines.clone().line_at(pos))
            })?;
            let line = lines.line_at(pos);
            document_end
                .see(&event)
                .map_err(|problem| Error::syntax(problem).at_line(line))?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = e.local_name();
                    let attr = |key: &str| -> Result<Option<String>> {
                        for a in e.attributes() {
                            let a = a.map_err(|err| {
                                Error::syntax(format!("bad attribute: {err}")).at_line(line)
                            })?;
                            if a.key.local_name().as_ref() == key {
                                let value = a
                                    .normalized_value(quick_xml::XmlVersion::default())
                                    .map_err(|err| {
                                        Error::syntax(format!("bad attribute value: {err}"))
                                            .at_line(line)
                                    })?;
                                return Ok(Some(value.into_owned()));
                            }
                        }
                        Ok(None)
                    };
                    match name.as_ref() {
                        "srx" => {
                            saw_srx = true;
                            let version = attr("version")?.unwrap_or_default();
                            if !version.starts_with('2') {
                                return Err(Error::syntax(format!(
                                    "SRX version {version:?} is not supported; qarin reads SRX 2.0"
                                ))
                                .at_line(line));
                            }
                        }
                        "header" => cascade = attr("cascade")?.as_deref() == Some("yes"),
                        "languagerule" => {
                            let name = attr("languagerulename")?.ok_or_else(|| {
                                Error::syntax("<languagerule> needs a languagerulename")
                                    .at_line(line)
                            })?;
                            languages.entry(name.clone()).or_default();
                            current_language = Some(name);
                        }
                        "rule" => {
                            let is_break = attr("break")?.as_deref() != Some("no");
                            let rule = RawRule {
                                is_break,
                                before: String::new(),
                                after: String::new(),
                                line,
                            };
                            if matches!(event, Event::Empty(_)) {
                                push_rule(&mut languages, &current_language, rule, line)?;
                            } else {
                                current_rule = Some(rule);
                            }
                        }
                        "beforebreak" => field = 1,
                        "afterbreak" => field = 2,
                        "languagemap" => {
                            let pattern = attr("languagepattern")?.unwrap_or_default();
                            let rules = attr("languagerulename")?.unwrap_or_default();
                            maps.push((pattern, rules, line));
                        }
                        _ => {}
                    }
                    if matches!(event, Event::Empty(_))
                        && matches!(name.as_ref(), "beforebreak" | "afterbreak")
                    {
                        field = 0;
                    }
                }
                Event::Text(ref t) => {
                    if let Some(rule) = current_rule.as_mut() {
                        let text = t.xml10_content();
                        rule.push(field, &text)
                    }
                }
                Event::CData(ref t) => {
                    if let Some(rule) = current_rule.as_mut() {
                        let text: &str = t;
                        rule.push(field, text)
                    }
                }
                Event::GeneralRef(ref r) => {
                    if let Some(rule) = current_rule.as_mut() {
                        let resolved = match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => {
                                let name: &str = r.as_ref();
                                quick_xml::escape::resolve_predefined_entity(name)
                                    .map(str::to_string)
                                    .ok_or_else(|| {
                                        Error::syntax(format!("unknown entity &{name};"))
                                            .at_line(line)
                                    })?
                            }
                        };
                        rule.push(field, &resolved)
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    "beforebreak" | "afterbreak" => field = 0,
                    "rule" => {
                        if let Some(rule) = current_rule.take() {
                            push_rule(&mut languages, &current_language, rule, line)?;
                        }
                    }
                    "languagerule" => current_language = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if !saw_srx {
            return Err(Error::syntax("no <srx> element: not an SRX file"));
        }
        let tag = lang.as_str();
        let mut selected = Vec::new();
        for (pattern, name, line) in &maps {
            let matcher = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
                Error::syntax(format!(
                    "languagepattern {pattern:?} is not a regex qarin can use: {e}"
                ))
                .at_line(*line)
            })?;
            if matcher.is_match(tag) {
                let rules = languages.remove(name).ok_or_else(|| {
                    Error::syntax(format!(
                        "languagemap names languagerule {name:?}, which is not defined"
                    ))
                    .at_line(*line)
                })?;
                selected.extend(rules);
                if !cascade {
                    break;
                }
            }
        }
        let rules = selected
            .into_iter()
            .map(compile)
            .collect::<Result<Vec<_>>>()?;
        Ok(SrxRules { rules })
    }

    /// Splits `text` with these rules, keeping qarin's structure: a line break ends a
    /// segment, a blank line starts a paragraph, segments are trimmed and never empty.
    pub fn segment(&self, text: &str) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut paragraph = 0u32;
        let mut pending_break = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            if line.trim().is_empty() {
                pending_break = !out.is_empty();
                continue;
            }
            if pending_break {
                paragraph += 1;
                pending_break = false;
            }
            let mut piece_start = 0;
            let mut cuts = self.breaks(line);
            cuts.push(line.len());
            for cut in cuts {
                let piece = &line[piece_start..cut];
                let trimmed = piece.trim();
                if !trimmed.is_empty() {
                    let start = line_start + piece_start + (piece.len() - piece.trim_start().len());
                    out.push(Segment {
                        text: trimmed.to_string(),
                        span: start..start + trimmed.len(),
                        paragraph,
                        ..Segment::default()
                    });
                }
                piece_start = cut;
            }
        }
        out
    }

    /// Positions in `line` where the rules say to break, ascending.
    fn breaks(&self, line: &str) -> Vec<usize> {
        let mut candidates = Vec::new();
        for rule in self.rules.iter().filter(|r| r.is_break) {
            match &rule.before_any {
                Some(before) => candidates.extend(before.find_iter(line).map(|m| m.end())),
                None => candidates.extend(line.char_indices().map(|(k, _)| k).skip(1)),
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&at| 0 < at && at < line.len())
            .filter(|&at| {
                self.rules
                    .iter()
                    .find(|rule| rule_matches(rule, line, at))
                    .is_some_and(|rule| rule.is_break)
            })
            .collect()
    }
}

impl RawRule {
    /// Appends regex text to the element being read (1 `beforebreak`, 2 `afterbreak`).
    fn push(&mut self, field: u8, text: &str) {
        match field {
            1 => self.before.push_str(text),
            2 => self.after.push_str(text),
            _ => {}
        }
    }
}

fn push_rule(
    languages: &mut HashMap<String, Vec<RawRule>>,
    current: &Option<String>,
    rule: RawRule,
    line: usize,
) -> Result<()> {
    let name = current
        .as_ref()
        .ok_or_else(|| Error::syntax("<rule> outside a <languagerule>").at_line(line))?;
    languages.entry(name.clone()).or_default().push(rule);
    Ok(())
}

fn compile(raw: RawRule) -> Result<Rule> {
    let build = |pattern: &str, which: &str| -> Result<Regex> {
        Regex::new(pattern).map_err(|e| {
            Error::syntax(format!(
                "{which} of this rule is not a regex qarin can use (look-around and \
                 back-references are not supported): {e}"
            ))
            .at_line(raw.line)
        })
    };
    let (before_end, before_any) = if raw.before.is_empty() {
        (None, None)
    } else {
        (
            Some(build(&format!("(?:{})$", raw.before), "beforebreak")?),
            Some(build(&raw.before, "beforebreak")?),
        )
    };
    let after_start = if raw.after.is_empty() {
        None
    } else {
        Some(build(&format!("^(?:{})", raw.after), "afterbreak")?)
    };
    Ok(Rule {
        is_break: raw.is_break,
        before_end,
        before_any,
        after_start,
    })
}

fn rule_matches(rule: &Rule, line: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(WINDOW);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + WINDOW).min(line.len());
    while !line.is_char_boundary(to) {
        to -= 1;
    }
    rule.before_end
        .as_ref()
        .map_or(true, |r| r.is_match(&line[from..at]))
        && rule
            .after_start
            .as_ref()
            .map_or(true, |r| r.is_match(&line[at..to]))
}

/// Final marks, closers and bidi marks as regex classes.
const MARKS: &str = r"[.!?\u061F\u2026\u203C\u2047\u2048\u2049]";
const CLOSERS: &str = r#"["'»«”“’›‹)\]}\u300D\u300F]*[\u061C\u200E\u200F\u202C\u2069]*"#;
const ARABIC_LETTER: &str = r"[\u0620-\u064A\u0671-\u06D3]";
/// `SPACED-CLOSER`: one typographic space, then `»` or `”` (data::SPACED_CLOSERS).
const SPACED_CLOSER: &str = r"[ \u00A0\u202F][»”]";

fn escape_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The rules of one language as SRX `(break, before, after)` triples, no-break rules first.
fn srx_rules(rules: &Rules) -> Vec<(bool, String, String)> {
    let mut out = Vec::new();
    let word_start = r#"(?:^|[\s(\["'«»“‘])"#;
    // NEVER-STARTS
    out.push((
        false,
        format!("{MARKS}+{CLOSERS}"),
        r"\s*[,;:\u060C\u061B)\]}%\u066A]".to_string(),
    ));
    if rules.spaced_closers {
        // SPACED-CLOSER: no break between the marks and `»` one space after them.
        out.push((
            false,
            format!("{MARKS}+{CLOSERS}"),
            SPACED_CLOSER.to_string(),
        ));
    }
    // OMISSION
    out.push((
        false,
        r"[(\[](?:\.\.\.|\u2026)[)\]]".to_string(),
        r"\s".to_string(),
    ));
    if !rules.abbreviations.is_empty() {
        // ABBREV
        out.push((
            false,
            format!(
                "(?i){word_start}(?:{})\\.",
                escape_list(rules.abbreviations)
            ),
            r"\s".to_string(),
        ));
    }
    let openers = escape_list(rules.sentence_starters);
    let dotted = r"(?:\p{L}{1,2}\.)+\p{L}{1,2}\.";
    if !rules.maybe_final.is_empty() || rules.latin_initials {
        let maybe = escape_list(rules.maybe_final);
        let words = if maybe.is_empty() {
            dotted.to_string()
        } else {
            format!("(?:(?i:{maybe})\\.|{dotted})")
        };
        // MAYBE-FINAL and DOTTED-ABBREV: break before an opener, not otherwise.
        if !openers.is_empty() {
            out.push((
                true,
                format!("{word_start}{words}"),
                format!(r"\s+(?:{openers})\b"),
            ));
        }
        out.push((false, format!("{word_start}{words}"), r"\s".to_string()));
    }
    if rules.arabic_initials {
        // AR-INITIAL and Arabic DOTTED-ABBREV
        out.push((
            false,
            format!("{word_start}(?:{ARABIC_LETTER}\\u0640*\\.)+"),
            String::new(),
        ));
    }
    if rules.latin_initials {
        // LATIN-INITIAL
        out.push((false, format!(r"{word_start}\p{{Lu}}\."), r"\s".to_string()));
    }
    // ENUMERATOR (its first item only: SRX cannot count items)
    out.push((
        false,
        r"(?:^|:)\s*[1\u0661]\.".to_string(),
        r"\s".to_string(),
    ));
    if rules.ordinal_period {
        // ORDINAL
        out.push((
            false,
            format!(r"{word_start}\d{{1,2}}\."),
            r"\s".to_string(),
        ));
    }
    if !rules.ellipsis_ends {
        // ELLIPSIS-INSIDE
        out.push((
            false,
            r"(?:\.\.\.+|\u2026)".to_string(),
            r"[ \t\u00A0]+\S".to_string(),
        ));
    }
    if rules.lowercase_continues {
        // LOWER-NEXT
        out.push((
            false,
            format!(r"(?:\.\.+|\u2026){CLOSERS}"),
            r"\s+\p{Ll}".to_string(),
        ));
        out.push((
            false,
            r#"[!?]+["'»”’)]+"#.to_string(),
            r"\s+\p{Ll}".to_string(),
        ));
        if rules.spaced_closers {
            out.push((
                false,
                format!("[!?]+{SPACED_CLOSER}{CLOSERS}"),
                r"\s+\p{Ll}".to_string(),
            ));
        }
    }
    if rules.spaced_closers {
        // SPACED-CLOSER: the break comes after the guillemet.
        out.push((
            true,
            format!("{MARKS}+{CLOSERS}{SPACED_CLOSER}{CLOSERS}"),
            r"\s".to_string(),
        ));
    }
    // TERMINATOR, CLOSER, BIDI-MARK; AR-GLUED-END
    out.push((true, format!("{MARKS}+{CLOSERS}"), r"\s".to_string()));
    out.push((
        true,
        format!("{MARKS}+{CLOSERS}"),
        ARABIC_LETTER.to_string(),
    ));
    out
}

/// Writes qarin's rules for every language it has data for as an SRX 2.0 document.
pub fn write_srx(out: &mut dyn Write) -> Result<()> {
    let languages: [(&str, &Rules, &str); 5] = [
        ("Arabic", &data::ARABIC, "ar.*"),
        ("English", &data::ENGLISH, "en.*"),
        ("German", &data::GERMAN, "de.*"),
        ("French", &data::FRENCH, "fr.*"),
        ("Default", &data::LATIN, ".*"),
    ];
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<!-- Written by qarin: its sentence rules (docs/segment.md), approximated where a rule needs more than a regex. -->\n");
    xml.push_str("<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n");
    xml.push_str("  <header segmentsubflows=\"yes\" cascade=\"no\">\n");
    xml.push_str("    <formathandle type=\"start\" include=\"no\"/>\n");
    xml.push_str("    <formathandle type=\"end\" include=\"yes\"/>\n");
    xml.push_str("    <formathandle type=\"isolated\" include=\"yes\"/>\n");
    xml.push_str("  </header>\n  <body>\n    <languagerules>\n");
    for (name, rules, _) in &languages {
        xml.push_str(&format!(
            "      <languagerule languagerulename=\"{name}\">\n"
        ));
        for (is_break, before, after) in srx_rules(rules) {
            let brk = if is_break { "yes" } else { "no" };
            xml.push_str(&format!("        <rule break=\"{brk}\">\n"));
            xml.push_str(&format!(
                "          <beforebreak>{}</beforebreak>\n",
                quick_xml::escape::escape(&before)
            ));
            xml.push_str(&format!(
                "          <afterbreak>{}</afterbreak>\n",
                quick_xml::escape::escape(&after)
            ));
            xml.push_str("        </rule>\n");
        }
        xml.push_str("      </languagerule>\n");
    }
    xml.push_str("    </languagerules>\n    <maprules>\n");
    for (name, _, pattern) in &languages {
        xml.push_str(&format!(
            "      <languagemap languagepattern=\"{pattern}\" languagerulename=\"{name}\"/>\n"
        ));
    }
    xml.push_str("    </maprules>\n  </body>\n</srx>\n");
    out.write_all(xml.as_bytes())
        .map_err(|e| Error::io("cannot write SRX", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(rules: &SrxRules, text: &str) -> Vec<String> {
        rules.segment(text).into_iter().map(|s| s.text).collect()
    }

    const SIMPLE: &str = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="English">
        <rule break="no"><beforebreak>\bMr\.</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="en.*" languagerulename="English"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>"#;

    #[test]
    fn first_matching_rule_decides_and_cascade_adds_maps() {
        let en = SrxRules::parse(SIMPLE, &Lang::english()).unwrap();
        assert_eq!(
            sentences(&en, "Mr. Burns left. He came back."),
            ["Mr. Burns left.", "He came back."]
        );
        let de = SrxRules::parse(SIMPLE, &Lang::new("de")).unwrap();
        assert_eq!(sentences(&de, "Mr. Burns left."), ["Mr.", "Burns left."]);
    }

    #[test]
    fn bad_regex_names_its_line() {
        let xml = SIMPLE.replace(r"\bMr\.", "(?<=x)Mr");
        let err = SrxRules::parse(&xml, &Lang::english()).unwrap_err();
        assert_eq!(err.line, Some(7), "{err}");
    }

    #[test]
    fn qarins_own_rules_read_back() {
        let mut xml = Vec::new();
        write_srx(&mut xml).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        let ar = SrxRules::parse(&xml, &Lang::arabic()).unwrap();
        assert_eq!(
            sentences(
                &ar,
                "قال د. محمد إن الأمر انتهى عام 2023.وبدأت مرحلة. ثم غادر؟! نعم"
            ),
            [
                "قال د. محمد إن الأمر انتهى عام 2023.",
                "وبدأت مرحلة.",
                "ثم غادر؟!",
                "نعم"
            ]
        );
        let en = SrxRules::parse(&xml, &Lang::english()).unwrap();
        assert_eq!(
            sentences(
                &en,
                "Mr. Burns met the U.S. envoy. \"Stop!\" he said. The U.S. The end."
            ),
            [
                "Mr. Burns met the U.S. envoy.",
                "\"Stop!\" he said.",
                "The U.S.",
                "The end."
            ]
        );
    }
}
