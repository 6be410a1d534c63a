//! The resolved, typed inventory that every command consumes. No I/O here:
//! `load` builds an [`Inventory`], everything else reads it. References are
//! typed indices that remember the id they were written as and where.

mod entities;
mod relations;
pub mod taxonomy;
pub mod values;

pub use entities::*;
pub use relations::Relation;
pub use values::*;

use crate::hash::HashMap;
use serde::{Serialize, Serializer};
use std::path::PathBuf;
use std::sync::Arc;

/// An id as written in the inventory (shared, cheap to clone).
pub type Id = Arc<str>;

/// A position in the inventory: file, 1-based line, 1-based column in characters.
/// `file == BUILTIN_FILE` marks a built-in fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

/// File index of built-in taxonomy entries.
pub const BUILTIN_FILE: u32 = u32::MAX;

impl Loc {
    pub const BUILTIN: Loc = Loc {
        file: BUILTIN_FILE,
        line: 0,
        col: 0,
    };

    pub fn is_builtin(&self) -> bool {
        self.file == BUILTIN_FILE
    }
}

/// One inventory file, kept for diagnostics (source lines under a caret).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the inventory root, with `/` separators.
    pub path: String,
    pub text: String,
    /// Byte offset of the start of each line, for finding a line in O(1).
    pub line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |e| e - 1);
        self.text
            .get(start..end.max(start))
            .map(|l| l.trim_end_matches('\r'))
    }
}

/// The files an inventory was read from, indexed by `Loc::file`.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    /// The display path of a location's file (`<built-in>` for built-ins).
    pub fn path(&self, loc: Loc) -> &str {
        if loc.is_builtin() {
            return "<built-in>";
        }
        self.files
            .get(loc.file as usize)
            .map_or("<unknown>", |f| f.path.as_str())
    }

    /// The text of the line a location points at, if known.
    pub fn line_text(&self, loc: Loc) -> Option<&str> {
        self.files.get(loc.file as usize)?.line(loc.line as usize)
    }

    /// `file:line` (or `<built-in>`), the short form used in explanations.
    pub fn file_line(&self, loc: Loc) -> String {
        if loc.is_builtin() {
            "<built-in>".to_string()
        } else {
            format!("{}:{}", self.path(loc), loc.line)
        }
    }

    /// `file:line:col`.
    pub fn file_line_col(&self, loc: Loc) -> String {
        if loc.is_builtin() {
            "<built-in>".to_string()
        } else {
            format!("{}:{}:{}", self.path(loc), loc.line, loc.col)
        }
    }
}

macro_rules! index_type {
    ($($(#[$m:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn i(self) -> usize { self.0 as usize }
        }
    )+};
}

index_type!(
    /// Index of an organization.
    OrgIx,
    /// Index of a site.
    SiteIx,
    /// Index of a zone.
    ZoneIx,
    /// Index of a server.
    ServerIx,
    /// Index of an application.
    AppIx,
    /// Index of a flow.
    FlowIx,
    /// Index of a person.
    PersonIx,
    /// Index of a group.
    GroupIx,
    /// Index of an account.
    AccountIx,
    /// Index of an access grant.
    GrantIx,
    /// Index of a processing.
    ProcessingIx,
    /// Index of a policy.
    PolicyIx,
    /// Index of a data category.
    DataIx,
    /// Index of a data-subject category.
    SubjectIx,
    /// Index of a purpose category.
    UseIx,
);

/// Any addressable thing of the inventory: an entity of one of the twelve
/// entity kinds, or a taxonomy entry (data, subject, use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Org(OrgIx),
    Site(SiteIx),
    Zone(ZoneIx),
    Server(ServerIx),
    App(AppIx),
    Flow(FlowIx),
    Person(PersonIx),
    Group(GroupIx),
    Account(AccountIx),
    Grant(GrantIx),
    Processing(ProcessingIx),
    Policy(PolicyIx),
    Data(DataIx),
    Subject(SubjectIx),
    Use(UseIx),
}

