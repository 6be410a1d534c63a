//! A hospital group (GHT): which establishment a principal belongs to, which
//! applications are shared, and which establishments use each shared one.

use super::Graph;
use crate::model::{AppIx, OrgIx, Target};

/// Why an establishment uses a shared application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Listed in the application's `used_by`.
    Declared,
    /// One of its processings lists the application.
    Processing,
    /// One of its principals holds a grant on the application.
    Grant,
    /// One of its applications exchanges a flow with the application.
    Flow,
}

impl Usage {
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Declared => "used_by",
            Usage::Processing => "processing",
            Usage::Grant => "grant",
            Usage::Flow => "flow",
        }
    }
}

impl Graph<'_> {
    /// Whether the inventory describes a hospital group: some entity belongs
    /// to an establishment.
    pub fn is_group(&self) -> bool {
        *self.group.get_or_init(|| {
            let inv = self.inv;
            crate::model::Kind::ALL
                .iter()
                .flat_map(|k| inv.targets(*k))
                .any(|t| inv.common(t).establishment.is_some())
        })
    }

    /// The establishment a principal or an application belongs to: its
    /// `establishment` (declared or by folder); for a person without one, in
    /// a group, the employer when it is an establishment; for an
    /// organization, itself when it is one.
    pub fn establishment_of(&self, t: Target) -> Option<OrgIx> {
        let inv = self.inv;
        if let Some(e) = &inv.common(t).establishment {
            return Some(e.ix);
        }
        if !self.is_group() {
            return None;
        }
        match t {
            Target::Person(p) => inv[p]
                .org
                .as_ref()
                .map(|o| o.ix)
                .filter(|o| inv.is_establishment(*o)),
            Target::Org(o) => Some(o).filter(|o| inv.is_establishment(*o)),
            _ => None,
        }
    }

    /// The establishment a processing belongs to; one without is the
    /// support establishment's (the `self` organization).
    pub fn processing_establishment(&self, ix: crate::model::ProcessingIx) -> Option<OrgIx> {
        self.inv[ix]
            .common
            .establishment
            .as_ref()
            .map(|e| e.ix)
            .or(self.inv.self_org)
    }

    /// A shared application of a group: one that belongs to no
    /// establishment or to the support establishment (the `self`
    /// organization, which runs it for the members).
    pub fn is_shared(&self, app: AppIx) -> bool {
        self.is_group()
            && self.inv[app]
                .common
                .establishment
                .as_ref()
                .is_none_or(|e| Some(e.ix) == self.inv.self_org)
    }

    /// The establishments that use a shared application, each with the
    /// first reason found: declared in `used_by`, or derived from their
    /// processings, grants and flows. Sorted by establishment.
    pub fn users(&self, app: AppIx) -> Vec<(OrgIx, Usage)> {
        let inv = self.inv;
        let mut out: Vec<(OrgIx, Usage)> = Vec::new();
        let mut add = |o: Option<OrgIx>, why: Usage| {
            if let Some(o) = o
                && !out.iter().any(|(x, _)| *x == o)
            {
                out.push((o, why));
            }
        };
        for u in &inv[app].used_by {
            add(Some(u.ix), Usage::Declared);
        }
        for (i, p) in inv.processings.iter().enumerate() {
            if p.applications.iter().any(|a| a.ix == app) {
                let t = Target::Processing(crate::model::ProcessingIx(i as u32));
                add(
                    inv.common(t).establishment.as_ref().map(|e| e.ix),
                    Usage::Processing,
                );
            }
        }
        for g in self.grants_on(app) {
            add(self.establishment_of(inv[g].who.ix), Usage::Grant);
        }
        for f in self.flows_at(Target::App(app)) {
            let fl = &inv[f];
            for end in [fl.from.ix, fl.to.ix] {
                if end != Target::App(app) {
                    add(self.establishment_of(end), Usage::Flow);
                }
            }
        }
        out.sort_by_key(|(o, _)| *o);
        out
    }
}
