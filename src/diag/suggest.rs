//! "Did you mean ...?": the closest candidate by edit distance, when it is
//! close enough to be a typo rather than a different word.

/// The candidate closest to `word`, if its edit distance is small for the
/// word's length (at most a third of it, and at least one edit allowed).
///
/// Case does not count (`SaaS` is `saas`, `inv009` is `INV009`), and a word
/// that starts with a candidate of three letters or more, or that a
/// candidate starts with, is taken for it (`administrator`: `admin`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let word = word.as_str();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut prefix: Option<&str> = None;
    for original in candidates {
        let lower = original.to_lowercase();
        let c = lower.as_str();
        if c == word {
            return Some(original);
        }
        if prefix.is_none()
            && c.len() >= 3
            && word.len() >= 3
            && (word.starts_with(c) || c.starts_with(word))
        {
            prefix = Some(original);
        }
        // Length difference is a lower bound of the distance: skip cheaply.
        if c.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = distance(word, c, limit);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && original < bc)) {
            best = Some((d, original));
        }
    }
    best.map(|(_, c)| c).or(prefix)
}

/// Optimal string alignment distance (Levenshtein plus transpositions),
/// giving up early past `limit`.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return row_min;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let ids = ["dpi-core", "pacs", "ris", "lab-system"];
        assert_eq!(did_you_mean("dpi-cor", ids), Some("dpi-core"));
        assert_eq!(did_you_mean("dpi_core", ids), Some("dpi-core"));
        assert_eq!(did_you_mean("pcas", ids), Some("pacs"));
        assert_eq!(did_you_mean("billing", ids), None);
        assert_eq!(
            did_you_mean("encypted", ["encrypted", "data"]),
            Some("encrypted")
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting", 10), 3);
        assert_eq!(distance("ab", "ba", 10), 1);
        assert_eq!(distance("", "abc", 10), 3);
    }
}
