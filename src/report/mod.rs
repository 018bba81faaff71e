//! Side-by-side views (HTML, terminal, Markdown) and the diff of two translations.
