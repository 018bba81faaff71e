//! Findings accepted earlier: the output of an earlier `qarin check --format json`, whose
//! findings are not reported again (what Xbench users do with known false positives).
//!
//! A finding matches the baseline when its rule, entity, found text and source sentence
//! text (spaces trimmed) are equal to those of a baseline finding. Sentence *indices* are
//! left out of the key on purpose: inserting a paragraph above must not bring back every
//! accepted finding below it; the target text is left out so that fixing an unrelated typo
//! in the translation does not either.

use crate::error::{Error, Result};
use crate::model::Finding;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// What identifies a finding across runs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaselineKey {
    pub rule: String,
    pub entity: Option<String>,
    pub found: Option<String>,
    pub source_text: Option<String>,
}

impl BaselineKey {
    pub fn of(finding: &Finding) -> BaselineKey {
        BaselineKey {
            rule: finding.rule.clone(),
            entity: finding.entity.clone(),
            found: finding.found.clone(),
            source_text: finding.source.as_ref().map(|s| s.text.trim().to_string()),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Baseline {
    keys: HashSet<BaselineKey>,
}

/// One document's report in a folder's output before schema v1
/// (`{"documents":[{"findings":…}…]}`).
#[derive(Deserialize)]
struct Document {
    findings: Vec<Finding>,
}

impl Baseline {
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Baseline {
        Baseline {
            keys: findings.into_iter().map(BaselineKey::of).collect(),
        }
    }

    /// Parses the JSON `qarin check --format json` writes, for one document or a folder.
    pub fn from_json(text: &str) -> Result<Baseline> {
        let what = "a baseline is the output of `qarin check --format json`";
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::syntax(format!("not JSON: {e}; {what}")).at(e.line(), e.column())
        })?;
        let shape =
            |e: serde_json::Error| Error::syntax(format!("not a findings file: {e}; {what}"));
        // qarin/findings/v1 has every finding in the top-level list, for one pair or many;
        // the folder output before it had them under each of its "documents".
        if let Some(findings) = value.get("findings") {
            let findings = Vec::<Finding>::deserialize(findings).map_err(shape)?;
            return Ok(Baseline::from_findings(&findings));
        }
        let documents = value
            .get("documents")
            .ok_or_else(|| Error::syntax(format!("no \"findings\" list; {what}")))?;
        let documents = Vec::<Document>::deserialize(documents).map_err(shape)?;
        Ok(Baseline::from_findings(
            documents.iter().flat_map(|d| &d.findings),
        ))
    }

    pub fn from_path(path: &Path) -> Result<Baseline> {
        let text = crate::io::read_text(path)?;
        Baseline::from_json(&text).map_err(|e| e.with_path(path))
    }

    pub fn contains(&self, finding: &Finding) -> bool {
        self.keys.contains(&BaselineKey::of(finding))
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SentenceRef, Severity};

    fn finding(source: &str, target_index: u32) -> Finding {
        Finding {
            rule: "name-misspelled".into(),
            severity: Severity::Error,
            message: "m".into(),
            entity: Some("dmitry-peskov".into()),
            expected: Some("Peskov".into()),
            found: Some("Peskof".into()),
            source: Some(SentenceRef {
                index: 4,
                text: source.into(),
                span: None,
            }),
            target: Some(SentenceRef {
                index: target_index,
                text: "t".into(),
                span: None,
            }),
            link: None,
            unit: None,
        }
    }

    #[test]
    fn matching_ignores_indices_but_not_the_source_text() {
        let base = Baseline::from_findings(&[finding("قال بيسكوف", 2)]);
        assert!(base.contains(&finding(" قال بيسكوف ", 9)));
        assert!(!base.contains(&finding("قال بيسكوف أمس", 2)));
        let mut other_rule = finding("قال بيسكوف", 2);
        other_rule.rule = "name-missing".into();
        assert!(!base.contains(&other_rule));
    }

    #[test]
    fn a_file_that_is_not_findings_json_says_so() {
        let err = Baseline::from_json("{\n \"findings\": [}").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().contains("qarin check --format json"));
        let err = Baseline::from_json(r#"{"findings": 3}"#).unwrap_err();
        assert!(err.to_string().contains("not a findings file"), "{err}");
        let err = Baseline::from_json(r#"{"links": []}"#).unwrap_err();
        assert!(err.to_string().contains("no \"findings\""), "{err}");
        let ok = Baseline::from_json(r#"{"findings":[],"summary":{}}"#).unwrap();
        assert!(ok.is_empty());
        let folder = serde_json::json!({"documents": [{"findings": [finding("س", 1)]}]});
        let folder = Baseline::from_json(&folder.to_string()).unwrap();
        assert!(folder.contains(&finding("س", 7)));
    }
}
