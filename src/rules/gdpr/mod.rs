//! GDPR: the register of processing activities (Art. 30, CNIL template) and
//! what it implies (transfers, processors, DPIA).

mod gdpr001;
mod gdpr002;
mod gdpr003;
mod gdpr004;
mod gdpr005;
mod gdpr006;
mod gdpr007;
mod gdpr008;
mod gdpr009;
mod gdpr010;
mod gdpr011;
mod gdpr012;
mod gdpr013;

pub use gdpr001::Gdpr001;
pub use gdpr002::Gdpr002;
pub use gdpr003::Gdpr003;
pub use gdpr004::Gdpr004;
pub use gdpr005::Gdpr005;
pub use gdpr006::Gdpr006;
pub use gdpr007::Gdpr007;
pub use gdpr008::Gdpr008;
pub use gdpr009::Gdpr009;
pub use gdpr010::Gdpr010;
pub use gdpr011::Gdpr011;
pub use gdpr012::Gdpr012;
pub use gdpr013::Gdpr013;

use crate::diag::Diagnostic;
use crate::model::{Processing, ProcessingIx};
use crate::rules::{Cx, RuleInfo};

/// A finding for every processing `missing` selects.
fn per_processing(
    cx: &Cx,
    info: &RuleInfo,
    missing: impl Fn(ProcessingIx, &Processing) -> Option<String>,
) -> Vec<Diagnostic> {
    cx.inv
        .processings
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            missing(ProcessingIx(i as u32), p).map(|m| cx.finding(info, &p.common, None, m))
        })
        .collect()
}
