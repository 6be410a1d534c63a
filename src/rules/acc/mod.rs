//! ACC: access rights, as an access review would check them.

mod acc001;
mod acc002;
mod acc003;
mod acc004;
mod acc005;
mod acc006;
mod acc007;
mod acc008;

pub use acc001::Acc001;
pub use acc002::Acc002;
pub use acc003::Acc003;
pub use acc004::Acc004;
pub use acc005::Acc005;
pub use acc006::Acc006;
pub use acc007::Acc007;
pub use acc008::Acc008;

use crate::model::GrantIx;
use crate::rules::Cx;

/// The special categories a grant reaches, over every application it applies to.
fn special_reached(cx: &Cx, g: GrantIx) -> Vec<String> {
    let mut out: Vec<String> = cx
        .graph
        .grant_apps(g)
        .into_iter()
        .flat_map(|a| cx.graph.grant_data(g, a))
        .filter(|d| cx.inv[*d].special.is_some())
        .map(|d| cx.inv[d].common.id.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}
