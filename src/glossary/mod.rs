//! Glossaries of names and terms: the entity model, TSV/CSV/TBX files, and matching in
//! Arabic and English text.
