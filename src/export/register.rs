//! The Art. 30 register as one table model: a header and, per processing,
//! the 17 fields of the CNIL template, each value marked declared or
//! derived. Every output format only lays this model out.

use super::lang::{Words, reason_text, tr, trf};
use super::measures::measures;
use crate::graph::Graph;
use crate::model::{
    AppIx, DataIx, Date, Id, Inventory, Language, OrgIx, ProcessingIx, ProcessingRole, Special,
    Target,
};
use crate::rules::Cx;
use std::collections::BTreeSet;

/// One value of a field; `derived` values come from carto, not from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub derived: bool,
    /// What the value is about, for tools (the JSON): which organization,
    /// group, data category... The text is for people.
    pub about: Option<About>,
}

/// The structured facts behind an item of the register.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct About {
    pub id: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The grants, flows or accounts it comes from (`grant read on dpi`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Transfers: the country, the safeguard (`scc`, `adequacy`, `dpf` ...,
    /// null when none), whether this processing declares it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safeguard: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<bool>,
    /// Retention: the period and what it runs from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Security measures: the CNIL heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
}

impl About {
    fn of(inv: &Inventory, t: Target) -> About {
        let c = inv.common(t);
        About {
            id: c.id.to_string(),
            kind: crate::graph::kind_word(t),
            name: c.name.clone(),
            ..About::default()
        }
    }
}

impl Item {
    pub(super) fn declared(text: impl Into<String>) -> Item {
        Item {
            text: text.into(),
            derived: false,
            about: None,
        }
    }
    pub(super) fn derived(text: impl Into<String>) -> Item {
        Item {
            text: text.into(),
            derived: true,
            about: None,
        }
    }
    fn about(mut self, a: About) -> Item {
        self.about = Some(a);
        self
    }
}

/// One numbered field of a record (1 to 17), possibly split under headings
/// (the CNIL headings of data categories and of security measures).
#[derive(Clone, Debug)]
pub struct Field {
    pub number: u8,
    pub title: &'static str,
    pub groups: Vec<(String, Vec<Item>)>,
}

impl Field {
    fn new(number: u8, title: &'static str, items: Vec<Item>) -> Field {
        Field {
            number,
            title,
            groups: vec![(String::new(), items)],
        }
    }

    /// All values, headings dropped.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups.iter().flat_map(|(_, v)| v.iter())
    }
}

/// DPIA screening.
#[derive(Clone, Debug)]
pub struct DpiaScreening {
    pub required: bool,
    /// (code, explanation): `cnil-health-care`, `cnil-large-scale-special`, `edpb-<n>-criteria`.
    pub reasons: Vec<(String, String)>,
    pub status: Option<String>,
    pub reference: Option<String>,
}

/// One processing's record.
#[derive(Clone, Debug)]
pub struct Record {
    pub ix: ProcessingIx,
    pub id: Id,
    pub name: String,
    pub fields: Vec<Field>,
    pub dpia: DpiaScreening,
    /// For the JSON contract: ids.
    pub data: Vec<Id>,
    pub special_data: Vec<Id>,
    pub subjects: Vec<Id>,
    pub applications: Vec<Id>,
    pub recipients: Vec<Item>,
    pub processors: Vec<Item>,
    pub transfers: Vec<Item>,
    pub retention: Vec<Item>,
    pub measures: Vec<Item>,
}

/// The header: who keeps the register.
#[derive(Clone, Debug, Default)]
pub struct Header {
    pub organization: String,
    pub id: String,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub dpo: Option<String>,
    pub generated: String,
    pub revision: Option<String>,
    pub processor_register: bool,
}

/// The register: header and records.
#[derive(Clone, Debug)]
pub struct Register {
    pub header: Header,
    pub records: Vec<Record>,
    /// The language of every label and derived sentence.
    pub lang: Language,
}

