//! Reading typed fields out of a YAML mapping, collecting every error instead
//! of stopping at the first. [`Fields`] remembers which keys were asked for,
//! so that `finish` can report the unknown ones with a suggestion.

use super::yaml::{Key, Node, Value};
use crate::diag::{Diagnostic, did_you_mean};
use crate::hash::HashMap;
use crate::model::{
    AccountIx, AppIx, Country, DataIx, Date, Duration, FlowIx, GrantIx, GroupIx, Id, Kind, Loc,
    Namespace, OrgIx, Period, PersonIx, PolicyIx, ProcessingIx, Ref, ServerIx, SiteIx, SubjectIx,
    Target, UseIx, ZoneIx,
};
use std::collections::BTreeMap;

/// Ids declared in the inventory, per namespace, with where they were declared.
#[derive(Debug, Default)]
pub struct Names {
    pub entities: HashMap<Id, (Target, Loc)>,
    pub data: HashMap<Id, (DataIx, Loc)>,
    pub subjects: HashMap<Id, (SubjectIx, Loc)>,
    pub uses: HashMap<Id, (UseIx, Loc)>,
    /// Entities registered so far, per kind (the next index of each kind).
    pub counts: HashMap<Kind, u32>,
    /// Ids that files which could not be parsed seem to declare, with the
    /// file: a reference to one is not reported as unknown.
    pub unreadable: HashMap<String, u32>,
}

impl Names {
    /// Finds an id in a namespace; returns the shared id and the target.
    pub fn get(&self, ns: Namespace, id: &str) -> Option<(Id, Target, Loc)> {
        match ns {
            Namespace::Entities => self
                .entities
                .get_key_value(id)
                .map(|(k, (t, l))| (k.clone(), *t, *l)),
            Namespace::Data => self
                .data
                .get_key_value(id)
                .map(|(k, (t, l))| (k.clone(), Target::Data(*t), *l)),
            Namespace::Subjects => self
                .subjects
                .get_key_value(id)
                .map(|(k, (t, l))| (k.clone(), Target::Subject(*t), *l)),
            Namespace::Uses => self
                .uses
                .get_key_value(id)
                .map(|(k, (t, l))| (k.clone(), Target::Use(*t), *l)),
        }
    }

    /// Ids of the given kinds (for suggestions).
    fn ids_of<'a>(&'a self, kinds: &'a [Kind]) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        match kinds.first().map(|k| k.namespace()) {
            Some(Namespace::Data) => Box::new(self.data.keys().map(|k| &**k)),
            Some(Namespace::Subjects) => Box::new(self.subjects.keys().map(|k| &**k)),
            Some(Namespace::Uses) => Box::new(self.uses.keys().map(|k| &**k)),
            _ => Box::new(
                self.entities
                    .iter()
                    .filter(move |(_, (t, _))| kinds.contains(&t.kind()))
                    .map(|(k, _)| &**k),
            ),
        }
    }
}

/// The loader's context: declared names and the diagnostics collected so far.
pub struct Cx<'a> {
    pub names: &'a Names,
    pub diags: Vec<Diagnostic>,
    /// Suggestions already computed, by (namespace or kinds, unknown text):
    /// an unknown id is usually repeated, and a suggestion scans every id.
    pub suggested: HashMap<(Vec<Kind>, String), Option<String>>,
    /// References not checked because their id may be declared in a file
    /// that could not be parsed: how many, per file.
    pub unchecked: HashMap<u32, usize>,
}

impl<'a> Cx<'a> {
    pub fn new(names: &'a Names) -> Cx<'a> {
        Cx {
            names,
            diags: Vec::new(),
            suggested: HashMap::default(),
            unchecked: HashMap::default(),
        }
    }

    /// "did you mean" among the ids of `kinds`, memoized.
    fn suggest(&mut self, text: &str, kinds: &[Kind]) -> Option<String> {
        let key = (kinds.to_vec(), text.to_string());
        if let Some(s) = self.suggested.get(&key) {
            return s.clone();
        }
        let s = did_you_mean(text, self.names.ids_of(kinds)).map(str::to_string);
        self.suggested.insert(key, s.clone());
        s
    }
}

/// "an application, an organization or a person".
pub fn kinds_phrase(kinds: &[Kind]) -> String {
    phrase(kinds, true)
}

/// "application, organization or person" (no articles).
fn nouns_phrase(kinds: &[Kind]) -> String {
    phrase(kinds, false)
}

fn phrase(kinds: &[Kind], articles: bool) -> String {
    let words: Vec<String> = kinds
        .iter()
        .map(|k| {
            if !articles {
                return k.noun().to_string();
            }
            let n = k.noun();
            let article = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {n}")
        })
        .collect();
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

impl Cx<'_> {
    pub fn error(&mut self, rule: &str, at: Loc, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(rule, message).at(at));
    }

