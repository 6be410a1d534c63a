//! Review decisions written back into the inventory as minimal text
//! changes: a kept grant gets `reviewed: DATE`, a revoked one is removed, a
//! changed level is replaced in place. Positions come from carto's own YAML
//! parse of the file; only the characters of the decided entries change
//! (comments, key order, quoting and everything else stay as written). An
//! entry that gives several grants (`to: [ris, pacs]`) with different
//! decisions is split: the grants with the same decision stay together,
//! each group a copy of the entry's text with its own list.

use crate::load::yaml::{Node, Value};
use crate::model::{Level, Loc};

/// What a reviewer decided about one grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Decision {
    Keep,
    Revoke,
    /// Keep it at this level (lower or raise).
    Level(Level),
}

impl From<Decision> for String {
    fn from(d: Decision) -> String {
        match d {
            Decision::Keep => "keep".into(),
            Decision::Revoke => "revoke".into(),
            Decision::Level(l) => format!("set {l}"),
        }
    }
}

impl TryFrom<String> for Decision {
    type Error = String;
    fn try_from(s: String) -> Result<Decision, String> {
        match s.as_str() {
            "keep" => Ok(Decision::Keep),
            "revoke" => Ok(Decision::Revoke),
            other => other
                .strip_prefix("set ")
                .and_then(Level::parse)
                .map(Decision::Level)
                .ok_or_else(|| format!("unknown decision `{other}`")),
        }
    }
}

/// The grants of one `access:` entry (its position), each with its
/// `who` and `to` ids and its decision (none: left as it is).
pub struct Entry {
    pub at: Loc,
    pub grants: Vec<(String, String, Option<Decision>)>,
}

/// A change that cannot be made as text, with where and why.
#[derive(Debug)]
pub struct EditError(pub String);

type Span = std::ops::Range<usize>;

/// A copy of an entry: its `who` and `to` narrowed (none: as written), and
/// the decision applied to it.
type Variant = (Option<Vec<String>>, Option<Vec<String>>, Option<Decision>);

