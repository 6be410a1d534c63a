//! GDPR derivations that the register and the rules share: which
//! applications hold a processing's data, who receives it (Art. 30(1)(d)),
//! and where it is transferred (Art. 30(1)(e)). One place, so that GDPR012
//! and the register's "Recipients" never disagree.
//!
//! A processing's data is its categories and everything below them. An
//! application holds it when it holds one of those (format 5.2: holding
//! `health` does not mean holding `health.lab`).

use super::{Graph, Step};
use crate::model::{
    AccountIx, AppIx, Country, DataIx, FlowIx, GrantIx, Loc, OrgIx, ProcessingIx, Safeguard, Target,
};
use crate::model::{Inventory, Special};

/// A derived recipient of a processing.
#[derive(Clone, Debug)]
pub struct Recipient {
    /// A group or an organization (never an account: an account stands for
    /// its owner).
    pub target: Target,
    /// "grant read on dpi", "flow dpi->lab", with "through account X" when
    /// an account's owner is meant.
    pub why: String,
    pub at: Loc,
    /// The account the recipient owns, when the grant was to an account.
    pub via: Option<AccountIx>,
    /// The fact it comes from.
    pub how: Through,
}

/// The fact a recipient or a transfer comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Through {
    /// A grant on one of the processing's applications.
    Grant(GrantIx, AppIx),
    /// A flow carrying the data.
    Flow(FlowIx),
    /// The hosting of one of the processing's applications.
    Hosting(AppIx),
}

/// How a transfer outside the EEA is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    /// Declared by this processing, with its safeguard (or none given).
    Declared(Option<Safeguard>),
    /// An adequacy decision covers the country.
    Adequacy,
    /// A US organization certified under the Data Privacy Framework.
    Dpf,
    /// Nothing: the processing does not declare it.
    Undeclared,
}

/// One destination outside the EEA that a processing's own data reaches.
#[derive(Clone, Debug)]
pub struct ProcessingTransfer {
    pub org: OrgIx,
    pub country: Country,
    pub cover: Cover,
    /// Other processings that declare the same destination (when this one does not).
    pub declared_by_others: Vec<ProcessingIx>,
    /// How the data gets there.
    pub how: Step,
    /// The same, as a fact (for wording it in another language).
    pub through: Through,
}

