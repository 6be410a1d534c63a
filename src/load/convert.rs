//! Pass 2: one YAML item to one typed entity (section 3 of the format), with
//! every field checked and every reference resolved. Memberships and
//! taxonomy facts are collected here and merged once everything is read.

use super::gather::{Memberships, TaxonomyFacts};
use super::reader::{Cx, Fields, Typed, resolve_one, scalar_text};
use super::yaml::{Node, Value};
use crate::diag::Diagnostic;
use crate::model::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Common fields of a built-in taxonomy entry.
pub fn builtin_common(id: &Id) -> Common {
    Common {
        id: id.clone(),
        generated_id: false,
        name: None,
        description: None,
        tags: Vec::new(),
        attributes: BTreeMap::new(),
        owner: None,
        establishment: None,
        ignore: Vec::new(),
        at: Loc::BUILTIN,
    }
}

const PRINCIPALS: &[Kind] = &[Kind::Person, Kind::Group, Kind::Account, Kind::Organization];
const FLOW_ENDS: &[Kind] = &[
    Kind::Application,
    Kind::Organization,
    Kind::Person,
    Kind::Group,
];
const OWNERS: &[Kind] = &[Kind::Person, Kind::Group, Kind::Organization];
const MEMBERS: &[Kind] = &[Kind::Person, Kind::Account, Kind::Group];

/// Reads the fields of section 2.
fn common(f: &mut Fields, cx: &mut Cx, id: Id, generated: bool, owner_kinds: &[Kind]) -> Common {
    let at = f.take("id").map_or(f.at, |n| n.at);
    let name = f.text(cx, "name");
    let description = f.text(cx, "description");
    let tags = f.texts(cx, "tags");
    let attributes = f.attributes(cx, "attributes");
    let owner = f.any_ref(cx, "owner", owner_kinds);
    let establishment = f.one(cx, "establishment");
    let mut ignore = Vec::new();
    for item in f.list(cx, "ignore") {
        let Some(mut w) = Fields::new(item, "an `ignore` entry", cx) else {
            continue;
        };
        let rule = w.text(cx, "rule").map(|r| crate::rules::normalize_id(&r));
        let reason = w.text(cx, "reason").filter(|r| !r.trim().is_empty());
        if rule.is_none() {
            w.missing(cx, "rule");
        }
        if reason.is_none() {
            cx.diags.push(
                Diagnostic::error(
                    "INV005",
                    "a waiver needs a `reason`: say why this rule does not apply here",
                )
                .at(item.at),
            );
        }
        let at = item.at;
        w.finish(cx);
        if let (Some(rule), Some(reason)) = (rule, reason) {
            ignore.push(Waiver { rule, reason, at });
        }
    }
    Common {
        id,
        generated_id: generated,
        name,
        description,
        tags,
        attributes,
        owner,
        establishment,
        ignore,
        at,
    }
}

/// The index pass 1 gave a kept entity: its position in its kind's vector,
/// whichever run of items converts it.
fn own_ix<T: Typed>(cx: &Cx, id: &str) -> Option<T> {
    let (_, t, _) = cx.names.get(T::KINDS[0].namespace(), id)?;
    T::from_target(t)
}

