//! Sentence segmentation of Arabic and English (stage 1).
//!
//! Input: a text. Output: [`Segment`](crate::Segment)s whose spans cover the text in order.
