//! User policies (`policies:`): each is the rule `POL:<id>`, checked against
//! every processing, flow, grant or application. Matching is hierarchy-aware
//! (`any: [health]` matches an item holding `health.imaging`): `any` is
//! fideslang's ANY, `only` its ALL, `none` its NONE (bar the empty list),
//! and `all` (every policy value matched) has no fideslang equivalent.

use crate::diag::Diagnostic;
use crate::model::{
    AppIx, Common, Country, CountrySet, DataIx, FlowIx, GrantIx, Level, OrgIx, OrgKind, Policy,
    PolicyTarget, ProcessingIx, SetMatch, SetOp, SubjectIx, Target, UseIx,
};
use crate::rules::Cx;

/// What a policy condition can be checked against, for one item. `None`
/// means "does not apply to this target": a condition on it never matches.
#[derive(Default)]
struct Facts {
    data: Vec<DataIx>,
    uses: Option<Vec<UseIx>>,
    subjects: Option<Vec<SubjectIx>>,
    /// Destinations: (organization when known, country).
    countries: Vec<(Option<OrgIx>, Country)>,
    kinds: Vec<OrgKind>,
    encrypted: Option<bool>,
    mfa: Option<bool>,
    remote: Option<bool>,
    level: Option<Level>,
}

/// fideslang set semantics over a hierarchy: `within(item, policy)`.
fn set_match<T: Copy>(op: SetOp, items: &[T], policy: &[T], within: impl Fn(T, T) -> bool) -> bool {
    let hit = |s: T| policy.iter().any(|t| within(s, *t));
    match op {
        SetOp::Any => items.iter().any(|s| hit(*s)),
        SetOp::All => policy.iter().all(|t| items.iter().any(|s| within(*s, *t))),
        SetOp::None => !items.iter().any(|s| hit(*s)),
        SetOp::Only => !items.is_empty() && items.iter().all(|s| hit(*s)),
    }
}

fn refs<T: Copy>(m: &SetMatch<T>) -> Vec<T> {
    m.items.iter().map(|r| r.ix).collect()
}

fn matches(cx: &Cx, p: &Policy, f: &Facts) -> bool {
    let inv = cx.inv;
    let w = &p.when;
    if let Some(m) = &w.data
        && !set_match(m.op, &f.data, &refs(m), |a, b| inv.data_within(a, b))
    {
        return false;
    }
    if let Some(m) = &w.uses {
        let Some(uses) = &f.uses else { return false };
        if !set_match(m.op, uses, &refs(m), |a, b| inv.use_within(a, b)) {
            return false;
        }
    }
    if let Some(m) = &w.subjects {
        let Some(subjects) = &f.subjects else {
            return false;
        };
        if !set_match(m.op, subjects, &refs(m), |a, b| inv.subject_within(a, b)) {
            return false;
        }
    }
    if let Some(c) = &w.to_country {
        let in_sets = |(org, country): &(Option<OrgIx>, Country)| {
            c.sets.iter().any(|s| match s {
                CountrySet::Country(x) => x == country,
                CountrySet::Eea => inv.in_eea(*country),
                CountrySet::Adequate => match org {
                    Some(o) => cx.graph.adequate_for(*o, *country) && !inv.in_eea(*country),
                    None => inv.adequate(*country),
                },
            })
        };
        let hit = if c.inside {
            f.countries.iter().any(in_sets)
        } else {
            f.countries.iter().any(|x| !in_sets(x))
        };
        if !hit {
            return false;
        }
    }
    if !w.to_kind.is_empty() && !f.kinds.iter().any(|k| w.to_kind.contains(k)) {
        return false;
    }
    let flag = |want: Option<bool>, have: Option<bool>| want.is_none_or(|w| have == Some(w));
    flag(w.encrypted, f.encrypted)
        && flag(w.mfa, f.mfa)
        && flag(w.remote, f.remote)
        && (w.level.is_empty() || f.level.is_some_and(|l| w.level.contains(&l)))
}

/// Where an application is, with who runs it there.
fn app_places(cx: &Cx, a: AppIx) -> Vec<(Option<OrgIx>, Country)> {
    let org = cx.inv.provider(a);
    cx.graph
        .app_countries(a)
        .into_iter()
        .map(|c| (org, c))
        .collect()
}

/// The receiving end of a flow: its places and organization kinds.
fn destination(cx: &Cx, t: Target) -> (Vec<(Option<OrgIx>, Country)>, Vec<OrgKind>) {
    let inv = cx.inv;
    match t {
        Target::Org(o) => (
            inv[o].country.map(|c| (Some(o), c)).into_iter().collect(),
            vec![inv[o].kind],
        ),
        Target::App(a) => {
            let kinds = inv
                .provider(a)
                .filter(|o| Some(*o) != inv.self_org)
                .map(|o| inv[o].kind);
            (app_places(cx, a), kinds.into_iter().collect())
        }
        _ => (Vec::new(), Vec::new()),
    }
}

