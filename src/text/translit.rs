//! Arabic→Latin consonant skeletons, so `ناريشكين` ~ `Naryshkin` without a glossary entry.