    /// Resolves a reference written at `node` to one of `kinds` (all of one
    /// namespace). Reports INV001 (unknown, with a suggestion) or INV002
    /// (wrong kind) and returns `None` on failure.
    pub fn resolve(&mut self, node: &Node, kinds: &[Kind], field: &str) -> Option<Ref<Target>> {
        let Some(text) = scalar_text(node) else {
            self.error(
                "INV005",
                node.at,
                format!(
                    "`{field}` takes the id of {}, found {}",
                    kinds_phrase(kinds),
                    node.value.describe()
                ),
            );
            return None;
        };
        let ns = kinds.first().map_or(Namespace::Entities, |k| k.namespace());
        if let Some((id, target, _)) = self.names.get(ns, &text) {
            if kinds.contains(&target.kind()) {
                return Some(Ref {
                    id,
                    ix: target,
                    at: node.at,
                });
            }
            self.wrong_kind(node.at, &text, target.kind(), kinds, field);
            return None;
        }
        // Declared in another namespace: the wrong kind, not an unknown id.
        for other in [
            Namespace::Entities,
            Namespace::Data,
            Namespace::Subjects,
            Namespace::Uses,
        ] {
            if other != ns
                && let Some((_, target, _)) = self.names.get(other, &text)
            {
                self.wrong_kind(node.at, &text, target.kind(), kinds, field);
                return None;
            }
        }
        if let Some(file) = self.names.unreadable.get(&text) {
            *self.unchecked.entry(*file).or_default() += 1;
            return None;
        }
        let mut d = Diagnostic::error(
            "INV001",
            format!(
                "unknown reference `{text}` in `{field}`: there is no {} with this id",
                nouns_phrase(kinds)
            ),
        )
        .at(node.at);
        if let Some(s) = self.suggest(&text, kinds) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
        None
    }

    fn wrong_kind(&mut self, at: Loc, text: &str, found: Kind, kinds: &[Kind], field: &str) {
        let mut d = Diagnostic::error(
            "INV002",
            format!(
                "`{text}` is {}, but `{field}` takes {}",
                kinds_phrase(&[found]),
                kinds_phrase(kinds)
            ),
        )
        .at(at);
        if let Some(s) = self.suggest(text, kinds) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
    }
}

/// A scalar's text (ids may be written as numbers: `123`).
pub fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Seq(_) | Value::Map(_) | Value::Null => None,
        v => v.as_text(),
    }
}

/// A typed index that a reference can narrow to.
pub trait Typed: Copy {
    const KINDS: &'static [Kind];
    fn from_target(t: Target) -> Option<Self>;
}

macro_rules! typed {
    ($($ix:ident => $var:ident, $kind:ident;)+) => {$(
        impl Typed for $ix {
            const KINDS: &'static [Kind] = &[Kind::$kind];
            fn from_target(t: Target) -> Option<Self> {
                match t { Target::$var(i) => Some(i), _ => None }
            }
        }
    )+};
}

typed! {
    OrgIx => Org, Organization;
    SiteIx => Site, Site;
    ZoneIx => Zone, Zone;
    ServerIx => Server, Server;
    AppIx => App, Application;
    FlowIx => Flow, Flow;
    PersonIx => Person, Person;
    GroupIx => Group, Group;
    AccountIx => Account, Account;
    GrantIx => Grant, Grant;
    ProcessingIx => Processing, Processing;
    PolicyIx => Policy, Policy;
    DataIx => Data, Data;
    SubjectIx => Subject, Subject;
    UseIx => Use, Use;
}