/// Converts one section item and pushes it (or, for a grant, one per pair).
/// `ids` is empty when pass 1 did not register it: it is still checked, so
/// that every error is reported, but not kept.
#[allow(clippy::too_many_arguments)]
pub fn entity(
    inv: &mut Inventory,
    kind: Kind,
    node: &Node,
    ids: &[(Id, bool)],
    cx: &mut Cx,
    members: &mut Memberships,
    taxo: &mut TaxonomyFacts,
) {
    let Some(mut f) = Fields::new(node, kind.noun(), cx) else {
        return;
    };
    if !f.has("id") && !matches!(kind, Kind::Flow | Kind::Grant) {
        f.missing(cx, "id");
    }
    let keep = !ids.is_empty();
    let (id, generated) = ids
        .first()
        .cloned()
        .unwrap_or_else(|| (Arc::from(""), false));
    let owner_kinds = if kind == Kind::Account {
        &[Kind::Person, Kind::Group][..]
    } else {
        OWNERS
    };
    let c = common(&mut f, cx, id, generated, owner_kinds);
    match kind {
        Kind::Organization => {
            let o = organization(&mut f, cx, c);
            if keep {
                inv.organizations.push(o);
            }
        }
        Kind::Site => {
            let country = f.country(cx, "country");
            if country.is_none() && !f.has("country") {
                f.missing(cx, "country");
            }
            let s = Site {
                common: c,
                country: country.unwrap_or(Country::PLACEHOLDER),
                operator: f.one(cx, "operator"),
                certifications: f.texts(cx, "certifications"),
                address: f.text(cx, "address"),
            };
            if keep {
                inv.sites.push(s);
            }
        }
        Kind::Zone => {
            let trust = f.choice(cx, "trust", Trust::parse, Trust::ALL);
            if !f.has("trust") {
                f.missing(cx, "trust");
            }
            let z = Zone {
                common: c,
                trust: trust.unwrap_or(Trust::Internal),
                site: f.one(cx, "site"),
                filtered_by: f.one(cx, "filtered_by"),
            };
            if keep {
                inv.zones.push(z);
            }
        }
        Kind::Server => {
            let s = Server {
                common: c,
                zone: f.one(cx, "zone"),
                site: f.one(cx, "site"),
                os: f.text(cx, "os"),
                role: f.text(cx, "role"),
                internet_facing: f.bool(cx, "internet_facing"),
                tier: f.tier(cx),
            };
            if keep {
                inv.servers.push(s);
            }
        }
        Kind::Data => {
            let parent = f.one(cx, "parent");
            let personal = f.bool(cx, "personal");
            let special = f.choice(cx, "special", Special::parse, Special::ALL);
            let retention = f.period(cx, "retention");
            if keep {
                if let Some(me) = own_ix::<DataIx>(cx, &c.id) {
                    taxo.data.push((me, (personal, special, retention.clone())));
                }
                inv.data.push(DataCategory {
                    common: c,
                    parent,
                    personal: personal.unwrap_or(false),
                    special,
                    retention,
                    builtin: false,
                });
            }
        }
        Kind::Subject => {
            let parent = f.one(cx, "parent");
            let vulnerable = f.bool(cx, "vulnerable");
            if keep {
                if let Some(me) = own_ix::<SubjectIx>(cx, &c.id) {
                    taxo.subjects.push((me, vulnerable));
                }
                inv.subjects.push(SubjectCategory {
                    common: c,
                    parent,
                    vulnerable: vulnerable.unwrap_or(false),
                    builtin: false,
                });
            }
        }
        Kind::Use => {
            let u = UseCategory {
                common: c,
                parent: f.one(cx, "parent"),
                builtin: false,
            };
            if keep {
                inv.uses.push(u);
            }
        }
        Kind::Application => {
            let a = application(&mut f, cx, c);
            if keep {
                inv.applications.push(a);
            }
        }
        Kind::Flow => {
            let fl = flow(&mut f, cx, c);
            if let (true, Some(fl)) = (keep, fl) {
                inv.flows.push(fl);
            }
        }
        Kind::Person => {
            let groups: Vec<Ref<GroupIx>> = f.many(cx, "groups");
            let p = Person {
                org: f.one(cx, "org"),
                groups: Vec::new(),
                email: f.text(cx, "email"),
                role: f.text(cx, "role"),
                active: f.bool(cx, "active").unwrap_or(true),
                left: f.date(cx, "left"),
                common: c,
            };
            if keep {
                if let Some(me) = own_ix::<PersonIx>(cx, &p.common.id) {
                    members.member_of(groups, &p.common.id, Target::Person(me));
                }
                inv.people.push(p);
            }
        }
        Kind::Group => {
            let kind = f.choice(cx, "kind", GroupKind::parse, GroupKind::ALL);
            let written = f.any_refs(cx, "members", MEMBERS);
            if keep {
                if let Some(ix) = own_ix::<GroupIx>(cx, &c.id) {
                    let this = Ref {
                        id: c.id.clone(),
                        ix,
                        at: c.at,
                    };
                    members
                        .edges
                        .extend(written.into_iter().map(|m| (this.clone(), m)));
                }
                inv.groups.push(Group {
                    common: c,
                    kind,
                    members: Vec::new(),
                });
            }
        }
        Kind::Account => {
            let kind = f.choice(cx, "kind", AccountKind::parse, AccountKind::ALL);
            let groups: Vec<Ref<GroupIx>> = f.many(cx, "groups");
            if keep {
                if let Some(me) = own_ix::<AccountIx>(cx, &c.id) {
                    members.member_of(groups, &c.id, Target::Account(me));
                }
                inv.accounts.push(Account {
                    common: c,
                    kind,
                    groups: Vec::new(),
                });
            }
        }
        Kind::Grant => {
            let grants = grants(&mut f, cx, c, ids);
            if keep {
                inv.grants.extend(grants);
            }
        }
        Kind::Processing => {
            let p = processing(&mut f, cx, c);
            if keep {
                inv.processings.push(p);
            }
        }
        Kind::Policy => {
            let p = policy(&mut f, cx, c);
            if keep {
                inv.policies.push(p);
            }
        }
    }
    f.finish(cx);
}