/// The kind of a [`Target`], with the names used in messages and the section
/// it is declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Organization,
    Site,
    Zone,
    Server,
    Application,
    Flow,
    Person,
    Group,
    Account,
    Grant,
    Processing,
    Policy,
    Data,
    Subject,
    Use,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Organization,
        Kind::Site,
        Kind::Zone,
        Kind::Server,
        Kind::Application,
        Kind::Flow,
        Kind::Person,
        Kind::Group,
        Kind::Account,
        Kind::Grant,
        Kind::Processing,
        Kind::Policy,
        Kind::Data,
        Kind::Subject,
        Kind::Use,
    ];

    /// Singular noun, as in "`dmz` is a zone".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Site => "site",
            Kind::Zone => "zone",
            Kind::Server => "server",
            Kind::Application => "application",
            Kind::Flow => "flow",
            Kind::Person => "person",
            Kind::Group => "group",
            Kind::Account => "account",
            Kind::Grant => "grant",
            Kind::Processing => "processing",
            Kind::Policy => "policy",
            Kind::Data => "data category",
            Kind::Subject => "subject category",
            Kind::Use => "use",
        }
    }

    /// The top-level section that declares this kind.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Organization => "organizations",
            Kind::Site => "sites",
            Kind::Zone => "zones",
            Kind::Server => "servers",
            Kind::Application => "applications",
            Kind::Flow => "flows",
            Kind::Person => "people",
            Kind::Group => "groups",
            Kind::Account => "accounts",
            Kind::Grant => "access",
            Kind::Processing => "processings",
            Kind::Policy => "policies",
            Kind::Data => "data",
            Kind::Subject => "subjects",
            Kind::Use => "uses",
        }
    }

    /// The kind a section or a `carto list` argument names (`access`, `grants`,
    /// `application`, `applications` ...).
    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| {
            k.section() == s
                || k.noun() == s
                || (*k == Kind::Grant && s == "grants")
                || (*k == Kind::Data && s == "data")
                || (*k == Kind::Subject && s == "subject")
                || (*k == Kind::Person && s == "persons")
        })
    }

    /// The namespace the kind's ids live in (section 5.1 of the format).
    pub fn namespace(self) -> Namespace {
        match self {
            Kind::Data => Namespace::Data,
            Kind::Subject => Namespace::Subjects,
            Kind::Use => Namespace::Uses,
            _ => Namespace::Entities,
        }
    }
}

/// One of the four id namespaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Namespace {
    Entities,
    Data,
    Subjects,
    Uses,
}

impl Target {
    /// The target of a kind at an index.
    pub fn of(kind: Kind, i: u32) -> Target {
        match kind {
            Kind::Organization => Target::Org(OrgIx(i)),
            Kind::Site => Target::Site(SiteIx(i)),
            Kind::Zone => Target::Zone(ZoneIx(i)),
            Kind::Server => Target::Server(ServerIx(i)),
            Kind::Application => Target::App(AppIx(i)),
            Kind::Flow => Target::Flow(FlowIx(i)),
            Kind::Person => Target::Person(PersonIx(i)),
            Kind::Group => Target::Group(GroupIx(i)),
            Kind::Account => Target::Account(AccountIx(i)),
            Kind::Grant => Target::Grant(GrantIx(i)),
            Kind::Processing => Target::Processing(ProcessingIx(i)),
            Kind::Policy => Target::Policy(PolicyIx(i)),
            Kind::Data => Target::Data(DataIx(i)),
            Kind::Subject => Target::Subject(SubjectIx(i)),
            Kind::Use => Target::Use(UseIx(i)),
        }
    }

