//! SEC016 an application's backups cannot meet its recovery targets: the
//! backup `frequency` is longer than its `rpo`, or its measured
//! `restore_time` longer than its `rto`.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec016,
    "SEC016",
    "backup-objectives",
    "SEC",
    Error,
    "backup frequency longer than the RPO, or restore time longer than the RTO"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::apps(cx)
        .filter_map(|(_, app)| {
            let problems = crate::continuity::backup_problems(
                crate::export::lang::Words(crate::model::Language::En),
                app,
            );
            (!problems.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &app.common,
                    None,
                    format!("application `{}`: {}", app.common.id, problems.join(", ")),
                )
            })
        })
        .collect()
}