fn organization(f: &mut Fields, cx: &mut Cx, c: Common) -> Organization {
    let kind = f.choice(cx, "kind", OrgKind::parse, OrgKind::ALL);
    if !f.has("kind") {
        f.missing(cx, "kind");
    }
    let kind = kind.unwrap_or(OrgKind::Partner);
    let country = f.country(cx, "country");
    if !f.has("country")
        && matches!(
            kind,
            OrgKind::Processor | OrgKind::Host | OrgKind::Partner | OrgKind::Recipient
        )
    {
        cx.error(
            "INV005",
            f.at,
            format!(
                "missing required field `country` in organization: an organization of kind `{kind}` must say where it is"
            ),
        );
    }
    let contract = f.sub(cx, "contract", "a contract").map(|mut s| {
        let c = Contract {
            reference: s.text(cx, "ref"),
            signed: s.date(cx, "signed"),
            expires: s.date(cx, "expires"),
        };
        s.finish(cx);
        c
    });
    let dpo = contact(f, cx, "dpo", true);
    let representative = contact(f, cx, "representative", false);
    Organization {
        common: c,
        kind,
        parent: f.one(cx, "parent"),
        country,
        certifications: f.texts(cx, "certifications"),
        contract,
        dpo,
        representative,
        address: f.text(cx, "address"),
        support: contact(f, cx, "support", true),
    }
}

fn contact(f: &mut Fields, cx: &mut Cx, key: &'static str, phone: bool) -> Option<Contact> {
    let mut s = f.sub(
        cx,
        key,
        if phone {
            "a DPO contact"
        } else {
            "a representative"
        },
    )?;
    let c = Contact {
        name: s.text(cx, "name"),
        email: s.text(cx, "email"),
        phone: if phone { s.text(cx, "phone") } else { None },
    };
    s.finish(cx);
    Some(c)
}

fn application(f: &mut Fields, cx: &mut Cx, c: Common) -> Application {
    let kind = f
        .choice(cx, "kind", AppKind::parse, AppKind::ALL)
        .unwrap_or(AppKind::Application);
    let hosting = f.sub(cx, "hosting", "hosting").map(|mut s| {
        let h = Hosting {
            provider: s.one(cx, "provider"),
            site: s.one(cx, "site"),
        };
        s.finish(cx);
        h
    });
    let auth = f.sub(cx, "auth", "auth").map(|mut s| {
        let a = Auth {
            sso: s.bool(cx, "sso"),
            mfa: s.bool(cx, "mfa"),
            directory: s.one(cx, "directory"),
        };
        s.finish(cx);
        a
    });
    let backup = f.sub(cx, "backup", "backup").map(|mut s| {
        let b = Backup {
            frequency: s.duration(cx, "frequency"),
            offline: s.bool(cx, "offline"),
            immutable: s.bool(cx, "immutable"),
            last_restore_test: s.date(cx, "last_restore_test"),
            restore_time: s.duration(cx, "restore_time"),
            system: s.one(cx, "system"),
        };
        s.finish(cx);
        b
    });
    let logging = f.sub(cx, "logging", "logging").map(|mut s| {
        let l = Logging {
            enabled: s.bool(cx, "enabled"),
            retention: s.duration(cx, "retention"),
        };
        s.finish(cx);
        l
    });
    Application {
        common: c,
        kind,
        vendor: f.one(cx, "vendor"),
        hosting,
        servers: f.many(cx, "servers"),
        zone: f.one(cx, "zone"),
        data: f.many(cx, "data"),
        subjects: f.many(cx, "subjects"),
        criticality: f.choice(cx, "criticality", Criticality::parse, Criticality::ALL),
        rto: f.duration(cx, "rto"),
        rpo: f.duration(cx, "rpo"),
        auth,
        encrypted_at_rest: f.bool(cx, "encrypted_at_rest"),
        internet_facing: f.bool(cx, "internet_facing"),
        backup,
        logging,
        tier: f.tier(cx),
        degraded_mode: f.text(cx, "degraded_mode"),
        used_by: f.many(cx, "used_by"),
    }
}

