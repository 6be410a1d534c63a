//! YAML to a span-carrying node tree, through serde-saphyr. serde-saphyr does
//! the hard and dangerous parts (YAML 1.2 booleans, duplicate keys, depth,
//! alias and node budgets); the tree lets the loader report every problem of
//! a file, not just serde's first one.

use crate::model::Loc;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// Nesting deeper than this is a load error (format section 5.5).
pub const MAX_DEPTH: usize = 64;
/// Events that aliases may replay in one file (bounds alias bombs).
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

fn loc(l: &serde_saphyr::Location) -> Loc {
    Loc {
        file: 0,
        line: l.line() as u32,
        col: l.column() as u32,
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

fn node(s: Spanned<Value>) -> Node {
    Node {
        at: loc(&s.referenced),
        value: s.value,
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E>(self, i: u64) -> Result<Value, E> {
        Ok(i64::try_from(i).map_or(Value::Float(i as f64), Value::Int))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Float(i as f64))
    }
    fn visit_u128<E>(self, i: u128) -> Result<Value, E> {
        Ok(Value::Float(i as f64))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not supported"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = a.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some(k) = a.next_key::<Spanned<KeyText>>()? {
            let v = a.next_value::<Spanned<Value>>()?;
            entries.push((
                Key {
                    at: loc(&k.referenced),
                    name: k.value.0,
                },
                node(v),
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key: any scalar, kept as text (`1: x` has the key "1").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyText, D::Error> {
        match Value::deserialize(d)? {
            Value::Seq(_) | Value::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain value, not a list or a mapping",
            )),
            Value::Null => Ok(KeyText(String::new())),
            v => Ok(KeyText(v.as_text().unwrap_or_default())),
        }
    }
}

/// A parse failure: message and position.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub at: Option<Loc>,
}

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    // YAML 1.2 core schema: only true/false are booleans (`NO` is Norway).
    o.strict_booleans = true;
    o.with_snippet = false;
    let mut b = serde_saphyr::Budget::default();
    b.max_depth = MAX_DEPTH;
    b.max_nodes = MAX_NODES;
    b.max_events = MAX_NODES * 2;
    b.max_documents = 100_000;
    b.max_total_scalar_bytes = 128 * 1024 * 1024;
    o.budget = Some(b);
    o.alias_limits.max_total_replayed_events = MAX_ALIAS_EVENTS;
    o
}

/// Parses every document of a file; `file` is stamped into every location.
pub fn parse(text: &str, file: u32) -> Result<Vec<Node>, ParseError> {
    let docs: Vec<Spanned<Value>> = serde_saphyr::from_multiple_with_options(text, options())
        .map_err(|e| {
            let at = e
                .location()
                .filter(|l| l.line() > 0)
                .map(|l| Loc { file, ..loc(&l) });
            ParseError {
                message: clean_message(&e.without_snippet().to_string()),
                at,
            }
        })?;
    let mut out: Vec<Node> = docs.into_iter().map(node).collect();
    for n in &mut out {
        stamp(n, file);
    }
    Ok(out)
}

/// Sets the file of every location below `n` (iteratively: no recursion on
/// input-controlled depth).
fn stamp(n: &mut Node, file: u32) {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        n.at.file = file;
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    k.at.file = file;
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
}

/// Turns serde-saphyr's messages into ours: no position prefix (we print the
/// position), and the limits named in our words.
fn clean_message(m: &str) -> String {
    let mut m = m.trim();
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(p) = rest.find(": ")
    {
        m = &rest[p + 2..];
    }
    // The position is printed beside the message: drop the parser's copy.
    let m = match m.rfind(" at line ") {
        Some(p) if m[p..].contains("column") => &m[..p],
        _ => m,
    };
    if m.contains("budget breached") {
        if m.contains("Depth") {
            return format!("nesting deeper than {MAX_DEPTH} levels (limit of the format)");
        }
        if m.contains("Alias") || m.contains("Anchor") {
            return "too many aliases: alias expansion exceeds the parser's budget (possible alias bomb)".into();
        }
        return format!("the file exceeds the parser's budget ({m})");
    }
    if m.contains("alias replay limit") {
        return format!(
            "alias expansion exceeds {MAX_ALIAS_EVENTS} nodes (limit of the format; possible alias bomb)"
        );
    }
    if let Some(rest) = m.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return format!("duplicate key `{key}`");
    }
    m.to_string()
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
