//! Checks that hold whatever file format a glossary came from: well-formed ids, forms that
//! belong to one entity only, no form both allowed and forbidden.

use super::{field_index, Located};
use crate::error::Error;
use crate::text::arabic::normalize_arabic;
use std::collections::HashMap;

pub(crate) fn validate(rows: &[Located]) -> Vec<Error> {
    let mut problems = Vec::new();
    let col = |row: &Located, field: &str| field_index(field).map(|i| row.columns[i]).unwrap_or(1);

    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut arabic: HashMap<String, (usize, &str)> = HashMap::new();
    let mut english_allowed: HashMap<&str, (usize, &str)> = HashMap::new();
    let mut english_forbidden: HashMap<&str, (usize, &str)> = HashMap::new();

    for row in rows {
        let e = &row.entity;
        let at = |field: &str| (row.line, col(row, field));
        let mut report = |field: &str, msg: String| {
            let (line, column) = at(field);
            problems.push(Error::syntax(msg).at(line, column));
        };

        if !is_kebab_id(&e.id) {
            report(
                "id",
                format!(
                    "id `{}` is not lower-case ASCII kebab-case starting with a letter; write \
                     it like `sergei-naryshkin` (it names the entity in reports and TBX files)",
                    e.id
                ),
            );
        }
        if let Some(&first) = ids.get(e.id.as_str()) {
            report(
                "id",
                format!(
                    "id `{}` is already used on line {first}; give each entity its own id \
                     (or merge the two rows)",
                    e.id
                ),
            );
        } else {
            ids.insert(&e.id, row.line);
        }

        if e.ar.is_empty() {
            report("ar", "no Arabic form; give at least one in `ar`".into());
        }
        for (i, form) in e.ar.iter().enumerate() {
            // Latin-only forms are allowed: Arabic news writes `CNN` and `NTV` as they are.
            if !form.chars().any(char::is_alphanumeric) {
                report(
                    "ar",
                    format!("Arabic form `{form}` has no letter or digit; remove it"),
                );
                continue;
            }
            if e.ar[..i].contains(form) {
                report(
                    "ar",
                    format!("Arabic form `{form}` is listed twice; remove one"),
                );
                continue;
            }
            let key = normalize_arabic(form).text;
            match arabic.get(&key) {
                Some(&(line, other)) if other != e.id => report(
                    "ar",
                    format!(
                        "Arabic form `{form}` also names `{other}` (line {line}); a form must \
                         name one entity: remove it from one of them"
                    ),
                ),
                Some(_) => {}
                None => {
                    arabic.insert(key, (row.line, &e.id));
                }
            }
        }

        if e.en.trim().is_empty() {
            report("en", "no canonical English form; fill in `en`".into());
        }
        for alt in &e.en_alt {
            if same_form(alt, &e.en) {
                report(
                    "en_alt",
                    format!(
                        "`{alt}` is already the canonical form in `en`; remove it from `en_alt`"
                    ),
                );
            }
        }
        for bad in &e.en_forbidden {
            let stem = bad
                .strip_suffix("'s")
                .or_else(|| bad.strip_suffix("\u{2019}s"))
                .or_else(|| bad.strip_suffix('\''));
            if let Some(stem) =
                stem.filter(|s| same_form(s, &e.en) || e.en_alt.iter().any(|a| same_form(a, s)))
            {
                report(
                    "en_forbidden",
                    format!(
                        "`{bad}` is the possessive of the allowed `{stem}`, which matches anyway \
                         (`{stem}'s`, `{stem}\u{2019}s`); remove it from `en_forbidden`"
                    ),
                );
            }
            if same_form(bad, &e.en) || e.en_alt.iter().any(|a| same_form(a, bad)) {
                report(
                    "en_forbidden",
                    format!(
                        "`{bad}` is both allowed and forbidden for `{}`; remove it from one column",
                        e.id
                    ),
                );
            }
        }
        for rule in &e.ignore {
            if !is_kebab_id(rule) {
                report(
                    "ignore",
                    format!("`{rule}` is not a rule id; rule ids look like `name-missing`"),
                );
            }
        }

        let allowed = std::iter::once((&e.en, "en")).chain(e.en_alt.iter().map(|a| (a, "en_alt")));
        for (form, field) in allowed {
            match english_allowed.get(form.as_str()) {
                Some(&(line, other)) if other != e.id => report(
                    field,
                    format!(
                        "English form `{form}` is also allowed for `{other}` (line {line}); \
                         English text could not tell them apart: keep it for one entity"
                    ),
                ),
                Some(_) => {}
                None => {
                    english_allowed.insert(form, (row.line, &e.id));
                }
            }
        }
        for bad in &e.en_forbidden {
            english_forbidden.entry(bad).or_insert((row.line, &e.id));
        }
    }

    // Allowed for one entity and forbidden for another: the checker would both accept
    // and flag it. Reported at the row that forbids it.
    for row in rows {
        let e = &row.entity;
        for bad in &e.en_forbidden {
            if let Some(&(line, other)) = english_allowed.get(bad.as_str()) {
                if other != e.id {
                    problems.push(
                        Error::syntax(format!(
                            "`{bad}` is forbidden here but is an allowed form of `{other}` \
                             (line {line}); remove it from one of them"
                        ))
                        .at(row.line, col(row, "en_forbidden")),
                    );
                }
            }
        }
    }
    problems
}

