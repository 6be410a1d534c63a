//! YAML to a span-carrying node tree, built directly from granit-parser's
//! events (the parser under serde-saphyr). Going through serde cost three
//! times the parse itself (every span was a serde map); this builder does the
//! YAML 1.2 core schema, duplicate keys, anchors and aliases (with a replay
//! budget), merge keys, depth and node budgets itself, and reports a problem
//! at its position. The tree lets the loader report every problem of a file,
//! not just the first one.

use crate::hash::{HashMap, HashSet};
use crate::model::Loc;
use granit_parser::{Event, Parser, ScalarStyle, Span, Tag};
use std::borrow::Cow;

mod fast;

/// Nesting deeper than this is a load error (format section 5.5).
pub const MAX_DEPTH: usize = 64;
/// Nodes that anchors may keep and aliases replay in one file (bounds alias
/// bombs, and nested anchors copying the same nodes again and again).
pub const MAX_ALIAS_EVENTS: usize = 1_000_000;
/// Nodes in one file (a 64 MiB file of ordinary entities stays below it).
pub const MAX_NODES: usize = 20_000_000;

/// A YAML node with the position of its first character.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub at: Loc,
    pub value: Value,
}

/// A mapping key, with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub at: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// What the node is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar as text, if it is a scalar (numbers and booleans as written
    /// in canonical form).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }
}

/// A parse failure: message and position.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub at: Option<Loc>,
}

/// Parses every document of a file; `file` is stamped into every location.
pub fn parse(text: &str, file: u32) -> Result<Vec<Node>, ParseError> {
    match fast::parse(text, file) {
        Some(docs) => Ok(docs),
        None => parse_full(text, file),
    }
}

/// Parses with the full YAML parser (every construct, every error message).
fn parse_full(text: &str, file: u32) -> Result<Vec<Node>, ParseError> {
    let mut b = Builder::new(file);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| ParseError {
            message: match e.kind() {
                // The scanner reads ahead of the events: on deep flow
                // collections its own limit may come first.
                granit_parser::ErrorKind::RecursionLimitExceeded => {
                    format!("nesting deeper than {MAX_DEPTH} levels (limit of the format)")
                }
                k => k.to_string(),
            },
            at: Some(Loc {
                file,
                line: e.marker().line() as u32,
                col: e.marker().col() as u32 + 1,
            }),
        })?;
        b.event(event, &span)?;
    }
    Ok(b.docs)
}

/// An open collection.
enum Frame {
    Seq {
        at: Loc,
        anchor: usize,
        first_node: usize,
        items: Vec<Node>,
    },
    Map {
        at: Loc,
        anchor: usize,
        first_node: usize,
        entries: Vec<(Key, Node)>,
        /// The key waiting for its value.
        key: Option<Key>,
        /// Whether the waiting key is a merge key (`<<`).
        merging: bool,
        /// Mappings to merge (`<<: *base`), in order of precedence.
        merges: Vec<Node>,
        /// Key names, once the mapping is large enough for a linear scan to hurt.
        seen: Option<HashSet<String>>,
    },
}

/// Above this many keys, duplicates are found with a set instead of a scan.
const SCAN_KEYS: usize = 16;

struct Builder {
    file: u32,
    docs: Vec<Node>,
    stack: Vec<Frame>,
    /// Anchored nodes by the parser's anchor id, with their node count.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes built so far (including alias replays), for the node budget.
    nodes: usize,
    /// Nodes replayed by aliases, for the alias budget.
    replayed: usize,
}

impl Builder {
    fn loc(&self, span: &Span) -> Loc {
        Loc {
            file: self.file,
            line: span.start.line() as u32,
            col: span.start.col() as u32 + 1,
        }
    }

    /// Where a node's tag is written (or the node, without a tag).
    fn tag_loc(&self, span: &Span) -> Loc {
        let m = span.tag_start.unwrap_or(span.start);
        Loc {
            file: self.file,
            line: m.line() as u32,
            col: m.col() as u32 + 1,
        }
    }

