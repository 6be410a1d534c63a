//! `impact`: the blast radius of an entity that is compromised or down, and
//! whether notifying the authority (Art. 33) and the data subjects (Art. 34)
//! is likely, with the reasons.

use super::{Filter, Graph};
use crate::model::{AppIx, DataIx, FlowIx, OrgIx, ProcessingIx, SubjectIx, Target};
use std::collections::{BTreeSet, VecDeque};

/// Whether notification is likely, and why (a hint, not legal advice).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notification {
    /// Art. 33: personal data is involved.
    pub authority: bool,
    /// Art. 34: special data, or vulnerable subjects at scale.
    pub subjects: bool,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Impact {
    pub applications: Vec<AppIx>,
    pub data: Vec<DataIx>,
    pub subjects: Vec<SubjectIx>,
    pub processings: Vec<ProcessingIx>,
    /// Flows downstream of the target (or that it relays).
    pub flows: Vec<FlowIx>,
    /// Organizations those flows reach, or that host the target.
    pub organizations: Vec<OrgIx>,
    pub notification: Notification,
}

impl Graph<'_> {
    /// The applications downstream of `apps` along flows (transitively), the
    /// flows followed, and the organizations at their ends.
    fn downstream(&self, apps: &[AppIx]) -> (Vec<AppIx>, Vec<FlowIx>, Vec<OrgIx>) {
        let inv = self.inv;
        let mut seen: BTreeSet<AppIx> = apps.iter().copied().collect();
        let mut queue: VecDeque<AppIx> = apps.iter().copied().collect();
        let mut flows = BTreeSet::new();
        let mut orgs = BTreeSet::new();
        while let Some(a) = queue.pop_front() {
            let t = Target::App(a);
            let mut out: Vec<FlowIx> = self.flows_from.get(&t).cloned().unwrap_or_default();
            out.extend(
                self.flows_to
                    .get(&t)
                    .into_iter()
                    .flatten()
                    .filter(|f| inv[**f].bidirectional),
            );
            // A gateway carries the flows it relays.
            out.extend(self.flows_via.get(&a).into_iter().flatten());
            for f in out {
                if !flows.insert(f) {
                    continue;
                }
                let fl = &inv[f];
                for end in [fl.to.ix, fl.from.ix] {
                    match end {
                        Target::App(b) if seen.insert(b) => queue.push_back(b),
                        Target::Org(o) => {
                            orgs.insert(o);
                        }
                        _ => {}
                    }
                }
            }
        }
        (
            seen.into_iter().collect(),
            flows.into_iter().collect(),
            orgs.into_iter().collect(),
        )
    }

    /// The blast radius of `target`: an account, person, group, organization,
    /// application or server.
    pub fn impact(&self, target: Target) -> Impact {
        let inv = self.inv;
        let mut apps: BTreeSet<AppIx> = BTreeSet::new();
        let mut data: BTreeSet<DataIx> = BTreeSet::new();
        let mut processings: BTreeSet<ProcessingIx> = BTreeSet::new();
        let mut flows: BTreeSet<FlowIx> = BTreeSet::new();
        let mut orgs: BTreeSet<OrgIx> = BTreeSet::new();
        let add_app = |a: AppIx, data: &mut BTreeSet<DataIx>, apps: &mut BTreeSet<AppIx>| {
            apps.insert(a);
            data.extend(self.held[a.i()].iter().map(|h| h.data));
        };
        match target {
            Target::App(_) | Target::Server(_) => {
                let direct: Vec<AppIx> = match target {
                    Target::App(a) => vec![a],
                    Target::Server(s) => {
                        self.apps_on_server[s.i()].iter().map(|(a, _)| *a).collect()
                    }
                    _ => Vec::new(),
                };
                for a in &direct {
                    add_app(*a, &mut data, &mut apps);
                    orgs.extend(
                        inv[*a]
                            .hosting
                            .as_ref()
                            .and_then(|h| h.provider.as_ref())
                            .map(|p| p.ix),
                    );
                }
                let (_, f, o) = self.downstream(&direct);
                flows.extend(f);
                orgs.extend(o);
            }
            _ => {
                // A principal: everything it reaches.
                for row in self.what(target, &Filter::default()) {
                    if let Some(a) = row.application {
                        apps.insert(a);
                    }
                    data.extend(row.data.iter().copied());
                }
                if let Target::Org(o) = target {
                    for (i, p) in inv.processings.iter().enumerate() {
                        let named = p.processors.iter().any(|x| x.ix == o)
                            || p.recipients.iter().any(|x| x.ix == Target::Org(o))
                            || p.transfers.iter().any(|t| t.to.ix == o);
                        if named {
                            processings.insert(ProcessingIx(i as u32));
                        }
                    }
                }
            }
        }
        for (i, p) in inv.processings.iter().enumerate() {
            if p.applications.iter().any(|a| apps.contains(&a.ix)) {
                processings.insert(ProcessingIx(i as u32));
            }
        }
        let mut subjects: BTreeSet<SubjectIx> = apps
            .iter()
            .flat_map(|a| inv[*a].subjects.iter().map(|s| s.ix))
            .collect();
        subjects.extend(
            processings
                .iter()
                .flat_map(|p| inv[*p].subjects.iter().map(|s| s.ix)),
        );
        let notification = self.notification(&data, &subjects, &processings);
        Impact {
            applications: apps.into_iter().collect(),
            data: data.into_iter().collect(),
            subjects: subjects.into_iter().collect(),
            processings: processings.into_iter().collect(),
            flows: flows.into_iter().collect(),
            organizations: orgs.into_iter().collect(),
            notification,
        }
    }

    fn notification(
        &self,
        data: &BTreeSet<DataIx>,
        subjects: &BTreeSet<SubjectIx>,
        processings: &BTreeSet<ProcessingIx>,
    ) -> Notification {
        let inv = self.inv;
        let ids = |v: Vec<&str>| v.join(", ");
        let personal: Vec<&str> = data
            .iter()
            .filter(|d| inv[**d].personal)
            .map(|d| &*inv[*d].common.id)
            .collect();
        let special: Vec<&str> = data
            .iter()
            .filter(|d| inv[**d].special.is_some())
            .map(|d| &*inv[*d].common.id)
            .collect();
        let vulnerable: Vec<&str> = subjects
            .iter()
            .filter(|s| inv[**s].vulnerable)
            .map(|s| &*inv[*s].common.id)
            .collect();
        let large: Vec<&str> = processings
            .iter()
            .filter(|p| inv[**p].large_scale == Some(true))
            .map(|p| &*inv[*p].common.id)
            .collect();
        let mut n = Notification::default();
        if !personal.is_empty() {
            n.authority = true;
            n.reasons.push(format!(
                "Art. 33: personal data is exposed ({}): notify the supervisory authority within 72 hours unless the breach is unlikely to result in a risk",
                ids(personal)
            ));
        }
        if !special.is_empty() {
            n.subjects = true;
            n.reasons.push(format!(
                "Art. 34: special categories are exposed ({}): a high risk to the data subjects is likely",
                ids(special)
            ));
        }
        if !vulnerable.is_empty() && !large.is_empty() {
            n.subjects = true;
            n.reasons.push(format!(
                "Art. 34: vulnerable subjects ({}) in large-scale processings ({})",
                ids(vulnerable),
                ids(large)
            ));
        }
        if n.reasons.is_empty() {
            n.reasons.push("no personal data is exposed".to_string());
        }
        n
    }
}
