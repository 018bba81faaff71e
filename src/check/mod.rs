//! The name-consistency checker: findings on a bitext.
