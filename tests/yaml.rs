//! carto's YAML builder (granit-parser events to a node tree) against an
//! oracle: serde-saphyr, the reference deserializer over the same parser,
//! read into the same tree through `Spanned<T>` (the builder carto used before
//! it went event-driven for speed). On generated documents both must agree on
//! every value, key and position; plus the cases the oracle does not cover.

use carto::load::yaml::{self, Key, Node, Value};
use carto::model::Loc;
use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

// ---------- the oracle ----------

struct Oracle(Value);

fn loc(l: &serde_saphyr::Location) -> Loc {
    Loc {
        file: 0,
        line: l.line() as u32,
        col: l.column() as u32,
    }
}

fn node(s: Spanned<Oracle>) -> Node {
    Node {
        at: loc(&s.referenced),
        value: s.value.0,
    }
}

impl<'de> Deserialize<'de> for Oracle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Oracle, D::Error> {
        d.deserialize_any(OracleVisitor).map(Oracle)
    }
}

struct OracleVisitor;

impl<'de> Visitor<'de> for OracleVisitor {
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
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E>(self, i: u64) -> Result<Value, E> {
        Ok(i64::try_from(i).map_or(Value::Float(i as f64), Value::Int))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element::<Spanned<Oracle>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = a.next_key::<Spanned<Oracle>>()? {
            let v = a.next_value::<Spanned<Oracle>>()?;
            let name = match k.value.0 {
                Value::Str(s) => s,
                v => v.as_text().unwrap_or_default(),
            };
            entries.push((
                Key {
                    name,
                    at: loc(&k.referenced),
                },
                node(v),
            ));
        }
        Ok(Value::Map(entries))
    }
}

fn oracle(text: &str) -> Result<Vec<Node>, String> {
    let mut o = serde_saphyr::Options::default();
    o.strict_booleans = true;
    o.leading_zero_numbers_as_strings = true;
    o.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    serde_saphyr::from_multiple_with_options::<Spanned<Oracle>>(text, o)
        .map(|docs| docs.into_iter().map(node).collect())
        .map_err(|e| e.to_string())
}

/// The tree with every file index set to 0 and NaN made comparable.
fn plain(mut docs: Vec<Node>) -> Vec<Node> {
    let mut stack: Vec<&mut Node> = docs.iter_mut().collect();
    while let Some(n) = stack.pop() {
        n.at.file = 0;
        if matches!(n.value, Value::Float(f) if f.is_nan()) {
            n.value = Value::Str("NaN".into());
        }
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    k.at.file = 0;
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
    docs
}

// ---------- generated documents ----------

/// Scalars in every spelling the core schema distinguishes.
const SCALARS: &[&str] = &[
    "dpi",
    "hello world",
    "off",
    "NO",
    "yes",
    "true",
    "false",
    // (Not `True` or `FALSE`: text for carto, booleans for serde-saphyr; tested below.)
    "null",
    "~",
    "Null",
    "12",
    "-7",
    "+3",
    "0",
    "007",
    "3.5",
    "-0.25",
    "1e3",
    "2.5E-2",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".nan",
    "0x1F",
    "0o17",
    "2026-11-22",
    "12M",
    "'quoted: yes'",
    "\"esc\\té\"",
    "'it''s'",
    "\"\"",
    "''",
    "a#b",
    "x y z",
    "https://h.example/x?y=1",
    "99999999999999999999",
    "-",
    "é",
    "日本",
];

const KEYS: &[&str] = &[
    "id", "name", "data", "to", "from", "level", "a", "b-c", "x_y",
];

#[derive(Clone, Debug)]
enum Tree {
    Scalar(&'static str),
    Seq(Vec<Tree>, bool),
    Map(Vec<(&'static str, Tree)>, bool),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = proptest::sample::select(SCALARS).prop_map(Tree::Scalar);
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            (
                proptest::collection::vec(inner.clone(), 0..5),
                any::<bool>()
            )
                .prop_map(|(v, flow)| Tree::Seq(v, flow)),
            (
                proptest::collection::btree_map(proptest::sample::select(KEYS), inner, 0..5),
                any::<bool>()
            )
                .prop_map(|(m, flow)| Tree::Map(m.into_iter().collect(), flow)),
        ]
    })
}

impl Tree {
    /// A non-empty block collection (written on the lines below its key).
    fn is_block(&self) -> bool {
        match self {
            Tree::Seq(v, false) => !v.is_empty(),
            Tree::Map(v, false) => !v.is_empty(),
            _ => false,
        }
    }
}

fn flow(t: &Tree, out: &mut String) {
    match t {
        Tree::Scalar(s) => out.push_str(if *s == "-" { "'-'" } else { s }),
        Tree::Seq(items, _) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(it, out);
            }
            out.push(']');
        }
        Tree::Map(entries, _) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
    }
}