fn flow(f: &mut Fields, cx: &mut Cx, c: Common) -> Option<Flow> {
    let from = f.any_ref(cx, "from", FLOW_ENDS);
    let to = f.any_ref(cx, "to", FLOW_ENDS);
    for key in ["from", "to"] {
        if !f.has(key) {
            f.missing(cx, key);
        }
    }
    if !f.list_written("data") && !f.has("data") {
        cx.error(
            "INV005",
            f.at,
            "missing required field `data` in flow: say what crosses (`data: []` when nothing personal does)",
        );
    }
    // Every field is read (and checked) before a failed reference drops the flow.
    let data = f.many(cx, "data");
    let protocol = f.text(cx, "protocol");
    let encrypted = f.bool(cx, "encrypted");
    let via = f.many(cx, "via");
    let bidirectional = f.bool(cx, "bidirectional").unwrap_or(false);
    let frequency = f.text(cx, "frequency");
    let agreement = f.text(cx, "agreement");
    Some(Flow {
        common: c,
        from: from?,
        to: to?,
        data,
        protocol,
        encrypted,
        via,
        bidirectional,
        frequency,
        agreement,
    })
}

/// A "ref or list of refs" field; positions kept (None where resolution failed).
fn ref_or_list(
    f: &mut Fields,
    cx: &mut Cx,
    key: &'static str,
    kinds: &[Kind],
) -> Vec<Option<Ref<Target>>> {
    let Some(n) = f.take(key) else {
        f.missing(cx, key);
        return Vec::new();
    };
    match &n.value {
        Value::Seq(items) => {
            if items.is_empty() {
                cx.error("INV005", n.at, format!("`{key}` is an empty list"));
            }
            items.iter().map(|i| cx.resolve(i, kinds, key)).collect()
        }
        _ => vec![cx.resolve(n, kinds, key)],
    }
}

fn grants(f: &mut Fields, cx: &mut Cx, c: Common, ids: &[(Id, bool)]) -> Vec<Grant> {
    let who = ref_or_list(f, cx, "who", PRINCIPALS);
    let to = ref_or_list(f, cx, "to", &[Kind::Application, Kind::Server]);
    let level = f.choice(cx, "level", Level::parse, Level::ALL);
    if !f.has("level") {
        f.missing(cx, "level");
    }
    let data = f.many(cx, "data");
    let remote = f.bool(cx, "remote");
    let mfa = f.bool(cx, "mfa");
    let via = f.one(cx, "via");
    let reviewed = f.date(cx, "reviewed");
    let expires = f.date(cx, "expires");
    let reason = f.text(cx, "reason");
    let mut out = Vec::new();
    let mut k = 0;
    for w in &who {
        for t in &to {
            let slot = k;
            k += 1;
            let (Some(w), Some(t), Some(level)) = (w, t, level) else {
                continue;
            };
            let (id, generated) = ids
                .get(slot)
                .cloned()
                .unwrap_or_else(|| (c.id.clone(), c.generated_id));
            out.push(Grant {
                common: Common {
                    id,
                    generated_id: generated,
                    ..c.clone()
                },
                who: w.clone(),
                to: t.clone(),
                level,
                data: data.clone(),
                remote,
                mfa,
                via: via.clone(),
                reviewed,
                expires,
                reason: reason.clone(),
            });
        }
    }
    out
}

