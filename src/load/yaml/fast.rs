//! The fast path of the YAML reader: the block YAML that inventories are
//! written in (and that carto's importers write), read line by line into the
//! same [`Builder`] as the full parser, several times faster.
//!
//! It takes a file only when every line is in the plain subset: block
//! mappings and lists by indentation (lists indented under their key or
//! not), plain, single- and double-quoted scalars on one line, flow lists
//! and mappings (on one line or several), comments, blank lines, `---`
//! between documents, LF or CRLF line ends. Anything else (anchors, aliases,
//! tags, block scalars, multi-line scalars, `...`, tabs, a CR alone, control
//! characters, a colon in a flow scalar) or anything the builder refuses (a
//! duplicate key, the budgets) answers `None`, and the whole file goes
//! through the full parser, which gives the answer and the error messages.
//! A test reads every YAML file of the project and thousands of mutated ones
//! both ways and requires the same nodes, positions included.

use super::{Builder, Loc, Node, ScalarStyle, Value, resolve};
use std::borrow::Cow;

/// The nodes of `text`, or `None` when it is not in the plain subset (or
/// does not load): then the full parser reads it.
pub(super) fn parse(text: &str, file: u32) -> Option<Vec<Node>> {
    if !printable(text.as_bytes()) {
        return None;
    }
    let mut r = Reader {
        b: Builder::new(file),
        blocks: Vec::new(),
        pending: None,
        line: 0,
        ascii: true,
        counted: std::cell::Cell::new((0, 0)),
        text: "",
        rest: Some(text),
    };
    while r.next_line() {
        r.read_line()?;
    }
    r.end()?;
    Some(r.b.docs)
}

/// Whether the text has only characters the subset takes: no control
/// character but the line feed (and CR before it), no tab, no DEL, no C1
/// control, no byte order mark, no U+FFFE/U+FFFF.
fn printable(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | 0x20..=0x7E => {}
            // Windows line ends; a CR alone is left to the full parser.
            b'\r' if b.get(i + 1) == Some(&b'\n') => {}
            0x00..=0x1F | 0x7F => return false,
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return false,
            0xEF if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
            ) =>
            {
                return false;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// An open block collection: the column of its entries.
struct Block {
    indent: usize,
    map: bool,
    /// A list at its key's indentation (`key:` then `- item` below it).
    indentless: bool,
}

/// A key or a `-` whose value has not started on its line.
struct Pending {
    /// The indentation of the collection the key or `-` belongs to.
    indent: usize,
    /// Where the value is when it turns out empty.
    empty_at: Loc,
}

struct Reader<'a> {
    b: Builder,
    /// The open block collections, outermost first (none before a
    /// document's root: the root is always one).
    blocks: Vec<Block>,
    pending: Option<Pending>,
    line: u32,
    /// Whether the current line is ASCII (columns are then byte offsets).
    ascii: bool,
    /// On a line that is not: a byte offset and its column, counted once.
    counted: std::cell::Cell<(usize, usize)>,
    /// The current line, without its line feed.
    text: &'a str,
    /// The text after the current line (`None` after the last line).
    rest: Option<&'a str>,
}