    fn error(&self, at: Loc, message: impl Into<String>) -> ParseError {
        ParseError {
            message: message.into(),
            at: Some(at),
        }
    }

    fn count(&mut self, n: usize, at: Loc) -> Result<(), ParseError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(self.error(
                at,
                format!("more than {MAX_NODES} nodes in one file (limit of the format)"),
            ));
        }
        Ok(())
    }

    /// Counts nodes copied for anchors and aliases against their budget.
    fn copied(&mut self, size: usize, at: Loc) -> Result<(), ParseError> {
        self.replayed += size;
        if self.replayed > MAX_ALIAS_EVENTS {
            return Err(self.error(
                at,
                format!(
                    "alias expansion exceeds {MAX_ALIAS_EVENTS} nodes (limit of the format; possible alias bomb)"
                ),
            ));
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, at: Loc) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                at,
                format!("nesting deeper than {MAX_DEPTH} levels (limit of the format)"),
            ));
        }
        self.count(1, at)?;
        self.stack.push(frame);
        Ok(())
    }

    fn new(file: u32) -> Self {
        Builder {
            file,
            docs: Vec::new(),
            stack: Vec::new(),
            anchors: HashMap::default(),
            nodes: 0,
            replayed: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), ParseError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let at = self.loc(span);
                let value = resolve(text, style, tag.as_deref())
                    .map_err(|m| self.error(self.tag_loc(span), m))?;
                self.scalar(at, value, anchor, style == ScalarStyle::Plain)
            }
            Event::SequenceStart(_, anchor, tag) => {
                check_tag(tag.as_deref(), "seq").map_err(|m| self.error(self.tag_loc(span), m))?;
                self.open_seq(self.loc(span), anchor)
            }
            Event::MappingStart(_, anchor, tag) => {
                check_tag(tag.as_deref(), "map").map_err(|m| self.error(self.tag_loc(span), m))?;
                self.open_map(self.loc(span), anchor)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(id) => {
                let at = self.loc(span);
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(self.error(
                        at,
                        "recursive alias: it refers to a collection that contains it",
                    ));
                };
                let (mut node, size) = (node.clone(), *size);
                self.copied(size, at)?;
                self.count(size, at)?;
                node.at = at;
                self.push(node, 0, size, false)
            }
            Event::DocumentStart(..) => {
                self.anchors.clear();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A resolved scalar (`plain`: unquoted, so `<<` is a merge key).
    fn scalar(
        &mut self,
        at: Loc,
        value: Value,
        anchor: usize,
        plain: bool,
    ) -> Result<(), ParseError> {
        self.count(1, at)?;
        self.push(Node { at, value }, anchor, 1, plain)
    }

    fn open_seq(&mut self, at: Loc, anchor: usize) -> Result<(), ParseError> {
        let first_node = self.nodes;
        self.open(
            Frame::Seq {
                at,
                anchor,
                first_node,
                items: Vec::new(),
            },
            at,
        )
    }

    fn open_map(&mut self, at: Loc, anchor: usize) -> Result<(), ParseError> {
        let first_node = self.nodes;
        self.open(
            Frame::Map {
                at,
                anchor,
                first_node,
                entries: Vec::new(),
                key: None,
                merging: false,
                merges: Vec::new(),
                seen: None,
            },
            at,
        )
    }

    /// Ends the innermost open collection.
    fn close(&mut self) -> Result<(), ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor, first_node) = match frame {
            Frame::Seq {
                at,
                anchor,
                first_node,
                items,
            } => (
                Node {
                    at,
                    value: Value::Seq(items),
                },
                anchor,
                first_node,
            ),
            Frame::Map {
                at,
                anchor,
                first_node,
                mut entries,
                merges,
                ..
            } => {
                merge_into(&mut entries, merges);
                (
                    Node {
                        at,
                        value: Value::Map(entries),
                    },
                    anchor,
                    first_node,
                )
            }
        };
        let size = self.nodes - first_node;
        self.push(node, anchor, size, false)
    }

    /// Places a finished node: document root, list item, mapping key or value.
    fn push(
        &mut self,
        node: Node,
        anchor: usize,
        size: usize,
        plain: bool,
    ) -> Result<(), ParseError> {
        if anchor != 0 {
            // Keeping the anchored node is a copy too: nested anchors would
            // otherwise keep the same nodes many times over.
            self.copied(size, node.at)?;
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            // An empty document (`---` alone) holds nothing.
            None if node.value == Value::Null => {}
            None => self.docs.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                merging,
                merges,
                seen,
                ..
            }) => match key.take() {
                None => {
                    let name = match node.value {
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(ParseError {
                                message:
                                    "a mapping key must be a plain value, not a list or a mapping"
                                        .into(),
                                at: Some(node.at),
                            });
                        }
                        Value::Null => String::new(),
                        Value::Str(s) => s,
                        v => v.as_text().unwrap_or_default(),
                    };
                    *merging = plain && name == "<<";
                    if !*merging && is_duplicate(entries, seen, &name) {
                        return Err(ParseError {
                            message: format!("duplicate key `{name}`"),
                            at: Some(node.at),
                        });
                    }
                    *key = Some(Key { name, at: node.at });
                }
                Some(k) if *merging => {
                    *merging = false;
                    match node.value {
                        Value::Map(_) => merges.push(node),
                        Value::Seq(items)
                            if items.iter().all(|i| matches!(i.value, Value::Map(_))) =>
                        {
                            merges.extend(items)
                        }
                        _ => {
                            return Err(ParseError {
                                message: "a merge key (`<<`) takes a mapping or a list of mappings"
                                    .into(),
                                at: Some(k.at),
                            });
                        }
                    }
                }
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// Whether `name` is already a key of the mapping (a set once it is large).
fn is_duplicate(entries: &[(Key, Node)], seen: &mut Option<HashSet<String>>, name: &str) -> bool {
    if let Some(set) = seen {
        return !set.insert(name.to_string());
    }
    if entries.iter().any(|(k, _)| k.name == name) {
        return true;
    }
    if entries.len() >= SCAN_KEYS {
        let mut set: HashSet<String> = entries.iter().map(|(k, _)| k.name.clone()).collect();
        set.insert(name.to_string());
        *seen = Some(set);
    }
    false
}