fn narrow<T: Typed>(r: Ref<Target>) -> Option<Ref<T>> {
    Some(Ref {
        ix: T::from_target(r.ix)?,
        id: r.id,
        at: r.at,
    })
}

/// A mapping being read field by field.
pub struct Fields<'n> {
    /// What the mapping is, for messages ("application", "carto.yaml").
    pub what: &'static str,
    pub at: Loc,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    known: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// Starts reading `node` as a mapping; reports INV005 and returns `None`
    /// when it is something else.
    pub fn new(node: &'n Node, what: &'static str, cx: &mut Cx) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                what,
                at: node.at,
                entries,
                used: vec![false; entries.len()],
                known: Vec::new(),
            }),
            other => {
                cx.error(
                    "INV005",
                    node.at,
                    format!("expected a mapping for {what}, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// The node under `key`, marking the key as known and used. A null value
    /// (`key:` with nothing after it) counts as absent.
    pub fn take(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        let n = &self.entries[i].1;
        (n.value != Value::Null).then_some(n)
    }

    /// Whether `key` is written (even as null).
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == key)
    }

    /// The location of `key` itself, if written.
    pub fn key_at(&self, key: &str) -> Option<Loc> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.at)
    }

    fn invalid(&self, cx: &mut Cx, node: &Node, key: &str, expected: &str) {
        cx.error(
            "INV005",
            node.at,
            format!(
                "`{key}` expects {expected}, found {}",
                match scalar_text(node) {
                    Some(t) => format!("`{t}`"),
                    None => node.value.describe().to_string(),
                }
            ),
        );
    }

    /// Reports a missing required field.
    pub fn missing(&self, cx: &mut Cx, key: &str) {
        cx.error(
            "INV005",
            self.at,
            format!("missing required field `{key}` in {}", self.what),
        );
    }

    /// A text field (numbers and booleans are taken as their text).
    pub fn text(&mut self, cx: &mut Cx, key: &'static str) -> Option<String> {
        let n = self.take(key)?;
        let t = scalar_text(n);
        if t.is_none() {
            self.invalid(cx, n, key, "text");
        }
        t
    }

    pub fn bool(&mut self, cx: &mut Cx, key: &'static str) -> Option<bool> {
        let n = self.take(key)?;
        match n.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.invalid(cx, n, key, "`true` or `false`");
                None
            }
        }
    }

    pub fn int(&mut self, cx: &mut Cx, key: &'static str) -> Option<i64> {
        let n = self.take(key)?;
        match n.value {
            Value::Int(i) => Some(i),
            _ => {
                self.invalid(cx, n, key, "a whole number");
                None
            }
        }
    }

    /// An administrative tier: 0, 1 or 2.
    pub fn tier(&mut self, cx: &mut Cx) -> Option<u8> {
        let n = self.take("tier")?;
        match n.value {
            Value::Int(i @ 0..=2) => Some(i as u8),
            _ => {
                self.invalid(cx, n, "tier", "0, 1 or 2");
                None
            }
        }
    }

    /// A string-backed enum; the error lists the values and suggests one.
    pub fn choice<E>(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        parse: fn(&str) -> Option<E>,
        all: &[&'static str],
    ) -> Option<E> {
        let n = self.take(key)?;
        parse_choice(cx, n, key, parse, all)
    }

    /// A list of string-backed enum values.
    pub fn choices<E>(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        parse: fn(&str) -> Option<E>,
        all: &[&'static str],
    ) -> Vec<E> {
        self.list(cx, key)
            .iter()
            .filter_map(|n| parse_choice(cx, n, key, parse, all))
            .collect()
    }

    fn parsed<T>(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let n = self.take(key)?;
        let v = scalar_text(n).and_then(|t| parse(&t));
        if v.is_none() {
            self.invalid(cx, n, key, expected);
        }
        v
    }

    pub fn date(&mut self, cx: &mut Cx, key: &'static str) -> Option<Date> {
        self.parsed(cx, key, Date::parse, "a date `YYYY-MM-DD`")
    }

    pub fn duration(&mut self, cx: &mut Cx, key: &'static str) -> Option<Duration> {
        self.parsed(
            cx,
            key,
            Duration::parse,
            "a duration such as `4h`, `30d`, `2w`, `6M`, `20y`",
        )
    }

    pub fn country(&mut self, cx: &mut Cx, key: &'static str) -> Option<Country> {
        let n = self.take(key)?;
        parse_country(cx, n, key)
    }

    pub fn countries(&mut self, cx: &mut Cx, key: &'static str) -> Vec<Country> {
        self.list(cx, key)
            .iter()
            .filter_map(|n| parse_country(cx, n, key))
            .collect()
    }

    pub fn period(&mut self, cx: &mut Cx, key: &'static str) -> Option<Period> {
        self.text(cx, key).map(|t| Period::parse(&t))
    }

    /// The items of a list field; reports anything but a list.
    pub fn list(&mut self, cx: &mut Cx, key: &'static str) -> &'n [Node] {
        let Some(n) = self.take(key) else {
            return &[];
        };
        match &n.value {
            Value::Seq(items) => items,
            _ => {
                self.invalid(cx, n, key, "a list (`[a, b]`)");
                &[]
            }
        }
    }

    /// Whether a list field is written at all (`[]` counts).
    pub fn list_written(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| k.name == key && matches!(v.value, Value::Seq(_)))
    }

    pub fn texts(&mut self, cx: &mut Cx, key: &'static str) -> Vec<String> {
        let items = self.list(cx, key);
        let mut out = Vec::with_capacity(items.len());
        for n in items {
            match scalar_text(n) {
                Some(t) => out.push(t),
                None => self.invalid(cx, n, key, "a list of text"),
            }
        }
        out
    }

    /// A nested mapping.
    pub fn sub(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        what: &'static str,
    ) -> Option<Fields<'n>> {
        let n = self.take(key)?;
        let before = cx.diags.len();
        let f = Fields::new(n, what, cx);
        // A wrong shape: show the right one.
        if f.is_none()
            && cx.diags.len() > before
            && let Some(example) = crate::schema::example(key)
            && let Some(d) = cx.diags.last_mut()
        {
            d.help = Some(format!("for example `{key}: {example}`"));
        }
        f
    }

    /// A free mapping (`attributes:`), as JSON values.
    pub fn attributes(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
    ) -> BTreeMap<String, serde_json::Value> {
        let Some(n) = self.take(key) else {
            return BTreeMap::new();
        };
        match &n.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
            _ => {
                self.invalid(cx, n, key, "a mapping of custom fields");
                BTreeMap::new()
            }
        }
    }

    /// A reference to one of `kinds`.
    pub fn any_ref(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        kinds: &[Kind],
    ) -> Option<Ref<Target>> {
        let n = self.take(key)?;
        cx.resolve(n, kinds, key)
    }

    /// A list of references to any of `kinds`.
    pub fn any_refs(&mut self, cx: &mut Cx, key: &'static str, kinds: &[Kind]) -> Vec<Ref<Target>> {
        self.list(cx, key)
            .iter()
            .filter_map(|n| cx.resolve(n, kinds, key))
            .collect()
    }

    /// A reference to one kind.
    pub fn one<T: Typed>(&mut self, cx: &mut Cx, key: &'static str) -> Option<Ref<T>> {
        self.any_ref(cx, key, T::KINDS).and_then(narrow)
    }

    /// A list of references to one kind.
    pub fn many<T: Typed>(&mut self, cx: &mut Cx, key: &'static str) -> Vec<Ref<T>> {
        self.any_refs(cx, key, T::KINDS)
            .into_iter()
            .filter_map(narrow)
            .collect()
    }

    /// Reports every key that no reader asked for (INV004, with a
    /// suggestion); several keys that all belong to another section (a grant
    /// pasted under `processings:`) are one error that names that section.
    pub fn finish(self, cx: &mut Cx) {
        let unknown: Vec<&str> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .map(|(_, (k, _))| k.name.as_str())
            .collect();
        if unknown.len() >= 2
            && let Some((section, noun)) = misplaced(&unknown, self.what)
        {
            let fields = unknown
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.diags.push(
                Diagnostic::error(
                    "INV004",
                    format!(
                        "{fields} are fields of {} {noun}, not of {} {}: move this item under `{section}:`",
                        article(noun),
                        article(self.what),
                        self.what
                    ),
                )
                .at(self.at)
                .help(format!(
                    "in the `{section}:` section it reads `- {{{}}}`",
                    example_of(&self, &unknown)
                )),
            );
            return;
        }
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let mut d = Diagnostic::error(
                "INV004",
                format!("unknown field `{}` in {}", k.name, self.what),
            )
            .at(k.at);
            if let Some(s) = did_you_mean(&k.name, self.known.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            } else {
                let mut known = self.known.clone();
                known.sort_unstable();
                known.dedup();
                d = d.help(format!(
                    "{} takes: {}; custom fields go under `attributes:`",
                    self.what,
                    known.join(", ")
                ));
            }
            cx.diags.push(d);
        }
    }
}

