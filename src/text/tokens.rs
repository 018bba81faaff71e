//! Word tokens, Latin-script tokens (CNN, NTV) and capitalised words.
