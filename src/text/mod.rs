//! Script-aware text utilities shared by the later stages: Arabic normalisation with an
//! offset map back into the original, tokens, numbers across digit systems, and the
//! Arabic→Latin consonant skeleton used to pair names that have no glossary entry.