fn processing_facts(cx: &Cx, ix: ProcessingIx) -> Facts {
    let inv = cx.inv;
    let p = &inv[ix];
    let mut countries = Vec::new();
    let mut kinds = Vec::new();
    for a in &p.applications {
        countries.extend(app_places(cx, a.ix));
        if let Some(o) = inv.provider(a.ix).filter(|o| Some(*o) != inv.self_org) {
            kinds.push(inv[o].kind);
        }
    }
    for a in &p.applications {
        for fx in cx.graph.flows_at(Target::App(a.ix)) {
            let f = &inv[fx];
            if f.from.ix == Target::App(a.ix) {
                let (c, k) = destination(cx, f.to.ix);
                countries.extend(c);
                kinds.extend(k);
            }
        }
    }
    for t in &p.transfers {
        countries.extend(
            t.country
                .or(inv[t.to.ix].country)
                .map(|c| (Some(t.to.ix), c)),
        );
    }
    kinds.extend(p.processors.iter().map(|o| inv[o.ix].kind));
    kinds.extend(p.recipients.iter().filter_map(|r| match r.ix {
        Target::Org(o) => Some(inv[o].kind),
        _ => None,
    }));
    Facts {
        data: inv.processing_data(ix),
        uses: Some(p.uses.iter().map(|u| u.ix).collect()),
        subjects: Some(p.subjects.iter().map(|s| s.ix).collect()),
        countries,
        kinds,
        ..Facts::default()
    }
}

fn flow_facts(cx: &Cx, ix: FlowIx) -> Facts {
    let f = &cx.inv[ix];
    let (mut countries, mut kinds) = destination(cx, f.to.ix);
    if f.bidirectional {
        let (c, k) = destination(cx, f.from.ix);
        countries.extend(c);
        kinds.extend(k);
    }
    Facts {
        data: f.data.iter().map(|d| d.ix).collect(),
        countries,
        kinds,
        encrypted: Some(f.encrypted == Some(true)),
        ..Facts::default()
    }
}

fn grant_facts(cx: &Cx, ix: GrantIx) -> Facts {
    let inv = cx.inv;
    let g = &inv[ix];
    let apps = cx.graph.grant_apps(ix);
    let mut data: Vec<DataIx> = apps
        .iter()
        .flat_map(|a| cx.graph.grant_data(ix, *a))
        .collect();
    data.sort();
    data.dedup();
    Facts {
        data,
        countries: apps.iter().flat_map(|a| app_places(cx, *a)).collect(),
        kinds: match g.who.ix {
            Target::Org(o) => vec![inv[o].kind],
            _ => Vec::new(),
        },
        mfa: Some(!apps.is_empty() && apps.iter().all(|a| cx.graph.path_mfa(ix, *a))),
        remote: Some(g.remote == Some(true)),
        level: Some(g.level),
        ..Facts::default()
    }
}

fn application_facts(cx: &Cx, ix: AppIx) -> Facts {
    let inv = cx.inv;
    let a = &inv[ix];
    Facts {
        data: cx.graph.held[ix.i()].iter().map(|h| h.data).collect(),
        subjects: Some(a.subjects.iter().map(|s| s.ix).collect()),
        countries: app_places(cx, ix),
        kinds: inv
            .provider(ix)
            .filter(|o| Some(*o) != inv.self_org)
            .map(|o| inv[o].kind)
            .into_iter()
            .collect(),
        encrypted: Some(a.encrypted_at_rest == Some(true)),
        mfa: Some(a.mfa()),
        ..Facts::default()
    }
}

/// Every match of every policy.
pub fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut out = Vec::new();
    for p in &inv.policies {
        let items: Vec<(&Common, Facts)> = match p.target {
            PolicyTarget::Processing => (0..inv.processings.len() as u32)
                .map(|i| {
                    (
                        &inv[ProcessingIx(i)].common,
                        processing_facts(cx, ProcessingIx(i)),
                    )
                })
                .collect(),
            PolicyTarget::Flow => (0..inv.flows.len() as u32)
                .map(|i| (&inv[FlowIx(i)].common, flow_facts(cx, FlowIx(i))))
                .collect(),
            PolicyTarget::Access => (0..inv.grants.len() as u32)
                .map(|i| (&inv[GrantIx(i)].common, grant_facts(cx, GrantIx(i))))
                .collect(),
            PolicyTarget::Application => (0..inv.applications.len() as u32)
                .map(|i| (&inv[AppIx(i)].common, application_facts(cx, AppIx(i))))
                .collect(),
        };
        let what = p.common.description.as_deref().unwrap_or(&p.common.id);
        for (item, facts) in items {
            if matches(cx, p, &facts) {
                out.push(
                    Diagnostic::new(
                        &format!("POL:{}", p.common.id),
                        p.severity,
                        format!(
                            "{} `{}` breaks policy `{}`: {what}",
                            p.target, item.id, p.common.id
                        ),
                    )
                    .at(item.at)
                    .entity(&item.id)
                    .note("policy declared here", p.common.at),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fideslang_semantics_over_a_hierarchy() {
        // Numbers as categories; `within` is "divides": 4 is below 2, 6 below 2 and 3.
        let within = |a: u32, b: u32| a.is_multiple_of(b);
        assert!(set_match(SetOp::Any, &[4], &[2], within));
        assert!(!set_match(SetOp::Any, &[5], &[2], within));
        assert!(set_match(SetOp::All, &[4, 9], &[2, 3], within));
        assert!(!set_match(SetOp::All, &[4], &[2, 3], within));
        assert!(set_match(SetOp::None, &[5, 7], &[2], within));
        assert!(!set_match(SetOp::None, &[5, 8], &[2], within));
        assert!(set_match(SetOp::Only, &[4, 8], &[2], within));
        assert!(!set_match(SetOp::Only, &[4, 5], &[2], within));
        assert!(!set_match(SetOp::Only, &[], &[2], within));
    }
}