/// The characters that cannot start a plain scalar in the subset.
fn starts_special(c: u8) -> bool {
    matches!(
        c,
        b'&' | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b','
            | b']'
            | b'}'
            | b'#'
            | b'?'
            | b':'
            | b'['
            | b'{'
            | b'"'
            | b'\''
    )
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Reader<'a> {
    /// Moves to the next line; false at the end of the text.
    fn next_line(&mut self) -> bool {
        let Some(rest) = self.rest else {
            return false;
        };
        match rest.find('\n') {
            Some(n) => {
                self.text = rest[..n].strip_suffix('\r').unwrap_or(&rest[..n]);
                self.rest = Some(&rest[n + 1..]);
            }
            None => {
                self.text = rest;
                self.rest = None;
            }
        }
        self.line += 1;
        self.ascii = self.text.is_ascii();
        self.counted.set((0, 0));
        true
    }

    /// The indentation of the innermost open block collection.
    fn block_indent(&self) -> usize {
        self.blocks.last().map_or(0, |b| b.indent)
    }

    /// The location of byte `i` of the current line.
    fn at(&self, i: usize) -> Loc {
        let col = if self.ascii {
            i
        } else {
            // Characters counted on from the last position asked for on this
            // line (positions mostly grow): linear on a long line.
            let (byte, chars) = match self.counted.get() {
                (b, c) if b <= i => (b, c),
                _ => (0, 0),
            };
            let col = chars + self.text[byte..i].chars().count();
            self.counted.set((i, col));
            col
        };
        Loc {
            file: self.b.file,
            line: self.line,
            col: col as u32 + 1,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The first byte at or after `i` that is not a space.
    fn skip_spaces(&self, mut i: usize) -> usize {
        let b = self.bytes();
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        i
    }

    /// Whether the line has nothing but an optional comment from `i` on
    /// (`i` just after a space or a token).
    fn rest_is_empty(&self, i: usize) -> bool {
        let j = self.skip_spaces(i);
        let b = self.bytes();
        j == b.len() || (b[j] == b'#' && (j > i || j == 0 || b[j - 1] == b' '))
    }

    fn read_line(&mut self) -> Option<()> {
        let b = self.bytes();
        let indent = self.skip_spaces(0);
        if indent == b.len() || b[indent] == b'#' {
            return Some(()); // blank or comment
        }
        if indent == 0 && b.starts_with(b"---") && self.rest_is_empty(3) {
            // The next document: this one ends.
            return self.end();
        }
        if indent == 0 && (b.starts_with(b"---") || b.starts_with(b"...") || b[0] == b'%') {
            return None;
        }
        // A value left open on the line before: nested here, or empty.
        let mut open = self.blocks.is_empty();
        if let Some(p) = self.pending.take() {
            if indent > p.indent {
                open = true;
            } else if indent == p.indent
                && self.blocks.last().is_some_and(|k| k.map)
                && self.is_dash(indent)
            {
                // A key's list at the key's own indentation: YAML places it
                // where its first item starts (the line's end when that is
                // on the next lines).
                let first = if self.rest_is_empty(indent + 1) {
                    self.text.len()
                } else {
                    self.skip_spaces(indent + 1)
                };
                self.open_block(self.at(first), indent, false, true)?;
                return self.item(indent);
            } else {
                self.b.scalar(p.empty_at, Value::Null, 0, true).ok()?;
            }
        }
        if open {
            return self.node(indent);
        }
        while self.blocks.last().is_some_and(|k| {
            k.indent > indent || k.indentless && k.indent == indent && !self.is_dash(indent)
        }) {
            self.blocks.pop();
            self.b.close().ok()?;
        }
        let top = self.blocks.last()?;
        if top.indent != indent {
            return None;
        }
        if top.map {
            if self.is_dash(indent) {
                return None;
            }
            self.entry(indent)
        } else {
            if !self.is_dash(indent) {
                return None;
            }
            self.item(indent)
        }
    }

    /// Whether a `-` list indicator is at `i`.
    fn is_dash(&self, i: usize) -> bool {
        let b = self.bytes();
        b[i] == b'-' && (i + 1 == b.len() || b[i + 1] == b' ')
    }

    /// A block collection that starts at byte `i` of the line: a list or a
    /// mapping (anything else is left to the full parser).
    fn node(&mut self, i: usize) -> Option<()> {
        if self.is_dash(i) {
            self.open_block(self.at(i), i, false, false)?;
            return self.item(i);
        }
        if self.key_end(i).is_some() {
            self.open_block(self.at(i), i, true, false)?;
            return self.entry(i);
        }
        None
    }

    /// Opens a mapping (`map`) or a list at `at`.
    fn open(&mut self, at: Loc, map: bool) -> Option<()> {
        let opened = if map {
            self.b.open_map(at, 0)
        } else {
            self.b.open_seq(at, 0)
        };
        opened.ok()
    }

    /// Opens a block collection whose entries are at column `indent`.
    fn open_block(&mut self, at: Loc, indent: usize, map: bool, indentless: bool) -> Option<()> {
        self.open(at, map)?;
        self.blocks.push(Block {
            indent,
            map,
            indentless,
        });
        Some(())
    }

    /// A list item: the `-` at byte `i`.
    fn item(&mut self, i: usize) -> Option<()> {
        let j = self.skip_spaces(i + 1);
        if self.rest_is_empty(i + 1) {
            // The value is on the next lines, or empty (at the end of the line).
            let end = self.text.len();
            self.pending = Some(Pending {
                indent: i,
                empty_at: self.at(end),
            });
            return Some(());
        }
        if self.is_dash(j) || self.key_end(j).is_some() {
            return self.node(j);
        }
        self.value(j)
    }

    /// A mapping entry whose key starts at byte `i`.
    fn entry(&mut self, i: usize) -> Option<()> {
        let (key, style, colon) = self.key_end(i)?;
        let value = resolve(key, style, None).ok()?;
        self.b
            .scalar(self.at(i), value, 0, style == ScalarStyle::Plain)
            .ok()?;
        if self.rest_is_empty(colon + 1) {
            self.pending = Some(Pending {
                indent: self.blocks.last()?.indent,
                empty_at: self.at(colon),
            });
            return Some(());
        }
        let j = self.skip_spaces(colon + 1);
        if self.is_dash(j) {
            return None;
        }
        self.value(j)
    }

    /// A key at byte `i`: its text, style and the byte of its `:`, if the
    /// line has a key there.
    fn key_end(&self, i: usize) -> Option<(Cow<'a, str>, ScalarStyle, usize)> {
        let b = self.bytes();
        let colon_ok = |k: usize| b.get(k) == Some(&b':') && (k + 1 == b.len() || b[k + 1] == b' ');
        match b[i] {
            b'"' | b'\'' => {
                let (text, style, end) = self.quoted(i)?;
                colon_ok(end).then_some((text, style, end))
            }
            c if starts_special(c) => None,
            b'-' if i + 1 == b.len() || b[i + 1] == b' ' => None,
            _ => {
                let mut k = i;
                while k < b.len() {
                    match b[k] {
                        b':' if k + 1 == b.len() || b[k + 1] == b' ' => {
                            let text = self.text[i..k].trim_end_matches(' ');
                            // Longer implicit keys are an error of YAML's.
                            if text.len() > 1000 {
                                return None;
                            }
                            return Some((Cow::Borrowed(text), ScalarStyle::Plain, k));
                        }
                        b'#' if b[k - 1] == b' ' => return None,
                        _ => k += 1,
                    }
                }
                None
            }
        }
    }

    /// A value that starts at byte `i` and ends the line: a scalar or a
    /// flow collection.
    fn value(&mut self, i: usize) -> Option<()> {
        let b = self.bytes();
        let end = match b[i] {
            b'[' | b'{' => self.flow(i)?,
            b'"' | b'\'' => {
                let (text, style, end) = self.quoted(i)?;
                self.b
                    .scalar(
                        self.at(i),
                        Value::Str(text.into_owned()),
                        0,
                        style == ScalarStyle::Plain,
                    )
                    .ok()?;
                end
            }
            c if starts_special(c) => return None,
            _ => {
                let mut k = i;
                while k < b.len() {
                    match b[k] {
                        // `a: b: c` is an error of YAML's.
                        b':' if k + 1 == b.len() || b[k + 1] == b' ' => return None,
                        b'#' if b[k - 1] == b' ' => break,
                        _ => k += 1,
                    }
                }
                let text = self.text[i..k].trim_end_matches(' ');
                let value = resolve(Cow::Borrowed(text), ScalarStyle::Plain, None).ok()?;
                self.b.scalar(self.at(i), value, 0, true).ok()?;
                k
            }
        };
        self.rest_is_empty(end).then_some(())
    }

    /// A quoted scalar at byte `i`: its text, style and the byte after it.
    fn quoted(&self, i: usize) -> Option<(Cow<'a, str>, ScalarStyle, usize)> {
        let b = self.bytes();
        let single = b[i] == b'\'';
        let mut k = i + 1;
        // The text is borrowed unless an escape (`''` or a backslash) needs a copy.
        let mut owned: Option<String> = None;
        let mut from = k;
        loop {
            match b.get(k)? {
                b'\'' if single && b.get(k + 1) == Some(&b'\'') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..=k]);
                    k += 2;
                    from = k;
                }
                b'\'' if single => break,
                b'"' if !single => break,
                b'\\' if !single => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..k]);
                    let (c, len) = escape(&b[k + 1..])?;
                    s.push(c);
                    k += 1 + len;
                    from = k;
                }
                _ => k += 1,
            }
        }
        let text = match owned {
            Some(mut s) => {
                s.push_str(&self.text[from..k]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&self.text[from..k]),
        };
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Some((text, style, k + 1))
    }

    /// A flow list or mapping at byte `i`: the byte after it, on the line
    /// where it closes.
    fn flow(&mut self, i: usize) -> Option<usize> {
        let map = self.bytes()[i] == b'{';
        let close = if map { b'}' } else { b']' };
        self.open(self.at(i), map)?;
        let mut k = self.flow_gap(i + 1)?;
        loop {
            if self.bytes()[k] == close {
                break;
            }
            if map {
                let (key, style, end) = self.flow_scalar(k, true)?;
                let b = self.bytes();
                if b.get(end) != Some(&b':') || b.get(end + 1) != Some(&b' ') {
                    return None;
                }
                let value = resolve(key, style, None).ok()?;
                self.b
                    .scalar(self.at(k), value, 0, style == ScalarStyle::Plain)
                    .ok()?;
                k = self.skip_spaces(end + 1);
                if k == self.text.len() {
                    return None;
                }
            }
            k = match self.bytes()[k] {
                b'[' | b'{' => self.flow(k)?,
                _ => {
                    let (text, style, end) = self.flow_scalar(k, false)?;
                    let value = resolve(text, style, None).ok()?;
                    self.b
                        .scalar(self.at(k), value, 0, style == ScalarStyle::Plain)
                        .ok()?;
                    end
                }
            };
            k = self.flow_gap(k)?;
            match self.bytes()[k] {
                b',' => k = self.flow_gap(k + 1)?,
                c if c == close => break,
                _ => return None,
            }
        }
        self.b.close().ok()?;
        Some(k + 1)
    }

    /// The next content of a flow collection from byte `i` on: past spaces,
    /// and past the line's end and comments onto the next lines, which must
    /// be indented more than the block the collection is in.
    fn flow_gap(&mut self, i: usize) -> Option<usize> {
        let mut k = self.skip_spaces(i);
        loop {
            let b = self.bytes();
            if k < b.len() && !(b[k] == b'#' && (k == 0 || b[k - 1] == b' ')) {
                return Some(k);
            }
            let indent = self.block_indent();
            if !self.next_line() {
                return None;
            }
            k = self.skip_spaces(0);
            if k < self.text.len() && self.bytes()[k] != b'#' && k <= indent {
                return None;
            }
        }
    }

    /// A scalar inside a flow collection at byte `i` (`key`: a mapping's
    /// key, which ends at `: `): its text, style and the byte after it
    /// (trailing spaces not included).
    fn flow_scalar(&self, i: usize, key: bool) -> Option<(Cow<'a, str>, ScalarStyle, usize)> {
        let b = self.bytes();
        match *b.get(i)? {
            b'"' | b'\'' => self.quoted(i),
            c if starts_special(c) => None,
            b'-' if b
                .get(i + 1)
                .is_none_or(|&c| c == b' ' || is_flow_indicator(c)) =>
            {
                None
            }
            _ => {
                let mut k = i;
                while k < b.len() {
                    match b[k] {
                        b':' if key && b.get(k + 1) == Some(&b' ') => break,
                        // `a:b`, and `a: b` in a flow list, are left to the full parser.
                        b':' => return None,
                        b'#' if b[k - 1] == b' ' => return None,
                        c if is_flow_indicator(c) => break,
                        _ => k += 1,
                    }
                }
                // A plain scalar may go on on the next line: left to the full parser.
                if k == b.len() {
                    return None;
                }
                let text = self.text[i..k].trim_end_matches(' ');
                Some((Cow::Borrowed(text), ScalarStyle::Plain, i + text.len()))
            }
        }
    }

    /// The end of the file: an open value is empty, open collections close.
    fn end(&mut self) -> Option<()> {
        if let Some(p) = self.pending.take() {
            self.b.scalar(p.empty_at, Value::Null, 0, true).ok()?;
        }
        while self.blocks.pop().is_some() {
            self.b.close().ok()?;
        }
        Some(())
    }
}

