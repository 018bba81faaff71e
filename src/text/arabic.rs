//! Arabic normalisation for matching, with an offset map back into the original text.
