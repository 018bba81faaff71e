//! Sentence-boundary accuracy with the definition of `../shared/tools/seg_score.py`, so
//! `qarin eval segment` and the Python scorer print the same figures.
//!
//! A boundary is a position in the stream of non-whitespace characters (NFC) of the
//! document; only interior boundaries count. Precision, recall and F1 are micro-averaged
//! over all boundaries of all documents; a document is exact when its predicted interior
//! boundary set equals the gold set. A document missing from the prediction counts as one
//! unsegmented sentence.

use crate::error::{Error, Result};
use crate::model::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// One document of a gold set (`../shared/data/seg/*.jsonl`): extra fields are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    pub id: serde_json::Value,
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// Figures for one gold set, named as the Python scorer names them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    pub docs: usize,
    pub gold_boundaries: usize,
    pub pred_boundaries: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub exact_docs: usize,
    pub exact_doc_share: f64,
    pub text_mismatch_docs: usize,
    pub missing_docs: usize,
}

/// Counts accumulated document by document; [`Tally::score`] turns them into a [`Score`].
#[derive(Clone, Debug, Default)]
pub struct Tally {
    docs: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
    exact: usize,
    mismatch: usize,
    missing: usize,
}

impl Tally {
    /// Adds one document: its gold sentences and the predicted ones (`None`: missing).
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], pred: Option<&[P]>) {
        self.docs += 1;
        let (gold_stream, gold_bounds) = stream_and_bounds(gold);
        let pred_bounds = match pred {
            None => {
                self.missing += 1;
                BTreeSet::new()
            }
            Some(pred) => {
                let (pred_stream, mut bounds) = stream_and_bounds(pred);
                if pred_stream != gold_stream {
                    self.mismatch += 1;
                    bounds = map_bounds(&pred_stream, &gold_stream, &bounds);
                }
                bounds.retain(|&b| 0 < b && b < gold_stream.len());
                bounds
            }
        };
        let tp = gold_bounds.intersection(&pred_bounds).count();
        self.tp += tp;
        self.fp += pred_bounds.len() - tp;
        self.fn_ += gold_bounds.len() - tp;
        if pred_bounds == gold_bounds {
            self.exact += 1;
        }
    }

    pub fn score(&self) -> Score {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                1.0
            } else {
                num as f64 / den as f64
            }
        };
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            docs: self.docs,
            gold_boundaries: self.tp + self.fn_,
            pred_boundaries: self.tp + self.fp,
            tp: self.tp,
            fp: self.fp,
            fn_: self.fn_,
            precision,
            recall,
            f1,
            exact_docs: self.exact,
            exact_doc_share: if self.docs == 0 {
                0.0
            } else {
                self.exact as f64 / self.docs as f64
            },
            text_mismatch_docs: self.mismatch,
            missing_docs: self.missing,
        }
    }
}

/// Python's `str.isspace`: Unicode White_Space plus the four information separators.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// The non-whitespace NFC characters of the sentences and the interior boundaries
/// between them, as character positions in that stream.
fn stream_and_bounds<S: AsRef<str>>(sentences: &[S]) -> (Vec<char>, BTreeSet<usize>) {
    let mut stream = Vec::new();
    let mut bounds = BTreeSet::new();
    for sentence in sentences {
        let before = stream.len();
        stream.extend(sentence.as_ref().nfc().filter(|&c| !is_py_space(c)));
        if stream.len() > before {
            bounds.insert(stream.len());
        }
    }
    bounds.remove(&stream.len());
    (stream, bounds)
}

/// Moves boundaries of a prediction whose text differs from the gold onto gold positions
/// through a character alignment (the scorer uses difflib; a diff gives the same result on
/// the small edits segmenters make).
fn map_bounds(pred: &[char], gold: &[char], bounds: &BTreeSet<usize>) -> BTreeSet<usize> {
    let mut mapping = HashMap::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, pred, gold) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..=len {
                mapping.entry(old_index + k).or_insert(new_index + k);
            }
        }
    }
    bounds
        .iter()
        .filter_map(|b| mapping.get(b).copied())
        .filter(|&q| 0 < q && q < gold.len())
        .collect()
}

