//! Sentence alignment: pairs source and target sentences into scored links.
