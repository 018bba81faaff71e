//! Readers and writers of bitext formats: TMX, XLIFF 1.2 and 2.x, TSV, JSON.