/// Writes `t` as a block value at `indent` (the caller wrote the key or dash).
fn block(t: &Tree, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match t {
        Tree::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            for it in items {
                out.push_str(&pad);
                out.push_str("- ");
                if it.is_block() {
                    block(it, indent + 2, out);
                } else {
                    flow(it, out);
                    out.push('\n');
                }
            }
        }
        Tree::Map(entries, false) if !entries.is_empty() => {
            out.push('\n');
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                if !v.is_block() {
                    out.push(' ');
                }
                block(v, indent + 2, out);
            }
        }
        _ => {
            flow(t, out);
            out.push('\n');
        }
    }
}

fn document(roots: &[Tree]) -> String {
    let mut out = String::new();
    for r in roots {
        out.push_str("--- # doc\n");
        let mut body = String::new();
        block(r, 0, &mut body);
        out.push_str(body.strip_prefix('\n').unwrap_or(&body));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_serde_saphyr(roots in proptest::collection::vec(tree(), 1..3)) {
        let text = document(&roots);
        let ours = yaml::parse(&text, 3).map(plain).map_err(|e| e.message);
        let theirs = oracle(&text).map(plain);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "disagree on\n{}\nours {:?}\ntheirs {:?}", text, a, b),
        }
    }
}

/// Fixed documents for the features the generator does not write.
const CASES: &[&str] = &[
    // anchors, aliases, merge keys (one and several; explicit keys win)
    "base: &b {level: read, mfa: true}\nx: {<<: *b, level: admin}\n",
    "a: &a {k: 1, l: 2}\nb: &b {k: 3, m: 4}\nc:\n  <<: [*a, *b]\n  n: 5\n",
    "- &x hello\n- *x\n- [*x, *x]\n",
    // block scalars, comments, quoted keys, explicit documents
    "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n# comment\n'quoted key': 1\n",
    "---\na: 1\n...\n---\nb: [1, 2]\n",
    "",
    "# only a comment\n",
    "---\n",
    "key:\n",
    "\"<<\": not a merge\n",
    "{a: 1, b: {c: [d, {e: f}]}}\n",
];