/// What to include.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The Art. 30(2) register (processings with `role: processor`).
    pub processor: bool,
    /// In a hospital group, one establishment's register: its own
    /// processings (controller), or (processor) those it carries out for
    /// the members on the shared applications it runs.
    pub establishment: Option<OrgIx>,
    pub processing: Option<ProcessingIx>,
    pub tags: Vec<String>,
    pub lang: Language,
}

/// The Art. 6(1) text of a legal basis (exhaustive: a new basis must be worded).
fn legal_basis_text(b: crate::model::LegalBasis) -> &'static str {
    use crate::model::LegalBasis as B;
    match b {
        B::Consent => "Art. 6(1)(a): consent of the data subject",
        B::Contract => "Art. 6(1)(b): performance of a contract",
        B::LegalObligation => "Art. 6(1)(c): compliance with a legal obligation",
        B::VitalInterests => "Art. 6(1)(d): protection of vital interests",
        B::PublicTask => {
            "Art. 6(1)(e): task carried out in the public interest or in the exercise of official authority"
        }
        B::LegitimateInterests => "Art. 6(1)(f): legitimate interests",
    }
}

/// The Art. 9(2) or Art. 10 text of a condition (exhaustive).
fn condition_text(c: crate::model::SpecialCondition) -> &'static str {
    use crate::model::SpecialCondition as C;
    match c {
        C::A => "Art. 9(2)(a): explicit consent",
        C::B => "Art. 9(2)(b): employment and social security law",
        C::C => "Art. 9(2)(c): vital interests",
        C::D => "Art. 9(2)(d): foundation, association or not-for-profit body",
        C::E => "Art. 9(2)(e): made public by the data subject",
        C::F => "Art. 9(2)(f): legal claims",
        C::G => "Art. 9(2)(g): substantial public interest",
        C::H => {
            "Art. 9(2)(h): preventive or occupational medicine, medical diagnosis, care or treatment"
        }
        C::I => "Art. 9(2)(i): public interest in public health",
        C::J => "Art. 9(2)(j): archiving, scientific or historical research, statistics",
        C::Art10 => "Art. 10: criminal convictions and offences, under official authority",
    }
}

/// The CNIL heading of a data category: the built-in root it descends from.
fn cnil_heading(inv: &Inventory, d: DataIx) -> &'static str {
    let mut cur = Some(d);
    let mut root = d;
    for _ in 0..inv.data.len() {
        let Some(c) = cur else { break };
        root = c;
        cur = inv[c].parent.as_ref().map(|p| p.ix);
    }
    match &*inv[root].common.id {
        "identity" | "contact" => "Identity, civil status, contact",
        "personal-life" => "Personal life",
        "professional" => "Professional life",
        "financial" => "Economic and financial information",
        "connection" => "Connection data",
        "location" => "Location data",
        _ => "Other",
    }
}

fn name_of(inv: &Inventory, t: Target) -> String {
    let c = inv.common(t);
    match &c.name {
        Some(n) if **n != *c.id => format!("{n} ({})", c.id),
        _ => c.id.to_string(),
    }
}