/// `sergei-naryshkin`: lower-case ASCII letters and digits in hyphen-joined parts, first a
/// letter (TBX writes the id as an XML ID, which cannot start with a digit).

/// Two English forms are one when only their white space differs: the matcher reads
/// `Sergei  Naryshkin` as `Sergei Naryshkin`, and TBX's reader folds it (a form allowed and
/// forbidden that way was accepted in CSV and refused once written as TBX: the glossary fuzz
/// target).
fn same_form(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

pub(crate) fn is_kebab_id(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::super::tsv::{read, Separator};
    use super::*;

    fn problems(body: &str) -> Vec<String> {
        let text = format!("id\tkind\tar\ten\ten_alt\ten_forbidden\n{body}");
        let (rows, mut p) = read(&text, Separator::Tab);
        p.extend(validate(&rows));
        p.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_kebab_id("sergei-naryshkin"));
        assert!(is_kebab_id("g7"));
        for bad in ["Sergei", "a--b", "-a", "a-", "7up", "a_b", ""] {
            assert!(!is_kebab_id(bad), "{bad}");
        }
        let p = problems("Putin\tperson\tبوتين\tPutin\t\t\n");
        assert!(p[0].starts_with("line 2, column 1: id `Putin`"), "{p:?}");
    }

    #[test]
    fn duplicate_ids_name_the_first_line() {
        let p = problems("a\tperson\tأ\tA\t\t\na\tperson\tب\tB\t\t\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("already used on line 2"), "{p:?}");
    }

    #[test]
    fn an_arabic_form_claimed_by_two_entities_is_reported_after_normalisation() {
        let p = problems("a\tperson\tأنقرة\tAnkara\t\t\nb\tplace\tانقره\tAnqara\t\t\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("also names `a` (line 2)"), "{p:?}");
    }

    #[test]
    fn a_form_canonical_for_one_and_forbidden_for_another_is_reported() {
        let p = problems("kyiv\tplace\tكييف\tKyiv\t\tKiev\nkiev-x\tplace\tكيف\tKiev\t\t\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("`Kiev` is forbidden here but is an allowed form of `kiev-x`"),
            "{p:?}"
        );
    }

    #[test]
    fn a_form_both_allowed_and_forbidden_in_one_entity_is_reported() {
        let p = problems("a\tperson\tأ\tA\tAy\tAy\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("both allowed and forbidden"), "{p:?}");
    }

    #[test]
    fn a_forbidden_possessive_of_an_allowed_form_is_reported() {
        let p = problems("a\tperson\tأ\tDmytro Kuleba\t\tDmytro Kuleba's\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("possessive of the allowed `Dmytro Kuleba`"),
            "{p:?}"
        );
    }

    #[test]
    fn arabic_forms_need_a_letter_but_may_be_latin() {
        assert!(problems("cnn\tmedia\tCNN\tCNN\t\t\n").is_empty());
        let p = problems("a\tperson\t«»\tA\t\t\n");
        assert!(p[0].contains("has no letter or digit"), "{p:?}");
    }
}