/// The section whose fields include every one of `keys` (and which is not
/// the item's own), with the noun of its items: where a misplaced item
/// belongs.
fn misplaced(keys: &[&str], what: &str) -> Option<(&'static str, &'static str)> {
    let common = |k: &str| crate::schema::COMMON.iter().any(|(n, _)| *n == k);
    crate::schema::SECTIONS
        .iter()
        .find_map(|(section, fields)| {
            let kind = crate::model::Kind::from_name(section)?;
            let noun = kind.noun();
            (noun != what
                && keys
                    .iter()
                    .all(|k| common(k) || fields.iter().any(|(n, _)| n == k))
                && keys.iter().any(|k| !common(k)))
            .then_some((*section, noun))
        })
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The misplaced keys with their values as written, for the help line.
fn example_of(f: &Fields, keys: &[&str]) -> String {
    f.entries
        .iter()
        .filter(|(k, _)| keys.contains(&k.name.as_str()))
        .map(|(k, v)| {
            let value = scalar_text(v).map_or_else(|| "...".to_string(), |t| t.to_string());
            format!("{}: {value}", k.name)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves a reference node to one kind.
pub fn resolve_one<T: Typed>(cx: &mut Cx, node: &Node, field: &str) -> Option<Ref<T>> {
    cx.resolve(node, T::KINDS, field).and_then(narrow)
}

fn parse_choice<E>(
    cx: &mut Cx,
    n: &Node,
    key: &str,
    parse: fn(&str) -> Option<E>,
    all: &[&'static str],
) -> Option<E> {
    let text = scalar_text(n);
    if let Some(v) = text.as_deref().and_then(parse) {
        return Some(v);
    }
    let shown = text
        .clone()
        .unwrap_or_else(|| n.value.describe().to_string());
    let mut d = Diagnostic::error(
        "INV005",
        format!(
            "invalid value `{shown}` for `{key}`: expected one of {}",
            all.join(", ")
        ),
    )
    .at(n.at);
    if let Some(s) = text.and_then(|t| did_you_mean(&t, all.iter().copied())) {
        d = d.help(format!("did you mean `{s}`?"));
    }
    cx.diags.push(d);
    None
}

fn parse_country(cx: &mut Cx, n: &Node, key: &str) -> Option<Country> {
    let text = scalar_text(n);
    if let Some(c) = text.as_deref().and_then(Country::parse) {
        return Some(c);
    }
    let mut d = Diagnostic::error(
        "INV005",
        format!(
            "invalid country `{}` for `{key}`: expected an ISO 3166-1 alpha-2 code such as FR, DE, US",
            text.clone().unwrap_or_else(|| n.value.describe().to_string())
        ),
    )
    .at(n.at);
    let up = text.map(|t| t.trim().to_uppercase()).unwrap_or_default();
    if Country::parse(&up).is_some() {
        d = d.help(format!("country codes are upper case: `{up}`"));
    } else if up.len() == 3 && up.is_char_boundary(2) && Country::parse(&up[..2]).is_some() {
        // An alpha-3 code (USA, FRA, DEU) usually starts with its alpha-2.
        d = d.help(format!("did you mean `{}`?", &up[..2]));
    }
    cx.diags.push(d);
    None
}

/// A YAML node as JSON (for `attributes`).
pub fn to_json(n: &Node) -> serde_json::Value {
    match &n.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Str(s) => s.clone().into(),
        Value::Seq(items) => items.iter().map(to_json).collect(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| (k.name.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
