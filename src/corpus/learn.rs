//! One table of word associations for a whole run (issue 10 in corpus mode).
//!
//! A news article has a dozen confident 1-1 links: too few for the aligner to learn word
//! pairs from it alone (`LearnConfig::min_links`), so per document the learned keys are
//! mostly off. A corpus has thousands. [`CorpusLearner`] takes the links every pair of a
//! run would learn from by itself ([`crate::align::learning_links`]: the confident 1-1
//! links of the aligner's first pass), and [`CorpusLearner::finish`] learns one
//! [`Associations`] table from all of them; a second pass aligns every pair with it in
//! [`crate::align::Signals::associations`]. For a single pair the table is the one the
//! aligner learns alone.
//!
//! Deterministic: the links are kept in the order the pairs are added (input order, the
//! same for any number of threads), and the table does not depend on that order anyway
//! (it is sorted). Bounded: at most `max_links` links are kept, the first ones; the units
//! are stored flat, at most 48 per sentence.

use crate::align::{word_units, Associations, LearnConfig, Unit};
use crate::model::Document;

/// Links of a first pass, kept to learn one association table from.
#[derive(Clone, Debug)]
pub struct CorpusLearner {
    max_links: usize,
    /// Word units of every kept link, source then target, one after the other.
    units: Vec<Unit>,
    /// For each kept link: where its source units start, where its target units start.
    starts: Vec<(u32, u32)>,
    /// Links left out once `max_links` were kept.
    dropped: usize,
}

/// Links kept at most by default: about 2.5 million word units, 20 MB, whatever the
/// corpus's size; the table of a bigger corpus is learned from its first links.
pub const LEARN_MAX_LINKS: usize = 250_000;

impl Default for CorpusLearner {
    fn default() -> Self {
        CorpusLearner::new(LEARN_MAX_LINKS)
    }
}

impl CorpusLearner {
    pub fn new(max_links: usize) -> CorpusLearner {
        CorpusLearner {
            max_links,
            units: Vec::new(),
            starts: Vec::new(),
            dropped: 0,
        }
    }

    /// Keeps the sentence pairs `links` (source index, target index) of one document
    /// pair; indices outside the documents are ignored.
    pub fn add(&mut self, source: &Document, target: &Document, links: &[(usize, usize)]) {
        for &(i, j) in links {
            let (Some(s), Some(t)) = (source.segments.get(i), target.segments.get(j)) else {
                continue;
            };
            if self.starts.len() >= self.max_links || self.units.len() > u32::MAX as usize / 2 {
                self.dropped += 1;
                continue;
            }
            let src_start = self.units.len() as u32;
            self.units.extend(word_units(&s.text, &source.lang));
            let tgt_start = self.units.len() as u32;
            self.units.extend(word_units(&t.text, &target.lang));
            self.starts.push((src_start, tgt_start));
        }
    }

    /// Links kept so far.
    pub fn links(&self) -> usize {
        self.starts.len()
    }

    /// Links left out because `max_links` were kept already.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The units of kept link `k`: (source, target).
    fn link(&self, k: usize) -> (&[Unit], &[Unit]) {
        let (s, t) = self.starts[k];
        let end = self
            .starts
            .get(k + 1)
            .map_or(self.units.len(), |&(next, _)| next as usize);
        (
            &self.units[s as usize..t as usize],
            &self.units[t as usize..end],
        )
    }

    /// The table learned from every kept link (empty when they are too few to teach
    /// anything: `LearnConfig::min_links`).
    pub fn finish(&self, config: &LearnConfig) -> Associations {
        Associations::learn((0..self.starts.len()).map(|k| self.link(k)), config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    /// A document pair of `n` sentences a side, sentence `k` of each side naming word
    /// `wort{k % 7}` and its "translation" `trad{k % 7}`, plus words common to all; the
    /// even sentences are the links to learn from.
    fn pair(n: usize, shift: usize) -> (Document, Document, Vec<(usize, usize)>) {
        let src: Vec<String> = (0..n)
            .map(|k| format!("alpha wort{} beta{} gamma", (k + shift) % 7, k % 3))
            .collect();
        let tgt: Vec<String> = (0..n)
            .map(|k| format!("delta trad{} eps{} zeta", (k + shift) % 7, k % 5))
            .collect();
        let links = (0..n).filter(|k| k % 2 == 0).map(|k| (k, k)).collect();
        (
            Document::from_sentences(Lang::new("de"), &src),
            Document::from_sentences(Lang::new("fr"), &tgt),
            links,
        )
    }

    #[test]
    fn keeps_the_links_given_and_at_most_max_links() {
        let mut learner = CorpusLearner::new(30);
        let (s, t, links) = pair(40, 0);
        learner.add(&s, &t, &links);
        learner.add(&s, &t, &[(40, 0), (0, 41)]);
        assert_eq!((learner.links(), learner.dropped()), (20, 0));
        let (s, t, links) = pair(40, 3);
        learner.add(&s, &t, &links);
        assert_eq!((learner.links(), learner.dropped()), (30, 10));
        let (s, t) = learner.link(29);
        assert_eq!(
            s,
            word_units("alpha wort0 beta0 gamma", &Lang::new("de")).as_slice()
        );
        assert_eq!(
            t,
            word_units("delta trad0 eps3 zeta", &Lang::new("fr")).as_slice()
        );
    }

    #[test]
    fn the_table_is_learnt_from_all_pairs_whatever_their_order() {
        let config = LearnConfig {
            min_links: 10,
            max_share: 0.5,
            ..LearnConfig::default()
        };
        let docs: Vec<_> = (0..6).map(|k| pair(30, k)).collect();
        let mut forward = CorpusLearner::default();
        docs.iter().for_each(|(s, t, l)| forward.add(s, t, l));
        let mut backward = CorpusLearner::default();
        docs.iter()
            .rev()
            .for_each(|(s, t, l)| backward.add(s, t, l));
        let table = forward.finish(&config);
        assert_eq!(table, backward.finish(&config));
        // wort{k} ~ trad{k} co-occur in every link that has them: each pair is learnt.
        let lang = (Lang::new("de"), Lang::new("fr"));
        for k in 0..7 {
            let (w, t) = (
                word_units(&format!("wort{k}"), &lang.0),
                word_units(&format!("trad{k}"), &lang.1),
            );
            assert!(
                table.pairs().iter().any(|p| p.0 == w[0] && p.1 == t[0]),
                "wort{k} ~ trad{k} not learnt"
            );
        }
        // One document alone has too few links.
        let mut one = CorpusLearner::default();
        one.add(&docs[0].0, &docs[0].1, &docs[0].2);
        assert!(one.finish(&LearnConfig::default()).is_empty());
    }
}