    /// The target's position among those of its kind.
    pub fn index(self) -> usize {
        match self {
            Target::Org(i) => i.i(),
            Target::Site(i) => i.i(),
            Target::Zone(i) => i.i(),
            Target::Server(i) => i.i(),
            Target::App(i) => i.i(),
            Target::Flow(i) => i.i(),
            Target::Person(i) => i.i(),
            Target::Group(i) => i.i(),
            Target::Account(i) => i.i(),
            Target::Grant(i) => i.i(),
            Target::Processing(i) => i.i(),
            Target::Policy(i) => i.i(),
            Target::Data(i) => i.i(),
            Target::Subject(i) => i.i(),
            Target::Use(i) => i.i(),
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Target::Org(_) => Kind::Organization,
            Target::Site(_) => Kind::Site,
            Target::Zone(_) => Kind::Zone,
            Target::Server(_) => Kind::Server,
            Target::App(_) => Kind::Application,
            Target::Flow(_) => Kind::Flow,
            Target::Person(_) => Kind::Person,
            Target::Group(_) => Kind::Group,
            Target::Account(_) => Kind::Account,
            Target::Grant(_) => Kind::Grant,
            Target::Processing(_) => Kind::Processing,
            Target::Policy(_) => Kind::Policy,
            Target::Data(_) => Kind::Data,
            Target::Subject(_) => Kind::Subject,
            Target::Use(_) => Kind::Use,
        }
    }
}

/// A resolved reference: the target's typed index, the id as written, and
/// where it was written. Serializes as the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref<T> {
    pub id: Id,
    pub ix: T,
    pub at: Loc,
}

impl<T> Serialize for Ref<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

/// Settings from `carto.yaml`, with the defaults of the format applied.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    pub version: u32,
    /// Severity overrides by rule id (`SEC003`, `POL:my-policy`), with their location.
    #[serde(skip)]
    pub rules: Vec<(String, RuleLevel, Loc)>,
    pub eea: Vec<Country>,
    pub adequacy: Vec<Country>,
    pub review_max_age: Duration,
    pub restore_test_max_age: Duration,
    pub max_group_depth: u32,
    /// The language of the register (`language:`); English when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Where a file of the inventory is shown on the forge (`source_url:`),
    /// `{path}` and `{line}` replaced: the site's links to declarations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let countries = |l: &[&str]| l.iter().filter_map(|c| Country::parse(c)).collect();
        let year = Duration {
            amount: 12,
            unit: DurationUnit::Months,
        };
        Settings {
            version: 1,
            rules: Vec::new(),
            eea: countries(EEA),
            adequacy: countries(ADEQUACY),
            review_max_age: year,
            restore_test_max_age: year,
            max_group_depth: 3,
            language: None,
            source_url: None,
        }
    }
}

/// The whole resolved inventory.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// The inventory directory as given.
    pub root: PathBuf,
    pub sources: SourceMap,
    pub settings: Settings,
    /// The controller whose register this is.
    pub self_org: Option<OrgIx>,
    pub organizations: Vec<Organization>,
    pub sites: Vec<Site>,
    pub zones: Vec<Zone>,
    pub servers: Vec<Server>,
    pub applications: Vec<Application>,
    pub flows: Vec<Flow>,
    pub people: Vec<Person>,
    pub groups: Vec<Group>,
    pub accounts: Vec<Account>,
    pub grants: Vec<Grant>,
    pub processings: Vec<Processing>,
    pub policies: Vec<Policy>,
    pub data: Vec<DataCategory>,
    pub subjects: Vec<SubjectCategory>,
    pub uses: Vec<UseCategory>,
    /// Entity ids (the entities namespace).
    pub entity_index: HashMap<Id, Target>,
    pub data_index: HashMap<Id, DataIx>,
    pub subject_index: HashMap<Id, SubjectIx>,
    pub use_index: HashMap<Id, UseIx>,
}

impl Inventory {
    /// Whether an organization is the hospital itself or part of its group:
    /// the `self` organization (declared, or named in `carto.yaml`) or one of
    /// kind `entity`. These are the establishments of a group; the others
    /// (vendors, hosts, processors ...) are outside.
    pub fn is_establishment(&self, o: OrgIx) -> bool {
        Some(o) == self.self_org || matches!(self[o].kind, OrgKind::SelfOrg | OrgKind::Entity)
    }