/// Reads a gold set, one JSON object per line; blank lines are skipped. Errors name the
/// line (the caller adds the path).
pub fn read_gold(input: impl BufRead) -> Result<Vec<GoldDoc>> {
    let mut docs = Vec::new();
    for (k, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::io("cannot read gold file", e))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(&line).map_err(|e| {
            Error::syntax(format!(
                "expected a JSON object with \"id\", \"text\" and \"sentences\": {}",
                json_message(&e)
            ))
            .at(k + 1, e.column())
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

/// Reads a gold file from disk (see [`read_gold`]).
pub fn read_gold_file(path: &Path) -> Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io("cannot open gold file", e).with_path(path))?;
    read_gold(std::io::BufReader::new(file)).map_err(|e| e.with_path(path))
}

/// Segments every gold document with qarin and scores the result. The language is the
/// document's own `lang`, else `lang`, else detected from the text.
pub fn evaluate(docs: &[GoldDoc], lang: Option<&Lang>) -> Score {
    let mut tally = Tally::default();
    for doc in docs {
        let lang = doc
            .lang
            .as_deref()
            .map(Lang::new)
            .or_else(|| lang.cloned())
            .unwrap_or_else(|| super::detect_lang(&doc.text));
        let pred: Vec<String> = super::segment(&doc.text, &lang)
            .into_iter()
            .map(|s| s.text)
            .collect();
        tally.add(&doc.sentences, Some(pred.as_slice()));
    }
    tally.score()
}

/// Predicted sentences keyed by document id, from `{"id","sentences":[...]}` lines.
pub fn read_predictions(input: impl BufRead) -> Result<HashMap<String, Vec<String>>> {
    #[derive(Deserialize)]
    struct Pred {
        id: serde_json::Value,
        #[serde(default)]
        sentences: Vec<String>,
    }
    let mut out = HashMap::new();
    for (k, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::io("cannot read predictions", e))?;
        if line.trim().is_empty() {
            continue;
        }
        let pred: Pred = serde_json::from_str(&line).map_err(|e| {
            Error::syntax(format!(
                "expected {{\"id\", \"sentences\"}}: {}",
                json_message(&e)
            ))
            .at(k + 1, e.column())
        })?;
        out.insert(id_key(&pred.id), pred.sentences);
    }
    Ok(out)
}

/// serde_json's message without its " at line 1 column 7" tail: the caller reports the
/// position in the file instead.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => msg,
    }
}

/// A document id as a lookup key: strings as they are, other JSON values as written.
pub fn id_key(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_ignore_whitespace_and_count_interior_only() {
        let mut tally = Tally::default();
        tally.add(&["A b.", "C d.", "E."], Some(&["A b. C d.", " E. "][..]));
        let s = tally.score();
        assert_eq!((s.tp, s.fp, s.fn_, s.exact_docs), (1, 0, 1, 0));
        assert!((s.precision - 1.0).abs() < 1e-12 && (s.recall - 0.5).abs() < 1e-12);
    }

    #[test]
    fn missing_document_is_one_sentence() {
        let mut tally = Tally::default();
        tally.add::<_, &str>(&["One.", "Two."], None);
        let s = tally.score();
        assert_eq!((s.fn_, s.missing_docs, s.exact_docs), (1, 1, 0));
    }

    #[test]
    fn altered_text_is_aligned_onto_the_gold() {
        let mut tally = Tally::default();
        tally.add(&["One two.", "Three."], Some(&["One tw0.", "Three."][..]));
        let s = tally.score();
        assert_eq!((s.tp, s.text_mismatch_docs), (1, 1));
    }

    #[test]
    fn gold_lines_report_their_line_number() {
        let err = read_gold("{\"id\":\"a\",\"text\":\"x\"}\n\n{oops\n".as_bytes()).unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
