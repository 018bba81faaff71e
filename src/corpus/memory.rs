//! One translation memory for a whole corpus: every pair's units, each distinct unit once
//! with the number of times it occurred and the document it first came from.
//!
//! Units are taken as the TMX exporter takes them from one bitext (cleaned for XML, 1-0
//! and 0-1 links left out, `min_score` applied). Two units are the same when both their
//! texts are. Memory holds one entry per distinct unit: what the file will contain.

use crate::formats::{self, ExportOptions, WriteReport};
use crate::model::{Bitext, Lang, Link};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One distinct unit of a corpus memory.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryUnit {
    pub source: String,
    pub target: String,
    /// The best score it was given; its link type is that of its first occurrence.
    pub link: Link,
    /// The document (pair id) and link index of its first occurrence.
    pub document: String,
    pub index: usize,
    /// How many times it occurred across the corpus.
    pub count: u32,
}

/// Distinct units of every pair added, in order of first occurrence.
#[derive(Clone, Debug, Default)]
pub struct CorpusMemory {
    units: Vec<MemoryUnit>,
    /// Hash of both texts → units with that hash.
    by_hash: HashMap<u64, Vec<u32>>,
    /// The languages of the first pair added (written in the header).
    langs: Option<(Lang, Lang)>,
    /// What was left out, over every pair.
    pub report: WriteReport,
}

impl CorpusMemory {
    /// Adds one pair's units (those the TMX exporter would write under `options`).
    pub fn add(&mut self, document: &str, bitext: &Bitext, options: &ExportOptions) {
        let options = ExportOptions {
            keep_duplicates: true,
            findings: Vec::new(),
            ..options.clone()
        };
        let (units, _) = formats::select_units(
            bitext,
            &options,
            formats::Selection::Memory,
            &mut self.report,
        );
        if self.langs.is_none() {
            let (s, t) = formats::langs(bitext, &options);
            self.langs = Some((s.clone(), t.clone()));
        }
        for unit in units {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (&*unit.source, &*unit.target).hash(&mut hasher);
            let bucket = self.by_hash.entry(hasher.finish()).or_default();
            let existing = bucket.iter().copied().find(|&i| {
                let u = &self.units[i as usize];
                u.source == unit.source && u.target == unit.target
            });
            match existing {
                Some(i) => {
                    let u = &mut self.units[i as usize];
                    u.count += 1;
                    u.link.score = u.link.score.max(unit.link.score);
                    self.report.duplicates_removed += 1;
                }
                None => {
                    bucket.push(self.units.len() as u32);
                    self.units.push(MemoryUnit {
                        source: unit.source.into_owned(),
                        target: unit.target.into_owned(),
                        link: unit.link.clone(),
                        document: document.to_string(),
                        index: unit.index,
                        count: 1,
                    });
                }
            }
        }
    }

    /// The distinct units, in order of first occurrence.
    pub fn units(&self) -> &[MemoryUnit] {
        &self.units
    }

    /// The languages the files declare: the options', else the first pair's.
    fn langs(&self, options: &ExportOptions) -> (Lang, Lang) {
        let (source, target) = self
            .langs
            .clone()
            .unwrap_or_else(|| (Lang::arabic(), Lang::english()));
        (
            options.source_lang.clone().unwrap_or(source),
            options.target_lang.clone().unwrap_or(target),
        )
    }

    /// The distinct units as the exporters take them (`index` is the unit's place here).
    fn export_units(&self) -> Vec<formats::Unit<'_>> {
        self.units
            .iter()
            .enumerate()
            .map(|(k, u)| formats::Unit {
                index: k,
                link: &u.link,
                source: u.source.as_str().into(),
                target: u.target.as_str().into(),
                findings: Vec::new(),
            })
            .collect()
    }

    /// A unit's id (`document:link`, the link numbered from 1 as in every view) and how
    /// often it occurred and where first.
    fn props(&self, unit: &formats::Unit) -> (String, Vec<(&'static str, String)>) {
        let u = &self.units[unit.index];
        (
            format!("{}:{}", u.document, u.index + 1),
            vec![
                ("x-count", u.count.to_string()),
                ("x-document", u.document.clone()),
            ],
        )
    }

    /// Writes the memory as TMX 1.4b: `tuid` is `document:link`, and each unit carries
    /// `x-count` and `x-document` props after its score and link type.
    pub fn write_tmx(
        &self,
        options: &ExportOptions,
        out: &mut dyn std::io::Write,
    ) -> crate::Result<WriteReport> {
        let (source_lang, target_lang) = self.langs(options);
        let units = self.export_units();
        formats::tmx::write_tmx(
            out,
            &units,
            &[],
            (&source_lang, &target_lang),
            options.created,
            &|unit| self.props(unit),
        )
        .map_err(formats::io_err)?;
        Ok(WriteReport {
            written: units.len(),
            ..self.report.clone()
        })
    }

    /// Writes the memory as XLIFF 1.2 for review, one `<file original="corpus">`: the
    /// units' states as `qarin align --format xliff` gives them (a low score needs review,
    /// `options.review_below`), `id` is `document:link`, and notes `x-count: N` and
    /// `x-document: ID` follow the score note.
    pub fn write_xliff(
        &self,
        options: &ExportOptions,
        out: &mut dyn std::io::Write,
    ) -> crate::Result<WriteReport> {
        let (source_lang, target_lang) = self.langs(options);
        let units = self.export_units();
        formats::xliff12::write_xliff(
            out,
            (&source_lang, &target_lang),
            "corpus",
            &units,
            &[],
            options,
            &|unit| self.props(unit),
        )
        .map_err(formats::io_err)?;
        Ok(WriteReport {
            written: units.len(),
            ..self.report.clone()
        })
    }
}
