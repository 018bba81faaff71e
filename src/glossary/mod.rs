//! Glossaries of names and terms: the entity model, TSV/CSV/TBX files, and matching in
//! Arabic and English text.
//!
//! A [`Glossary`] is a list of [`Entity`] records: the Arabic spellings a name appears
//! under, the one English form the style wants, the alternatives it allows and the
//! variants it forbids. Files are read by [`Glossary::from_path`] (TSV, CSV, TBX v2 or v3,
//! chosen by extension) or, to see every problem at once, [`read_path`]. The built-in
//! news glossary ([`Glossary::builtin`]) is compiled into the binary. A [`Matcher`] finds
//! every occurrence of every form in a text in one pass.

#[rustfmt::skip]
mod builtin_codegen;
mod codegen;
mod matcher;
mod tbx;
mod tsv;
mod validate;

pub use matcher::{FormKind, Matcher, TermMatch};
pub use tbx::TbxVersion;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The built-in Arabic–English news glossary, as the TSV it is edited in.
pub const BUILTIN_TSV: &str = include_str!("../../glossaries/news-ar-en.tsv");
/// The name messages use for the built-in glossary (its path in the repository).
pub const BUILTIN_NAME: &str = "glossaries/news-ar-en.tsv";

/// A list of entities. Order matters only for ties: when two entities claim one form,
/// the later one wins, so a user glossary merged after the built-in one takes precedence.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Glossary {
    pub entities: Vec<Entity>,
}

/// One person, place, organisation, outlet, title or term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Lower-case ASCII kebab-case, unique in a glossary: `sergei-naryshkin`.
    pub id: String,
    pub kind: EntityKind,
    /// Arabic forms: spelling variants and short forms (`سيرغي ناريشكين`, `ناريشكين`).
    pub ar: Vec<String>,
    /// The canonical English form.
    pub en: String,
    /// Other English forms the style allows (a surname alone, an expanded acronym).
    #[serde(default)]
    pub en_alt: Vec<String>,
    /// English variants that are wrong (`Narishkin`, `Kiev`): the checker flags them.
    #[serde(default)]
    pub en_forbidden: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Checker rule ids silenced for this entity (`name-missing`).
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Place,
    Org,
    Media,
    Title,
    Term,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Org,
        EntityKind::Media,
        EntityKind::Title,
        EntityKind::Term,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Org => "org",
            EntityKind::Media => "media",
            EntityKind::Title => "title",
            EntityKind::Term => "term",
        }
    }

    /// Parses a kind name, ignoring case and surrounding spaces.
    pub fn parse(s: &str) -> Option<EntityKind> {
        let s = s.trim();
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Glossary file formats, chosen by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Tsv,
    Csv,
    /// Reading accepts v2 and v3 alike; writing uses the version given.
    Tbx(TbxVersion),
}

impl FileFormat {
    /// `.tsv`/`.tab`/`.txt` → TSV, `.csv` → CSV, `.tbx` → TBX v2 (the version CAT tools
    /// read).
    pub fn from_path(path: &Path) -> Result<FileFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "tsv" | "tab" | "txt" | "utf8" => Ok(FileFormat::Tsv),
            "csv" => Ok(FileFormat::Csv),
            "tbx" | "xml" => Ok(FileFormat::Tbx(TbxVersion::V2)),
            _ => Err(Error::usage(format!(
                "cannot tell the glossary format from the extension {:?}; use .tsv, .csv or .tbx",
                ext
            ))
            .with_path(path)),
        }
    }
}

/// A glossary read from a file together with every problem found in it.
///
/// Rows with a problem of their own (an unknown kind, a malformed id) are left out of
/// `glossary`; problems between rows (a duplicate id, a form claimed twice) keep both.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub glossary: Glossary,
    pub problems: Vec<Error>,
}

impl Checked {
    /// The glossary if there was no problem, else the first problem, saying how many
    /// more there are and how to list them.
    pub fn into_result(self) -> Result<Glossary> {
        let mut problems = self.problems.into_iter();
        let Some(first) = problems.next() else {
            return Ok(self.glossary);
        };
        let more = problems.count();
        if more == 0 {
            return Err(first);
        }
        let path = first
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "FILE".into());
        let mut err = first;
        if let crate::error::ErrorKind::Syntax(msg) = &mut err.kind {
            msg.push_str(&format!(
                " (and {more} more problem{}; `qarin glossary check {path}` lists them all)",
                if more == 1 { "" } else { "s" }
            ));
        }
        Err(err)
    }
}

/// Reads a glossary file and checks it, collecting every problem instead of stopping at
/// the first. An unreadable file gives one problem and an empty glossary.
pub fn read_path(path: &Path) -> Checked {
    let format = match FileFormat::from_path(path) {
        Ok(f) => f,
        Err(e) => {
            return Checked {
                glossary: Glossary::default(),
                problems: vec![e],
            }
        }
    };
    match crate::io::read_text(path) {
        Ok(text) => parse_str(&text, format, path),
        Err(e) => Checked {
            glossary: Glossary::default(),
            problems: vec![e],
        },
    }
}

/// Parses glossary text in `format`; `origin` names it in messages.
pub fn parse_str(text: &str, format: FileFormat, origin: &Path) -> Checked {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (rows, mut problems) = match format {
        FileFormat::Tsv => tsv::read(text, tsv::Separator::Tab),
        FileFormat::Csv => tsv::read(text, tsv::Separator::Comma),
        FileFormat::Tbx(_) => tbx::read(text),
    };
    problems.extend(validate::validate(&rows));
    problems.sort_by_key(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0)));
    let problems = problems.into_iter().map(|e| e.with_path(origin)).collect();
    Checked {
        glossary: Glossary {
            entities: rows.into_iter().map(|r| r.entity).collect(),
        },
        problems,
    }
}

