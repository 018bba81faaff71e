//! The built-in lexicon compiled in as tables, not as text to parse: reading the TSV,
//! normalising its Arabic forms and folding its English renderings takes tens of
//! milliseconds, more than a short article costs to align, and every process that aligns
//! an Arabic–English pair would pay it.
//!
//! `builtin_codegen.rs` is generated from `glossaries/lexicon-ar-en.tsv` by the test below
//! and committed; the test fails when the two disagree. After editing the TSV (or the
//! stemmer, whose folding the tables hold) run
//! `QARIN_CODEGEN=overwrite cargo test --lib lexicon::codegen` and commit both files.

#[cfg(test)]
mod tests {
    use super::super::table::Table;
    use super::super::{parse_str, Index, BUILTIN_NAME, BUILTIN_TSV};
    use std::fmt::Write as _;
    use std::path::Path;

    const GENERATED: &str = "src/lexicon/builtin_codegen.rs";

    fn numbers(out: &mut String, name: &str, values: &[u32]) {
        writeln!(out, "static {name}: &[u32] = &[").unwrap();
        for chunk in values.chunks(24) {
            let line: Vec<String> = chunk.iter().map(u32::to_string).collect();
            writeln!(out, "{},", line.join(",")).unwrap();
        }
        writeln!(out, "];").unwrap();
    }

    fn table(out: &mut String, name: &str, table: &Table) {
        writeln!(out, "static {name}_ARENA: &str = {:?};", table.arena).unwrap();
        numbers(out, &format!("{name}_ROWS"), &table.rows);
        numbers(out, &format!("{name}_VALUES"), &table.values);
    }

    /// The generated file's text for the TSV and the stemmer as they are now.
    fn render() -> String {
        let lexicon = parse_str(BUILTIN_TSV, Path::new(BUILTIN_NAME)).unwrap();
        let index = Index::build(lexicon.entries());
        let mut out = String::new();
        out.push_str(
            "// @generated from glossaries/lexicon-ar-en.tsv by \
             `QARIN_CODEGEN=overwrite cargo test --lib lexicon::codegen`: do not edit.\n\
             use super::table::Table;\n\
             use super::Index;\n\
             \n",
        );
        writeln!(
            out,
            "#[cfg(test)]\npub(super) const TSV_BYTES: usize = {};",
            BUILTIN_TSV.len()
        )
        .unwrap();
        let tables = [
            ("RENDERINGS", &index.renderings),
            ("ARABIC", &index.arabic),
            ("ARABIC_STARTS", &index.arabic_starts),
            ("ENGLISH_WORDS", &index.english_words),
            ("ENGLISH_STARTS", &index.english_starts),
        ];
        for (name, t) in tables {
            table(&mut out, name, t);
        }
        out.push_str("\nfn table(arena: &'static str, rows: &'static [u32], values: &'static [u32]) -> Table {\n    Table::borrowed(arena, rows, values)\n}\n\n");
        out.push_str("pub(super) fn index() -> Index {\n    Index {\n");
        for (name, _) in tables {
            writeln!(
                out,
                "        {}: table({name}_ARENA, {name}_ROWS, {name}_VALUES),",
                name.to_ascii_lowercase()
            )
            .unwrap();
        }
        out.push_str("    }\n}\n");
        out
    }

    #[test]
    fn builtin_codegen_is_current() {
        crate::io::assert_generated_current(
            GENERATED,
            &render(),
            "it must follow glossaries/lexicon-ar-en.tsv or the stemmer: run \
             `QARIN_CODEGEN=overwrite cargo test --lib lexicon::codegen` and commit it",
        );
    }

    #[test]
    fn builtin_tables_are_the_parsed_tsv() {
        let parsed = parse_str(BUILTIN_TSV, Path::new(BUILTIN_NAME)).unwrap();
        assert_eq!(
            super::super::Lexicon::builtin().index,
            Index::build(parsed.entries())
        );
        assert_eq!(super::super::builtin_codegen::TSV_BYTES, BUILTIN_TSV.len());
    }
}
