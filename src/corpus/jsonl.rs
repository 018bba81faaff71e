//! The streaming protocol for distributed engines: one JSON object per line in, one per
//! line out, no shared state and no files. That is what Hadoop Streaming mappers and
//! Spark's `RDD.pipe()` need: every record stands alone, so any split of the input over
//! any number of workers gives the same records back.
//!
//! In: `{"id": …, "source": "…", "target": "…", "source_lang"?: "ar", "target_lang"?: "en"}`
//! with the texts inline (`id` any JSON value, echoed back as given).
//! Out: `{"schema": "qarin/jsonl/v1", "id", "bitext", "findings", "summary", "verdict"}`, or
//! `{"schema": "qarin/jsonl/v1", "id", "line", "error"}` for a line that is not JSON or
//! lacks a field; the stream goes on after it.

use super::{Job, Outcome};
use crate::model::{Bitext, Finding, Lang, Verdict};
use serde::{Deserialize, Serialize};

/// The `schema` of every output record.
pub const SCHEMA: &str = "qarin/jsonl/v1";

/// One input record.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub id: serde_json::Value,
    pub source: String,
    pub target: String,
    #[serde(default)]
    pub source_lang: Option<String>,
    #[serde(default)]
    pub target_lang: Option<String>,
}

/// A result record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response<'a> {
    pub schema: &'static str,
    pub id: &'a serde_json::Value,
    pub bitext: &'a Bitext,
    pub findings: &'a [Finding],
    pub summary: &'a crate::check::Summary,
    pub verdict: Option<&'a Verdict>,
}

/// An error record: the line could not be processed; `id` when the line had one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub schema: String,
    pub id: serde_json::Value,
    /// 1-based line of the input stream.
    pub line: usize,
    pub error: String,
}

/// Parses one input line. The error says what is wrong in words a pipeline's log can show.
pub fn parse_request(line: &str) -> Result<Request, (serde_json::Value, String)> {
    match serde_json::from_str::<Request>(line) {
        Ok(r) => Ok(r),
        Err(e) => {
            // Echo the id when the line is an object that has one.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            let what = if e.is_syntax() || e.is_eof() {
                format!("not a JSON object: {e}")
            } else {
                format!(
                    "{e}; a record is {{\"id\", \"source\", \"target\", \"source_lang\"?, \
                     \"target_lang\"?}}"
                )
            };
            Err((id, what))
        }
    }
}

/// The error record of input line `line_no` (1-based), without the line end.
pub fn error_line(line_no: usize, error: &str) -> String {
    error_record(serde_json::Value::Null, line_no, error)
}

fn error_record(id: serde_json::Value, line_no: usize, error: &str) -> String {
    let record = ErrorRecord {
        schema: SCHEMA.to_string(),
        id,
        line: line_no,
        error: format!("line {line_no}: {error}"),
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// Processes one input line (1-based `line` for messages) into its output line, without
/// the line end. Never fails: a bad line gives an error record.
pub fn process_line(job: &Job<'_>, line_no: usize, line: &str) -> String {
    let error = |id: serde_json::Value, error: String| error_record(id, line_no, &error);
    let request = match parse_request(line) {
        Ok(r) => r,
        Err((id, e)) => return error(id, e),
    };
    let lang = |given: &Option<String>, default: &Lang| {
        given.as_deref().map_or_else(|| default.clone(), Lang::new)
    };
    let source = job.document(
        &request.source,
        lang(&request.source_lang, &job.source_lang),
        None,
    );
    let target = job.document(
        &request.target,
        lang(&request.target_lang, &job.target_lang),
        None,
    );
    let Outcome { bitext, report } = match job.process(source, target) {
        Ok(outcome) => outcome,
        Err(e) => return error(request.id.clone(), e.to_string()),
    };
    let response = Response {
        schema: SCHEMA,
        id: &request.id,
        bitext: &bitext,
        findings: &report.findings,
        summary: &report.summary,
        verdict: bitext.verdict.as_ref(),
    };
    match serde_json::to_string(&response) {
        Ok(s) => s,
        Err(e) => error(request.id.clone(), format!("cannot write the result: {e}")),
    }
}

/// Reads back one result line of a stream (the part files of a Spark or Hadoop job): the
/// record's id as text and its bitext, or `None` for an error record.
pub fn read_result(line: &str) -> Result<Option<(String, Bitext)>, String> {
    #[derive(Deserialize)]
    struct Result_ {
        id: serde_json::Value,
        #[serde(default)]
        bitext: Option<Bitext>,
    }
    let record: Result_ = serde_json::from_str(line)
        .map_err(|e| format!("not a result of `qarin align --jsonl`: {e}"))?;
    let id = match record.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    Ok(record.bitext.map(|b| (id, b)))
}