    /// Appends the entities of `part` (converted apart, e.g. on another
    /// core) after this inventory's own, kind by kind.
    pub fn append_entities(&mut self, part: Inventory) {
        let Inventory {
            organizations,
            sites,
            zones,
            servers,
            applications,
            flows,
            people,
            groups,
            accounts,
            grants,
            processings,
            policies,
            data,
            subjects,
            uses,
            // Not entities: the loader sets these once for the whole inventory.
            root: _,
            sources: _,
            settings: _,
            self_org: _,
            entity_index: _,
            data_index: _,
            subject_index: _,
            use_index: _,
        } = part;
        self.organizations.extend(organizations);
        self.sites.extend(sites);
        self.zones.extend(zones);
        self.servers.extend(servers);
        self.applications.extend(applications);
        self.flows.extend(flows);
        self.people.extend(people);
        self.groups.extend(groups);
        self.accounts.extend(accounts);
        self.grants.extend(grants);
        self.processings.extend(processings);
        self.policies.extend(policies);
        self.data.extend(data);
        self.subjects.extend(subjects);
        self.uses.extend(uses);
    }
}

/// A value for every entity and category of one inventory, found by
/// position instead of by hashing: the targets of each kind are numbered
/// after those of the kinds before it (in `Kind::ALL` order).
#[derive(Clone, Debug)]
pub struct TargetMap<V> {
    base: [usize; 16],
    values: Vec<V>,
}

impl<V: Clone + Default> TargetMap<V> {
    pub fn new(inv: &Inventory) -> TargetMap<V> {
        let mut base = [0; 16];
        for (k, kind) in Kind::ALL.iter().enumerate() {
            base[k + 1] = base[k] + inv.count(*kind);
        }
        TargetMap {
            values: vec![V::default(); base[15]],
            base,
        }
    }
}

impl<V> TargetMap<V> {
    /// The position of `t` in the numbering; `None` for an index beyond its
    /// kind's count (never for a target of this inventory).
    pub fn slot(&self, t: Target) -> Option<usize> {
        let k = t.kind() as usize;
        let i = self.base[k] + t.index();
        (i < self.base[k + 1]).then_some(i)
    }

    pub fn get(&self, t: &Target) -> Option<&V> {
        self.slot(*t).map(|i| &self.values[i])
    }

    pub fn get_mut(&mut self, t: Target) -> Option<&mut V> {
        self.slot(t).map(|i| &mut self.values[i])
    }
}

macro_rules! inventory_index {
    ($($ix:ident => $field:ident : $ty:ty),+ $(,)?) => {$(
        impl std::ops::Index<$ix> for Inventory {
            type Output = $ty;
            fn index(&self, i: $ix) -> &$ty { &self.$field[i.i()] }
        }
    )+};
}

inventory_index!(
    OrgIx => organizations: Organization,
    SiteIx => sites: Site,
    ZoneIx => zones: Zone,
    ServerIx => servers: Server,
    AppIx => applications: Application,
    FlowIx => flows: Flow,
    PersonIx => people: Person,
    GroupIx => groups: Group,
    AccountIx => accounts: Account,
    GrantIx => grants: Grant,
    ProcessingIx => processings: Processing,
    PolicyIx => policies: Policy,
    DataIx => data: DataCategory,
    SubjectIx => subjects: SubjectCategory,
    UseIx => uses: UseCategory,
);

impl Inventory {
    /// The common fields (id, name, location ...) of any target.
    pub fn common(&self, t: Target) -> &Common {
        match t {
            Target::Org(i) => &self[i].common,
            Target::Site(i) => &self[i].common,
            Target::Zone(i) => &self[i].common,
            Target::Server(i) => &self[i].common,
            Target::App(i) => &self[i].common,
            Target::Flow(i) => &self[i].common,
            Target::Person(i) => &self[i].common,
            Target::Group(i) => &self[i].common,
            Target::Account(i) => &self[i].common,
            Target::Grant(i) => &self[i].common,
            Target::Processing(i) => &self[i].common,
            Target::Policy(i) => &self[i].common,
            Target::Data(i) => &self[i].common,
            Target::Subject(i) => &self[i].common,
            Target::Use(i) => &self[i].common,
        }
    }