/// Byte offset of a 1-based (line, column in characters) position.
fn offset(text: &str, line_starts: &[usize], at: Loc) -> Option<usize> {
    let start = *line_starts.get(at.line.checked_sub(1)? as usize)?;
    let line = &text[start..];
    let col = at.col.checked_sub(1)? as usize;
    match line.char_indices().nth(col) {
        Some((b, _)) => Some(start + b),
        None => Some(start + line.len()),
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    v
}

/// The end of a scalar written at `start`: a closing quote, or (plain) the
/// first `,` `]` `}` in flow context, a comment or the end of the line.
fn scalar_end(text: &str, start: usize, flow: bool) -> usize {
    let b = text.as_bytes();
    match b.get(start) {
        Some(q @ (b'"' | b'\'')) => {
            let mut i = start + 1;
            while i < b.len() {
                if b[i] == b'\\' && *q == b'"' {
                    i += 2;
                    continue;
                }
                if b[i] == *q {
                    // '' inside single quotes is a quote.
                    if *q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            b.len()
        }
        _ => {
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'\n' | b'\r' => break,
                    b',' | b']' | b'}' if flow => break,
                    b'#' if i > start && b[i - 1] == b' ' => break,
                    _ => i += 1,
                }
            }
            while i > start && b[i - 1] == b' ' {
                i -= 1;
            }
            i
        }
    }
}

/// The end (after the closer) of a flow collection opened at `start`.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                i = scalar_end(text, i, true);
                continue;
            }
            b'#' if i > 0 && matches!(b[i - 1], b' ' | b'\t') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The entry mapping at `at`, anywhere in the documents (depth-first,
/// without recursion: a hostile file may nest deeply).
fn find_map(nodes: &[Node], at: Loc) -> Option<&Node> {
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Map(entries) => {
                if n.at == at {
                    return Some(n);
                }
                stack.extend(entries.iter().rev().map(|(_, v)| v));
            }
            Value::Seq(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// A located entry: its text spans and the values that decisions touch.
struct Located<'a> {
    flow: bool,
    /// The entry's own text: `{...}` (flow) or its lines, from the `- ` (block).
    span: Span,
    /// Where the `- ` line starts and its indentation.
    line_start: usize,
    indent: String,
    entries: &'a [(crate::load::yaml::Key, Node)],
}

/// Everything the text edits of a file need.
pub struct File {
    text: String,
    starts: Vec<usize>,
    nodes: Vec<Node>,
    name: String,
}

impl File {
    pub fn parse(name: &str, text: String, index: u32) -> Result<File, EditError> {
        let nodes = crate::load::yaml::parse(&text, index)
            .map_err(|e| EditError(format!("{name}: cannot be read again: {}", e.message)))?;
        Ok(File {
            starts: line_starts(&text),
            text,
            nodes,
            name: name.to_string(),
        })
    }

    fn at(&self, loc: Loc) -> Result<usize, EditError> {
        offset(&self.text, &self.starts, loc).ok_or_else(|| {
            EditError(format!(
                "{}:{}: this position is not in the file",
                self.name, loc.line
            ))
        })
    }

    fn locate(&self, at: Loc) -> Result<Located<'_>, EditError> {
        let here = format!("{}:{}", self.name, at.line);
        let node = find_map(&self.nodes, at).ok_or_else(|| {
            EditError(format!(
                "{here}: the grant is no longer there (the file changed since it was loaded)"
            ))
        })?;
        let Value::Map(entries) = &node.value else {
            return Err(EditError(format!("{here}: not a mapping")));
        };
        let start = self.at(at)?;
        let line_no = (at.line as usize).saturating_sub(1);
        let line_start = *self
            .starts
            .get(line_no)
            .ok_or_else(|| EditError(format!("{here}: this line is not in the file")))?;
        let indent: String = self.text[line_start..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        let flow = self.text.as_bytes().get(start) == Some(&b'{');
        let span = if flow {
            start
                ..flow_end(&self.text, start)
                    .ok_or_else(|| EditError(format!("{here}: the entry's braces do not close")))?
        } else {
            // Block: the `- ` line and every following line indented more
            // than the dash (blank and comment lines included).
            let dash_col = indent.len();
            let mut end_line = line_no;
            for (k, s) in self.starts.iter().enumerate().skip(line_no + 1) {
                let line = self.text[*s..].split('\n').next().unwrap_or("");
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if line.len() - trimmed.len() <= dash_col {
                    break;
                }
                end_line = k;
            }
            let end = self
                .starts
                .get(end_line + 1)
                .map_or(self.text.len(), |e| e - 1);
            line_start..end
        };
        Ok(Located {
            flow,
            span,
            line_start,
            indent,
            entries,
        })
    }

    /// The span of a key's value in the entry, when the key is there.
    fn value_span(&self, e: &Located, key: &str) -> Result<Option<Span>, EditError> {
        let Some((_, v)) = e.entries.iter().find(|(k, _)| k.name == key) else {
            return Ok(None);
        };
        let s = self.at(v.at)?;
        let end = match &v.value {
            Value::Seq(_) | Value::Map(_) => {
                if matches!(self.text.as_bytes().get(s), Some(b'[' | b'{')) {
                    flow_end(&self.text, s).unwrap_or(s)
                } else {
                    return Err(EditError(format!(
                        "{}:{}: `{key}` is a block list; write it as `{key}: [a, b]` to apply these decisions",
                        self.name, v.at.line
                    )));
                }
            }
            _ => scalar_end(&self.text, s, e.flow),
        };
        Ok(Some(s..end))
    }

    /// The texts of a list value's items (or the scalar itself).
    fn items(&self, e: &Located, key: &str) -> Result<Vec<String>, EditError> {
        let Some((_, v)) = e.entries.iter().find(|(k, _)| k.name == key) else {
            return Ok(Vec::new());
        };
        let one = |n: &Node| -> Result<String, EditError> {
            let s = self.at(n.at)?;
            Ok(self.text[s..scalar_end(&self.text, s, true)].to_string())
        };
        match &v.value {
            Value::Seq(items) => items.iter().map(one).collect(),
            _ => Ok(vec![one(v)?]),
        }
    }

    /// The entry's text with `who`/`to` narrowed to `who`/`to` (when
    /// given) and `decision` applied; `None` for a revocation.
    fn variant(
        &self,
        e: &Located,
        lists: &[(&str, Option<Vec<String>>)],
        decision: Option<Decision>,
        date: &str,
    ) -> Result<Option<String>, EditError> {
        let mut reps: Vec<(Span, String)> = Vec::new();
        for (key, subset) in lists {
            if let Some(subset) = subset {
                let span = self
                    .value_span(e, key)?
                    .ok_or_else(|| EditError(format!("{}: the entry has no `{key}`", self.name)))?;
                let text = if subset.len() == 1 {
                    subset[0].clone()
                } else {
                    format!("[{}]", subset.join(", "))
                };
                reps.push((span, text));
            }
        }
        match decision {
            None => {}
            Some(Decision::Revoke) => return Ok(None),
            Some(d) => {
                if let Decision::Level(l) = d {
                    let span = self.value_span(e, "level")?.ok_or_else(|| {
                        EditError(format!("{}: the entry has no `level`", self.name))
                    })?;
                    reps.push((span, l.as_str().to_string()));
                }
                match self.value_span(e, "reviewed")? {
                    Some(span) => reps.push((span, date.to_string())),
                    None if e.flow => {
                        // Before the closing brace (and the spaces before it).
                        let mut close = e.span.end - 1;
                        while close > e.span.start && self.text.as_bytes()[close - 1] == b' ' {
                            close -= 1;
                        }
                        reps.push((close..close, format!(", reviewed: {date}")));
                    }
                    None => {
                        // A line after the entry's last line, at its keys' indentation.
                        let first_key = e.entries.first().map_or(0, |(k, _)| k.at.col as usize - 1);
                        let end = self.content_end(e);
                        reps.push((
                            end..end,
                            format!("\n{}reviewed: {date}", " ".repeat(first_key)),
                        ));
                    }
                }
            }
        }
        reps.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut out = self.text[e.span.clone()].to_string();
        for (span, text) in reps {
            out.replace_range(span.start - e.span.start..span.end - e.span.start, &text);
        }
        Ok(Some(out))
    }

    /// The end of a block entry's last line that is not blank or a comment.
    fn content_end(&self, e: &Located) -> usize {
        let body = &self.text[e.span.clone()];
        let mut end = e.span.start;
        let mut pos = e.span.start;
        for line in body.split('\n') {
            let t = line.trim_start();
            if !t.is_empty() && !t.starts_with('#') {
                end = pos + line.trim_end().len();
            }
            pos += line.len() + 1;
        }
        end
    }

    /// The replacement of one entry: its span and its new text.
    pub fn edit(&self, entry: &Entry, date: &str) -> Result<Option<(Span, String)>, EditError> {
        if entry.grants.iter().all(|g| g.2.is_none()) {
            return Ok(None);
        }
        let e = self.locate(entry.at)?;
        let whos = self.items(&e, "who")?;
        let tos = self.items(&e, "to")?;
        let first = entry.grants[0].2;
        let uniform = entry.grants.iter().all(|g| g.2 == first);
        // The variants: (who subset, to subset, decision), in order.
        let mut variants: Vec<Variant> = Vec::new();
        if uniform {
            variants.push((None, None, first));
        } else {
            // Grouped by decision along the listed side; one per grant when
            // both sides are lists.
            let pick = |ids: &[String], want: &str| -> Vec<String> {
                ids.iter().filter(|t| unquote(t) == want).cloned().collect()
            };
            for (w, t, d) in &entry.grants {
                let who_one = pick(&whos, w);
                let to_one = pick(&tos, t);
                if who_one.is_empty() || to_one.is_empty() {
                    return Err(EditError(format!(
                        "{}:{}: the grant of `{w}` on `{t}` is not written in this entry as expected",
                        self.name, entry.at.line
                    )));
                }
                let merged = variants.iter_mut().find(|v| {
                    v.2 == *d
                        && (whos.len() == 1 && v.0.as_ref() == Some(&who_one)
                            || tos.len() == 1 && v.1.as_ref() == Some(&to_one))
                });
                match merged {
                    Some(v) if whos.len() == 1 => {
                        if let Some(list) = v.1.as_mut() {
                            list.extend(to_one);
                        }
                    }
                    Some(v) => {
                        if let Some(list) = v.0.as_mut() {
                            list.extend(who_one);
                        }
                    }
                    None => variants.push((Some(who_one), Some(to_one), *d)),
                }
            }
        }
        let mut texts = Vec::new();
        for (w, t, d) in &variants {
            let lists = [("who", w.clone()), ("to", t.clone())];
            if let Some(text) = self.variant(&e, &lists, *d, date)? {
                texts.push(text);
            }
        }
        let prefix = &self.text[e.line_start..e.span.start];
        if texts.is_empty() {
            // Removed: its lines go, its comment lines stay.
            let line_end = self.text[e.span.end..]
                .find('\n')
                .map_or(self.text.len(), |k| e.span.end + k + 1);
            let whole = e.line_start..line_end;
            let mut kept = String::new();
            let tail = self.text[e.span.end..line_end].trim();
            for line in self.text[whole.clone()].split_inclusive('\n') {
                let t = line.trim_start();
                if t.starts_with('#') {
                    kept.push_str(line);
                }
            }
            if tail.starts_with('#') {
                kept.push_str(&format!("{}{tail}\n", e.indent));
            }
            return Ok(Some((whole, kept)));
        }
        let mut out = texts[0].clone();
        for t in &texts[1..] {
            out.push('\n');
            if e.flow {
                out.push_str(prefix);
            }
            out.push_str(t);
        }
        Ok(Some((e.span.clone(), out)))
    }

    /// The file's text with the replacements made (they must not overlap).
    pub fn apply(&self, mut edits: Vec<(Span, String)>) -> Result<String, EditError> {
        edits.sort_by_key(|(s, _)| s.start);
        for w in edits.windows(2) {
            if w[0].0.end > w[1].0.start {
                return Err(EditError(format!(
                    "{}: two decisions change the same lines",
                    self.name
                )));
            }
        }
        let mut out = self.text.clone();
        for (span, text) in edits.into_iter().rev() {
            out.replace_range(span, &text);
        }
        Ok(out)
    }
}

/// An id as written, without its quotes.
fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, line: u32, col: u32, grants: &[(&str, &str, Option<Decision>)]) -> String {
        let f = File::parse("a.yaml", text.to_string(), 0).expect("parse");
        let entry = Entry {
            at: Loc { file: 0, line, col },
            grants: grants
                .iter()
                .map(|(w, t, d)| (w.to_string(), t.to_string(), *d))
                .collect(),
        };
        let edit = f.edit(&entry, "2026-12-01").expect("edit");
        f.apply(edit.into_iter().collect()).expect("apply")
    }

    #[test]
    fn flow_entries() {
        let t = "access:\n  # lab\n  - {who: lab, to: [lis, bank], level: write, reviewed: 2026-01-01}  # note\n  - {who: x, to: y, level: read}\n";
        let keep = run(
            t,
            3,
            5,
            &[
                ("lab", "lis", Some(Decision::Keep)),
                ("lab", "bank", Some(Decision::Keep)),
            ],
        );
        assert_eq!(keep, t.replace("2026-01-01", "2026-12-01"));
        let split = run(
            t,
            3,
            5,
            &[
                ("lab", "lis", Some(Decision::Keep)),
                ("lab", "bank", Some(Decision::Revoke)),
            ],
        );
        assert!(
            split.contains("  - {who: lab, to: lis, level: write, reviewed: 2026-12-01}  # note\n"),
            "{split}"
        );
        assert!(!split.contains("bank"), "{split}");
        let lower = run(t, 4, 5, &[("x", "y", Some(Decision::Level(Level::Read)))]);
        assert!(
            lower.contains("  - {who: x, to: y, level: read, reviewed: 2026-12-01}\n"),
            "{lower}"
        );
        let gone = run(
            t,
            3,
            5,
            &[
                ("lab", "lis", Some(Decision::Revoke)),
                ("lab", "bank", Some(Decision::Revoke)),
            ],
        );
        assert_eq!(
            gone,
            "access:\n  # lab\n  # note\n  - {who: x, to: y, level: read}\n"
        );
        let two = run(
            t,
            3,
            5,
            &[
                ("lab", "lis", Some(Decision::Level(Level::Read))),
                ("lab", "bank", None),
            ],
        );
        assert!(two.contains("  - {who: lab, to: lis, level: read, reviewed: 2026-12-01}\n  - {who: lab, to: bank, level: write, reviewed: 2026-01-01}"), "{two}");
    }

    #[test]
    fn block_entries() {
        let t = "access:\n  - who: lab\n    # why\n    to: \"lis\"\n    level: write\n\n  - who: x\n    to: y\n    level: admin\n";
        let keep = run(t, 2, 5, &[("lab", "lis", Some(Decision::Keep))]);
        assert_eq!(
            keep,
            t.replace("level: write\n", "level: write\n    reviewed: 2026-12-01\n")
        );
        let lower = run(t, 7, 5, &[("x", "y", Some(Decision::Level(Level::Write)))]);
        assert!(
            lower.ends_with("    level: write\n    reviewed: 2026-12-01\n"),
            "{lower}"
        );
        let gone = run(t, 2, 5, &[("lab", "lis", Some(Decision::Revoke))]);
        assert_eq!(
            gone,
            "access:\n    # why\n\n  - who: x\n    to: y\n    level: admin\n"
        );
    }
}
