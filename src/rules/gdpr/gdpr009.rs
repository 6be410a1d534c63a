//! GDPR009 DPIA required and `dpia.status` is not `done` or `in-progress`
//! (Art. 35, CNIL list, EDPB criteria).

use crate::diag::Diagnostic;
use crate::graph::dpia_reasons;
use crate::model::DpiaStatus;
use crate::rules::Cx;

rule!(
    Gdpr009,
    "GDPR009",
    "dpia-required",
    "GDPR",
    Error,
    "a DPIA is required (CNIL list or two EDPB criteria) and is not done or in progress"
);

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