/// Adds the merged mappings' entries that the mapping does not set itself;
/// earlier merge sources win over later ones (YAML merge key semantics).
fn merge_into(entries: &mut Vec<(Key, Node)>, merges: Vec<Node>) {
    if merges.is_empty() {
        return;
    }
    let mut have: HashSet<String> = entries.iter().map(|(k, _)| k.name.clone()).collect();
    for m in merges {
        if let Value::Map(more) = m.value {
            for (k, v) in more {
                if have.insert(k.name.clone()) {
                    entries.push((k, v));
                }
            }
        }
    }
}

/// The core tag name of a tag (`!!str` is "str"), `Some("")` for the
/// non-specific `!`, `None` for a tag outside the core schema.
fn core_tag(tag: &Tag) -> Option<&str> {
    if tag.original() == "!" {
        return Some("");
    }
    tag.core_suffix()
}

fn check_tag(tag: Option<&Tag>, expected: &str) -> Result<(), String> {
    match tag {
        None => Ok(()),
        Some(t) => match core_tag(t) {
            Some(s) if s == expected || s.is_empty() => Ok(()),
            _ => Err(format!("the tag `{}` is not supported here", t.original())),
        },
    }
}

/// Resolves a scalar by the YAML 1.2 core schema: plain `null`/`~`/empty,
/// `true`/`false`, integers and floats; anything quoted or block is text.
/// Core tags (`!!str`, `!!int`, ...) force a type; other tags are refused.
fn resolve(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let forced = match tag {
        None => None,
        Some(t) => match core_tag(t) {
            Some("") | Some("str") => return Ok(Value::Str(text.into_owned())),
            Some(s @ ("null" | "bool" | "int" | "float")) => Some(s),
            _ => return Err(format!("the tag `{}` is not supported here", t.original())),
        },
    };
    if forced.is_none() && style != ScalarStyle::Plain {
        return Ok(Value::Str(text.into_owned()));
    }
    let implicit = implicit(&text);
    match (forced, implicit) {
        (None, Some(v)) => Ok(v),
        (None, None) => Ok(Value::Str(text.into_owned())),
        (Some("null"), Some(Value::Null)) => Ok(Value::Null),
        (Some("bool"), Some(v @ Value::Bool(_))) => Ok(v),
        (Some("int"), Some(v @ Value::Int(_))) => Ok(v),
        (Some("float"), Some(v @ (Value::Int(_) | Value::Float(_)))) => Ok(match v {
            Value::Int(i) => Value::Float(i as f64),
            v => v,
        }),
        (Some(t), _) => Err(format!("`{text}` is not a valid !!{t}")),
    }
}

