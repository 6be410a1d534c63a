//! Text that came from an inventory, made safe to show: control characters
//! (a newline that would start a GitHub workflow command, an ESC that would
//! drive the terminal) and invisible direction overrides become visible
//! escapes, and over-long lines are cut around the point of interest.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a log as is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character (C0 including newline and tab, DEL,
/// C1) and bidirectional override written as a visible escape: `\n`, `\t`,
/// `\r`, else `\u{1b}`. Borrowed when there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but keeps newlines (for multi-line text whose lines
/// carto wrote itself, such as a table); every other control is escaped.
pub fn escape_keep_newlines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if is_unsafe(c) => {
            use std::fmt::Write;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// The most columns of a source line shown in a snippet.
pub const SNIPPET_COLUMNS: usize = 200;

/// A source line prepared for a snippet: at most [`SNIPPET_COLUMNS`]
/// characters around `col` (1-based, in characters), with `...` where it
/// was cut, controls escaped (tabs kept, so that the caret lines up).
/// Returns the text and the caret's column in it (0-based, in characters).
/// Linear in the part of the line kept, whatever the line's length.
pub fn window(line: &str, col: usize) -> (String, usize) {
    let col = col.saturating_sub(1);
    let half = SNIPPET_COLUMNS / 2;
    let start = col.saturating_sub(half);
    // Byte offset of the `start`-th character, without counting the whole line.
    let mut chars = line.char_indices().skip(start);
    let Some((begin, _)) = chars.next() else {
        return (String::new(), 0);
    };
    let mut out = String::new();
    let mut caret = col - start;
    if start > 0 {
        out.push_str("...");
        caret += 3;
    }
    let mut cut = false;
    for (shown, c) in line[begin..].chars().enumerate() {
        if shown == SNIPPET_COLUMNS {
            cut = true;
            break;
        }
        if c == '\t' {
            out.push('\t');
        } else if is_unsafe(c) {
            let before = out.chars().count();
            push_escaped(&mut out, c);
            if shown < col - start {
                caret += out.chars().count() - before - 1;
            }
        } else {
            out.push(c);
        }
    }
    if cut {
        out.push_str("...");
    }
    (out, caret)
}

/// A file-name stem from free text: lower-case ASCII letters and digits,
/// anything else one `-`, at most `max` characters, no leading or trailing
/// dash. Never a path, whatever the text holds (pages of `diagram --split`
/// and of `site`).
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() >= max {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(escape("::error::x\r"), "::error::x\\r");
        assert_eq!(escape("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("a\u{202E}b"), "a\\u{202e}b");
        assert!(matches!(escape("Sécurité du SI"), Cow::Borrowed(_)));
        assert_eq!(escape_keep_newlines("a\nb\u{1b}"), "a\nb\\u{1b}");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}key: value{}", "x".repeat(10_000), "y".repeat(10_000));
        let (w, caret) = window(&line, 10_001);
        assert!(w.chars().count() <= SNIPPET_COLUMNS + 6, "{}", w.len());
        assert!(w.starts_with("...") && w.ends_with("..."));
        assert_eq!(&w[caret..caret + 3], "key");
        let (w, caret) = window("short: x", 8);
        assert_eq!((w.as_str(), caret), ("short: x", 7));
        let (w, caret) = window("a\u{1b}b: x", 6);
        assert_eq!(w, "a\\u{1b}b: x");
        assert_eq!(&w[caret..], "x");
    }

    #[test]
    fn slugs_are_never_paths() {
        assert_eq!(
            slug("Clinical LAN (restricted)", 48),
            "clinical-lan-restricted"
        );
        assert_eq!(slug("../../etc/passwd", 48), "etc-passwd");
        assert_eq!(slug("\u{1b}[31m", 48), "31m");
        assert_eq!(slug("gam->dpi", 48), "gam-dpi");
        assert_eq!(slug("abcdef", 3), "abc");
        assert_eq!(slug("ÉTÉ", 8), "t");
    }
}