/// The values alone: a merged entry keeps the position where it is written
/// (the anchor) in carto, serde-saphyr gives it the merge site's.
fn values(docs: Vec<Node>) -> Vec<Node> {
    let mut docs = plain(docs);
    let mut stack: Vec<&mut Node> = docs.iter_mut().collect();
    while let Some(n) = stack.pop() {
        n.at = Loc::default();
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    k.at = Loc::default();
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
    docs
}

#[test]
fn fixed_cases_agree_with_serde_saphyr() {
    for text in CASES {
        let ours = yaml::parse(text, 0).map(values).map_err(|e| e.message);
        let theirs = oracle(text).map(values);
        assert_eq!(ours.ok(), theirs.ok(), "{text}");
    }
}

fn parse_one(text: &str) -> Value {
    let mut docs = yaml::parse(text, 0).expect("parses");
    assert_eq!(docs.len(), 1, "{text}");
    docs.remove(0).value
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    let Value::Map(entries) = v else {
        panic!("mapping expected, got {v:?}")
    };
    let (_, n) = entries
        .iter()
        .find(|(k, _)| k.name == key)
        .unwrap_or_else(|| panic!("no key {key}"));
    &n.value
}

#[test]
fn merge_keys_keep_explicit_values_and_first_source() {
    let v = parse_one("a: &a {k: 1, l: 2}\nb: &b {k: 3, m: 4}\nc:\n  <<: [*a, *b]\n  l: 9\n");
    let c = get(&v, "c");
    assert_eq!(get(c, "k"), &Value::Int(1), "the first source wins");
    assert_eq!(get(c, "l"), &Value::Int(9), "an explicit key wins");
    assert_eq!(get(c, "m"), &Value::Int(4));
    let Value::Map(entries) = c else { panic!() };
    assert!(entries.iter().all(|(k, _)| k.name != "<<"));
    // A quoted "<<" is an ordinary key.
    let v = parse_one("\"<<\": x\n");
    assert_eq!(get(&v, "<<"), &Value::Str("x".into()));
}

#[test]
fn scalars_follow_the_core_schema_with_text_kept_as_text() {
    let v = parse_one(
        "a: off\nb: 007\nc: '12'\nd: !!str 12\ne: !!float 3\nf: 0x1F\ng: ~\nh: 1e3\ni: 2026-01-01\nj: ! 5\nk: True\nl: FALSE\nm: false\n",
    );
    assert_eq!(
        get(&v, "k"),
        &Value::Str("True".into()),
        "only true and false"
    );
    assert_eq!(get(&v, "l"), &Value::Str("FALSE".into()));
    assert_eq!(get(&v, "m"), &Value::Bool(false));
    assert_eq!(get(&v, "a"), &Value::Str("off".into()));
    assert_eq!(
        get(&v, "b"),
        &Value::Str("007".into()),
        "leading zeros are kept"
    );
    assert_eq!(get(&v, "c"), &Value::Str("12".into()));
    assert_eq!(get(&v, "d"), &Value::Str("12".into()));
    assert_eq!(get(&v, "e"), &Value::Float(3.0));
    assert_eq!(get(&v, "f"), &Value::Int(31));
    assert_eq!(get(&v, "g"), &Value::Null);
    assert_eq!(get(&v, "h"), &Value::Float(1000.0));
    assert_eq!(get(&v, "i"), &Value::Str("2026-01-01".into()));
    assert_eq!(get(&v, "j"), &Value::Str("5".into()));
}

#[test]
fn problems_are_reported_at_their_position() {
    let cases: &[(&str, &str, (u32, u32))] = &[
        ("a: !include other.yaml\n", "tag `!include`", (1, 4)),
        ("a: !!int abc\n", "not a valid !!int", (1, 4)),
        ("a: &a [1, *a]\n", "recursive alias", (1, 11)),
        (
            "? [a, b]\n: c\n",
            "mapping key must be a plain value",
            (1, 3),
        ),
        ("a: &a {x: 1}\nb:\n  <<: 5\n", "merge key", (3, 3)),
        ("a: [1, 2\n", "", (1, 4)),
    ];
    for (text, message, (line, col)) in cases {
        let e = yaml::parse(text, 2).expect_err(text);
        assert!(e.message.contains(message), "{text}: {}", e.message);
        let at = e.at.expect("a position");
        assert_eq!((at.file, at.line, at.col), (2, *line, *col), "{text}");
    }
    // Deep nesting, in flow and block style, is refused at the limit, fast.
    for deep in ["[".repeat(1_000_000), "- ".repeat(100_000) + "x"] {
        let started = std::time::Instant::now();
        let e = yaml::parse(&deep, 0).expect_err("too deep");
        assert!(
            e.message.starts_with("nesting deeper than 64"),
            "{}",
            e.message
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
    // Nested anchors around a large list would each keep a copy of it.
    let mut nested = "&a [".repeat(60);
    nested.push_str(&"x, ".repeat(100_000));
    nested.push_str(&format!("x{}", "]".repeat(60)));
    let e = yaml::parse(&nested, 0).expect_err("copies bounded");
    assert!(e.message.contains("alias expansion"), "{}", e.message);
    // Duplicates in a large mapping (found with a set, not a scan).
    let mut big: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    big.push_str("k42: again\n");
    let e = yaml::parse(&big, 0).expect_err("duplicate");
    assert_eq!(e.message, "duplicate key `k42`");
    assert_eq!(e.at.map(|l| (l.line, l.col)), Some((101, 1)));
}