    /// The common fields of any target, to change (the loader's last passes).
    pub fn common_mut(&mut self, t: Target) -> &mut Common {
        match t {
            Target::Org(i) => &mut self.organizations[i.i()].common,
            Target::Site(i) => &mut self.sites[i.i()].common,
            Target::Zone(i) => &mut self.zones[i.i()].common,
            Target::Server(i) => &mut self.servers[i.i()].common,
            Target::App(i) => &mut self.applications[i.i()].common,
            Target::Flow(i) => &mut self.flows[i.i()].common,
            Target::Person(i) => &mut self.people[i.i()].common,
            Target::Group(i) => &mut self.groups[i.i()].common,
            Target::Account(i) => &mut self.accounts[i.i()].common,
            Target::Grant(i) => &mut self.grants[i.i()].common,
            Target::Processing(i) => &mut self.processings[i.i()].common,
            Target::Policy(i) => &mut self.policies[i.i()].common,
            Target::Data(i) => &mut self.data[i.i()].common,
            Target::Subject(i) => &mut self.subjects[i.i()].common,
            Target::Use(i) => &mut self.uses[i.i()].common,
        }
    }

    /// The id of any target.
    pub fn id(&self, t: Target) -> &Id {
        &self.common(t).id
    }

    /// Number of targets of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Organization => self.organizations.len(),
            Kind::Site => self.sites.len(),
            Kind::Zone => self.zones.len(),
            Kind::Server => self.servers.len(),
            Kind::Application => self.applications.len(),
            Kind::Flow => self.flows.len(),
            Kind::Person => self.people.len(),
            Kind::Group => self.groups.len(),
            Kind::Account => self.accounts.len(),
            Kind::Grant => self.grants.len(),
            Kind::Processing => self.processings.len(),
            Kind::Policy => self.policies.len(),
            Kind::Data => self.data.len(),
            Kind::Subject => self.subjects.len(),
            Kind::Use => self.uses.len(),
        }
    }

    /// Every target of one kind, in declaration order.
    pub fn targets(&self, kind: Kind) -> impl Iterator<Item = Target> + use<> {
        (0..self.count(kind) as u32).map(move |i| Target::of(kind, i))
    }

    /// Looks an id up in every namespace; several results when the same
    /// name is both an entity and a taxonomy entry.
    pub fn lookup(&self, id: &str) -> Vec<Target> {
        let mut out = Vec::new();
        if let Some(t) = self.entity_index.get(id) {
            out.push(*t);
        }
        if let Some(i) = self.data_index.get(id) {
            out.push(Target::Data(*i));
        }
        if let Some(i) = self.subject_index.get(id) {
            out.push(Target::Subject(*i));
        }
        if let Some(i) = self.use_index.get(id) {
            out.push(Target::Use(*i));
        }
        out
    }

    /// Every id of every namespace (for "did you mean" on command arguments).
    pub fn all_ids(&self) -> impl Iterator<Item = &Id> {
        self.entity_index
            .keys()
            .chain(self.data_index.keys())
            .chain(self.subject_index.keys())
            .chain(self.use_index.keys())
    }

    /// The ids of the personal categories among `data`, as written.
    pub fn personal_ids<'a>(&self, data: &'a [Ref<DataIx>]) -> Vec<&'a str> {
        data.iter()
            .filter(|d| self[d.ix].personal)
            .map(|d| &*d.id)
            .collect()
    }

    /// Whether data category `d` is `ancestor` or below it.
    pub fn data_within(&self, d: DataIx, ancestor: DataIx) -> bool {
        within(d, ancestor, self.data.len(), |c| {
            self[c].parent.as_ref().map(|p| p.ix)
        })
    }

    /// Whether use `u` is `ancestor` or below it.
    pub fn use_within(&self, u: UseIx, ancestor: UseIx) -> bool {
        within(u, ancestor, self.uses.len(), |c| {
            self[c].parent.as_ref().map(|p| p.ix)
        })
    }

    /// Whether subject category `s` is `ancestor` or below it.
    pub fn subject_within(&self, s: SubjectIx, ancestor: SubjectIx) -> bool {
        within(s, ancestor, self.subjects.len(), |c| {
            self[c].parent.as_ref().map(|p| p.ix)
        })
    }

    /// The organization that runs an application: `hosting.provider`, else `self`.
    pub fn provider(&self, app: AppIx) -> Option<OrgIx> {
        self[app]
            .hosting
            .as_ref()
            .and_then(|h| h.provider.as_ref().map(|p| p.ix))
            .or(self.self_org)
    }

    /// Whether a country is in the EEA (per settings).
    pub fn in_eea(&self, c: Country) -> bool {
        self.settings.eea.contains(&c)
    }

    /// Whether a country has an adequacy decision (per settings).
    pub fn adequate(&self, c: Country) -> bool {
        self.settings.adequacy.contains(&c)
    }

    /// The data of a processing (format 5.4): its `data` when written, else
    /// the union of the declared `data` of its applications.
    pub fn processing_data(&self, p: ProcessingIx) -> Vec<DataIx> {
        let p = &self[p];
        let mut out: Vec<DataIx> = match &p.data {
            Some(d) => d.iter().map(|r| r.ix).collect(),
            None => p
                .applications
                .iter()
                .flat_map(|a| self[a.ix].data.iter().map(|d| d.ix))
                .collect(),
        };
        let mut seen = crate::hash::HashSet::default();
        out.retain(|d| seen.insert(*d));
        out
    }

    /// Whether data category `a` is within `b` or `b` within `a` (they overlap
    /// in the hierarchy).
    pub fn data_overlap(&self, a: DataIx, b: DataIx) -> bool {
        self.data_within(a, b) || self.data_within(b, a)
    }

    /// Number of entities (all kinds except the taxonomy).
    pub fn entity_count(&self) -> usize {
        self.entity_index.len()
    }
}