/// Writes `glossary` in `format`.
pub fn write(glossary: &Glossary, format: FileFormat, out: &mut dyn std::io::Write) -> Result<()> {
    match format {
        FileFormat::Tsv => tsv::write(glossary, tsv::Separator::Tab, out),
        FileFormat::Csv => tsv::write(glossary, tsv::Separator::Comma, out),
        FileFormat::Tbx(version) => tbx::write(glossary, version, out),
    }
}

/// An entity and where it was written, for messages that point at the file.
#[derive(Clone, Debug)]
pub(crate) struct Located {
    pub entity: Entity,
    pub line: usize,
    /// 1-based column of each field (`id`, `kind`, `ar`, `en`, `en_alt`, `en_forbidden`,
    /// `note`, `ignore`); TBX gives every field the column of its element.
    pub columns: [usize; FIELD_COUNT],
}

pub(crate) const FIELD_COUNT: usize = 8;

/// The longest glossary field (a form, a note) a reader takes, in bytes. A field is a few
/// words; a longer one is a wrong file or an attack, and refusing it keeps the matcher and
/// the normaliser's offset maps from growing with a 100 MB text node.
pub(crate) const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Column names in the order qarin writes them.
pub(crate) const FIELDS: [&str; FIELD_COUNT] = [
    "id",
    "kind",
    "ar",
    "en",
    "en_alt",
    "en_forbidden",
    "note",
    "ignore",
];

pub(crate) fn field_index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|f| *f == name)
}

impl Glossary {
    /// The built-in Arabic–English news glossary, from the rows generated at compile time
    /// out of [`BUILTIN_TSV`] (`codegen.rs`), so no process parses it.
    ///
    /// A test keeps the file free of problems; were one to slip in, the rows without a
    /// problem of their own are still used rather than failing every command.
    pub fn builtin() -> &'static Glossary {
        static BUILTIN: OnceLock<Glossary> = OnceLock::new();
        BUILTIN.get_or_init(|| Glossary {
            entities: builtin_codegen::ENTITIES
                .iter()
                .map(codegen::Row::to_entity)
                .collect(),
        })
    }

    /// Reads a glossary file (by extension) and fails on the first problem, naming how
    /// many more there are.
    pub fn from_path(path: &Path) -> Result<Glossary> {
        read_path(path).into_result()
    }

    /// Adds `other`'s entities: one with an id already present replaces it in place, a
    /// new one is appended.
    pub fn merge(&mut self, other: Glossary) {
        let mut index: HashMap<String, usize> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        for entity in other.entities {
            match index.get(&entity.id) {
                Some(&i) => self.entities[i] = entity,
                None => {
                    index.insert(entity.id.clone(), self.entities.len());
                    self.entities.push(entity);
                }
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

impl Entity {
    /// Every English form with how the style judges it: canonical first, then the
    /// alternatives, then the forbidden variants.
    pub fn english_forms(&self) -> impl Iterator<Item = (&str, FormKind)> {
        std::iter::once((self.en.as_str(), FormKind::Canonical))
            .chain(
                self.en_alt
                    .iter()
                    .map(|s| (s.as_str(), FormKind::Alternative)),
            )
            .chain(
                self.en_forbidden
                    .iter()
                    .map(|s| (s.as_str(), FormKind::Forbidden)),
            )
    }

    /// True when `rule` is silenced for this entity.
    pub fn ignores(&self, rule: &str) -> bool {
        self.ignore.iter().any(|r| r == rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn entity(id: &str, kind: EntityKind, ar: &[&str], en: &str) -> Entity {
        Entity {
            id: id.into(),
            kind,
            ar: ar.iter().map(|s| s.to_string()).collect(),
            en: en.into(),
            en_alt: vec![],
            en_forbidden: vec![],
            note: None,
            ignore: vec![],
        }
    }

    #[test]
    fn builtin_glossary_has_no_problems() {
        let checked = parse_str(BUILTIN_TSV, FileFormat::Tsv, Path::new(BUILTIN_NAME));
        let messages: Vec<String> = checked.problems.iter().map(|e| e.to_string()).collect();
        assert!(messages.is_empty(), "{}", messages.join("\n"));
        assert_eq!(Glossary::builtin().len(), checked.glossary.len());
    }

    #[test]
    fn merge_overrides_by_id_and_appends_new_entities() {
        let mut base = Glossary {
            entities: vec![
                entity("a", EntityKind::Person, &["أ"], "A"),
                entity("b", EntityKind::Person, &["ب"], "B"),
            ],
        };
        base.merge(Glossary {
            entities: vec![
                entity("b", EntityKind::Place, &["ب"], "Bee"),
                entity("c", EntityKind::Org, &["ج"], "C"),
            ],
        });
        let ids: Vec<&str> = base.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(base.get("b").map(|e| e.en.as_str()), Some("Bee"));
    }

    #[test]
    fn entity_kinds_parse_case_insensitively() {
        assert_eq!(EntityKind::parse(" Person "), Some(EntityKind::Person));
        assert_eq!(EntityKind::parse("organisation"), None);
        let json = serde_json::to_string(&EntityKind::Org).unwrap();
        assert_eq!(json, "\"org\"");
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            FileFormat::from_path(Path::new("a/b.TSV")).unwrap(),
            FileFormat::Tsv
        );
        assert_eq!(
            FileFormat::from_path(Path::new("b.csv")).unwrap(),
            FileFormat::Csv
        );
        assert!(FileFormat::from_path(Path::new("b.docx")).is_err());
    }
}