impl Graph<'_> {
    /// Whether `d` is one of `data` or below one of them.
    pub fn within_any(&self, data: &[DataIx], d: DataIx) -> bool {
        data.iter().any(|x| self.inv.data_within(d, *x))
    }

    /// The applications of a processing that hold its data.
    pub fn processing_apps(&self, ix: ProcessingIx) -> Vec<AppIx> {
        let data = self.inv.processing_data(ix);
        self.inv[ix]
            .applications
            .iter()
            .map(|a| a.ix)
            .filter(|a| {
                self.held[a.i()]
                    .iter()
                    .any(|h| self.within_any(&data, h.data))
            })
            .collect()
    }

    /// The flows of a processing's applications that carry its data.
    fn processing_flows(&self, apps: &[AppIx], data: &[DataIx]) -> Vec<FlowIx> {
        let mut flows: Vec<FlowIx> = apps
            .iter()
            .flat_map(|a| self.flows_at(Target::App(*a)))
            .filter(|f| {
                self.inv[*f]
                    .data
                    .iter()
                    .any(|d| self.within_any(data, d.ix))
            })
            .collect();
        flows.sort();
        flows.dedup();
        flows
    }

    /// In a hospital group: the support establishment (the `self`
    /// organization) as processor of a member's processing, with the shared
    /// applications it runs for it (the processing's applications that
    /// belong to no establishment or to the support establishment).
    pub fn ght_processor(&self, ix: ProcessingIx) -> Option<(OrgIx, Vec<AppIx>)> {
        let inv = self.inv;
        let support = inv.self_org?;
        let member = inv[ix].common.establishment.as_ref()?.ix;
        if member == support {
            return None;
        }
        let shared: Vec<AppIx> = inv[ix]
            .applications
            .iter()
            .map(|a| a.ix)
            .filter(|a| self.is_shared(*a))
            .collect();
        (!shared.is_empty()).then_some((support, shared))
    }

    /// The recipients of a processing derived from grants and flows (format
    /// 5.4): groups and organizations granted access to its data in its
    /// applications, organizations its flows deliver it to. An account
    /// stands for its owner: a group or another organization is the
    /// recipient; an account owned by a person, by the organization itself,
    /// or by nobody derives none. The controllers it serves are not its
    /// recipients.
    pub fn recipients(&self, ix: ProcessingIx) -> Vec<Recipient> {
        let inv = self.inv;
        let p = &inv[ix];
        let data = inv.processing_data(ix);
        let apps = self.processing_apps(ix);
        let controllers: Vec<Target> = p
            .controller
            .iter()
            .chain(&p.joint_controllers)
            .map(|c| Target::Org(c.ix))
            .collect();
        let mut out: Vec<Recipient> = Vec::new();
        let mut add = |r: Recipient| {
            if !controllers.contains(&r.target) && !out.iter().any(|x| x.target == r.target) {
                out.push(r);
            }
        };
        for app in &apps {
            for gx in self.grants_on(*app) {
                let grant = &inv[gx];
                if !self
                    .grant_data(gx, *app)
                    .into_iter()
                    .any(|d| self.within_any(&data, d))
                {
                    continue;
                }
                let why = format!("grant {} on {}", grant.level, inv[*app].common.id);
                match grant.who.ix {
                    t @ (Target::Group(_) | Target::Org(_)) => add(Recipient {
                        target: t,
                        why,
                        at: grant.common.at,
                        via: None,
                        how: Through::Grant(gx, *app),
                    }),
                    Target::Account(a) => {
                        let owner = inv[a].common.owner.as_ref().map(|o| o.ix);
                        let target = match owner {
                            Some(t @ Target::Group(_)) => Some(t),
                            Some(Target::Org(o)) if Some(o) != inv.self_org => Some(Target::Org(o)),
                            _ => None,
                        };
                        if let Some(target) = target {
                            add(Recipient {
                                target,
                                why: format!("{why}, through account {}", inv[a].common.id),
                                at: grant.common.at,
                                via: Some(a),
                                how: Through::Grant(gx, *app),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        for fx in self.processing_flows(&apps, &data) {
            let f = &inv[fx];
            for end in f.receivers() {
                let other = if end == f.to.ix { f.from.ix } else { f.to.ix };
                if let (Target::Org(o), Target::App(a)) = (end, other)
                    && Some(o) != inv.self_org
                    && apps.contains(&a)
                {
                    add(Recipient {
                        target: end,
                        why: format!("flow {}", f.common.id),
                        at: f.common.at,
                        via: None,
                        how: Through::Flow(fx),
                    });
                }
            }
        }
        out
    }

    /// The destinations outside the EEA that a processing's own data
    /// reaches (the hosting of its applications that hold it, the flows
    /// that carry it), each with how it is covered: declared by this
    /// processing, adequacy, DPF, or not at all (then which other
    /// processings declare it, if any). Art. 30(1)(e) asks each record for
    /// its own transfers.
    pub fn processing_transfers(&self, ix: ProcessingIx) -> Vec<ProcessingTransfer> {
        let inv = self.inv;
        let data = inv.processing_data(ix);
        let apps = self.processing_apps(ix);
        let flows = self.processing_flows(&apps, &data);
        let declared_by = |q: ProcessingIx, org: OrgIx, country: Country| {
            inv[q].transfers.iter().find(|t| {
                t.to.ix == org && t.country.or(inv[org].country).is_none_or(|c| c == country)
            })
        };
        let mut out: Vec<ProcessingTransfer> = Vec::new();
        let mut push = |org: OrgIx, country: Country, how: Step, through: Through| {
            if inv.in_eea(country) || out.iter().any(|t| t.org == org && t.country == country) {
                return;
            }
            let cover = if let Some(t) = declared_by(ix, org, country) {
                Cover::Declared(t.safeguard)
            } else if inv.adequate(country) {
                Cover::Adequacy
            } else if country.as_str() == "US" && inv[org].certified("dpf") {
                Cover::Dpf
            } else {
                Cover::Undeclared
            };
            let declared_by_others = if cover == Cover::Undeclared {
                (0..inv.processings.len() as u32)
                    .map(ProcessingIx)
                    .filter(|q| *q != ix && declared_by(*q, org, country).is_some())
                    .collect()
            } else {
                Vec::new()
            };
            out.push(ProcessingTransfer {
                org,
                country,
                cover,
                declared_by_others,
                how,
                through,
            });
        };
        for a in &apps {
            let Some(org) = inv.provider(*a) else {
                continue;
            };
            if Some(org) == inv.self_org {
                continue;
            }
            let app = &inv[*a];
            for c in self.app_countries(*a) {
                let how = Step::new(
                    &app.common.id,
                    format!("{} hosts {} in {c}", inv[org].common.id, app.common.id),
                    Some(app.common.at),
                );
                push(org, c, how, Through::Hosting(*a));
            }
        }
        for f in flows {
            for (end, org, countries) in self.flow_destinations(f) {
                // Data sent between the processing's own applications stays put.
                if matches!(end, Target::App(a) if apps.contains(&a)) || Some(org) == inv.self_org {
                    continue;
                }
                for c in countries {
                    push(org, c, self.reach_step(f, org, c), Through::Flow(f));
                }
            }
        }
        out
    }
}

/// Why a DPIA is required for a processing, as reason codes with their
/// explanation: `cnil-health-care`, `cnil-large-scale-special`,
/// `edpb-<n>-criteria`. Empty when it is not.
pub fn dpia_reasons(inv: &Inventory, ix: ProcessingIx) -> Vec<(String, String)> {
    let p = &inv[ix];
    let data = inv.processing_data(ix);
    let special: Vec<&str> = data
        .iter()
        .filter(|d| inv[**d].special.is_some())
        .map(|d| &*inv[*d].common.id)
        .collect();
    let health = data
        .iter()
        .any(|d| matches!(inv[*d].special, Some(Special::Health | Special::Genetic)));
    let care = inv.use_index.get("care").copied();
    let for_care = care.is_some_and(|c| p.uses.iter().any(|u| inv.use_within(u.ix, c)));
    let large = p.large_scale == Some(true);
    let vulnerable: Vec<&str> = p
        .subjects
        .iter()
        .filter(|s| inv[s.ix].vulnerable)
        .map(|s| &*s.id)
        .collect();
    let mut out = Vec::new();
    if health && for_care {
        out.push((
            "cnil-health-care".to_string(),
            "health or genetic data processed for care (CNIL list of processings requiring a DPIA)"
                .to_string(),
        ));
    }
    if !special.is_empty() && large {
        out.push((
            "cnil-large-scale-special".to_string(),
            "special data processed on a large scale".to_string(),
        ));
    }
    let mut criteria: Vec<String> = Vec::new();
    if !special.is_empty() {
        criteria.push(format!("special data ({})", special.join(", ")));
    }
    if large {
        criteria.push("large scale".into());
    }
    if !vulnerable.is_empty() {
        criteria.push(format!("vulnerable subjects ({})", vulnerable.join(", ")));
    }
    if p.automated_decisions == Some(true) {
        criteria.push("automated decisions".into());
    }
    criteria.extend(p.criteria.iter().map(|c| c.to_string()));
    if criteria.len() >= 2 {
        out.push((
            format!("edpb-{}-criteria", criteria.len()),
            format!("{} EDPB criteria: {}", criteria.len(), criteria.join("; ")),
        ));
    }
    out
}
