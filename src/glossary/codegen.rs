//! The built-in glossary compiled in as data, not as text to parse: a process that uses it
//! pays neither for reading the TSV (milliseconds for a few hundred rows, growing with the
//! glossary) nor for normalising every form and building the matcher's table.
//!
//! `builtin_codegen.rs` is generated from `glossaries/news-ar-en.tsv` by the test below
//! and committed; the test fails when the two disagree. After editing the TSV run
//! `QARIN_CODEGEN=overwrite cargo test --lib glossary::codegen` and commit both files.

use super::matcher::{Form, FormKind, Prefix};
use super::{Entity, EntityKind};

/// One entity as the generated file holds it.
pub(super) struct Row {
    pub id: &'static str,
    pub kind: EntityKind,
    pub ar: &'static [&'static str],
    pub en: &'static str,
    pub en_alt: &'static [&'static str],
    pub en_forbidden: &'static [&'static str],
    pub note: Option<&'static str>,
    pub ignore: &'static [&'static str],
}

impl Row {
    pub fn to_entity(&self) -> Entity {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Entity {
            id: self.id.to_string(),
            kind: self.kind,
            ar: strings(self.ar),
            en: self.en.to_string(),
            en_alt: strings(self.en_alt),
            en_forbidden: strings(self.en_forbidden),
            note: self.note.map(str::to_string),
            ignore: strings(self.ignore),
        }
    }
}

/// A form in a few bytes of source: offsets and lengths, then the kind and prefix codes
/// of [`kind_code`] and [`prefix_code`].
pub(super) const fn f(start: u32, len: u32, first: u32, entity: u32, kind: u8, prefix: u8) -> Form {
    Form {
        start,
        len,
        first,
        entity,
        kind: match kind {
            0 => FormKind::Arabic,
            1 => FormKind::Canonical,
            2 => FormKind::Alternative,
            _ => FormKind::Forbidden,
        },
        prefix: match prefix {
            0 => Prefix::None,
            1 => Prefix::Proclitics { article: false },
            2 => Prefix::Proclitics { article: true },
            _ => Prefix::AfterLam,
        },
    }
}

#[cfg(test)]
fn kind_code(kind: FormKind) -> u8 {
    match kind {
        FormKind::Arabic => 0,
        FormKind::Canonical => 1,
        FormKind::Alternative => 2,
        FormKind::Forbidden => 3,
    }
}

#[cfg(test)]
fn prefix_code(prefix: Prefix) -> u8 {
    match prefix {
        Prefix::None => 0,
        Prefix::Proclitics { article: false } => 1,
        Prefix::Proclitics { article: true } => 2,
        Prefix::AfterLam => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::super::matcher::{tables, FormTable};
    use super::super::{parse_str, FileFormat, BUILTIN_NAME, BUILTIN_TSV};
    use super::*;
    use std::fmt::Write as _;
    use std::path::Path;

    const GENERATED: &str = "src/glossary/builtin_codegen.rs";

    fn list(items: &[String]) -> String {
        let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
        format!("&[{}]", quoted.join(", "))
    }

    fn table(out: &mut String, name: &str, table: &FormTable) {
        writeln!(out, "static {name}_ARENA: &str = {:?};", table.arena).unwrap();
        writeln!(out, "static {name}_FORMS: &[Form] = &[").unwrap();
        for form in table.forms.iter() {
            writeln!(
                out,
                "f({}, {}, {}, {}, {}, {}),",
                form.start,
                form.len,
                form.first,
                form.entity,
                kind_code(form.kind),
                prefix_code(form.prefix)
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
        let lower = name.to_ascii_lowercase();
        writeln!(
            out,
            "pub(super) fn {lower}() -> FormTable {{\n    FormTable {{ arena: Cow::Borrowed({name}_ARENA), forms: Cow::Borrowed({name}_FORMS) }}\n}}"
        )
        .unwrap();
    }

    /// The generated file's text for the TSV as it is now.
    fn render() -> String {
        let glossary = parse_str(BUILTIN_TSV, FileFormat::Tsv, Path::new(BUILTIN_NAME)).glossary;
        let mut out = String::new();
        out.push_str(
            "// @generated from glossaries/news-ar-en.tsv by \
             `QARIN_CODEGEN=overwrite cargo test --lib glossary::codegen`: do not edit.\n\
             use super::codegen::{f, Row};\n\
             use super::matcher::{Form, FormTable};\n\
             use super::EntityKind::*;\n\
             use std::borrow::Cow;\n\n",
        );
        writeln!(
            out,
            "#[cfg(test)]\npub(super) const TSV_BYTES: usize = {};",
            BUILTIN_TSV.len()
        )
        .unwrap();
        writeln!(out, "pub(super) static ENTITIES: &[Row] = &[").unwrap();
        for e in &glossary.entities {
            let kind = format!("{:?}", e.kind);
            writeln!(
                out,
                "Row {{ id: {:?}, kind: {kind}, ar: {}, en: {:?}, en_alt: {}, en_forbidden: {}, note: {:?}, ignore: {} }},",
                e.id,
                list(&e.ar),
                e.en,
                list(&e.en_alt),
                list(&e.en_forbidden),
                e.note,
                list(&e.ignore),
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
        let (arabic, english) = tables(&glossary);
        table(&mut out, "ARABIC", &arabic);
        table(&mut out, "ENGLISH", &english);
        out
    }

    #[test]
    fn builtin_codegen_is_current() {
        crate::io::assert_generated_current(
            GENERATED,
            &render(),
            "it must follow glossaries/news-ar-en.tsv: run \
             `QARIN_CODEGEN=overwrite cargo test --lib glossary::codegen` and commit it",
        );
    }

    #[test]
    fn builtin_rows_are_the_parsed_tsv() {
        let parsed = parse_str(BUILTIN_TSV, FileFormat::Tsv, Path::new(BUILTIN_NAME)).glossary;
        assert_eq!(super::super::Glossary::builtin(), &parsed);
        assert_eq!(super::super::builtin_codegen::TSV_BYTES, BUILTIN_TSV.len());
    }
}
