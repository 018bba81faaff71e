//! Script-aware text utilities shared by the later stages: Arabic normalisation with an
//! offset map back into the original (`arabic`), word tokens and Latin-script tokens
//! (`tokens`), fast character classes for the hot loops (`chars`), numbers and dates across digit systems and formats (`numbers`), and the
//! Arabic→Latin consonant skeleton used to pair names that have no glossary entry
//! (`translit`), and whether a text looks like its declared language (`script`).

pub mod arabic;
pub mod chars;
pub mod numbers;
pub mod script;
pub mod tokens;
pub mod translit;
