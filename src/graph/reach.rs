//! Reach of data (section 4.4 and 5.3 of the format): the applications,
//! flows, organizations, sites and countries that hold or receive a
//! category, and the transfers outside the EEA that this implies, whether
//! or not a processing declares them.

use super::{Graph, Step};
use crate::model::{AppIx, Country, DataIx, FlowIx, Loc, OrgIx, SiteIx, Target};
use std::collections::BTreeSet;

/// A transfer: an organization in a country outside the EEA without an
/// adequacy decision, reached through hosting or a flow.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferPair {
    pub org: OrgIx,
    pub country: Country,
    /// A processing declares a transfer to this organization and country
    /// with a safeguard.
    pub declared: bool,
    /// How the data gets there.
    pub how: Step,
    pub at: Loc,
}

/// Where a category lives and goes.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Applications holding the category (or one below it), with why.
    pub applications: Vec<(AppIx, Vec<Step>)>,
    pub flows: Vec<FlowIx>,
    /// Organizations that host or receive it, with how.
    pub organizations: Vec<(OrgIx, Step)>,
    pub sites: Vec<SiteIx>,
    pub countries: Vec<Country>,
    pub transfers: Vec<TransferPair>,
}

impl Graph<'_> {
    /// The sites of an application: its hosting site and its servers' sites.
    pub fn app_sites(&self, app: AppIx) -> Vec<SiteIx> {
        let inv = self.inv;
        let a = &inv[app];
        let mut sites: Vec<SiteIx> = a
            .hosting
            .iter()
            .filter_map(|h| h.site.as_ref().map(|s| s.ix))
            .chain(
                a.servers
                    .iter()
                    .filter_map(|s| inv[s.ix].site.as_ref().map(|x| x.ix)),
            )
            .collect();
        sites.sort();
        sites.dedup();
        sites
    }

    /// The countries of an application (section 5.3): its sites' countries;
    /// else its hosting provider's country; else `self`'s.
    pub fn app_countries(&self, app: AppIx) -> Vec<Country> {
        let inv = self.inv;
        let mut c: Vec<Country> = self
            .app_sites(app)
            .iter()
            .map(|s| inv[*s].country)
            .collect();
        if c.is_empty() {
            c.extend(inv.provider(app).and_then(|o| inv[o].country));
        }
        if c.is_empty() {
            c.extend(inv.self_org.and_then(|o| inv[o].country));
        }
        c.sort();
        c.dedup();
        c
    }

    /// Whether data may go to this organization in this country without a
    /// transfer safeguard: EEA, adequacy, or a US organization certified DPF.
    pub fn adequate_for(&self, org: OrgIx, country: Country) -> bool {
        let inv = self.inv;
        inv.in_eea(country)
            || inv.adequate(country)
            || (country.as_str() == "US" && inv[org].certified("dpf"))
    }

    /// Whether some processing declares a transfer to (org, country) with a safeguard.
    pub fn transfer_declared(&self, org: OrgIx, country: Country) -> bool {
        self.inv.processings.iter().any(|p| {
            p.transfers.iter().any(|t| {
                t.to.ix == org && t.safeguard.is_some() && t.country.is_none_or(|c| c == country)
            })
        })
    }

    /// The fact "flow F reaches ORG in COUNTRY", for explanations.
    pub(super) fn reach_step(&self, f: FlowIx, org: OrgIx, c: Country) -> Step {
        let (inv, fl) = (self.inv, &self.inv[f]);
        Step::new(
            &fl.common.id,
            format!(
                "flow {} reaches {} in {c}",
                fl.common.id, inv[org].common.id
            ),
            Some(fl.common.at),
        )
    }

    /// Where a flow delivers its data: each receiving end, the organization
    /// behind it (an organization itself, or an application's provider)
    /// and the countries it is in.
    pub fn flow_destinations(&self, f: FlowIx) -> Vec<(Target, OrgIx, Vec<Country>)> {
        let inv = self.inv;
        inv[f]
            .receivers()
            .filter_map(|end| match end {
                Target::Org(o) => Some((end, o, inv[o].country.into_iter().collect())),
                Target::App(a) => inv.provider(a).map(|o| (end, o, self.app_countries(a))),
                _ => None,
            })
            .collect()
    }

    /// The transfers implied by hosting `apps` and by `flows` leaving them.
    pub fn transfers(&self, apps: &[AppIx], flows: &[FlowIx]) -> Vec<TransferPair> {
        let inv = self.inv;
        let mut out: Vec<TransferPair> = Vec::new();
        let mut push = |org: OrgIx, country: Country, how: Step, at: Loc| {
            if !self.adequate_for(org, country)
                && !out.iter().any(|t| t.org == org && t.country == country)
            {
                out.push(TransferPair {
                    org,
                    country,
                    declared: self.transfer_declared(org, country),
                    how,
                    at,
                });
            }
        };
        for a in apps {
            let Some(org) = inv.provider(*a) else {
                continue;
            };
            let app = &inv[*a];
            let at = app
                .hosting
                .as_ref()
                .and_then(|h| h.provider.as_ref().map(|p| p.at))
                .unwrap_or(app.common.at);
            for c in self.app_countries(*a) {
                let how = Step::new(
                    &app.common.id,
                    format!("{} hosts {} in {c}", inv[org].common.id, app.common.id),
                    Some(at),
                );
                push(org, c, how, at);
            }
        }
        for f in flows {
            for (_, org, countries) in self.flow_destinations(*f) {
                for c in countries {
                    push(org, c, self.reach_step(*f, org, c), inv[*f].common.at);
                }
            }
        }
        out
    }

    /// Where category `d` (and everything below it) lives and goes.
    pub fn reach(&self, d: DataIx) -> Reach {
        let inv = self.inv;
        let scope: BTreeSet<DataIx> = self.subtree(d).into_iter().collect();
        let apps = self.apps_holding(d);
        let applications: Vec<(AppIx, Vec<Step>)> = apps
            .iter()
            .map(|a| {
                let steps = self.held[a.i()]
                    .iter()
                    .filter(|h| scope.contains(&h.data))
                    .map(|h| self.holding_step(*a, h))
                    .collect();
                (*a, steps)
            })
            .collect();
        let flows: Vec<FlowIx> = (0..inv.flows.len() as u32)
            .map(FlowIx)
            .filter(|f| inv[*f].data.iter().any(|x| scope.contains(&x.ix)))
            .collect();
        let mut organizations: Vec<(OrgIx, Step)> = Vec::new();
        let mut add_org = |o: OrgIx, step: Step| {
            if !organizations.iter().any(|(x, _)| *x == o) {
                organizations.push((o, step));
            }
        };
        let mut runs: Vec<(OrgIx, Vec<AppIx>)> = Vec::new();
        for a in &apps {
            if let Some(o) = inv.provider(*a) {
                match runs.iter_mut().find(|(x, _)| *x == o) {
                    Some((_, v)) => v.push(*a),
                    None => runs.push((o, vec![*a])),
                }
            }
        }
        for (o, v) in runs {
            let names: Vec<&str> = v.iter().take(3).map(|a| &*inv[*a].common.id).collect();
            let more = if v.len() > 3 {
                format!(" and {} more", v.len() - 3)
            } else {
                String::new()
            };
            let first = &inv[v[0]].common;
            add_org(
                o,
                Step::new(
                    &first.id,
                    format!("runs {}{more}", names.join(", ")),
                    Some(first.at),
                ),
            );
        }
        for f in &flows {
            let fl = &inv[*f];
            for e in fl.receivers() {
                if let Target::Org(o) = e {
                    add_org(
                        o,
                        Step::new(
                            &fl.common.id,
                            format!("receives it by flow {}", fl.common.id),
                            Some(fl.common.at),
                        ),
                    );
                }
            }
        }
        let mut sites: Vec<SiteIx> = apps.iter().flat_map(|a| self.app_sites(*a)).collect();
        sites.sort();
        sites.dedup();
        let mut countries: Vec<Country> =
            apps.iter().flat_map(|a| self.app_countries(*a)).collect();
        countries.extend(organizations.iter().filter_map(|(o, _)| inv[*o].country));
        countries.sort();
        countries.dedup();
        let transfers = self.transfers(&apps, &flows);
        Reach {
            applications,
            flows,
            organizations,
            sites,
            countries,
            transfers,
        }
    }
}