fn processing(f: &mut Fields, cx: &mut Cx, c: Common) -> Processing {
    let data = if f.has("data") {
        Some(f.many(cx, "data"))
    } else {
        // Registered as known all the same, for "did you mean `data`?".
        f.take("data");
        None
    };
    let transfers = f
        .list(cx, "transfers")
        .iter()
        .filter_map(|n| {
            let mut s = Fields::new(n, "a transfer", cx)?;
            let to = s.one(cx, "to");
            if !s.has("to") {
                s.missing(cx, "to");
            }
            let country = s.country(cx, "country");
            let safeguard = s.choice(cx, "safeguard", Safeguard::parse, Safeguard::ALL);
            let reference = s.text(cx, "ref");
            s.finish(cx);
            Some(Transfer {
                to: to?,
                country,
                safeguard,
                reference,
            })
        })
        .collect();
    let retention = f
        .list(cx, "retention")
        .iter()
        .filter_map(|n| {
            let mut s = Fields::new(n, "a retention entry", cx)?;
            let data = s.one(cx, "data");
            if !s.has("data") {
                s.missing(cx, "data");
            }
            let period = s.period(cx, "period");
            let after = s.text(cx, "after");
            s.finish(cx);
            Some(Retention {
                data: data?,
                period,
                after,
            })
        })
        .collect();
    let dpia = f.sub(cx, "dpia", "a DPIA").map(|mut s| {
        let d = Dpia {
            status: s.choice(cx, "status", DpiaStatus::parse, DpiaStatus::ALL),
            date: s.date(cx, "date"),
            reference: s.text(cx, "ref"),
            reason: s.text(cx, "reason"),
        };
        s.finish(cx);
        d
    });
    Processing {
        common: c,
        role: f
            .choice(cx, "role", ProcessingRole::parse, ProcessingRole::ALL)
            .unwrap_or(ProcessingRole::Controller),
        controller: f.one(cx, "controller"),
        joint_controllers: f.many(cx, "joint_controllers"),
        purpose: f.text(cx, "purpose"),
        uses: f.many(cx, "uses"),
        legal_basis: f.choice(cx, "legal_basis", LegalBasis::parse, LegalBasis::ALL),
        legitimate_interest: f.text(cx, "legitimate_interest"),
        special_condition: f.choice(
            cx,
            "special_condition",
            SpecialCondition::parse,
            SpecialCondition::ALL,
        ),
        subjects: f.many(cx, "subjects"),
        data,
        applications: f.many(cx, "applications"),
        recipients: f.any_refs(
            cx,
            "recipients",
            &[Kind::Organization, Kind::Group, Kind::Account],
        ),
        processors: f.many(cx, "processors"),
        transfers,
        retention,
        sources: f.texts(cx, "sources"),
        dpia,
        automated_decisions: f.bool(cx, "automated_decisions"),
        measures: f.texts(cx, "measures"),
        large_scale: f.bool(cx, "large_scale"),
        criteria: f.choices(cx, "criteria", Criterion::parse, Criterion::ALL),
        created: f.date(cx, "created"),
        updated: f.date(cx, "updated"),
        rto: f.duration(cx, "rto"),
        rpo: f.duration(cx, "rpo"),
    }
}

/// A policy's `{any|all|none|only: [...]}` condition.
fn set_match<T: super::reader::Typed>(
    f: &mut Fields,
    cx: &mut Cx,
    key: &'static str,
) -> Option<SetMatch<T>> {
    let mut s = f.sub(cx, key, "a set condition (any, all, none or only)")?;
    let mut found: Vec<(SetOp, Vec<Ref<T>>)> = Vec::new();
    for (name, op) in [
        ("any", SetOp::Any),
        ("all", SetOp::All),
        ("none", SetOp::None),
        ("only", SetOp::Only),
    ] {
        if s.has(name) {
            found.push((op, s.many(cx, name)));
        } else {
            s.take(name);
        }
    }
    let at = s.at;
    s.finish(cx);
    if found.len() != 1 {
        cx.error(
            "INV005",
            at,
            format!("`{key}` takes exactly one of `any`, `all`, `none`, `only`"),
        );
    }
    let (op, items) = found.into_iter().next()?;
    Some(SetMatch { op, items })
}

fn policy(f: &mut Fields, cx: &mut Cx, c: Common) -> Policy {
    let severity = f
        .choice(cx, "severity", Severity::parse, Severity::ALL)
        .unwrap_or(Severity::Error);
    let target = f.choice(cx, "target", PolicyTarget::parse, PolicyTarget::ALL);
    if !f.has("target") {
        f.missing(cx, "target");
    }
    let when = match f.sub(cx, "when", "a policy's `when`") {
        None => When::default(),
        Some(mut w) => {
            let to_country = w
                .sub(cx, "to_country", "a country condition (in or not_in)")
                .and_then(|mut s| {
                    let mut out = None;
                    for (name, inside) in [("in", true), ("not_in", false)] {
                        let items = s.list(cx, name);
                        if s.has(name) {
                            let sets = items
                                .iter()
                                .filter_map(|n| country_set(cx, n, name))
                                .collect();
                            if out.is_some() {
                                cx.error(
                                    "INV005",
                                    s.at,
                                    "`to_country` takes `in` or `not_in`, not both",
                                );
                            }
                            out = Some(CountryMatch { inside, sets });
                        }
                    }
                    if out.is_none() {
                        cx.error(
                            "INV005",
                            s.at,
                            "`to_country` takes `in: [...]` or `not_in: [...]`",
                        );
                    }
                    s.finish(cx);
                    out
                });
            let when = When {
                data: set_match(&mut w, cx, "data"),
                uses: set_match(&mut w, cx, "uses"),
                subjects: set_match(&mut w, cx, "subjects"),
                to_country,
                to_kind: w.choices(cx, "to_kind", OrgKind::parse, OrgKind::ALL),
                encrypted: w.bool(cx, "encrypted"),
                mfa: w.bool(cx, "mfa"),
                remote: w.bool(cx, "remote"),
                level: w.choices(cx, "level", Level::parse, Level::ALL),
            };
            w.finish(cx);
            when
        }
    };
    Policy {
        common: c,
        severity,
        target: target.unwrap_or(PolicyTarget::Processing),
        when,
    }
}