fn contact(c: &Option<crate::model::Contact>) -> Option<String> {
    c.as_ref().map(|c| {
        [c.name.as_deref(), c.email.as_deref(), c.phone.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Builds the register. `today` and `revision` are given by the caller (the
/// library does not read the clock or run git).
pub fn build(
    inv: &Inventory,
    graph: &Graph,
    sel: &Selection,
    today: Date,
    revision: Option<String>,
) -> Register {
    let cx = Cx::new(inv, graph, today);
    let lang = sel.lang;
    let org = sel.establishment.or(inv.self_org).map(|o| &inv[o]);
    let header = Header {
        organization: org
            .map(|o| o.common.display_name().to_string())
            .unwrap_or_default(),
        id: org.map(|o| o.common.id.to_string()).unwrap_or_default(),
        address: org.and_then(|o| o.address.clone()),
        representative: org.and_then(|o| contact(&o.representative)),
        dpo: org.and_then(|o| contact(&o.dpo)),
        generated: today.to_string(),
        revision,
        processor_register: sel.processor,
    };
    let of = |p: ProcessingIx, e: OrgIx| {
        inv[p].common.establishment.as_ref().map(|x| x.ix) == Some(e)
            || (inv[p].common.establishment.is_none() && Some(e) == inv.self_org)
    };
    let records = (0..inv.processings.len() as u32)
        .map(ProcessingIx)
        .filter_map(|p| {
            let pr = &inv[p];
            if sel.processing.is_some_and(|x| x != p)
                || !sel.tags.iter().all(|t| pr.common.has_tag(t))
            {
                return None;
            }
            let declared = (pr.role == ProcessingRole::Processor) == sel.processor;
            match sel.establishment {
                None => declared.then_some((p, None)),
                Some(e) if declared && of(p, e) => Some((p, None)),
                // The support establishment's processor register: the
                // members' processings on the applications it runs for them.
                Some(e) if sel.processor => graph
                    .ght_processor(p)
                    .filter(|(s, _)| *s == e)
                    .map(|_| (p, pr.common.establishment.as_ref().map(|x| x.ix))),
                Some(_) => None,
            }
        })
        .map(|(p, on_behalf)| record(&cx, p, lang, on_behalf))
        .collect();
    Register {
        header,
        records,
        lang,
    }
}

/// One record; `on_behalf`: a member's processing in the support
/// establishment's processor register (carried out on the member's behalf).
fn record(cx: &Cx, ix: ProcessingIx, lang: Language, on_behalf: Option<OrgIx>) -> Record {
    let l = Words(lang);
    let inv = cx.inv;
    let g = cx.graph;
    let p = &inv[ix];
    let data = inv.processing_data(ix);
    let apps: Vec<AppIx> = p.applications.iter().map(|a| a.ix).collect();
    let mut fields = Vec::with_capacity(17);

    // 1. Id, name, dates.
    let mut f1 = vec![Item::declared(format!(
        "{} ({})",
        p.common.display_name(),
        p.common.id
    ))];
    if let Some(d) = p.created {
        f1.push(Item::declared(l.f("created {}", &[&d])));
    }
    if let Some(d) = p.updated {
        f1.push(Item::declared(l.f("updated {}", &[&d])));
    }
    fields.push(Field::new(1, l.t("Processing"), f1));

    // 2. Role and joint controllers.
    let mut f2 = vec![match on_behalf {
        Some(m) => Item::derived(l.f(
            "Processor, on behalf of {} (the shared applications it runs for it)",
            &[&name_of(inv, Target::Org(m))],
        )),
        None => Item::declared(match p.role {
            ProcessingRole::Controller if p.joint_controllers.is_empty() => {
                l.t("Controller").to_string()
            }
            ProcessingRole::Controller => l.t("Joint controller").to_string(),
            ProcessingRole::Processor => l.f(
                "Processor, on behalf of {}",
                &[&p.controller
                    .as_ref()
                    .map_or(l.t("(controller not given)").to_string(), |c| {
                        name_of(inv, Target::Org(c.ix))
                    })],
            ),
        }),
    }];
    if let (ProcessingRole::Processor, Some(c)) = (p.role, &p.controller) {
        let o = &inv[c.ix];
        if let Some(r) = contact(&o.representative) {
            f2.push(Item::declared(
                l.f("controller's representative: {}", &[&r]),
            ));
        }
        if let Some(d) = contact(&o.dpo) {
            f2.push(Item::declared(l.f("controller's DPO: {}", &[&d])));
        }
    }
    for j in &p.joint_controllers {
        let o = &inv[j.ix];
        let dpo = contact(&o.dpo)
            .map(|d| l.f("; DPO: {}", &[&d]))
            .unwrap_or_default();
        f2.push(Item::declared(format!(
            "{}{dpo}",
            l.f("joint controller: {}", &[&name_of(inv, Target::Org(j.ix))])
        )));
    }
    fields.push(Field::new(2, l.t("Role"), f2));

    // 3. Applications.
    fields.push(Field::new(
        3,
        l.t("Supporting applications"),
        apps.iter()
            .map(|a| Item::declared(name_of(inv, Target::App(*a))))
            .collect(),
    ));

    // 4. Purpose and uses.
    let mut f4: Vec<Item> = p.purpose.iter().map(Item::declared).collect();
    f4.extend(
        p.uses
            .iter()
            .map(|u| Item::declared(l.f("purpose category: {}", &[&u.id]))),
    );
    fields.push(Field::new(4, l.t("Purpose"), f4));

    // 5. Legal basis.
    let mut f5 = Vec::new();
    if let Some(b) = p.legal_basis {
        f5.push(Item::declared(l.t(legal_basis_text(b))));
    }
    if let Some(li) = &p.legitimate_interest {
        f5.push(Item::declared(l.f("legitimate interest: {}", &[li])));
    }
    fields.push(Field::new(5, l.t("Legal basis"), f5));

    // 6. Art. 9(2) / Art. 10 condition.
    let f6 = p
        .special_condition
        .map(|c| vec![Item::declared(l.t(condition_text(c)))])
        .unwrap_or_default();
    let mut f6 = f6;
    let has_special = data.iter().any(|d| inv[*d].special.is_some());
    if f6.is_empty() && has_special {
        f6.push(Item::derived(l.t(
            "MISSING: the processing handles special data (field 9) without an Art. 9(2) or Art. 10 condition (finding GDPR003)",
        )));
    }
    fields.push(Field::new(6, l.t("Art. 9(2) or Art. 10 condition"), f6));

    // 7. Subjects.
    fields.push(Field::new(
        7,
        l.t("Categories of data subjects"),
        p.subjects
            .iter()
            .map(|s| {
                let v = if inv[s.ix].vulnerable {
                    l.t(" (vulnerable)")
                } else {
                    ""
                };
                Item::declared(format!("{}{v}", name_of(inv, Target::Subject(s.ix))))
            })
            .collect(),
    ));

    // 8. Personal data under CNIL headings; 9. special data.
    let from_apps = p.data.is_none();
    let item = |t: String| {
        if from_apps {
            Item::derived(t)
        } else {
            Item::declared(t)
        }
    };
    let mut groups: Vec<(String, Vec<Item>)> = Vec::new();
    for d in data
        .iter()
        .filter(|d| inv[**d].personal && inv[**d].special.is_none())
    {
        let h = l.t(cnil_heading(inv, *d)).to_string();
        let text = name_of(inv, Target::Data(*d));
        match groups.iter_mut().find(|(x, _)| *x == h) {
            Some((_, v)) => v.push(item(text)),
            None => groups.push((h, vec![item(text)])),
        }
    }
    fields.push(Field {
        number: 8,
        title: l.t("Categories of personal data"),
        groups,
    });
    let special: Vec<DataIx> = data
        .iter()
        .copied()
        .filter(|d| inv[*d].special.is_some())
        .collect();
    fields.push(Field::new(
        9,
        l.t("Sensitive data (Art. 9, Art. 10, NIR)"),
        special
            .iter()
            .map(|d| {
                let class = inv[*d]
                    .special
                    .map(|s| {
                        if s == Special::Nir {
                            "NIR".to_string()
                        } else {
                            l.t(s.as_str()).to_string()
                        }
                    })
                    .unwrap_or_default();
                item(format!("{} ({class})", name_of(inv, Target::Data(*d))))
            })
            .collect(),
    ));

    // 10. Sources.
    fields.push(Field::new(
        10,
        l.t("Sources"),
        p.sources.iter().map(Item::declared).collect(),
    ));

    // 11. Retention: declared entries, then category defaults for the rest.
    let mut retention: Vec<Item> = p
        .retention
        .iter()
        .map(|r| {
            let period = r
                .period
                .as_ref()
                .map_or(l.t("(period not given)").to_string(), |x| x.to_string());
            let after = r
                .after
                .as_ref()
                .map(|a| l.f(", from {}", &[a]))
                .unwrap_or_default();
            Item::declared(l.f("{}: {}{}", &[&r.data.id, &period, &after])).about(About {
                period: r.period.as_ref().map(|x| x.to_string()),
                after: r.after.as_ref().map(|x| x.to_string()),
                ..About::of(inv, Target::Data(r.data.ix))
            })
        })
        .collect();
    for d in data.iter().filter(|d| inv[**d].personal) {
        let covered = p.retention.iter().any(|r| inv.data_within(*d, r.data.ix));
        if !covered && let Some(period) = &inv[*d].retention {
            retention.push(
                Item::derived(l.f(
                    "{}: {} (default of the category)",
                    &[&inv[*d].common.id, period],
                ))
                .about(About {
                    period: Some(period.to_string()),
                    ..About::of(inv, Target::Data(*d))
                }),
            );
        }
    }
    fields.push(Field::new(11, l.t("Retention"), retention.clone()));

    // 12. Recipients and processors.
    let derived = g.recipients(ix);
    let mut recipients: Vec<Item> = p
        .recipients
        .iter()
        .map(|r| Item::declared(name_of(inv, r.ix)).about(About::of(inv, r.ix)))
        .collect();
    for r in &derived {
        let t = r.target;
        if !p.recipients.iter().any(|x| x.ix == t)
            && !p.processors.iter().any(|x| Target::Org(x.ix) == t)
        {
            recipients.push(
                Item::derived(format!(
                    "{} ({})",
                    name_of(inv, t),
                    recipient_why(lang, inv, r)
                ))
                .about(About {
                    via: vec![r.why.clone()],
                    ..About::of(inv, t)
                }),
            );
        }
    }
    let holding = g.processing_apps(ix);
    let contract = |o: OrgIx| {
        inv[o]
            .contract
            .as_ref()
            .and_then(|c| c.reference.clone())
            .map_or(l.t(", no contract recorded").to_string(), |r| {
                l.f(", contract {}", &[&r])
            })
    };
    let mut processors: Vec<Item> = p
        .processors
        .iter()
        .map(|o| {
            Item::declared(format!(
                "{}{}",
                name_of(inv, Target::Org(o.ix)),
                contract(o.ix)
            ))
            .about(About::of(inv, Target::Org(o.ix)))
        })
        .collect();
    let mut derived_processors: BTreeSet<OrgIx> = holding
        .iter()
        .filter_map(|a| {
            inv[*a]
                .hosting
                .as_ref()
                .and_then(|h| h.provider.as_ref())
                .map(|x| x.ix)
        })
        .filter(|o| Some(*o) != inv.self_org)
        .collect();
    for r in &derived {
        if let Target::Org(o) = r.target
            && matches!(
                inv[o].kind,
                crate::model::OrgKind::Processor | crate::model::OrgKind::Host
            )
        {
            derived_processors.insert(o);
        }
    }
    for o in derived_processors {
        if !p.processors.iter().any(|x| x.ix == o) {
            processors.push(
                Item::derived(format!("{}{}", name_of(inv, Target::Org(o)), contract(o)))
                    .about(About::of(inv, Target::Org(o))),
            );
        }
    }
    // In a hospital group: the support establishment runs the shared
    // applications of a member's processing.
    if on_behalf.is_none()
        && let Some((s, shared)) = g.ght_processor(ix)
        && !p.processors.iter().any(|x| x.ix == s)
    {
        let apps: Vec<&str> = shared.iter().map(|a| &*inv[*a].common.id).collect();
        // The member's own `contract` is its agreement with the support establishment.
        let member = p.common.establishment.as_ref().map(|e| e.ix);
        processors.push(
            Item::derived(l.f(
                "{} (support establishment: runs {} for the group){}",
                &[
                    &name_of(inv, Target::Org(s)),
                    &apps.join(", "),
                    &member.map(contract).unwrap_or_default(),
                ],
            ))
            .about(About::of(inv, Target::Org(s))),
        );
    }
    fields.push(Field {
        number: 12,
        title: l.t("Recipients"),
        groups: vec![
            (l.t("Recipients").to_string(), recipients.clone()),
            (l.t("Processors").to_string(), processors.clone()),
        ],
    });

    // 13. Transfers outside the EEA.
    let mut transfers: Vec<Item> = p
        .transfers
        .iter()
        .map(|x| {
            let country = x.country.or(inv[x.to.ix].country);
            Item::declared(format!(
                "{}{}: {}{}",
                name_of(inv, Target::Org(x.to.ix)),
                country.map(|c| format!(" ({c})")).unwrap_or_default(),
                x.safeguard
                    .map_or(l.t("no safeguard given").to_string(), |s| {
                        l.t(s.as_str()).to_string()
                    }),
                x.reference
                    .as_ref()
                    .map(|r| format!(", {r}"))
                    .unwrap_or_default()
            ))
            .about(About {
                country: country.map(|c| c.to_string()),
                safeguard: x.safeguard.map(|s| s.to_string()),
                declared: Some(true),
                ..About::of(inv, Target::Org(x.to.ix))
            })
        })
        .collect();
    // Each record's own transfers: the destinations its data reaches,
    // covered by its own declaration, an adequacy decision, or nothing.
    for pt in g.processing_transfers(ix) {
        let who = format!("{} ({})", name_of(inv, Target::Org(pt.org)), pt.country);
        let org_id = &inv[pt.org].common.id;
        let how = match pt.through {
            crate::graph::Through::Hosting(a) => l.f(
                "{} hosts {} in {}",
                &[org_id, &inv[a].common.id, &pt.country],
            ),
            crate::graph::Through::Flow(f) => l.f(
                "flow {} reaches {} in {}",
                &[&inv[f].common.id, org_id, &pt.country],
            ),
            crate::graph::Through::Grant(_, _) => pt.how.fact.to_string(),
        };
        let (item, safeguard) = match pt.cover {
            crate::graph::Cover::Declared(_) => continue,
            crate::graph::Cover::Adequacy => (
                l.f("{}: adequacy decision; {}", &[&who, &how]),
                Some("adequacy"),
            ),
            crate::graph::Cover::Dpf => (
                l.f(
                    "{}: EU-US Data Privacy Framework (adequacy decision); {}",
                    &[&who, &how],
                ),
                Some("dpf"),
            ),
            crate::graph::Cover::Undeclared => {
                let others: Vec<String> = pt
                    .declared_by_others
                    .iter()
                    .map(|q| inv[*q].common.id.to_string())
                    .collect();
                let note = if others.is_empty() {
                    String::new()
                } else {
                    l.f(
                        " (processing {} declares the same destination)",
                        &[&others.join(", ")],
                    )
                };
                (
                    l.f(
                        "{}: {}; NOT DECLARED, no safeguard recorded{}",
                        &[&who, &how, &note],
                    ),
                    None,
                )
            }
        };
        transfers.push(
            Item::derived(item).about(About {
                country: Some(pt.country.to_string()),
                safeguard: safeguard.map(str::to_string),
                declared: Some(false),
                via: std::iter::once(how)
                    .chain(
                        pt.declared_by_others
                            .iter()
                            .map(|q| format!("processing {}", inv[*q].common.id)),
                    )
                    .collect(),
                ..About::of(inv, Target::Org(pt.org))
            }),
        );
    }
    fields.push(Field::new(
        13,
        l.t("Transfers outside the EEA"),
        transfers.clone(),
    ));

    // 14. Hosting.
    let hosting: Vec<Item> = apps
        .iter()
        .map(|a| {
            let provider = inv.provider(*a);
            let who = provider.map_or("?".to_string(), |o| name_of(inv, Target::Org(o)));
            let hds = provider.is_some_and(|o| inv[o].certified("hds"));
            let sites: Vec<String> = g
                .app_sites(*a)
                .iter()
                .map(|s| inv[*s].common.id.to_string())
                .collect();
            let countries: Vec<String> =
                g.app_countries(*a).iter().map(|c| c.to_string()).collect();
            let place = if sites.is_empty() {
                countries.join(", ")
            } else {
                l.f("{}, sites {}", &[&countries.join(", "), &sites.join(", ")])
            };
            Item::derived(format!(
                "{}: {who}{}, {place}",
                inv[*a].common.id,
                if hds { " (HDS)" } else { "" },
            ))
        })
        .collect();
    fields.push(Field::new(14, l.t("Hosting"), hosting));

    // 15. Security measures under the CNIL headings.
    let measures = measures(cx, ix, &apps, l);
    fields.push(Field {
        number: 15,
        title: l.t("Security measures"),
        groups: measures.clone(),
    });

    // 16. DPIA.
    let reasons = crate::graph::dpia_reasons(inv, ix);
    let dpia = DpiaScreening {
        required: !reasons.is_empty(),
        reasons: reasons.clone(),
        status: p
            .dpia
            .as_ref()
            .and_then(|d| d.status.map(|s| s.to_string())),
        reference: p.dpia.as_ref().and_then(|d| d.reference.clone()),
    };
    let mut f16 = vec![Item::derived(if dpia.required {
        l.f(
            "required: {}",
            &[&reasons
                .iter()
                .map(|(c, text)| format!("{c} ({})", reason_text(l, text)))
                .collect::<Vec<_>>()
                .join("; ")],
        )
    } else {
        l.t("not required by the CNIL list or two EDPB criteria")
            .to_string()
    })];
    if let Some(d) = &p.dpia {
        let mut s = l.f(
            "status: {}",
            &[&d.status.map_or(l.t("not given"), |s| l.t(s.as_str()))],
        );
        if let Some(date) = d.date {
            s.push_str(&format!(", {date}"));
        }
        if let Some(r) = &d.reference {
            s.push_str(&format!(", {r}"));
        }
        if let Some(r) = &d.reason {
            s.push_str(&format!(" ({r})"));
        }
        f16.push(Item::declared(s));
    } else {
        f16.push(Item::declared(l.f("status: {}", &[&l.t("not given")])));
    }
    if dpia.required && dpia.status.as_deref() == Some("not-required") {
        f16.push(Item::derived(l.t(
            "CONTRADICTION: the screening above requires a DPIA, but the processing declares it not required (finding GDPR009)",
        )));
    }
    fields.push(Field::new(16, l.t("DPIA"), f16));

    // 17. Automated decisions.
    fields.push(Field::new(
        17,
        l.t("Automated decisions"),
        vec![Item::declared(l.t(match p.automated_decisions {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        }))],
    ));

    let ids = |v: &[DataIx]| {
        v.iter()
            .map(|d| inv[*d].common.id.clone())
            .collect::<Vec<_>>()
    };
    Record {
        ix,
        id: p.common.id.clone(),
        name: p.common.display_name().to_string(),
        data: ids(&data),
        special_data: ids(&special),
        subjects: p.subjects.iter().map(|s| s.id.clone()).collect(),
        applications: apps.iter().map(|a| inv[*a].common.id.clone()).collect(),
        recipients,
        processors,
        transfers,
        retention,
        measures: measures
            .into_iter()
            .flat_map(|(h, v)| {
                v.into_iter().map(move |i| Item {
                    text: format!("{h}: {}", i.text),
                    derived: i.derived,
                    about: Some(About {
                        kind: "measure",
                        heading: Some(h.clone()),
                        ..About::default()
                    }),
                })
            })
            .collect(),
        fields,
        dpia,
    }
}

/// Why a recipient is one, in `lang`.
fn recipient_why(lang: Language, inv: &Inventory, r: &crate::graph::Recipient) -> String {
    use crate::graph::Through;
    match r.how {
        Through::Grant(gx, app) => {
            let level = tr(lang, inv[gx].level.as_str());
            match r.via {
                Some(a) => trf(
                    lang,
                    "grant {} on {}, through account {}",
                    &[&level, &inv[app].common.id, &inv[a].common.id],
                ),
                None => trf(lang, "grant {} on {}", &[&level, &inv[app].common.id]),
            }
        }
        Through::Flow(f) => trf(lang, "flow {}", &[&inv[f].common.id]),
        Through::Hosting(a) => inv[a].common.id.to_string(),
    }
}
