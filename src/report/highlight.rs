//! Glossary names to highlight, found with the glossary's matcher.

use super::{Highlight, Highlights};
use crate::glossary::{FormKind, Glossary, Matcher};
use crate::model::{Bitext, Document};

/// The glossary names in every sentence of the bitext (and of the revised translation),
/// each tied to its entity id so both languages' mentions share a colour. One matcher is
/// built and each sentence scanned once: linear in the text.
pub fn highlights(bitext: &Bitext, revised: Option<&Bitext>, glossary: &Glossary) -> Highlights {
    highlights_with(bitext, revised, glossary, &Matcher::new(glossary))
}

/// [`highlights`] with the glossary's matcher built once for many renderings (the editor
/// renders the page after every change).
pub fn highlights_with(
    bitext: &Bitext,
    revised: Option<&Bitext>,
    glossary: &Glossary,
    matcher: &Matcher,
) -> Highlights {
    let side = |doc: &Document| -> Vec<Vec<Highlight>> {
        doc.segments
            .iter()
            .map(|seg| {
                matcher
                    .find(&seg.text, &doc.lang)
                    .into_iter()
                    .filter_map(|m| {
                        let entity = glossary.entities.get(m.entity)?;
                        Some(Highlight {
                            span: m.span,
                            entity: entity.id.clone(),
                            label: entity.en.clone(),
                            wrong: m.form == FormKind::Forbidden,
                        })
                    })
                    .collect()
            })
            .collect()
    };
    Highlights {
        source: side(&bitext.source),
        target: side(&bitext.target),
        revised: revised.map(|r| side(&r.target)).unwrap_or_default(),
    }
}