fn country_set(cx: &mut Cx, n: &Node, key: &str) -> Option<CountrySet> {
    match scalar_text(n).as_deref() {
        Some("EEA") => Some(CountrySet::Eea),
        Some("ADEQUATE") => Some(CountrySet::Adequate),
        Some(t) if Country::parse(t).is_some() => Country::parse(t).map(CountrySet::Country),
        other => {
            cx.error(
                "INV005",
                n.at,
                format!(
                    "invalid country `{}` in `{key}`: expected an ISO 3166-1 alpha-2 code, `EEA` or `ADEQUATE`",
                    other.unwrap_or("")
                ),
            );
            None
        }
    }
}

/// `carto.yaml`: settings. Returns the organization it names as `self`.
pub fn settings(node: &Node, cx: &mut Cx, s: &mut Settings) -> Option<(OrgIx, Loc)> {
    let mut f = Fields::new(node, "carto.yaml", cx)?;
    if let Some(n) = f.take("version")
        && n.value != Value::Int(1)
    {
        cx.error(
            "INV005",
            n.at,
            format!(
                "unsupported format version `{}`: this carto reads version 1",
                scalar_text(n).unwrap_or_default()
            ),
        );
    }
    let named = f.take("self").and_then(|n| {
        let r: Ref<OrgIx> = resolve_one(cx, n, "self")?;
        Some((r.ix, r.at))
    });
    if let Some(n) = f.take("rules") {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let level = scalar_text(v).and_then(|t| RuleLevel::parse(&t));
                    match level {
                        Some(l) => s.rules.push((crate::rules::normalize_id(&k.name), l, k.at)),
                        None => cx.error(
                            "INV005",
                            v.at,
                            format!(
                                "invalid level for rule `{}`: expected one of {}",
                                k.name,
                                RuleLevel::ALL.join(", ")
                            ),
                        ),
                    }
                }
            }
            other => cx.error(
                "INV005",
                n.at,
                format!(
                    "`rules` is a mapping of rule ids to levels, found {}",
                    other.describe()
                ),
            ),
        }
    }
    if f.has("eea") {
        s.eea = f.countries(cx, "eea");
    }
    if f.has("adequacy") {
        s.adequacy = f.countries(cx, "adequacy");
    }
    if let Some(d) = f.duration(cx, "review_max_age") {
        s.review_max_age = d;
    }
    if let Some(d) = f.duration(cx, "restore_test_max_age") {
        s.restore_test_max_age = d;
    }
    if let Some(l) = f.choice(cx, "language", Language::parse, Language::ALL) {
        s.language = Some(l);
    }
    if let Some(u) = f.text(cx, "source_url") {
        // Pages link to it: only a web address, never `javascript:` or a file.
        if u.starts_with("https://") || u.starts_with("http://") {
            s.source_url = Some(u);
        } else {
            let at = f.key_at("source_url").unwrap_or(f.at);
            cx.error(
                "INV005",
                at,
                "`source_url` is a web address (https://...) with `{path}` and `{line}` in it",
            );
        }
    }
    if let Some(n) = f.int(cx, "max_group_depth") {
        match u32::try_from(n) {
            Ok(v) => s.max_group_depth = v,
            Err(_) => {
                let at = f.key_at("max_group_depth").unwrap_or(f.at);
                cx.error(
                    "INV005",
                    at,
                    "`max_group_depth` is a number of groups, 0 or more",
                );
            }
        }
    }
    f.finish(cx);
    named
}
