//! Skim's score (fuzzy-matcher's `SkimMatcherV2`, smart case, as its `fuzzy_indices` gives
//! it) for ASCII text, computed on the bytes with no allocation but two rows the caller keeps.
//!
//! A title keystroke scores thousands of short windows (see `field_score`). Skim itself
//! builds a matcher with three thread-local caches, turns both strings into `char`s and fills
//! a matrix of 24-byte cells per call: more than the alignment costs for a dozen characters.
//! This is the same recurrence over `i32` rows, with skim's constants, and a proptest checks
//! it gives skim's score for any ASCII text and word.
//!
//! Skim's recurrence, with `B[j]` the bonus of the text's character `j` for the kind of
//! character before it:
//!
//! ```text
//! M[i][j] = match(i, j) + max(M[i-1][j-1] + max(B[j], CONSECUTIVE), P[i-1][j-1] + B[j])
//! P[i][j] = max(M[i][j-1] + GAP_START + GAP_EXTENSION, P[i][j-1] + GAP_EXTENSION)
//! ```
//!
//! and the score is the best `M` of the last row. In a fresh matrix (the only kind whose
//! score does not depend on what was scored before; see `search::skim`) the "bonus of the
//! match before" that skim adds to `CONSECUTIVE` is always zero: skim writes it into a cell
//! only after reading it, so it is left out here.

/// Skim's default score configuration (`SkimScoreConfig::default`).
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
/// Skim's "minus infinity": `i16::MIN`, added to as any score is, as skim does.
const NEG_INFINITY: i32 = i16::MIN as i32;

/// Skim's kinds of character, which decide the bonus of the character after them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    HardSep,
    SoftSep,
    Number,
    Upper,
    Lower,
}

fn kind(byte: u8) -> Kind {
    match byte {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// Skim's in-place bonus for a character of kind `current` after one of kind `previous`.
fn bonus(previous: Kind, current: Kind) -> i32 {
    match (previous, current) {
        (Kind::Empty | Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// The rows a score is computed in, kept between calls so that scoring allocates nothing.
#[derive(Default)]
pub(super) struct Rows {
    bonus: Vec<i32>,
    matched: [Vec<i32>; 2],
    skipped: [Vec<i32>; 2],
}

/// Skim's score of `word` in `text`, both ASCII: smart case (a capital in the word makes it
/// exact), `None` when the word's letters are not all in the text in order. Equal to
/// `SkimMatcherV2::default().smart_case().fuzzy_indices(text, word)`'s score.
pub(super) fn score(text: &[u8], word: &[u8], rows: &mut Rows) -> Option<i64> {
    if word.is_empty() {
        return Some(0);
    }
    let exact = word.iter().any(u8::is_ascii_uppercase);
    let same = |t: u8, w: u8| {
        if exact {
            t == w
        } else {
            t.eq_ignore_ascii_case(&w)
        }
    };
    // Where each letter is first found after the one before: skim starts each row there.
    let mut starts = word.iter().scan(0usize, |from, &w| {
        let at = *from + text.get(*from..)?.iter().position(|&t| same(t, w))?;
        *from = at + 1;
        Some(at)
    });
    let cols = text.len() + 1;
    rows.bonus.clear();
    rows.bonus.push(0);
    let mut previous = Kind::Empty;
    for &byte in text {
        let current = kind(byte);
        rows.bonus.push(bonus(previous, current));
        previous = current;
    }
    if let Some(first) = rows.bonus.get_mut(1) {
        *first *= FIRST_CHAR_MULTIPLIER;
    }
    let [matched_before, matched_now] = &mut rows.matched;
    let [skipped_before, skipped_now] = &mut rows.skipped;
    // Row 0: nothing matched yet, and skipping text costs nothing.
    reset(matched_before, cols, NEG_INFINITY);
    reset(skipped_before, cols, GAP_EXTENSION);
    let mut last_start = 0;
    for &w in word {
        // No place for this letter after the one before: no match (skim's `cheap_matches`).
        let start = starts.next()?;
        last_start = start;
        reset(matched_now, cols, NEG_INFINITY);
        reset(skipped_now, cols, NEG_INFINITY);
        for col in start + 1..cols {
            let t = text[col - 1];
            matched_now[col] = if same(t, w) {
                let case_penalty = if !exact && t != w {
                    PENALTY_CASE_MISMATCH
                } else {
                    0
                };
                let in_place = rows.bonus[col];
                let consecutive = in_place.max(BONUS_CONSECUTIVE);
                let after_match = matched_before[col - 1] + consecutive;
                let after_skip = skipped_before[col - 1] + in_place;
                after_match.max(after_skip) + (SCORE_MATCH + case_penalty).max(0)
            } else {
                NEG_INFINITY
            };
            skipped_now[col] = (GAP_START + GAP_EXTENSION + matched_now[col - 1])
                .max(GAP_EXTENSION + skipped_now[col - 1]);
        }
        std::mem::swap(matched_before, matched_now);
        std::mem::swap(skipped_before, skipped_now);
    }
    let best = matched_before.get(last_start..)?.iter().max()?;
    Some(i64::from(*best))
}

/// Makes `row` `len` cells of `value`.
fn reset(row: &mut Vec<i32>, len: usize, value: i32) {
    row.clear();
    row.resize(len, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    fn skim(text: &str, word: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .smart_case()
            .fuzzy_indices(text, word)
            .map(|(score, _)| score)
    }

    #[test]
    fn scores_as_skim_on_titles() {
        let mut rows = Rows::default();
        for (text, word) in [
            ("Consistent Hashing", "hash"),
            ("Consistent Hashing", "Hash"),
            ("Consistent Hashing", "HASH"),
            ("Garbage Collection", "gc"),
            ("rh lhhla", "hh"),
            ("", "a"),
            ("abc", ""),
            ("a-b_c/d", "abcd"),
            ("fooBar9Baz", "bb"),
        ] {
            assert_eq!(
                score(text.as_bytes(), word.as_bytes(), &mut rows),
                skim(text, word),
                "{word:?} in {text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(super::super::regressions_beside_source(2_000))]

        /// Any ASCII text and word, the rows reused from the case before.
        #[test]
        fn scores_as_skim(
            text in "[a-dA-D0-9 ./_()~-]{0,40}",
            word in "[a-dA-D0-9 ./_-]{0,5}",
        ) {
            let mut rows = Rows::default();
            let _ = score(b"dirty ABC rows 123", b"aBd", &mut rows);
            prop_assert_eq!(score(text.as_bytes(), word.as_bytes(), &mut rows), skim(&text, &word));
        }
    }
}