/// Walks up a hierarchy from `start`; true when it meets `ancestor`. Bounded
/// by `limit` steps so that a (rejected) cycle can never loop.
fn within<I: Copy + Eq>(
    start: I,
    ancestor: I,
    limit: usize,
    parent: impl Fn(I) -> Option<I>,
) -> bool {
    let mut cur = Some(start);
    for _ in 0..=limit {
        match cur {
            Some(c) if c == ancestor => return true,
            Some(c) => cur = parent(c),
            None => return false,
        }
    }
    false
}

/// Applies a serde serializer function to the entity `t` stands for.
macro_rules! serialize_target {
    ($inv:expr, $t:expr, $f:path) => {
        match $t {
            Target::Org(i) => $f(&$inv[i]),
            Target::Site(i) => $f(&$inv[i]),
            Target::Zone(i) => $f(&$inv[i]),
            Target::Server(i) => $f(&$inv[i]),
            Target::App(i) => $f(&$inv[i]),
            Target::Flow(i) => $f(&$inv[i]),
            Target::Person(i) => $f(&$inv[i]),
            Target::Group(i) => $f(&$inv[i]),
            Target::Account(i) => $f(&$inv[i]),
            Target::Grant(i) => $f(&$inv[i]),
            Target::Processing(i) => $f(&$inv[i]),
            Target::Policy(i) => $f(&$inv[i]),
            Target::Data(i) => $f(&$inv[i]),
            Target::Subject(i) => $f(&$inv[i]),
            Target::Use(i) => $f(&$inv[i]),
        }
    };
}

/// [`entity_json`] as text, serialized directly (the same text as the
/// value's, without building the value: what a snapshot stores).
pub fn entity_json_text(inv: &Inventory, t: Target) -> String {
    serialize_target!(inv, t, serde_json::to_string).unwrap_or_else(|_| "null".to_string())
}

/// An entity (or taxonomy entry) as JSON: its fields as loaded, references as
/// ids, absent optional fields omitted. One form for `show`, snapshots and `diff`.
pub fn entity_json(inv: &Inventory, t: Target) -> serde_json::Value {
    serialize_target!(inv, t, serde_json::to_value).unwrap_or(serde_json::Value::Null)
}
