//! GDPR009 DPIA required and `dpia.status` is not `done` or `in-progress`
//! (Art. 35, CNIL list, EDPB criteria).

use crate::diag::Diagnostic;
use crate::model::{DpiaStatus, Inventory, ProcessingIx, Special};
use crate::rules::Cx;

rule!(
    Gdpr009,
    "GDPR009",
    "dpia-required",
    "GDPR",
    Error,
    "a DPIA is required (CNIL list or two EDPB criteria) and is not done or in progress"
);

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

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    super::per_processing(cx, &INFO, |ix, p| {
        let status = p.dpia.as_ref().and_then(|d| d.status);
        if matches!(status, Some(DpiaStatus::Done | DpiaStatus::InProgress)) {
            return None;
        }
        let reasons = dpia_reasons(inv, ix);
        (!reasons.is_empty()).then(|| {
            let codes: Vec<String> = reasons.iter().map(|(c, t)| format!("{c}: {t}")).collect();
            format!(
                "processing `{}` requires a DPIA ({}), and its status is {}",
                p.common.id,
                codes.join("; "),
                status.map_or("not given".to_string(), |s| format!("`{s}`"))
            )
        })
    })
}