/// A double-quoted escape (after the backslash): the character and the
/// bytes it takes. Line continuations are left to the full parser.
fn escape(b: &[u8]) -> Option<(char, usize)> {
    let c = match *b.first()? {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex(b, 2),
        b'u' => return hex(b, 4),
        b'U' => return hex(b, 8),
        _ => return None,
    };
    Some((c, 1))
}

fn hex(b: &[u8], digits: usize) -> Option<(char, usize)> {
    let h = b.get(1..=digits)?;
    if !h.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
    Some((char::from_u32(v)?, 1 + digits))
}

#[cfg(test)]
mod tests {
    use super::super::parse_full;

    /// The fast path either declines or reads exactly what the full parser
    /// reads (nodes, values and positions); true when it read the text.
    fn same(text: &str) -> bool {
        let Some(fast) = super::parse(text, 3) else {
            return false;
        };
        let full = parse_full(text, 3);
        assert_eq!(
            format!("{full:?}"),
            format!("{:?}", Ok::<_, ()>(fast)),
            "the fast path read differently:\n{text}"
        );
        true
    }

    /// Every YAML file of the project.
    fn corpus() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut stack: Vec<_> = ["inventory", "examples", "tests/fixtures", "docs"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                    && let Ok(t) = std::fs::read_to_string(&p)
                {
                    out.push((p.display().to_string(), t));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn reads_the_project_files_as_the_full_parser_does() {
        let files = corpus();
        assert!(files.len() > 30, "{} files", files.len());
        let mut read = 0;
        for (name, text) in &files {
            // The same file with Windows line ends reads the same way.
            assert_eq!(
                same(&text.replace('\n', "\r\n")),
                same(text),
                "{name} with CRLF"
            );
            if same(text) {
                read += 1;
            } else if name.contains("/inventory/") {
                // The reference inventory is what the fast path is for.
                panic!("the fast path declined {name}");
            }
        }
        assert!(read * 10 >= files.len() * 8, "{read} of {}", files.len());
    }

    #[test]
    fn reads_tricky_snippets_as_the_full_parser_does() {
        let read = [
            "a:\nb: 1\n",
            "- \n-   # c\n- é: x\n  éé: [a, \"b\"]\n",
            "a:    # c\n\nb:",
            "-",
            "- a\n-\n- b",
            "-   \n",
            "a: 1\n",
            "a:\n  - x\n  - y\nb: {c: [1, 2.5, -3], d: 'it''s'}\n",
            "- - a\n  - b\n- - c\n",
            "-\n  a: 1\n-\n  - x\n",
            "\"quoted key\": \"\\x41\\u00e9\\t\\\\ \\\" \\/ end\"\n",
            "'single': 'a''b'\n",
            "a  : b  \nc: d # comment\n",
            "url: http://example.com/a#b\nt: 12:30\nk: [a#b, c]\n",
            "a: [a, b,]\nb: []\nc: {}\nd: [[], {}]\n",
            "n: [~, null, true, false, 0o17, 0x1F, 007, .inf, -.INF, .nan, 1e3]\n",
            "<<: {a: 1}\nb: 2\n",
            "x: a, b and [c]\ny: foo{bar}\n",
            "# only a comment\n",
            "",
            "\n\n",
            "  a: 1\n  b: 2\n",
            "a:\n    - deep\n    - er\n",
            "- {from: a, to: b, data: [x, y]}\n",
            "k: \"\"\nl: ''\n",
            "1: one\ntrue: yes\n~: none\n",
            "a:\n- indentless\n-\n- k: v\n  l:\n  - m\n  n: o\nb:\n- c\n",
            "- a:\n  - x\n- b\n",
            "é: [é, 'è', \"ê\", {ü: ö}, ñ]\nà:\n  - ß: [œ,\n     æ]\n",
            "a: -b\nc: --\nd: -1\n",
            "---\na: 1\n--- # two\n- b\n---\n---\nc:\n",
            "a: 1\r\nb:\r\n  - x\r\n  -\r\nc: [d,\r\n  e]\r\n",
            "a: [1,\n  2]\n",
            "- {a: 1,\n  b: 2}\n- {a: 1,\n b: 2}\n- {a: 1,\n\n# c\n  b: 2}\n",
            "- {id: x, name: y, # the name\n\n   # more\n   z: [a,\n     b], w: {c: d}\n   }\n- c\n",
            "a: [\n  x,\n  y,\n  ]\n",
        ];
        for t in read {
            assert!(same(t), "declined:\n{t}");
        }
        let declined = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: multi\n  line\n",
            "a:\tb\n",
            "--- a: 1\n",
            "a: 1\n...\n",
            "a: 1\rb: 2\r",
            "a: [1\n  , 2]\n",
            "a: [\n  x,\n  y\n  ]\n",
            "a: [1,\n2]\n",
            "- {a: 1,\nb: 2}\n",
            "a: \"open\n  quote\"\n",
            "a: b: c\n",
            "? complex\n: key\n",
            "a: 1\na: 2\n",
            "a: [x: y]\n",
            "a: {b: }\n",
            "a: \"\\q\"\n",
            "plain root scalar\n",
            "a: 1\n b: 2\n",
            "\u{feff}a: 1\n",
        ];
        for t in declined {
            assert!(super::parse(t, 0).is_none(), "read:\n{t}");
        }
    }

    /// Thousands of mutations of the project's files (characters YAML
    /// gives meaning to inserted, removed, lines indented): whatever the
    /// fast path reads, the full parser reads the same.
    #[test]
    fn reads_mutated_files_as_the_full_parser_does() {
        let files = corpus();
        let lines: Vec<Vec<&str>> = files.iter().map(|(_, t)| t.lines().collect()).collect();
        const BITS: &[&str] = &[
            " ", "  ", ":", ": ", "-", "- ", "#", " #", "\"", "'", "[", "]", "{", "}", ",", "\\",
            "é", "\n", "x", "0", "&", "*", "!", "|", ">", "?", "\t", "''", "\\u00e9", "~", "<<: ",
            "\n  ", "\n- ", "...", "---", "\n---\n", "%", "@", "\r\n", "\r",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rand = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let (mut read, mut tried) = (0, 0);
        for _ in 0..30000 {
            let f = &lines[rand(lines.len())];
            if f.is_empty() {
                continue;
            }
            let start = rand(f.len());
            let window = f[start..(start + 1 + rand(30)).min(f.len())].join("\n");
            let mut text = window.into_bytes();
            for _ in 0..1 + rand(3) {
                let at = rand(text.len() + 1);
                match rand(5) {
                    0 if at < text.len() => {
                        text.remove(at);
                    }
                    // The line moved out by two spaces (lists then sit at
                    // their key's indentation, entries leave their block).
                    1 => {
                        let start = text[..at]
                            .iter()
                            .rposition(|&c| c == b'\n')
                            .map_or(0, |n| n + 1);
                        if text[start..].starts_with(b"  ") {
                            text.drain(start..start + 2);
                        }
                    }
                    _ => {
                        let bit = BITS[rand(BITS.len())].as_bytes();
                        text.splice(at..at, bit.iter().copied());
                    }
                }
            }
            let Ok(text) = String::from_utf8(text) else {
                continue;
            };
            tried += 1;
            if same(&text) {
                read += 1;
            }
        }
        // Not vacuous: the fast path read a good share of them.
        assert!(read * 5 > tried, "read {read} of {tried}");
    }
}
