//! The entity types of the inventory format (section 3), resolved: enums
//! instead of strings, [`Ref`]s instead of ids. `Option` means "not written"
//! so that rules can tell an absent field from a `false` one.

use super::{
    AccountKind, AppIx, AppKind, Country, Criterion, DataIx, Date, DpiaStatus, Duration, GroupIx,
    GroupKind, Id, LegalBasis, Level, Loc, OrgIx, OrgKind, Period, PolicyTarget, ProcessingRole,
    Ref, Safeguard, ServerIx, Severity, SiteIx, Special, SpecialCondition, SubjectIx, Target,
    Trust, UseIx, ZoneIx,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// A waiver of one rule for one entity (`ignore:`).
#[derive(Clone, Debug, Serialize)]
pub struct Waiver {
    pub rule: String,
    pub reason: String,
    #[serde(skip)]
    pub at: Loc,
}

/// Fields common to every entity (section 2).
#[derive(Clone, Debug, Serialize)]
pub struct Common {
    pub id: Id,
    /// True when the id was generated (`from->to`, `#n`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub generated_id: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Ref<Target>>,
    /// The establishment of a hospital group it belongs to: declared
    /// (`establishment:`), or from its folder (`establishments/<id>/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Waiver>,
    /// Where the entity is declared (its `id`, or the start of its mapping).
    #[serde(skip)]
    pub at: Loc,
}

impl Common {
    /// The display name: `name`, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Contract {
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    #[serde(flatten)]
    pub common: Common,
    pub kind: OrgKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Who to call for support (a vendor's or a host's service desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<Contact>,
}

impl Organization {
    pub fn certified(&self, cert: &str) -> bool {
        self.certifications.iter().any(|c| c == cert)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Site {
    #[serde(flatten)]
    pub common: Common,
    pub country: Country,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Zone {
    #[serde(flatten)]
    pub common: Common,
    pub trust: Trust,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<Ref<SiteIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered_by: Option<Ref<AppIx>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Server {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Ref<ZoneIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<Ref<SiteIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_facing: Option<bool>,
    /// Administrative tier (0: controls the whole information system).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
}

/// A data category, built-in or declared; `personal`, `special` and
/// `retention` are resolved through the parent chain.
#[derive(Clone, Debug, Serialize)]
pub struct DataCategory {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Ref<DataIx>>,
    pub personal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<Special>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<Period>,
    pub builtin: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubjectCategory {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Ref<SubjectIx>>,
    pub vulnerable: bool,
    pub builtin: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct UseCategory {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Ref<UseIx>>,
    pub builtin: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hosting {
    /// `None` means `self`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<Ref<SiteIx>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Auth {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
    /// The directory (an application) users authenticate against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<Ref<AppIx>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Backup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offline: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_restore_test: Option<Date>,
    /// Measured time to restore the application from its backup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore_time: Option<Duration>,
    /// The backup infrastructure (an application) that takes the backups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<Ref<AppIx>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Logging {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<Duration>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Application {
    #[serde(flatten)]
    pub common: Common,
    pub kind: AppKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosting: Option<Hosting>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Ref<ServerIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Ref<ZoneIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<Ref<DataIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Ref<SubjectIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<super::Criticality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rto: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_at_rest: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_facing: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup: Option<Backup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    /// Administrative tier (0: controls the whole information system).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    /// Reference of the degraded-mode procedure (what staff do without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub degraded_mode: Option<String>,
    /// In a hospital group: the establishments that use this shared application.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<Ref<OrgIx>>,
}

impl Application {
    pub fn mfa(&self) -> bool {
        self.auth.as_ref().and_then(|a| a.mfa).unwrap_or(false)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    #[serde(flatten)]
    pub common: Common,
    /// An application, organization, person or group.
    pub from: Ref<Target>,
    pub to: Ref<Target>,
    pub data: Vec<Ref<DataIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Ref<AppIx>>,
    pub bidirectional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Reference of the agreement covering the flow (between establishments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
}

impl Flow {
    /// The ends that receive the data: `to`, and `from` too when the flow
    /// is bidirectional.
    pub fn receivers(&self) -> impl Iterator<Item = Target> + '_ {
        std::iter::once(self.to.ix).chain(self.bidirectional.then_some(self.from.ix))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Person {
    #[serde(flatten)]
    pub common: Common,
    /// Employer; `None` means `self`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<Ref<OrgIx>>,
    /// Groups, merged from both sides of the membership.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Ref<GroupIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Date>,
}

impl Person {
    /// Inactive: `active: false`, or a `left` date on or before `today`.
    pub fn inactive(&self, today: Date) -> bool {
        !self.active || self.left.is_some_and(|d| d <= today)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<GroupKind>,
    /// People, accounts and groups, merged from both sides of the membership.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Ref<Target>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Account {
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<AccountKind>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Ref<GroupIx>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Grant {
    #[serde(flatten)]
    pub common: Common,
    /// A person, group, account or organization.
    pub who: Ref<Target>,
    /// An application or a server.
    pub to: Ref<Target>,
    pub level: Level,
    /// Restriction to these categories; empty means all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<Ref<DataIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Ref<AppIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Grant {
    pub fn expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Transfer {
    pub to: Ref<OrgIx>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safeguard: Option<Safeguard>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Retention {
    pub data: Ref<DataIx>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dpia {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<DpiaStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Processing {
    #[serde(flatten)]
    pub common: Common,
    pub role: ProcessingRole,
    /// `None` means `self`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joint_controllers: Vec<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<Ref<UseIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalBasis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legitimate_interest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special_condition: Option<SpecialCondition>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Ref<SubjectIx>>,
    /// Declared data; `None` means "the union of the applications' data".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Ref<DataIx>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<Ref<AppIx>>,
    /// Organizations or groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Ref<Target>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub processors: Vec<Ref<OrgIx>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retention: Vec<Retention>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_decisions: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub large_scale: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Recovery time objective of the activity (what its applications must meet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rto: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Duration>,
}

/// How a policy condition matches a set (fideslang ANY / ALL / NONE, plus ONLY).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SetOp {
    Any,
    All,
    None,
    Only,
}

#[derive(Clone, Debug, Serialize)]
#[serde(bound = "")]
pub struct SetMatch<T> {
    pub op: SetOp,
    pub items: Vec<Ref<T>>,
}

/// A country set in a policy: a country, or the named sets `EEA` and `ADEQUATE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountrySet {
    Country(Country),
    Eea,
    Adequate,
}

impl Serialize for CountrySet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CountrySet::Country(c) => c.serialize(s),
            CountrySet::Eea => s.serialize_str("EEA"),
            CountrySet::Adequate => s.serialize_str("ADEQUATE"),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CountryMatch {
    /// `true` for `in`, `false` for `not_in`.
    #[serde(rename = "in")]
    pub inside: bool,
    pub sets: Vec<CountrySet>,
}

/// The conditions of a policy; every condition given must match.
#[derive(Clone, Debug, Default, Serialize)]
pub struct When {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<SetMatch<DataIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<SetMatch<UseIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjects: Option<SetMatch<SubjectIx>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_country: Option<CountryMatch>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to_kind: Vec<OrgKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub level: Vec<Level>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    #[serde(flatten)]
    pub common: Common,
    pub severity: Severity,
    pub target: PolicyTarget,
    pub when: When,
}