/// The implicit type of a plain scalar, or `None` for text.
fn implicit(s: &str) -> Option<Value> {
    let first = s.as_bytes().first().copied();
    match first {
        None => return Some(Value::Null),
        // Most scalars are words: one byte settles it.
        Some(b'a'..=b'z' | b'A'..=b'Z' | b'~' | b'.' | b'-' | b'+' | b'0'..=b'9') => {}
        _ => return None,
    }
    match s {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        // The format (section 5): booleans are only `true` and `false`;
        // `True`, `TRUE` stay text like `yes` and `off`.
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Value::Int);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Value::Int);
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // `007` or a postcode stays text: a leading zero is not a number
        // anyone means to write (the core schema would drop the zeros).
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        return Some(match s.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(s.parse::<f64>().unwrap_or(f64::NAN)),
        });
    }
    if is_core_float(digits) {
        return s.parse::<f64>().ok().map(Value::Float);
    }
    None
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (sign already removed).
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse(text, 7).expect("parses");
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    #[test]
    fn keeps_positions_and_yaml_1_2_scalars() {
        let n = one("a: off\nb: NO\nc: true\nd: 12\n");
        let Value::Map(entries) = n.value else {
            panic!("mapping expected")
        };
        assert_eq!(entries[0].1.value, Value::Str("off".into()));
        assert_eq!(entries[1].1.value, Value::Str("NO".into()));
        assert_eq!(entries[2].1.value, Value::Bool(true));
        assert_eq!(entries[3].1.value, Value::Int(12));
        assert_eq!(
            entries[1].0.at,
            Loc {
                file: 7,
                line: 2,
                col: 1
            }
        );
        assert_eq!(
            entries[1].1.at,
            Loc {
                file: 7,
                line: 2,
                col: 4
            }
        );
    }

    #[test]
    fn rejects_duplicate_keys_with_position() {
        let e = parse("a: 1\nb: 2\na: 3\n", 0).expect_err("duplicate");
        assert_eq!(e.message, "duplicate key `a`");
        assert_eq!(e.at.map(|l| (l.line, l.col)), Some((3, 1)));
    }

    #[test]
    fn stops_alias_bombs_and_deep_nesting() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for k in 1..12 {
            bomb.push_str(&format!(
                "a{k}: &a{k} [{}]\n",
                vec![format!("*a{}", k - 1); 9].join(", ")
            ));
        }
        let e = parse(&bomb, 0).expect_err("bomb");
        assert!(e.message.contains("alias"), "{}", e.message);
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let e = parse(&deep, 0).expect_err("deep");
        assert!(
            e.message.contains("nesting") || e.message.contains("deep"),
            "{}",
            e.message
        );
    }
}
